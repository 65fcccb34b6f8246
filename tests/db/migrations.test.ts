/**
 * Migrations apply from empty, exactly once, each in its own transaction; the shim is
 * idempotent; the seed applies once and is refused in production — on every engine.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  MIGRATIONS,
  SEED_STATEMENTS,
  SeedRefusedError,
  applySeed,
  applySupabaseShim,
  runMigrations,
  type Migration,
} from "~/data/migrate.server";
import { connectDatabase, createDatabase } from "~/data/db.server";
import { asSystem } from "~/data/rls.server";
import { describeOnEveryEngine } from "../support/db-suite";
import { asSuperuser } from "../support/postgres-cluster";

describeOnEveryEngine("migrations", { database: "empty" }, ({ engine, db, engineOptions }) => {
  it("has migrations named NNNN_what_it_does.sql, in order", () => {
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(5);
    for (const m of MIGRATIONS) expect(m.fileName).toMatch(/^\d{4}_[a-z0-9_]+\.sql$/);
    const versions = MIGRATIONS.map((m) => m.version);
    expect([...versions].sort()).toEqual(versions);
  });

  it("applies the shim and every migration to an empty database", async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = 'private'`.execute(db);
    expect(before.rows[0]?.n).toBe(0);

    await applySupabaseShim(db);
    const applied = await runMigrations(db);
    expect(applied).toEqual(MIGRATIONS.map((m) => m.version));

    const recorded = await db
      .selectFrom("supabase_migrations.schema_migrations")
      .select(["version", "name", "statements"])
      .orderBy("version")
      .execute();
    expect(recorded.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    for (const [i, row] of recorded.entries()) expect(row.statements).toEqual(MIGRATIONS[i]?.statements);
  });

  it("applies nothing twice: re-running the shim and the runner changes nothing", async () => {
    await applySupabaseShim(db);
    expect(await runMigrations(db)).toEqual([]);
    const count = await db.selectFrom("supabase_migrations.schema_migrations").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(MIGRATIONS.length);
  });

  it("runs each migration in its own transaction: a failing one leaves no trace", async () => {
    const broken: Migration = {
      version: "9999",
      name: "broken",
      fileName: "9999_broken.sql",
      statements: ["create table public.half_done (id int)", "select 1 / 0"],
    };
    await expect(runMigrations(db, [...MIGRATIONS, broken])).rejects.toThrow(/9999_broken\.sql, statement 2/);
    const table = await sql<{ t: string | null }>`select to_regclass('public.half_done')::text as t`.execute(db);
    expect(table.rows[0]?.t).toBeNull();
    const row = await db.selectFrom("supabase_migrations.schema_migrations").select("version").where("version", "=", "9999").executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it("refuses a recorded version whose file name changed (two branches picked one number)", async () => {
    const first = MIGRATIONS[0];
    if (!first) throw new Error("no migrations");
    await expect(runMigrations(db, [{ ...first, name: "something_else" }])).rejects.toThrow(/recorded as/);
  });

  describe("seed", () => {
    it("is refused in code when APP_MODE is production, and nothing is written", async () => {
      await expect(applySeed(db, "production")).rejects.toBeInstanceOf(SeedRefusedError);
      const areas = await asSystem(db, "test: count areas", (trx) =>
        trx.selectFrom("areas").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
      );
      expect(Number(areas.n)).toBe(0);
    });

    it("starts with a guard that raises when app.mode is production", async () => {
      expect(SEED_STATEMENTS[0]).toMatch(/^[\s\S]*do \$\$[\s\S]*current_setting\('app\.mode', true\) = 'production'/);
      const attempt = asSystem(db, "test: run seed guard", async (trx) => {
        await sql`select set_config('app.mode', 'production', true)`.execute(trx);
        await sql.raw(SEED_STATEMENTS[0] ?? "").execute(trx);
      });
      await expect(attempt).rejects.toThrow(/seed\.sql refused/);
    });

    it("production refuses to connect as a superuser on PostgreSQL", async () => {
      if (engine.name === "pglite") return;
      const superuser = { kind: "postgres" as const, url: asSuperuser(engineOptions) };
      await expect(createDatabase({ engine: superuser, mode: "production", seed: false })).rejects.toThrow(/superuser/);
      const owner = await createDatabase({ engine: engineOptions, mode: "production", seed: false });
      await owner.destroy();
    });

    it("is refused when the database itself says app.mode = production", async () => {
      if (engine.name === "pglite") {
        // One connection: a session setting stands in for `alter database … set`.
        await sql`set app.mode = 'production'`.execute(db);
        try {
          await expect(applySeed(db, "local")).rejects.toBeInstanceOf(SeedRefusedError);
        } finally {
          await sql`reset app.mode`.execute(db);
        }
      } else {
        // A new connection to the same database sees the database default. Only a superuser
        // may set a custom parameter on a database: the operator, not the app's owner role.
        const name = (await sql<{ name: string }>`select current_database() as name`.execute(db)).rows[0]?.name ?? "";
        const superuser = await connectDatabase({ kind: "postgres", url: asSuperuser(engineOptions) });
        await sql`alter database ${sql.id(name)} set app.mode = 'production'`.execute(superuser);
        const other = await connectDatabase(engineOptions);
        try {
          await expect(applySeed(other, "local")).rejects.toBeInstanceOf(SeedRefusedError);
        } finally {
          await other.destroy();
          await sql`alter database ${sql.id(name)} reset app.mode`.execute(superuser);
          await superuser.destroy();
        }
      }
    });

    it("applies once in local mode and records seeded_at", async () => {
      expect(await applySeed(db, "local")).toBe("applied");
      expect(await applySeed(db, "local")).toBe("already-applied");
      const { areas, seeded } = await asSystem(db, "test: read seed", async (trx) => ({
        areas: await trx.selectFrom("areas").select(["code", "level", "name_zh"]).orderBy("code").execute(),
        seeded: await trx.selectFrom("private.settings").select("value").where("key", "=", "seeded_at").executeTakeFirst(),
      }));
      expect(areas).toHaveLength(10);
      expect(areas.filter((a) => a.level === "province").map((a) => a.name_zh).sort()).toEqual(["四川省", "广东省", "湖北省"].sort());
      expect(seeded?.value).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    });

    it("dates the demo meetings by Shanghai's day: the Tuesdays from two weeks before the latest, the Saturdays from the next", async () => {
      const meetings = await asSystem(db, "test: read the demo meetings", async (trx) =>
        (
          await sql<{ name: string; weekday: number; daysFromToday: number }>`
            select name, extract(dow from starts_on)::integer as weekday, starts_on - (now() at time zone 'Asia/Shanghai')::date as "daysFromToday"
            from public.meetings order by name`.execute(trx)
        ).rows,
      );
      const tuesdays = meetings.find((meeting) => meeting.name === "周二晚间分享会");
      const saturdays = meetings.find((meeting) => meeting.name === "周六线上分享");
      expect(tuesdays?.weekday).toBe(2);
      expect(tuesdays?.daysFromToday).toBeGreaterThanOrEqual(-20);
      expect(tuesdays?.daysFromToday).toBeLessThanOrEqual(-14);
      expect(saturdays?.weekday).toBe(6);
      expect(saturdays?.daysFromToday).toBeGreaterThanOrEqual(0);
      expect(saturdays?.daysFromToday).toBeLessThanOrEqual(6);
    });
  });
});
