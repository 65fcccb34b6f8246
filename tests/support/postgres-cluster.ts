/**
 * A throwaway PostgreSQL cluster for the db tests, built from the server binaries a
 * Debian-style install leaves in /usr/lib/postgresql/<major>/bin. Started once per test
 * run by the db globalSetup: initdb (as the `postgres` OS user when we are root, because
 * postgres refuses to run as root), a free port, the Unix socket in its own /tmp folder,
 * fsync off. Each test file then creates its own database in it.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import type { EngineOptions } from "~/data/db.server";

const run = promisify(execFile);

export interface PostgresCluster {
  /** Server version, e.g. "15.18". */
  version: string;
  /** Connection string for a database in the cluster, as the superuser `postgres` unless another role is named. */
  url(database: string, role?: string): string;
  /** The server's log (the benches read auto_explain's plans from it). */
  logFile: string;
  /** The postmaster's process id (the benches add up its processes' CPU time); undefined once stopped. */
  pid(): number | undefined;
  stop(): Promise<void>;
}

/**
 * The role the app connects as on the cluster, as in production (README): it owns its
 * databases and so every table it creates (the privileged path), may `set role` to the API
 * roles, and is not a superuser, so that SQL run on its connection cannot become one
 * (`set role postgres` is refused).
 */
export const APP_OWNER_ROLE = "tongxing_owner";

/**
 * Run once per cluster as the superuser: the API roles (the shim's own statements) and the
 * owner role, a member of the API roles. Then databases are made with createOwnedDatabase.
 */
export async function prepareCluster(superuserUrl: string, shimStatements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    for (const statement of shimStatements) await client.query(statement);
    await client.query(`create role ${APP_OWNER_ROLE} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls`);
    await client.query(`grant anon, authenticated, service_role to ${APP_OWNER_ROLE}`);
  } finally {
    await client.end();
  }
}

/** The same database as `engine`, as the superuser `postgres` (for what only an operator may do). */
export function asSuperuser(engine: EngineOptions): string {
  if (engine.kind !== "postgres") throw new Error("asSuperuser: not a PostgreSQL database");
  return engine.url.replace(/^postgresql:\/\/[^@]+@/, "postgresql://postgres@");
}

/** Creates database `name` owned by the owner role, or `owner` (as the superuser); returns the owner's connection string. */
export async function createOwnedDatabase(cluster: Pick<PostgresCluster, "url">, name: string, owner = APP_OWNER_ROLE): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url("postgres") });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" owner ${owner} template template0 encoding 'UTF8'`);
  } finally {
    await admin.end();
  }
  return cluster.url(name, owner);
}

/** Plays Supabase's `postgres` role: owns a Supabase-style database, not a superuser, bypasses RLS (as Supabase's does). */
export const SUPABASE_OWNER_ROLE = "supabase_postgres";

/** Runs SQL as the superuser on the database a connection string names. */
async function asClusterSuperuser(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(/^postgresql:\/\/[^@]+@/, "postgresql://postgres@") });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Database `name` set up as a Supabase project has it before the portal's migrations
 * (supabase-style-database.sql: Supabase's roles, its auth schema owned by
 * supabase_auth_admin, with the shim's definitions of auth.uid(), auth.role() and auth.jwt(),
 * the same as Supabase's: pass the shim's statements), owned by SUPABASE_OWNER_ROLE; its
 * connection string, as that role. The cluster's API roles must exist (prepareCluster).
 */
export async function createSupabaseStyleDatabase(cluster: Pick<PostgresCluster, "url">, name: string, shimStatements: readonly string[]): Promise<string> {
  // Roles are cluster-wide and test files run at once: a duplicate is fine.
  await asClusterSuperuser(
    cluster.url("postgres"),
    `do $$ begin
       create role ${SUPABASE_OWNER_ROLE} login nosuperuser createdb createrole noreplication bypassrls;
     exception when duplicate_object or unique_violation then null;
     end $$;
     grant anon, authenticated, service_role to ${SUPABASE_OWNER_ROLE};`,
  );
  const url = await createOwnedDatabase(cluster, name, SUPABASE_OWNER_ROLE);
  await asClusterSuperuser(url, readFileSync(new URL("./supabase-style-database.sql", import.meta.url), "utf8"));
  const authFunctions = shimStatements.filter((statement) => /^create or replace function auth\./m.test(statement));
  await asClusterSuperuser(
    url,
    [
      "set role supabase_auth_admin",
      ...authFunctions,
      "reset role",
      `grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role, ${SUPABASE_OWNER_ROLE}`,
    ].join(";\n"),
  );
  return url;
}

/** The bin folder of the newest PostgreSQL server installed under /usr/lib/postgresql, if any. */
export function findPostgresBinDir(root = "/usr/lib/postgresql"): string | undefined {
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => b - a);
  for (const major of majors) {
    const bin = path.join(root, String(major), "bin");
    if (["initdb", "pg_ctl", "postgres"].every((tool) => existsSync(path.join(bin, tool)))) return bin;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a server tool, as the postgres OS user when we are root. */
async function tool(bin: string, name: string, args: string[]): Promise<string> {
  const command = path.join(bin, name);
  const [file, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  try {
    const { stdout } = await run(file, argv, { timeout: 120_000 });
    return stdout;
  } catch (error) {
    const detail = error instanceof Error && "stderr" in error ? String((error as { stderr: unknown }).stderr) : "";
    throw new Error(`${name} failed: ${detail || String(error)}`, { cause: error });
  }
}

/** Starts a throwaway cluster; `settings` are extra `-c name=value` server settings (a benchmark's statistics, say). */
export async function startPostgresCluster(bin: string, settings: readonly string[] = []): Promise<PostgresCluster> {
  // The folder must belong to the user the server runs as.
  const dir = isRoot()
    ? (await run("runuser", ["-u", "postgres", "--", "mktemp", "-d", "/tmp/tongxing-pg-XXXXXX"])).stdout.trim()
    : mkdtempSync(path.join(tmpdir(), "tongxing-pg-"));
  const data = path.join(dir, "data");
  const port = await freePort();
  try {
    await tool(bin, "initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
    const options = [
      `-c port=${port}`,
      "-c listen_addresses=''",
      `-c unix_socket_directories=${dir}`,
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      "-c max_connections=200",
      ...settings.map((setting) => `-c ${setting}`),
    ].join(" ");
    await tool(bin, "pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const versionLine = await tool(bin, "postgres", ["--version"]);
  const version = /(\d+(?:\.\d+)?)/.exec(versionLine)?.[1] ?? versionLine.trim();

  let stopped = false;
  return {
    version,
    logFile: path.join(dir, "server.log"),
    pid: () => {
      try {
        return Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
      } catch {
        return undefined;
      }
    },
    url: (database, role = "postgres") => `postgresql://${role}@/${encodeURIComponent(database)}?host=${encodeURIComponent(dir)}&port=${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await tool(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
