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
import type { Kysely } from "kysely";
import { createOwnedDatabase, createSupabaseStyleDatabase } from "./postgres-cluster";
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

/** The cluster's connection strings, from the template the global setup provides. */
const clusterUrl =
  (template: string) =>
  (database: string, role = "postgres"): string =>
    template.replace("{database}", database).replace(/^postgresql:\/\/postgres@/, `postgresql://${role}@`);

/** A fresh database on the cluster owned by the app's owner role; its connection string, as that role. */
async function createClusterDatabase(template: string): Promise<string> {
  return createOwnedDatabase({ url: clusterUrl(template) }, `tx_${process.pid}_${randomBytes(4).toString("hex")}`);
}

/** Opens the database `engineOptions` names with the shim (not on Supabase) and every migration applied (and the seed if asked). */
export function openMigrated(engineOptions: EngineOptions, options: OpenOptions & { flavor?: DatabaseFlavor } = {}): Promise<Kysely<Database>> {
  return createDatabase({ engine: engineOptions, mode: options.mode ?? "local", seed: options.seed ?? false, flavor: options.flavor ?? "postgres" });
}

function engine(name: EngineName): DbEngine {
  const flavor: DatabaseFlavor = name === "supabase" ? "supabase" : "postgres";
  const freshEngineOptions = async (): Promise<EngineOptions> => {
    if (name === "pglite") return { kind: "pglite" };
    const template = inject("dbPostgresUrlTemplate");
    if (!template) throw new Error("the PostgreSQL cluster is not running");
    const url =
      name === "supabase"
        ? await createSupabaseStyleDatabase({ url: clusterUrl(template) }, `tx_${process.pid}_${randomBytes(4).toString("hex")}`, SHIM_STATEMENTS)
        : await createClusterDatabase(template);
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
