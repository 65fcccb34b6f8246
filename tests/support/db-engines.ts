/**
 * The engines every db test runs on: PGlite, and the throwaway PostgreSQL cluster started by
 * db-global-setup.ts when its binaries exist (TEST_DB_ENGINES narrows the list). A suite
 * that runs on each of them with its own database: describeOnEveryEngine in db-suite.ts.
 * Use the engines directly only for something else (e.g. one test on the last engine).
 *
 * PGlite opens in memory (a few seconds each): open one per suite and share it. On the
 * cluster every open() creates a fresh database.
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { createOwnedDatabase } from "./postgres-cluster";
import { inject } from "vitest";
import { connectDatabase, createDatabase, type EngineOptions } from "~/data/db.server";
import type { AppMode } from "~/data/migrate.server";
import type { Database } from "~/data/schema";

export type EngineName = "pglite" | "postgresql";

export interface OpenOptions {
  /** Default "local". */
  mode?: AppMode;
  /** Apply supabase/seed.sql. Default false: tests make their own data (db-personas.ts). */
  seed?: boolean;
}

export interface DbEngine {
  name: EngineName;
  /** A fresh, empty database (no shim, no migrations). */
  connect(): Promise<Kysely<Database>>;
  /** A fresh database with the shim and every migration applied (and the seed if asked). */
  open(options?: OpenOptions): Promise<Kysely<Database>>;
  /** Engine options for a fresh database, for tests that call createDatabase themselves. */
  freshEngineOptions(): Promise<EngineOptions>;
}

/** A fresh database on the cluster owned by the app's owner role; its connection string, as that role. */
async function createClusterDatabase(template: string): Promise<string> {
  const name = `tx_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = (database: string, role = "postgres") => template.replace("{database}", database).replace(/^postgresql:\/\/postgres@/, `postgresql://${role}@`);
  return createOwnedDatabase({ url }, name);
}

/** Opens the database `engineOptions` names with the shim and every migration applied (and the seed if asked). */
export function openMigrated(engineOptions: EngineOptions, options: OpenOptions = {}): Promise<Kysely<Database>> {
  return createDatabase({ engine: engineOptions, mode: options.mode ?? "local", seed: options.seed ?? false });
}

function engine(name: EngineName): DbEngine {
  const freshEngineOptions = async (): Promise<EngineOptions> => {
    if (name === "pglite") return { kind: "pglite" };
    const template = inject("dbPostgresUrlTemplate");
    if (!template) throw new Error("the PostgreSQL cluster is not running");
    return { kind: "postgres", url: await createClusterDatabase(template), maxConnections: 4 };
  };
  return {
    name,
    freshEngineOptions,
    connect: async () => connectDatabase(await freshEngineOptions()),
    open: async (options = {}) => openMigrated(await freshEngineOptions(), options),
  };
}

/** The engines this run covers (decided once by the global setup). */
export function dbEngines(): DbEngine[] {
  return inject("dbEngines").map(engine);
}
