/**
 * Global setup of the "db" test project: decides which engines the db tests run on,
 * starts one throwaway PostgreSQL cluster when the server binaries exist (required when
 * CI=true), hands its address to the test files (provide/inject) and prints one line
 * naming the engines. TEST_DB_ENGINES=pglite (or postgresql) narrows the list locally.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { SHIM_STATEMENTS } from "../../app/data/migrate.server";
import { findPostgresBinDir, prepareCluster, startPostgresCluster, type PostgresCluster } from "./postgres-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    /** Engines the db tests run on, in order. */
    dbEngines: ("pglite" | "postgresql")[];
    /** Connection string of the throwaway cluster (as the superuser) with "{database}" in place of the database name. */
    dbPostgresUrlTemplate: string | null;
  }
}

function pglitePackageVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  let dir = path.dirname(entry);
  while (dir !== path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "@electric-sql/pglite") return pkg.version ?? "?";
    } catch {
      // not the package root yet
    }
    dir = path.dirname(dir);
  }
  return "?";
}

async function pgliteServerVersion(): Promise<string> {
  const probe = await PGlite.create();
  try {
    const result = await probe.query<{ server_version: string }>("show server_version");
    return result.rows[0]?.server_version ?? "?";
  } finally {
    await probe.close();
  }
}

export default async function setup(project: TestProject) {
  const wanted = (process.env.TEST_DB_ENGINES ?? "pglite,postgresql").split(",").map((s) => s.trim());
  const ci = process.env.CI === "true";
  const bin = wanted.includes("postgresql") ? findPostgresBinDir() : undefined;
  if (ci && wanted.includes("postgresql") && !bin) {
    throw new Error(
      "CI=true but no PostgreSQL server binaries were found under /usr/lib/postgresql/*/bin: " +
        "install postgresql (Debian: apt-get install postgresql) so the db tests run on both engines",
    );
  }

  const [cluster, pgliteVersion] = await Promise.all([
    bin ? startPostgresCluster(bin) : Promise.resolve<PostgresCluster | undefined>(undefined),
    wanted.includes("pglite") ? pgliteServerVersion() : Promise.resolve(undefined),
  ]);
  try {
    // The API roles and the owner role once, so that test files creating databases in
    // parallel never race for them.
    if (cluster) await prepareCluster(cluster.url("postgres"), SHIM_STATEMENTS);
  } catch (error) {
    await cluster?.stop();
    throw error;
  }

  const engines: ("pglite" | "postgresql")[] = [];
  const described: string[] = [];
  if (pgliteVersion !== undefined) {
    engines.push("pglite");
    described.push(`pglite ${pglitePackageVersion()} (PostgreSQL ${pgliteVersion})`);
  }
  if (cluster) {
    engines.push("postgresql");
    described.push(`postgresql ${cluster.version}`);
  } else if (wanted.includes("postgresql")) {
    described.push("postgresql skipped (no server binaries under /usr/lib/postgresql)");
  }
  if (engines.length === 0) throw new Error(`TEST_DB_ENGINES named no engine that can run: ${wanted.join(",")}`);
  console.log(`db engines: ${described.join(", ")}`);

  project.provide("dbEngines", engines);
  project.provide("dbPostgresUrlTemplate", cluster ? cluster.url("{database}").replace(encodeURIComponent("{database}"), "{database}") : null);

  return async () => {
    await cluster?.stop();
  };
}
