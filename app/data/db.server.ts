/**
 * Opens the database, picking the engine by configuration:
 *
 * - `DATABASE_URL` set → a PostgreSQL server through a pg Pool (a local server, CI's
 *   throwaway cluster, or Supabase's Postgres with `DATABASE_FLAVOR=supabase`);
 * - otherwise PGlite (Postgres in WebAssembly, in-process) persisted at `PGLITE_DIR`
 *   (default `.data/pglite` relative to the working directory; `memory://` for none).
 *
 * On open: the Supabase shim (unless `DATABASE_FLAVOR=supabase`), pending migrations, then
 * the seed unless `APP_MODE=production`. Routes never use the returned handle directly;
 * they go through asMember / asAnon / asSystem (rls.server.ts).
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import type { Database } from "./schema";
import { applySeed, applySupabaseShim, runMigrations, type AppMode } from "./migrate.server";

export type { AppMode } from "./migrate.server";

/** "postgres": any PostgreSQL (the shim supplies Supabase's roles and auth schema); "supabase": Supabase's own database. */
export type DatabaseFlavor = "postgres" | "supabase";

export type EngineOptions =
  /** `dataDir` undefined or "memory://…" keeps the database in memory (tests). */
  | { kind: "pglite"; dataDir?: string }
  | { kind: "postgres"; url: string; maxConnections?: number };

export interface DatabaseOptions {
  engine: EngineOptions;
  mode: AppMode;
  /** Default "postgres". */
  flavor?: DatabaseFlavor;
  /** Apply supabase/seed.sql (once). Default: true unless mode is production; true in production throws. */
  seed?: boolean;
}

const INT8_OID = 20;
const DATE_OID = 1082;
const asText = (value: string) => value;

/** Opens a database, brings its schema up to date and seeds it as the options say. */
export async function createDatabase(options: DatabaseOptions): Promise<Kysely<Database>> {
  const flavor = options.flavor ?? "postgres";
  const seed = options.seed ?? options.mode !== "production";
  if (flavor === "supabase" && options.engine.kind !== "postgres") {
    throw new Error("DATABASE_FLAVOR=supabase needs DATABASE_URL");
  }
  const db = await connectDatabase(options.engine);
  try {
    if (flavor !== "supabase") await applySupabaseShim(db);
    await runMigrations(db);
    if (seed) await applySeed(db, options.mode);
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** Opens the engine only: no shim, migrations or seed (tests and tools; the app uses createDatabase). */
export async function connectDatabase(engine: EngineOptions): Promise<Kysely<Database>> {
  if (engine.kind === "postgres") {
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({
      connectionString: engine.url,
      max: engine.maxConnections ?? 10,
      // Same value types as PGlite below: int8 and date stay strings.
      types: {
        getTypeParser: ((oid: number, format?: "text" | "binary") =>
          oid === INT8_OID || oid === DATE_OID ? asText : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }

  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("kysely-pglite-dialect"),
  ]);
  const dataDir = engine.dataDir;
  if (dataDir !== undefined && !dataDir.startsWith("memory://")) {
    // PGlite creates the data directory but not its parents.
    mkdirSync(dirname(resolve(dataDir)), { recursive: true });
  }
  const pglite = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir: dataDir.startsWith("memory://") ? dataDir : resolve(dataDir) }),
    parsers: { [INT8_OID]: asText, [DATE_OID]: asText },
  });
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
}

/** Reads DATABASE_URL, DATABASE_FLAVOR, PGLITE_DIR and APP_MODE ("local" by default, or "production"). */
export function databaseOptionsFromEnv(env: Record<string, string | undefined> = process.env): DatabaseOptions {
  const mode = parseMode(env.APP_MODE);
  const flavor = env.DATABASE_FLAVOR ?? "postgres";
  if (flavor !== "postgres" && flavor !== "supabase") {
    throw new Error(`DATABASE_FLAVOR must be "postgres" or "supabase", not "${flavor}"`);
  }
  const url = env.DATABASE_URL?.trim();
  const engine: EngineOptions = url
    ? { kind: "postgres", url }
    : { kind: "pglite", dataDir: env.PGLITE_DIR?.trim() || ".data/pglite" };
  return { engine, mode, flavor };
}

function parseMode(appMode: string | undefined): AppMode {
  const value = appMode?.trim() || "local";
  if (value === "local" || value === "production") return value;
  throw new Error(`APP_MODE must be "local" or "production", not "${value}"`);
}

const SINGLETON = Symbol.for("tongxing.database");
type SingletonHolder = { [SINGLETON]?: Promise<Kysely<Database>> };

/**
 * The process-wide database, opened on first use from the environment. Kept on globalThis
 * so that Vite's dev-server module reloads never open the same PGlite directory twice.
 */
export function getDatabase(): Promise<Kysely<Database>> {
  const holder = globalThis as SingletonHolder;
  let pending = holder[SINGLETON];
  if (!pending) {
    pending = createDatabase(databaseOptionsFromEnv());
    holder[SINGLETON] = pending;
    // A failed open is not cached: the next call tries again.
    pending.catch(() => {
      if (holder[SINGLETON] === pending) delete holder[SINGLETON];
    });
  }
  return pending;
}

/** Closes the process-wide database (on shutdown; PGlite flushes to disk). */
export async function closeDatabase(): Promise<void> {
  const holder = globalThis as SingletonHolder;
  const pending = holder[SINGLETON];
  if (!pending) return;
  delete holder[SINGLETON];
  const db = await pending.catch(() => undefined);
  await db?.destroy();
}
