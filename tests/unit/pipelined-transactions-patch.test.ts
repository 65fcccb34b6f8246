/**
 * patches/kysely (decision 024): inside a transaction, a connection marked `pipelined` is
 * handed each query as it is asked for, in the order asked, without waiting for the one
 * before; an unmarked connection still gets them one at a time, as Kysely does by default.
 */
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from "kysely";
import { describe, expect, it } from "vitest";

type Pending = { text: string; answer: () => void };

/** A connection whose queries finish only when the test says so; it notes when each arrives. */
function heldConnection(pipelined: boolean) {
  const arrived: string[] = [];
  const pending: Pending[] = [];
  const connection: DatabaseConnection & { pipelined?: boolean } = {
    ...(pipelined ? { pipelined: true } : {}),
    executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      arrived.push(query.sql);
      if (/^(begin|commit|rollback)/i.test(query.sql)) return Promise.resolve({ rows: [] });
      return new Promise((resolve) => pending.push({ text: query.sql, answer: () => resolve({ rows: [{ text: query.sql } as R] }) }));
    },
    // eslint-disable-next-line require-yield -- never streamed here
    async *streamQuery() {
      throw new Error("not used");
    },
  };
  return { connection, arrived, pending };
}

function kyselyOn(connection: DatabaseConnection) {
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async (conn) => void (await conn.executeQuery({ sql: "begin", parameters: [], query: { kind: "RawNode" } } as unknown as CompiledQuery)),
    commitTransaction: async (conn) => void (await conn.executeQuery({ sql: "commit", parameters: [], query: { kind: "RawNode" } } as unknown as CompiledQuery)),
    rollbackTransaction: async (conn) => void (await conn.executeQuery({ sql: "rollback", parameters: [], query: { kind: "RawNode" } } as unknown as CompiledQuery)),
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  return new Kysely<Record<string, never>>({
    dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => driver, createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() },
  });
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("queries of one transaction, with the kysely patch", () => {
  it("reach a pipelined connection together, in the order asked, and answer each its own", async () => {
    const held = heldConnection(true);
    const done = kyselyOn(held.connection)
      .transaction()
      .execute((trx) => Promise.all([sql`select 1`.execute(trx), sql`select 2`.execute(trx), sql`select 3`.execute(trx)]));
    await settle();
    // All three arrived before any was answered.
    expect(held.arrived).toEqual(["begin", "select 1", "select 2", "select 3"]);
    for (const query of [...held.pending].reverse()) query.answer();
    const answers = await done;
    expect(answers.map((answer) => answer.rows)).toEqual([[{ text: "select 1" }], [{ text: "select 2" }], [{ text: "select 3" }]]);
    expect(held.arrived.at(-1)).toBe("commit");
  });

  it("reach an unmarked connection one at a time, as without the patch", async () => {
    const held = heldConnection(false);
    const done = kyselyOn(held.connection)
      .transaction()
      .execute((trx) => Promise.all([sql`select 1`.execute(trx), sql`select 2`.execute(trx)]));
    await settle();
    expect(held.arrived).toEqual(["begin", "select 1"]);
    held.pending[0]?.answer();
    await settle();
    expect(held.arrived).toEqual(["begin", "select 1", "select 2"]);
    held.pending[1]?.answer();
    await done;
  });
});
