/**
 * The engines every db test runs on: PGlite, and the throwaway PostgreSQL cluster started by
 * db-global-setup.ts when its binaries exist (TEST_DB_ENGINES narrows the list). A suite
 * that runs on each of them with its own database: describeOnEveryEngine in db-suite.ts.
 * Use the engines directly only for something else (e.g. one test on the last engine).
 *
 * "supabase" is a third, for the suites that ask for it (the RLS suites): a database on the
 * same cluster set up as a Supabase project is (supabase-style-database.sql: Supabase's roles,
 * its auth schema owned by supabase_auth_admin), opened as DATABASE_FLAVOR=supabase opens one,
 * without the shim.
 *
 * PGlite opens in memory (a few seconds each): open one per suite and share it. On the
 * cluster every open() creates a fresh database.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import type { Kysely } from "kysely";
import { createOwnedDatabase } from "./postgres-cluster";
import { inject } from "vitest";
import { connectDatabase, createDatabase, type DatabaseFlavor, type EngineOptions } from "~/data/db.server";
import { SHIM_STATEMENTS, type AppMode } from "~/data/migrate.server";
import type { Database } from "~/data/schema";

export type EngineName = "pglite" | "postgresql" | "supabase";

export interface OpenOptions {
  /** Default "local". */
  mode?: AppMode;
  /** Apply supabase/seed.sql. Default false: tests make their own data (db-personas.ts). */
  seed?: boolean;
}

export interface DbEngine {
  name: EngineName;
  /** "supabase": Supabase provides the auth schema; the shim is never applied. */
  flavor: DatabaseFlavor;
  /** A fresh, empty database (no shim, no migrations). */
  connect(): Promise<Kysely<Database>>;
  /** A fresh database with the shim and every migration applied (and the seed if asked). */
  open(options?: OpenOptions): Promise<Kysely<Database>>;
  /** Engine options for a fresh database, for tests that call createDatabase themselves. */
  freshEngineOptions(): Promise<EngineOptions>;
}

/** A fresh database on the cluster owned by the app's owner role (or `owner`); its connection string, as that role. */
async function createClusterDatabase(template: string, owner?: string): Promise<string> {
  const name = `tx_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = (database: string, role = "postgres") => template.replace("{database}", database).replace(/^postgresql:\/\/postgres@/, `postgresql://${role}@`);
  return createOwnedDatabase({ url }, name, owner);
}

/** Opens the database `engineOptions` names with the shim (not on Supabase) and every migration applied (and the seed if asked). */
export function openMigrated(engineOptions: EngineOptions, options: OpenOptions & { flavor?: DatabaseFlavor } = {}): Promise<Kysely<Database>> {
  return createDatabase({ engine: engineOptions, mode: options.mode ?? "local", seed: options.seed ?? false, flavor: options.flavor ?? "postgres" });
}

const SUPABASE_STYLE = readFileSync(new URL("./supabase-style-database.sql", import.meta.url), "utf8");
/** Plays Supabase's `postgres` role: owns the project's database, not a superuser, bypasses RLS. */
const SUPABASE_OWNER_ROLE = "supabase_postgres";

/** Runs SQL as the cluster's superuser on the database a connection string names. */
async function asClusterSuperuser(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(/^postgresql:\/\/[^@]+@/, "postgresql://postgres@") });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh database set up as a Supabase project has it, owned by Supabase's `postgres` role. */
async function createSupabaseStyleDatabase(template: string): Promise<string> {
  // Roles are cluster-wide and test files run at once: a duplicate is fine.
  await asClusterSuperuser(
    template.replace("{database}", "postgres"),
    `do $$ begin
       create role ${SUPABASE_OWNER_ROLE} login nosuperuser createdb createrole noreplication bypassrls;
     exception when duplicate_object or unique_violation then null;
     end $$;
     grant anon, authenticated, service_role to ${SUPABASE_OWNER_ROLE};`,
  );
  const url = await createClusterDatabase(template, SUPABASE_OWNER_ROLE);
  await asClusterSuperuser(url, SUPABASE_STYLE);
  const authFunctions = SHIM_STATEMENTS.filter((statement) => /^create or replace function auth\./m.test(statement));
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

function engine(name: EngineName): DbEngine {
  const flavor: DatabaseFlavor = name === "supabase" ? "supabase" : "postgres";
  const freshEngineOptions = async (): Promise<EngineOptions> => {
    if (name === "pglite") return { kind: "pglite" };
    const template = inject("dbPostgresUrlTemplate");
    if (!template) throw new Error("the PostgreSQL cluster is not running");
    const url = name === "supabase" ? await createSupabaseStyleDatabase(template) : await createClusterDatabase(template);
    return { kind: "postgres", url, maxConnections: 4 };
  };
  return {
    name,
    flavor,
    freshEngineOptions,
    connect: async () => connectDatabase(await freshEngineOptions()),
    open: async (options = {}) => openMigrated(await freshEngineOptions(), { ...options, flavor }),
  };
}

/** The engines this run covers (decided once by the global setup); with `supabase`, also a Supabase-style database when the cluster runs. */
export function dbEngines({ supabase = false }: { supabase?: boolean } = {}): DbEngine[] {
  const names: EngineName[] = inject("dbEngines");
  return (supabase && names.includes("postgresql") ? [...names, "supabase" as const] : names).map(engine);
}
