/**
 * Autovacuum's work done by the app (data/embedded-maintenance.server.ts), which the embedded
 * engine needs: PGlite never starts autovacuum. On every engine: a table past autovacuum's
 * thresholds is vacuumed and analyzed, and is not due again until it changes past them; the
 * rounds (jobs/embedded-maintenance.server.ts) run on their timer and stop.
 */
import { sql, type Kysely } from "kysely";
import { beforeAll, expect, it, vi } from "vitest";
import { maintainTables } from "~/data/embedded-maintenance.server";
import type { Database } from "~/data/schema";
import { startEmbeddedMaintenance } from "~/jobs/embedded-maintenance.server";
import { describeOnEveryEngine } from "../support/db-suite";

type TableFigures = { dead: number; analyzed: boolean; vacuumed: boolean };

/** What the statistics say of a table now (read in a transaction of its own, so fresh). */
async function figuresOf(db: Kysely<Database>, table: string): Promise<TableFigures> {
  const { rows } = await sql<TableFigures>`
    select t.n_dead_tup::int as dead,
           (t.last_analyze is not null) as analyzed,
           (t.last_vacuum is not null) as vacuumed
    from pg_stat_user_tables t where t.schemaname = 'public' and t.relname = ${table}`.execute(db);
  if (!rows[0]) throw new Error(`no statistics for ${table}`);
  return rows[0];
}

/** Runs `change` on `table` and has the counts it made reported (a server's backend reports when idle, at most once a second unless told). */
async function changeAndReport(db: Kysely<Database>, change: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await change.execute(trx);
    await sql`select pg_stat_force_next_flush()`.execute(trx);
  });
}

/** A new table of `rows` rows, `deleted` of them deleted, once the statistics count them. */
async function churned(db: Kysely<Database>, table: string, rows: number, deleted: number): Promise<void> {
  await sql`create table ${sql.table(`public.${table}`)} (id integer primary key, note text)`.execute(db);
  await changeAndReport(db, sql`insert into ${sql.table(`public.${table}`)} select n, 'row ' || n from generate_series(1, ${rows}::integer) n`);
  await deleteRows(db, table, 0, deleted);
}

/** Deletes rows (from, to] of `table` and waits until the statistics count them dead. */
async function deleteRows(db: Kysely<Database>, table: string, from: number, to: number): Promise<void> {
  const before = (await figuresOf(db, table)).dead;
  await changeAndReport(db, sql`delete from ${sql.table(`public.${table}`)} where id > ${from}::integer and id <= ${to}::integer`);
  await vi.waitFor(async () => expect((await figuresOf(db, table)).dead).toBe(before + to - from), { timeout: 15_000 });
}

describeOnEveryEngine("table maintenance in autovacuum's stead", ({ db }) => {
  const busy = "maintenance_busy";
  const listed = async () => (await maintainTables(db)).filter(({ table }) => table === `public.${busy}`);

  beforeAll(async () => {
    await churned(db, busy, 4_000, 2_000);
  });

  it("vacuums and analyzes a table past autovacuum's thresholds, and leaves it alone until it changes past them again", async () => {
    expect(await figuresOf(db, busy)).toEqual({ dead: 2_000, analyzed: false, vacuumed: false });
    expect(await listed()).toEqual([{ table: `public.${busy}`, vacuumed: true, analyzed: true }]);
    expect(await figuresOf(db, busy)).toEqual({ dead: 0, analyzed: true, vacuumed: true });
    expect(await listed()).toEqual([]);

    // 2,000 rows left: due at 50 + 20% dead rows (450), 50 + 10% changed (250).
    await deleteRows(db, busy, 2_000, 2_200);
    expect(await listed()).toEqual([]);
    await deleteRows(db, busy, 2_200, 2_300);
    expect(await listed()).toEqual([{ table: `public.${busy}`, vacuumed: false, analyzed: true }]);
    // 1,700 rows now: 300 more dead rows make 600, past 50 + 20% (390).
    await deleteRows(db, busy, 2_300, 2_600);
    expect(await listed()).toEqual([{ table: `public.${busy}`, vacuumed: true, analyzed: true }]);
  });

  it("runs its rounds on a timer until stopped", async () => {
    await churned(db, "maintenance_timed", 3_000, 1_500);
    const rounds = startEmbeddedMaintenance(async () => db, 20);
    try {
      await vi.waitFor(async () => expect(await figuresOf(db, "maintenance_timed")).toEqual({ dead: 0, analyzed: true, vacuumed: true }), { timeout: 15_000 });
    } finally {
      await rounds.stop();
    }
  });
});
