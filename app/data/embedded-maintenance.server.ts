/**
 * Autovacuum's work, done by the app for the embedded engine. PGlite runs PostgreSQL as a
 * single process: `autovacuum` reads "on", but no launcher ever starts, so its tables are
 * never vacuumed (dead rows of every update and delete stay, and index-only scans stop
 * paying) nor analyzed (the planner keeps the row counts of the first analyze, or none).
 * On a PostgreSQL server autovacuum does this itself; this is for PGlite only.
 *
 * The rule is autovacuum's own (PostgreSQL's "routine vacuuming"), with the database's own
 * settings: a table is vacuumed when its dead rows, or its rows inserted since its last
 * vacuum, pass a threshold plus a share of its rows; analyzed when its rows changed since
 * its last analyze do.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "./schema";

export type MaintainedTable = { table: string; vacuumed: boolean; analyzed: boolean };

type DueRow = { schema: string; name: string; vacuum: boolean; analyze: boolean };

/**
 * Vacuums and analyzes, one table at a time, the tables autovacuum would have; says which.
 * VACUUM cannot run inside a transaction, so this takes the database itself. On PGlite each
 * statement holds the one connection while it runs: a table at a time keeps each pause short.
 */
export async function maintainTables(db: Kysely<Database>): Promise<MaintainedTable[]> {
  const { rows } = await sql<DueRow>`
    with settings as (
      select current_setting('autovacuum_vacuum_threshold')::float8 as vacuum_base,
             current_setting('autovacuum_vacuum_scale_factor')::float8 as vacuum_share,
             current_setting('autovacuum_vacuum_insert_threshold')::float8 as insert_base,
             current_setting('autovacuum_vacuum_insert_scale_factor')::float8 as insert_share,
             current_setting('autovacuum_analyze_threshold')::float8 as analyze_base,
             current_setting('autovacuum_analyze_scale_factor')::float8 as analyze_share
    )
    select t.schemaname as schema, t.relname as name,
           t.n_dead_tup > vacuum_base + vacuum_share * greatest(c.reltuples, 0)
             or (insert_base >= 0 and t.n_ins_since_vacuum > insert_base + insert_share * greatest(c.reltuples, 0)) as vacuum,
           t.n_mod_since_analyze > analyze_base + analyze_share * greatest(c.reltuples, 0) as analyze
    from pg_stat_user_tables t join pg_class c on c.oid = t.relid cross join settings
    order by t.schemaname, t.relname`.execute(db);
  const maintained: MaintainedTable[] = [];
  for (const { schema, name, vacuum, analyze } of rows) {
    if (!vacuum && !analyze) continue;
    const table = `${schema}.${name}`;
    await (vacuum ? sql`vacuum (analyze ${sql.raw(String(analyze))}) ${sql.table(table)}` : sql`analyze ${sql.table(table)}`).execute(db);
    maintained.push({ table, vacuumed: vacuum, analyzed: analyze });
  }
  return maintained;
}
