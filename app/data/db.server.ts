/**
 * Opens the database, picking the engine by configuration:
 *
 * - `DATABASE_URL` set → a PostgreSQL server through a pg Pool (a local server, CI's
 *   throwaway cluster, or Supabase's Postgres with `DATABASE_FLAVOR=supabase`);
 * - otherwise PGlite (Postgres in WebAssembly, in-process) persisted at `PGLITE_DIR`
 *   (default `.data/pglite` relative to the working directory; `memory://` for none).
 *
 * The variables and their defaults are read by the env schema (env.server.ts), not here.
 *
 * On open: the Supabase shim (unless `DATABASE_FLAVOR=supabase`), pending migrations, then
 * the seed unless `APP_MODE=production`. Routes never use the returned handle directly;
 * they go through asMember / asAnon / asSystem (rls.server.ts).
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { Kysely, PostgresDialect, sql, type DatabaseConnection, type PostgresPool, type PostgresPoolClient } from "kysely";
import type { Client as PgClient, Pool as PgPool, PoolClient as PgPoolClient } from "pg";
import { getEnv, parseEnv } from "~/env.server";
import type { Database } from "./schema";
import { applySeed, applySupabaseShim, runMigrations, type AppMode } from "./migrate.server";
import type { SystemTx } from "./rls.server";
import { StatementNames } from "./statement-names.server";

export type { AppMode } from "./migrate.server";

/** An open database, for code outside app/data that hands it to asMember / asAnon / asSystem. */
export type DatabaseHandle = Kysely<Database>;

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
    if (options.mode === "production" && options.engine.kind === "postgres") await refuseSuperuser(db);
    if (flavor !== "supabase") await applySupabaseShim(db);
    await runMigrations(db);
    if (seed) await applySeed(db, options.mode);
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * A transaction's queries asked for together (Promise.all) are handed to the connection
 * together, in the order asked, instead of each waiting for the one before (decision 024;
 * the kysely patch reads this mark). node-postgres pipelines them into one write; the PGlite
 * client runs them one after another without a trip through Kysely between them.
 */
async function markPipelined(connection: DatabaseConnection): Promise<void> {
  (connection as DatabaseConnection & { pipelined?: boolean }).pipelined = true;
}

/**
 * In production the app connects as a dedicated role that owns the tables but is not a
 * superuser (README), so that SQL run on its connection cannot `set role postgres`. PGlite
 * always runs as its bootstrap superuser (a single-user backend), which is one reason it is
 * for local use only.
 */
async function refuseSuperuser(db: Kysely<Database>): Promise<void> {
  const role = await sql<{ superuser: boolean }>`select rolsuper as superuser from pg_catalog.pg_roles where rolname = session_user`.execute(db);
  if (role.rows[0]?.superuser !== false) {
    throw new Error("APP_MODE=production refuses to connect as a superuser: DATABASE_URL must name the owner role (README)");
  }
}

/** Opens the engine only: no shim, migrations or seed (tests and tools; the app uses createDatabase). */
export async function connectDatabase(engine: EngineOptions): Promise<Kysely<Database>> {
  if (engine.kind === "postgres") {
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({
      connectionString: engine.url,
      max: engine.maxConnections ?? 10,
      // Queries asked for together go out together (namingStatements sends BEGIN with the first statement).
      pipeline: true,
      // Same value types as PGlite below: int8 and date stay strings.
      types: {
        getTypeParser: ((oid: number, format?: "text" | "binary") =>
          oid === INT8_OID || oid === DATE_OID ? asText : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    const listeners = new Set<PgClient>();
    const naming = namingStatements(pool);
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: { ...naming, end: async () => Promise.all([...listeners].map((client) => client.end().catch(() => undefined))).then(() => naming.end()) },
        onCreateConnection: markPipelined,
      }),
    });
    withSignalSource(db, async (channel, onPayload) => {
      const client = new pg.Client({ connectionString: engine.url });
      listeners.add(client);
      client.on("notification", (message) => {
        if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
      });
      await client.connect();
      await client.query(`listen ${channelName(channel)}`);
      return {
        closed: new Promise<void>((resolve) => {
          client.once("end", resolve);
          // A dropped connection ends the listening; the caller listens again.
          client.once("error", () => void client.end().catch(() => undefined));
        }),
        stop: async () => {
          listeners.delete(client);
          await client.end().catch(() => undefined);
        },
      };
    });
    return db;
  }

  const [{ PGlite }, { pglitePool }] = await Promise.all([import("@electric-sql/pglite"), import("./pglite-pool.server")]);
  const dataDir = engine.dataDir;
  const onDisk = dataDir !== undefined && !dataDir.startsWith("memory://");
  // Made private before PGlite writes anything into it; PGlite does not make parents.
  if (onDisk) mkdirSync(resolve(dataDir), { recursive: true, mode: 0o700 });
  const pglite = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir: onDisk ? resolve(dataDir) : dataDir }),
    parsers: { [INT8_OID]: asText, [DATE_OID]: asText },
  });
  // Once PGlite has made (or checked) its files: a new directory's come out 0666.
  if (onDisk) tightenModes(resolve(dataDir));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pglite), onCreateConnection: markPipelined }) });
  withSignalSource(db, async (channel, onPayload) => {
    // PGlite hands every notification its one connection receives to these callbacks, also
    // those of a query run through our pool (execProtocolStream); LISTEN goes through the
    // pool, so that it never lands inside another caller's transaction.
    const off = pglite.onNotification((received, payload) => {
      if (received === channel) onPayload(payload);
    });
    await sql.raw(`listen ${channelName(channel)}`).execute(db);
    let ended: () => void = () => undefined;
    return {
      closed: new Promise<void>((resolve) => (ended = resolve)),
      stop: async () => {
        off();
        ended();
      },
    };
  });
  return db;
}

/** A channel someone listens on: what the one listening connection hears, until it stops. */
export type SignalListening = { closed: Promise<void>; stop: () => Promise<void> };
type SignalSource = (channel: string, onPayload: (payload: string) => void) => Promise<SignalListening>;
const SIGNAL_SOURCE = Symbol("signal source");
type WithSignalSource = Kysely<Database> & { [SIGNAL_SOURCE]?: SignalSource };

/** Kept on the instance itself (not in a WeakMap), so that a stand-in that forwards to it (tests) finds it too. */
function withSignalSource(db: Kysely<Database>, source: SignalSource): void {
  Object.defineProperty(db, SIGNAL_SOURCE, { value: source });
}

function channelName(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new TypeError("listen: a channel is a lowercase identifier");
  return channel;
}

/**
 * Listens on a Postgres notification channel (LISTEN/NOTIFY) with one connection of its own:
 * on PostgreSQL a dedicated client outside the pool, so NOTIFY from any app instance reaches
 * it; on PGlite the one connection itself. `closed` settles when the connection is lost
 * (then listen again); `stop` ends it. Closing the database stops it too.
 */
export async function listenForSignals(db: Kysely<Database>, channel: string, onPayload: (payload: string) => void): Promise<SignalListening> {
  const source = (db as WithSignalSource)[SIGNAL_SOURCE];
  if (!source) throw new Error("listenForSignals: a database opened by connectDatabase is needed");
  return source(channel, onPayload);
}

/**
 * The embedded database's files hold every member's rows: only this process's user may reach
 * them. The data directory is made 0700 before PGlite opens it, and on every open everything
 * inside is tightened: folders 0700, files 0600 (an older, looser directory included).
 * PGlite's file system sets new files to 0666 whatever the umask, so files it makes while
 * running stay so until the next open, behind the 0700 directory no other user can enter.
 */
function tightenModes(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const entry of readdirSync(path)) tightenModes(join(path, entry));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(path, stat.mode & 0o700);
  }
}

/**
 * The pg pool, with each client running repeated queries as named prepared statements
 * (statement-names.server.ts; node-postgres parses a name once per connection). Supabase's
 * session pooler and direct connections keep them; a transaction-mode pooler would not, so
 * DATABASE_URL must not point at one (docs/decisions/009).
 *
 * Socket writes are the costly part of a query here (one system call each), so a client's
 * queries are pipelined and written together: the socket is held from a query until the
 * current run of promise callbacks ends, and everything asked for meanwhile goes out in one
 * write. A transaction's BEGIN is not waited for on its own either: it goes out with the
 * first statement, whose answer is given only once BEGIN has succeeded. A BEGIN fails in
 * practice only on a broken connection or one left in an aborted transaction, where the
 * statement behind it fails too, so nothing runs outside the transaction.
 *
 * A read-only transaction's end (COMMIT or ROLLBACK) is not waited for either: it has
 * nothing to keep or undo, so it is answered at once and goes out first with the
 * connection's next statement, or on its own at the next turn of the event loop if nobody
 * takes the connection before then. Under load the next request's first write carries it:
 * one socket write and one answer fewer per page.
 */
function namingStatements(pool: PgPool): PostgresPool {
  const names = new StatementNames();
  const named = async (client: PgPoolClient, text: string, values: unknown[]) => {
    const name = names.nameFor(text);
    try {
      return await client.query(name === undefined ? { text, values } : { name, text, values });
    } catch (error) {
      names.failed(text, error);
      throw error;
    }
  };
  /** Per connection: the end of its last read-only transaction, not sent yet. */
  const unsentEnds = new WeakMap<PgPoolClient, string>();
  const sendEnd = (client: PgPoolClient) => {
    const end = unsentEnds.get(client);
    if (end === undefined) return;
    unsentEnds.delete(client);
    // Nothing to keep: a failure here is a broken connection, which the next statement reports.
    client.query(end).catch(() => undefined);
  };
  return {
    async connect() {
      const client = await pool.connect();
      const socket = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;
      let held = false;
      const hold = () => {
        if (held) return;
        held = true;
        socket.cork();
        // After the promise callbacks now queued: the queries they ask for join this write.
        process.nextTick(() => {
          held = false;
          socket.uncork();
        });
      };
      let begun: Promise<unknown> | undefined;
      let readOnly = false;
      return {
        query(text: string, values: readonly unknown[]) {
          hold();
          if (readOnly && (text === COMMIT || text === ROLLBACK)) {
            readOnly = false;
            unsentEnds.set(client, text);
            setImmediate(() => sendEnd(client));
            return Promise.resolve({ command: text.toUpperCase(), rowCount: null, rows: [] });
          }
          sendEnd(client);
          if (text === BEGIN || text === BEGIN_READ_ONLY) {
            readOnly = text === BEGIN_READ_ONLY;
            begun = client.query(text);
            // Its failure reaches the caller with the next statement's answer.
            begun.catch(() => undefined);
            return Promise.resolve(BEGUN);
          }
          const answer = named(client, text, [...values]);
          const before = begun;
          begun = undefined;
          if (before === undefined) return answer;
          answer.catch(() => undefined);
          return before.then(() => answer);
        },
        release: () => client.release(),
      } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

/** The statements Kysely opens a transaction with (read-only: setAccessMode), and the answer they are given at once. */
const BEGIN = "begin";
const BEGIN_READ_ONLY = "start transaction read only";
const BEGUN = { command: "BEGIN", rowCount: null, rows: [] };
/** The statements Kysely ends a transaction with. */
const COMMIT = "commit";
const ROLLBACK = "rollback";

/**
 * The database options the environment asks for: DATABASE_URL, DATABASE_FLAVOR, PGLITE_DIR,
 * APP_MODE and DEMO_DATA, parsed (with their defaults) by the one env schema in env.server.ts. With no
 * argument, the process's environment (getEnv); tests pass a record of their own.
 */
export function databaseOptionsFromEnv(source?: Record<string, string | undefined>): DatabaseOptions {
  const env = source === undefined ? getEnv() : parseEnv(source);
  const engine: EngineOptions = env.DATABASE_URL
    ? { kind: "postgres", url: env.DATABASE_URL, maxConnections: env.DATABASE_POOL_SIZE ?? 2 * availableParallelism() }
    : { kind: "pglite", dataDir: env.PGLITE_DIR };
  // Fail closed: demo data by default only on the embedded database in local mode.
  const seed = env.DEMO_DATA === undefined ? engine.kind === "pglite" && env.APP_MODE === "local" : env.DEMO_DATA === "on";
  return { engine, mode: env.APP_MODE, flavor: env.DATABASE_FLAVOR, seed };
}

/**
 * Takes a transaction-scoped advisory lock if it is free, and says whether it did
 * (`pg_try_advisory_xact_lock`, two-integer form: a key space apart from the migrations'
 * single bigint key). It never waits, and ends with the transaction (commit, rollback or a
 * dropped connection). The scheduled jobs use it so that one instance runs a job at a time.
 */
export async function tryTransactionLock(trx: SystemTx, classKey: number, objectKey: number): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(${classKey}::integer, ${objectKey}::integer) as locked
  `.execute(trx);
  return rows[0]?.locked === true;
}

const SINGLETON = Symbol.for("tongxing.database");
const OPEN = Symbol.for("tongxing.database.open");
type SingletonHolder = { [SINGLETON]?: Promise<Kysely<Database>>; [OPEN]?: Kysely<Database> };

/**
 * The process-wide database, opened on first use from the environment. Kept on globalThis
 * so that Vite's dev-server module reloads never open the same PGlite directory twice.
 */
export function getDatabase(): Promise<Kysely<Database>> {
  const holder = globalThis as SingletonHolder;
  let pending = holder[SINGLETON];
  if (!pending) {
    const opening = createDatabase(databaseOptionsFromEnv());
    pending = opening;
    holder[SINGLETON] = opening;
    opening.then(
      (db) => {
        if (holder[SINGLETON] === opening) holder[OPEN] = db;
      },
      // A failed open is not cached: the next call tries again.
      () => {
        if (holder[SINGLETON] === opening) delete holder[SINGLETON];
      },
    );
  }
  return pending;
}

/**
 * Opens, migrates and (locally) seeds the process-wide database now, and names its engine.
 * The HTTP server calls it before it listens; a failure rejects (and is not cached).
 */
export async function openDatabase(): Promise<{ engine: EngineOptions["kind"] }> {
  await getDatabase();
  return { engine: databaseOptionsFromEnv().engine.kind };
}

/** Readiness: true once the process-wide database is open, migrated and seeded, until it is closed. */
export function isDatabaseOpen(): boolean {
  return (globalThis as SingletonHolder)[OPEN] !== undefined;
}

/**
 * Closes the process-wide database (on shutdown; PGlite flushes to disk). If it is still
 * opening, waits for the open to finish first, so a PGlite directory is never left half made.
 */
export async function closeDatabase(): Promise<void> {
  const holder = globalThis as SingletonHolder;
  const pending = holder[SINGLETON];
  delete holder[OPEN];
  if (!pending) return;
  delete holder[SINGLETON];
  const db = await pending.catch(() => undefined);
  await db?.destroy();
}
