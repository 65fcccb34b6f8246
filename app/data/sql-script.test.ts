import { describe, expect, it } from "vitest";
import { splitSqlStatements } from "./sql-script";

describe("splitSqlStatements", () => {
  it("splits at top-level semicolons and drops comment-only pieces", () => {
    expect(splitSqlStatements("select 1; select 2;\n-- done\n/* really */")).toEqual(["select 1", "select 2"]);
  });

  it("keeps semicolons inside strings, quoted identifiers, comments and dollar quotes", () => {
    const script = [
      "insert into t values ('a;b', 'it''s; fine', E'back\\'slash;');",
      'create table "odd;name" (x int);',
      "-- a comment; with a semicolon\nselect 1 /* block; /* nested; */ still; */;",
      "do $$ begin perform 1; end $$;",
      "create function f() returns int as $body$ select 1; $body$ language sql;",
      "select $1, a$b$c from x",
    ].join("\n");
    expect(splitSqlStatements(script)).toEqual([
      "insert into t values ('a;b', 'it''s; fine', E'back\\'slash;')",
      'create table "odd;name" (x int)',
      "-- a comment; with a semicolon\nselect 1 /* block; /* nested; */ still; */",
      "do $$ begin perform 1; end $$",
      "create function f() returns int as $body$ select 1; $body$ language sql",
      "select $1, a$b$c from x",
    ]);
  });

  it("treats a dollar-quoted '$argon2id$' inside a string as plain text", () => {
    expect(splitSqlStatements("select 'x' like '$argon2id$%'; select 2")).toEqual(["select 'x' like '$argon2id$%'", "select 2"]);
  });

  it("refuses unterminated quotes and comments", () => {
    expect(() => splitSqlStatements("select 'open")).toThrow(/unterminated/);
    expect(() => splitSqlStatements('select "open')).toThrow(/unterminated/);
    expect(() => splitSqlStatements("select $$ open")).toThrow(/unterminated/);
    expect(() => splitSqlStatements("select /* open")).toThrow(/unterminated/);
  });
});
