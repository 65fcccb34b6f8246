/**
 * Queries compiled once (decision 038), on both engines: the builder runs on the first call
 * only, every run gets its own values, row security applies as to any query, and a value
 * left out or never used is refused rather than run with a stand-in.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import { compiledQuery } from "~/data/compiled-query.server";
import { asMember, asSystem } from "~/data/rls.server";
import { describeOnEveryEngine } from "../support/db-suite";

describeOnEveryEngine("compiled queries", { personas: true }, ({ db, p }) => {
  it("builds the query once and runs it with each call's values", async () => {
    let builds = 0;
    const profileById = compiledQuery<{ id: string; handle: string }, { id: string }>((compiler, value) => {
      builds++;
      return compiler.selectFrom("profiles").select(["id", "handle"]).where("id", "=", value("id"));
    });
    const found = [];
    for (const persona of [p.memberA, p.memberB, p.memberA]) {
      found.push((await asSystem(db, "test: a profile by id", (trx) => profileById(trx, { id: persona.id }))).map((row) => row.id));
    }
    expect(found).toEqual([[p.memberA.id], [p.memberB.id], [p.memberA.id]]);
    expect(builds).toBe(1);
  });

  it("keeps the values that are not slots, and fills slots wherever they are", async () => {
    const sum = compiledQuery<{ total: number }, { a: number; b: number }>(
      (_compiler, value) => sql`select ${value("a")}::int + ${40}::int + ${value("b")}::int + ${value("a")}::int as total`,
    );
    expect((await asSystem(db, "test: arithmetic", (trx) => sum(trx, { a: 1, b: 0 })))[0]?.total).toBe(42);
    expect((await asSystem(db, "test: arithmetic", (trx) => sum(trx, { a: 2, b: 3 })))[0]?.total).toBe(47);
  });

  it("applies row security like any query run as a member", async () => {
    const everyProfile = compiledQuery<{ id: string }>((compiler) => compiler.selectFrom("profiles").select("id").orderBy("id"));
    expect((await asSystem(db, "test: every profile", (trx) => everyProfile(trx, {}))).length).toBeGreaterThan(2);
    expect((await asMember(db, p.memberA.id, (trx) => everyProfile(trx, {}))).map((row) => row.id)).toEqual([p.memberA.id]);
    expect((await asMember(db, p.memberB.id, (trx) => everyProfile(trx, {}))).map((row) => row.id)).toEqual([p.memberB.id]);
  });

  it("refuses a call without one of its values, and a value the query never uses", async () => {
    const byHandle = compiledQuery<{ id: string }, { handle: string }>((compiler, value) =>
      compiler.selectFrom("profiles").select("id").where("handle", "=", value("handle")),
    );
    await expect(asSystem(db, "test: missing value", (trx) => byHandle(trx, {} as { handle: string }))).rejects.toThrow(/no value for "handle"/);
    const unused = compiledQuery<{ one: number }, { handle: string }>((_compiler, value) => {
      value("handle");
      return sql`select 1 as one`;
    });
    await expect(asSystem(db, "test: unused value", (trx) => unused(trx, { handle: "x" }))).rejects.toThrow(/not a parameter/);
  });
});
