/**
 * The embedded engine's pool (app/data/pglite-pool.server.ts) on a real PGlite: queries asked
 * for together go into the backend as one protocol batch, and each still gets its own answer,
 * or its own failure, exactly as one after another. The transaction-level behaviour on both
 * engines is in prepared-statements.test.ts.
 */
import { PGlite } from "@electric-sql/pglite";
import type { PostgresPoolClient } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pglitePool } from "~/data/pglite-pool.server";

describe("the PGlite pool", () => {
  let pglite: PGlite;
  let client: PostgresPoolClient;

  beforeAll(async () => {
    pglite = await PGlite.create();
    client = await pglitePool(pglite).connect();
  });
  afterAll(async () => {
    client.release();
    await pglite.close();
  });

  const calls = () => vi.spyOn(pglite, "execProtocolStream");

  it("sends queries asked for together in one call, each answered with its own rows", async () => {
    const spy = calls();
    const [one, two, again] = await Promise.all([
      client.query<{ n: number }>("select $1::int as n", [1]),
      client.query<{ word: string }>("select $1::text as word", ["二"]),
      client.query<{ n: number }>("select $1::int as n", [3]),
    ]);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(one.rows).toEqual([{ n: 1 }]);
    expect(two.rows).toEqual([{ word: "二" }]);
    expect(again.rows).toEqual([{ n: 3 }]);
  });

  it("sends a query asked for while a batch runs in the next call", async () => {
    const spy = calls();
    const first = client.query<{ n: number }>("select 1 as n", []);
    // Asked for once the first batch is in PGlite: it cannot join it.
    await new Promise((resolve) => setImmediate(resolve));
    const second = client.query<{ n: number }>("select 2 as n", []);
    expect((await first).rows).toEqual([{ n: 1 }]);
    expect((await second).rows).toEqual([{ n: 2 }]);
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it("fails only the query that failed outside a transaction, and the ones after it inside one", async () => {
    const [failed, fine] = await Promise.allSettled([client.query("select 1 / 0", []), client.query<{ n: number }>("select 5 as n", [])]);
    expect(failed).toMatchObject({ status: "rejected", reason: { code: "22012" } });
    expect(fine).toMatchObject({ status: "fulfilled", value: { rows: [{ n: 5 }] } });

    const inside = await Promise.allSettled([
      client.query("begin", []),
      client.query("create temporary table probe (n int)", []),
      client.query("select 1 / 0", []),
      client.query("insert into probe values (1)", []),
    ]);
    expect(inside.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected"]);
    expect(inside[3]).toMatchObject({ reason: { code: "25P02" } });
    await client.query("rollback", []);
    await expect(client.query("select count(*) from probe", [])).rejects.toMatchObject({ code: "42P01" });
  });

  it("tells each query of a batch how many rows it changed", async () => {
    await client.query("create temporary table counted (n int)", []);
    const [inserted, updated, deleted] = await Promise.all([
      client.query("insert into counted select generate_series(1, 3)", []),
      client.query("update counted set n = n + 1 where n > 1", []),
      client.query("delete from counted", []),
    ]);
    expect([inserted, updated, deleted].map(({ command, rowCount }) => [command, rowCount])).toEqual([
      ["INSERT", 3],
      ["UPDATE", 2],
      ["DELETE", 3],
    ]);
  });
});
