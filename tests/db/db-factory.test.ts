/**
 * How the database is chosen and opened: configuration from the environment, PGlite
 * persisted on disk (parent folders created, reopened without re-applying anything), the
 * process-wide singleton, and the refusals (seed in production, Supabase without a URL).
 */
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closeDatabase, connectDatabase, createDatabase, databaseOptionsFromEnv, getDatabase } from "~/data/db.server";
import { MIGRATIONS, SeedRefusedError, runMigrations } from "~/data/migrate.server";
import { asSystem } from "~/data/rls.server";
import { listAreas } from "~/data/roles.server";
import { dbEngines } from "../support/db-engines";

describe("configuration from the environment", () => {
  it("defaults to PGlite at .data/pglite in local mode, with demo data", () => {
    expect(databaseOptionsFromEnv({})).toEqual({ engine: { kind: "pglite", dataDir: ".data/pglite" }, mode: "local", flavor: "postgres", seed: true });
  });

  it("uses DATABASE_URL when set (an empty one means unset), and PGLITE_DIR otherwise", () => {
    const supabase = { SUPABASE_URL: "https://abcdefgh.supabase.co", SUPABASE_ANON_KEY: "anon-key-of-the-project", SUPABASE_SERVICE_ROLE_KEY: "service-key-of-the-project" };
    expect(databaseOptionsFromEnv({ DATABASE_URL: "postgres://u@h/db", DATABASE_FLAVOR: "supabase", APP_MODE: "production", ...supabase })).toEqual({
      engine: { kind: "postgres", url: "postgres://u@h/db", maxConnections: 2 * availableParallelism() },
      mode: "production",
      flavor: "supabase",
      seed: false,
    });
    expect(databaseOptionsFromEnv({ DATABASE_URL: "", PGLITE_DIR: "/var/lib/tongxing" }).engine).toEqual({ kind: "pglite", dataDir: "/var/lib/tongxing" });
  });

  it("sizes the PostgreSQL pool by the machine's cores unless DATABASE_POOL_SIZE says", () => {
    const url = "postgres://u@h/db";
    expect(databaseOptionsFromEnv({ DATABASE_URL: url, DATABASE_POOL_SIZE: "24" }).engine).toEqual({ kind: "postgres", url, maxConnections: 24 });
    expect(() => databaseOptionsFromEnv({ DATABASE_URL: url, DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => databaseOptionsFromEnv({ DATABASE_URL: url, DATABASE_POOL_SIZE: "many" })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it("fails closed on demo data: a PostgreSQL server gets it only when asked, production never", () => {
    const url = "postgres://u@h/db";
    // The deployment that forgot APP_MODE=production: no demo admin.
    expect(databaseOptionsFromEnv({ DATABASE_URL: url }).seed).toBe(false);
    expect(databaseOptionsFromEnv({ DATABASE_URL: url, DEMO_DATA: "on" }).seed).toBe(true);
    expect(databaseOptionsFromEnv({ DEMO_DATA: "off" }).seed).toBe(false);
    expect(databaseOptionsFromEnv({ DATABASE_URL: url, APP_MODE: "production" }).seed).toBe(false);
    expect(() => databaseOptionsFromEnv({ DATABASE_URL: url, APP_MODE: "production", DEMO_DATA: "on" })).toThrow(/DEMO_DATA/);
    expect(() => databaseOptionsFromEnv({ DEMO_DATA: "yes" })).toThrow(/DEMO_DATA/);
  });

  it("refuses values it does not know", () => {
    expect(() => databaseOptionsFromEnv({ APP_MODE: "prod" })).toThrow(/APP_MODE/);
    expect(() => databaseOptionsFromEnv({ DATABASE_FLAVOR: "mysql" })).toThrow(/DATABASE_FLAVOR/);
  });

  it("refuses the Supabase flavor without DATABASE_URL", async () => {
    await expect(createDatabase({ engine: { kind: "pglite" }, mode: "local", flavor: "supabase" })).rejects.toThrow(/DATABASE_URL/);
  });
});

describe("opening", () => {
  const work = mkdtempSync(path.join(tmpdir(), "tongxing-db-factory-"));
  afterAll(async () => {
    await closeDatabase();
    vi.unstubAllEnvs();
    rmSync(work, { recursive: true, force: true });
  });

  it("refuses to seed in production, and closes what it opened", async () => {
    const engine = dbEngines().at(-1);
    if (!engine) throw new Error("no engine");
    const options = await engine.freshEngineOptions();
    await expect(createDatabase({ engine: options, mode: "production", seed: true })).rejects.toBeInstanceOf(SeedRefusedError);
    const db = await createDatabase({ engine: options, mode: "production" });
    try {
      const seeded = await asSystem(db, "test: read settings", (trx) =>
        trx.selectFrom("private.settings").select("value").where("key", "=", "seeded_at").executeTakeFirst(),
      );
      expect(seeded).toBeUndefined();
    } finally {
      await db.destroy();
    }
  });

  it("keeps the embedded database's files to the process's user: folders 0700, files 0600 from the next open, loosened ones tightened", async () => {
    const dataDir = path.join(work, "private", "pglite");
    const modes = () => {
      const loose: string[] = [];
      const walk = (at: string) => {
        const stat = lstatSync(at);
        if (stat.isDirectory()) {
          if ((stat.mode & 0o777) !== 0o700) loose.push(`${at} ${(stat.mode & 0o777).toString(8)}`);
          for (const entry of readdirSync(at)) walk(path.join(at, entry));
        } else if (stat.isFile() && (stat.mode & 0o077) !== 0) loose.push(`${at} ${(stat.mode & 0o777).toString(8)}`);
      };
      walk(dataDir);
      return loose;
    };
    const first = await createDatabase({ engine: { kind: "pglite", dataDir }, mode: "local" });
    await first.destroy();
    expect(readdirSync(dataDir).length).toBeGreaterThan(3);
    // Folders are private at once; files PGlite made while running, at the next open.
    expect(modes().filter((entry) => lstatSync(entry.split(" ")[0] ?? "").isDirectory())).toEqual([]);
    await (await connectDatabase({ kind: "pglite", dataDir })).destroy();
    expect(modes()).toEqual([]);

    // As an older version left it: world-readable.
    chmodSync(dataDir, 0o755);
    const someFile = path.join(dataDir, readdirSync(dataDir).find((entry) => lstatSync(path.join(dataDir, entry)).isFile()) ?? "");
    chmodSync(someFile, 0o644);
    expect(modes()).toHaveLength(2);
    const reopened = await connectDatabase({ kind: "pglite", dataDir });
    await reopened.destroy();
    expect(modes()).toEqual([]);
  });

  it("persists PGlite under PGLITE_DIR, creating parent folders, and reopens it through the singleton without re-applying anything", async () => {
    const dataDir = path.join(work, "nested", "folders", "pglite");
    const first = await createDatabase({ engine: { kind: "pglite", dataDir }, mode: "local" });
    const seededAt = await asSystem(first, "test: read settings", (trx) =>
      trx.selectFrom("private.settings").select("value").where("key", "=", "seeded_at").executeTakeFirstOrThrow(),
    );
    await first.destroy();

    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("PGLITE_DIR", dataDir);
    vi.stubEnv("APP_MODE", "local");
    const pending = getDatabase();
    expect(getDatabase()).toBe(pending);
    const db = await pending;
    expect(await getDatabase()).toBe(db);
    expect(Object.getOwnPropertySymbols(globalThis).some((s) => s.description === "tongxing.database")).toBe(true);

    expect(await runMigrations(db)).toEqual([]);
    const state = await asSystem(db, "test: read state", async (trx) => ({
      seededAt: (await trx.selectFrom("private.settings").select("value").where("key", "=", "seeded_at").executeTakeFirstOrThrow()).value,
      migrations: Number((await sql<{ n: string }>`select count(*) as n from supabase_migrations.schema_migrations`.execute(trx)).rows[0]?.n),
      areas: (await listAreas(trx)).length,
    }));
    expect(state).toEqual({ seededAt: seededAt.value, migrations: MIGRATIONS.length, areas: 10 });

    await closeDatabase();
    expect(Object.getOwnPropertySymbols(globalThis).some((s) => s.description === "tongxing.database" && (globalThis as Record<symbol, unknown>)[s] !== undefined)).toBe(false);
  });
});
