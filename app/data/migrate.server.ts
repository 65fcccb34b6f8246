/**
 * Schema bootstrap: the Supabase shim, the migrations in supabase/migrations and the seed.
 *
 * The SQL files are bundled by Vite (`import.meta.glob` / `?raw`), so this module must be
 * loaded through Vite: the Remix server build, the Vite dev server or vitest.
 *
 * Migrations are applied in file-name order, each in its own transaction, and recorded in
 * supabase_migrations.schema_migrations (version, name, statements), the Supabase CLI's own
 * table, so `supabase db push` and this runner agree about what is applied. An advisory
 * lock serialises runners that start at the same time (several app instances).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema";
import shimSql from "./supabase-shim.sql?raw";
import { splitSqlStatements } from "./sql-script";

export interface Migration {
  /** Digits before the first underscore (the CLI's "version"), e.g. "0003". */
  version: string;
  /** The rest of the file name without ".sql", e.g. "profiles_and_account_keys". */
  name: string;
  fileName: string;
  statements: string[];
}

/** APP_MODE: "production" refuses demo data; "local" (the default) is every other run. */
export type AppMode = "local" | "production";

export class SeedRefusedError extends Error {
  override name = "SeedRefusedError";
}

const MIGRATION_FILE = /^([0-9]+)_(.+)\.sql$/;
/** pg_advisory_xact_lock key shared by the shim, the migrations and the seed. */
const BOOTSTRAP_LOCK = 7_245_361_001;

const migrationSources = import.meta.glob<string>("/supabase/migrations/*.sql", {
  query: "?raw",
  import: "default",
  eager: true,
});
const seedSources = import.meta.glob<string>("/supabase/seed.sql", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** Parses migration files (path → SQL) into ordered migrations; throws on a bad or duplicate name. */
export function parseMigrations(sources: Record<string, string>): Migration[] {
  const migrations = Object.entries(sources).map(([path, text]) => {
    const fileName = path.slice(path.lastIndexOf("/") + 1);
    const match = MIGRATION_FILE.exec(fileName);
    if (!match?.[1] || !match[2]) throw new Error(`migration file name must be NNNN_what_it_does.sql: ${fileName}`);
    return { version: match[1], name: match[2], fileName, statements: splitSqlStatements(text) };
  });
  migrations.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.version)) throw new Error(`two migrations share version ${m.version}`);
    seen.add(m.version);
  }
  return migrations;
}

/** The migrations bundled from supabase/migrations, in order. */
export const MIGRATIONS: readonly Migration[] = parseMigrations(migrationSources);

/** The statements of supabase/seed.sql. */
export const SEED_STATEMENTS: readonly string[] = splitSqlStatements(Object.values(seedSources)[0] ?? "");

/** The statements of the Supabase shim (app/data/supabase-shim.sql). */
export const SHIM_STATEMENTS: readonly string[] = splitSqlStatements(shimSql);

async function lock(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(BOOTSTRAP_LOCK)})`.execute(trx);
}

async function runStatements(trx: Transaction<Database>, statements: readonly string[], label: string): Promise<void> {
  for (const [index, statement] of statements.entries()) {
    try {
      await sql.raw(statement).execute(trx);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const head = statement.replace(/\s+/g, " ").slice(0, 80);
      throw new Error(`${label}, statement ${index + 1} (${head}…): ${message}`, { cause: error });
    }
  }
}

/** Creates what Supabase provides itself (roles, schema auth, auth.users, auth.uid() …). Idempotent. */
export async function applySupabaseShim(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lock(trx);
    await runStatements(trx, SHIM_STATEMENTS, "supabase shim");
  });
}

/**
 * Applies pending migrations in order, each in its own transaction, and returns the
 * versions it applied. Throws if a recorded version carries a different name than the
 * file (two branches picked the same number).
 */
export async function runMigrations(
  db: Kysely<Database>,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  await db.transaction().execute(async (trx) => {
    await lock(trx);
    await sql`create schema if not exists supabase_migrations`.execute(trx);
    await sql`create table if not exists supabase_migrations.schema_migrations (version text not null primary key)`.execute(trx);
    await sql`alter table supabase_migrations.schema_migrations add column if not exists statements text[]`.execute(trx);
    await sql`alter table supabase_migrations.schema_migrations add column if not exists name text`.execute(trx);
  });

  const recorded = new Map(
    (await db.selectFrom("supabase_migrations.schema_migrations").select(["version", "name"]).execute()).map(
      (row) => [row.version, row.name] as const,
    ),
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    if (recorded.has(migration.version)) {
      checkSameName(migration, recorded.get(migration.version) ?? null);
      continue;
    }
    const didApply = await db.transaction().execute(async (trx) => {
      await lock(trx);
      const row = await trx
        .selectFrom("supabase_migrations.schema_migrations")
        .select("name")
        .where("version", "=", migration.version)
        .executeTakeFirst();
      if (row) {
        checkSameName(migration, row.name);
        return false;
      }
      await runStatements(trx, migration.statements, `migration ${migration.fileName}`);
      await trx
        .insertInto("supabase_migrations.schema_migrations")
        .values({ version: migration.version, name: migration.name, statements: migration.statements.slice() })
        .execute();
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return applied;
}

function checkSameName(migration: Migration, recordedName: string | null): void {
  if (recordedName !== null && recordedName !== migration.name) {
    throw new Error(
      `migration version ${migration.version} is recorded as "${recordedName}" but the file is ${migration.fileName}`,
    );
  }
}

/**
 * Applies supabase/seed.sql once (recorded as private.settings 'seeded_at'). Refuses in
 * production twice over: in code when `mode` is production, and when the database itself
 * says `app.mode = 'production'` (e.g. `alter database … set app.mode = 'production'`).
 * Sets `app.mode` for the transaction so that seed.sql's own guard sees it.
 */
export async function applySeed(
  db: Kysely<Database>,
  mode: AppMode,
  statements: readonly string[] = SEED_STATEMENTS,
): Promise<"applied" | "already-applied"> {
  if (mode === "production") throw new SeedRefusedError("seed refused: APP_MODE is production");
  return db.transaction().execute(async (trx) => {
    await lock(trx);
    const setting = await sql<{ mode: string | null }>`select current_setting('app.mode', true) as mode`.execute(trx);
    if (setting.rows[0]?.mode === "production") {
      throw new SeedRefusedError("seed refused: the database's app.mode is production");
    }
    const seeded = await trx.selectFrom("private.settings").select("value").where("key", "=", "seeded_at").executeTakeFirst();
    if (seeded) return "already-applied";
    await sql`select set_config('app.mode', ${mode}, true)`.execute(trx);
    await runStatements(trx, statements, "seed.sql");
    await trx.insertInto("private.settings").values({ key: "seeded_at", value: new Date().toISOString() }).execute();
    return "applied";
  });
}
