/**
 * The scheduled-jobs runner (app/jobs): a registered job runs on the privileged path and
 * is logged with its name, counts and duration only; a failing job is logged without its
 * message and the others carry on; and two app instances on one PostgreSQL server never
 * run the same job at the same time (advisory lock: one runs, the other skips). Also the
 * readiness the server starts the runner after: /healthz is ready only while the
 * process-wide database is open.
 */
import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDatabase, createDatabase, isDatabaseOpen, openDatabase } from "~/data/db.server";
import { hitRateLimit } from "~/data/rate-limits.server";
import { asSystem } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { createSession } from "~/data/sessions.server";
import { pruneAuthStateJob } from "~/jobs/prune-auth-state.server";
import { JOBS } from "~/jobs/registry.server";
import { loader as healthz } from "~/routes/healthz";
import { JOB_LOCK_CLASS, checkJobs, defineJob, jobLockKey, runJob, startJobRunner, type Job } from "~/jobs/runner.server";
import { dbEngines } from "../support/db-engines";
import { createTestAccount } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

type LogLine = Record<string, unknown>;

/** Captures the runner's log lines (events "job …") from stdout and stderr; lets every other line through. */
function captureJobLogs() {
  const raw: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    const capture = (chunk: unknown, ...rest: unknown[]) => {
      const text = String(chunk);
      if (!text.includes('"event":"job ')) return write(chunk, ...rest);
      raw.push(...text.trim().split("\n"));
      return true;
    };
    return vi.spyOn(stream, "write").mockImplementation(capture as typeof stream.write);
  });
  return {
    raw: () => raw.join("\n"),
    lines: () => raw.map((line) => JSON.parse(line) as LogLine),
    of: (job: string) => raw.map((line) => JSON.parse(line) as LogLine).filter((line) => line.detail === job),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

/** The only fields a job's log line may carry. */
const JOB_LOG_FIELDS = new Set(["time", "level", "event", "detail", "count", "ms", "error", "code", "stack"]);

const tokenHash = () => randomBytes(32).toString("hex");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("job definitions", () => {
  it("accepts kebab-case names and positive intervals only, and keys each lock by a stable hash of the name", () => {
    expect(() => defineJob({ name: "Prune", everyMs: 1000, run: async () => ({}) })).toThrow(/kebab-case/);
    expect(() => defineJob({ name: "prune auth", everyMs: 1000, run: async () => ({}) })).toThrow(/kebab-case/);
    expect(() => defineJob({ name: "prune", everyMs: 0, run: async () => ({}) })).toThrow(/everyMs/);
    expect(() => defineJob({ name: "prune", everyMs: 30 * 24 * 3_600_000, run: async () => ({}) })).toThrow(/everyMs/);
    expect(jobLockKey("prune-auth-state")).toBe(jobLockKey("prune-auth-state"));
    expect(jobLockKey("prune-auth-state")).not.toBe(jobLockKey("expire-shares"));
    expect(Number.isInteger(jobLockKey("x")) && Math.abs(jobLockKey("x")) <= 2 ** 31).toBe(true);
  });

  it("refuses two jobs with one name; the registry passes", () => {
    const job = defineJob({ name: "twice", everyMs: 1000, run: async () => ({}) });
    expect(() => checkJobs([job, { ...job }])).toThrow(/twice/);
    expect(() => checkJobs(JOBS)).not.toThrow();
    expect(JOBS).toContain(pruneAuthStateJob);
  });
});

describeOnEveryEngine("jobs", ({ db }) => {
  let logs: ReturnType<typeof captureJobLogs>;
  afterEach(() => {
    logs?.restore();
  });

  it("runs a registered job on its timer and logs its name, counts and duration, never personal data", async () => {
    const member = await createTestAccount(db, "memberA");
    const expired = tokenHash();
    const live = tokenHash();
    const bucket = `sign-in:${tokenHash()}`;
    await asSystem(db, "test: auth state", async (trx) => {
      await createSession(trx, member.id, expired, new Date(Date.now() - 60_000));
      await createSession(trx, member.id, live, new Date(Date.now() + 3_600_000));
      await hitRateLimit(trx, bucket, new Date("2020-01-01T00:00:00Z"));
    });

    logs = captureJobLogs();
    const runner = startJobRunner({ database: async () => db, jobs: JOBS });
    try {
      await vi.waitFor(() => expect(logs.of(pruneAuthStateJob.name)).toHaveLength(1), { timeout: 10_000 });
    } finally {
      await runner.stop();
    }

    const [line] = logs.of(pruneAuthStateJob.name);
    expect(line).toMatchObject({ level: "info", event: "job ran", detail: "prune-auth-state", count: 2 });
    expect(typeof line?.ms).toBe("number");
    expect(Object.keys(line ?? {}).every((key) => JOB_LOG_FIELDS.has(key))).toBe(true);
    for (const secret of [member.id, member.handle, expired, live, bucket]) expect(logs.raw()).not.toContain(secret);

    const left = await asSystem(db, "test: read auth state", async (trx) => ({
      sessions: (await trx.selectFrom("private.sessions").select("token_hash").where("user_id", "=", member.id).execute()).map((r) => r.token_hash),
      buckets: (await trx.selectFrom("private.rate_limit_hits").select("bucket").where("bucket", "=", bucket).execute()).length,
    }));
    expect(left).toEqual({ sessions: [live], buckets: 0 });

    // The job function got the privileged transaction, and its lock was taken in it.
    expect(await runJob(db, pruneAuthStateJob)).toMatchObject({ status: "ran", counts: { sessions: 0, rateLimitWindows: 0 } });
  });

  it("logs a failing job without its message, rolls its transaction back, and still runs the next job", async () => {
    const marker = `rollback:${tokenHash()}`;
    const failing = defineJob({
      name: "test-failing",
      everyMs: 25,
      run: async (trx) => {
        await trx.insertInto("private.rate_limit_hits").values({ bucket: marker, window_start: new Date(), hits: 1 }).execute();
        throw new Error(`a message that could quote ${marker}`);
      },
    });
    const broken = defineJob({
      name: "test-broken-sql",
      everyMs: 25,
      run: async (trx) => {
        await sql`select * from no_such_table`.execute(trx);
        return {};
      },
    });
    let runs = 0;
    const next = defineJob({
      name: "test-next",
      everyMs: 25,
      run: async (trx) => {
        runs += 1;
        const { rows } = await sql<{ n: number }>`select 1 as n`.execute(trx);
        return { rows: rows.length };
      },
    });

    logs = captureJobLogs();
    const runner = startJobRunner({ database: async () => db, jobs: [failing, broken, next], firstRunAfterMs: 60_000 });
    const outcomes = await runner.runAll();
    expect(outcomes.map((o) => [o.job, o.status])).toEqual([
      ["test-failing", "failed"],
      ["test-broken-sql", "failed"],
      ["test-next", "ran"],
    ]);
    expect(runs).toBe(1);
    await runner.stop();

    const [failed] = logs.of("test-failing");
    expect(failed).toMatchObject({ level: "error", event: "job failed", detail: "test-failing", error: "Error" });
    expect(String(failed?.stack)).toMatch(/^\s*at /);
    expect(logs.of("test-broken-sql")[0]).toMatchObject({ level: "error", event: "job failed", code: "42P01" });
    expect(logs.of("test-next")[0]).toMatchObject({ level: "info", event: "job ran", count: 1 });
    expect(logs.raw()).not.toContain(marker);
    expect(logs.raw()).not.toContain("no_such_table");
    expect(logs.lines().every((line) => Object.keys(line).every((key) => JOB_LOG_FIELDS.has(key)))).toBe(true);
    const kept = await asSystem(db, "test: read rate limits", (trx) =>
      trx.selectFrom("private.rate_limit_hits").select("bucket").where("bucket", "=", marker).execute(),
    );
    expect(kept).toEqual([]);

    // On the timer, a failure does not stop the runner: every job comes round again.
    const timed = startJobRunner({ database: async () => db, jobs: [failing, broken, next] });
    await vi.waitFor(
      () => {
        for (const job of [failing, broken, next]) expect(logs.of(job.name).length).toBeGreaterThanOrEqual(3);
      },
      { timeout: 10_000, interval: 20 },
    );
    await timed.stop();
    const afterStop = logs.lines().length;
    await sleep(100);
    expect(logs.lines().length).toBe(afterStop);
  });

  it("unrefs its timers, so they never keep the process alive", async () => {
    const spy = vi.spyOn(globalThis, "setTimeout");
    const job = defineJob({ name: "test-idle", everyMs: 60_000, run: async () => ({}) });
    const runner = startJobRunner({ database: async () => db, jobs: [job], firstRunAfterMs: 60_000 });
    const timers = spy.mock.results.map((result) => result.value as NodeJS.Timeout);
    spy.mockRestore();
    expect(timers.length).toBeGreaterThan(0);
    expect(timers.every((timer) => !timer.hasRef())).toBe(true);
    await runner.stop();
  });
});

// Two app instances need two connections to one database: the PostgreSQL cluster only
// (PGlite is one process with one connection, where the lock is always free).
const postgres = dbEngines().find((engine) => engine.name === "postgresql");

describe.runIf(postgres)("two instances on one PostgreSQL server", () => {
  // Two app instances: two pools on the same database, as two processes would have.
  let first: Kysely<Database>;
  let second: Kysely<Database>;
  let logs: ReturnType<typeof captureJobLogs>;
  beforeAll(async () => {
    if (!postgres) throw new Error("no postgresql engine");
    const engine = await postgres.freshEngineOptions();
    first = await createDatabase({ engine, mode: "local", seed: false });
    second = await createDatabase({ engine, mode: "local", seed: false });
  });
  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
  });
  afterEach(() => {
    logs?.restore();
  });

  /** A job that counts its runs and holds its lock for a while, like a slow purge. */
  function contendedJob(name: string, holdSeconds: number): { job: Job; runs: () => number } {
    let runs = 0;
    const job = defineJob({
      name,
      everyMs: 60_000,
      run: async (trx) => {
        runs += 1;
        await sql`select pg_sleep(${holdSeconds})`.execute(trx);
        return { rows: 1 };
      },
    });
    return { job, runs: () => runs };
  }

  it("two runners starting the same job at the same moment: exactly one does the work, the other reports skipped", async () => {
    const { job, runs } = contendedJob("test-contended", 0.5);
    logs = captureJobLogs();
    const runners = [first, second].map((db) => startJobRunner({ database: async () => db, jobs: [job], firstRunAfterMs: 0 }));
    try {
      await vi.waitFor(() => expect(logs.of(job.name)).toHaveLength(2), { timeout: 10_000, interval: 20 });
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
    }
    expect(runs()).toBe(1);
    expect(logs.of(job.name).map((line) => line.event).sort()).toEqual(["job ran", "job skipped"]);

    // The same with direct runs, started together.
    const outcomes = await Promise.all([runJob(first, job), runJob(second, job)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["ran", "skipped"]);
    expect(runs()).toBe(2);
  });

  it("while one instance holds a job's lock the other skips it; other jobs go on; the lock ends with the transaction", async () => {
    let release = () => {};
    let holding = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const held = new Promise<void>((resolve) => (holding = resolve));
    let work = 0;
    const job = defineJob({
      name: "test-held",
      everyMs: 60_000,
      run: async () => {
        work += 1;
        holding();
        await released;
        return { rows: 1 };
      },
    });
    const other = defineJob({ name: "test-other", everyMs: 60_000, run: async () => ({ rows: 0 }) });

    logs = captureJobLogs();
    const running = runJob(first, job);
    await held;
    const locks = await sql<{ classid: number; objid: number; objsubid: number }>`
      select classid::int8 as classid, objid::int8 as objid, objsubid from pg_locks where locktype = 'advisory' and granted
    `.execute(second);
    expect(locks.rows.map((lock) => [Number(lock.classid), Number(lock.objid), lock.objsubid])).toContainEqual([
      JOB_LOCK_CLASS,
      jobLockKey(job.name) >>> 0,
      2,
    ]);
    expect(await runJob(second, job)).toMatchObject({ status: "skipped" });
    expect(await runJob(second, other)).toMatchObject({ status: "ran" });
    release();
    expect(await running).toMatchObject({ status: "ran", counts: { rows: 1 } });
    expect(work).toBe(1);

    expect(await runJob(second, job)).toMatchObject({ status: "ran" });
    expect(work).toBe(2);
    expect(logs.of(job.name).map((line) => line.event)).toEqual(["job skipped", "job ran", "job ran"]);
  });

  it("keeps one schedule for both: a timed run is not due while the other instance ran the job within its interval", async () => {
    let runs = 0;
    const job = defineJob({ name: "test-scheduled", everyMs: 400, run: async () => ({ runs: ++runs }) });
    const timed = { onlyWhenDue: true };
    logs = captureJobLogs();
    expect(await runJob(first, job, new Date(), timed)).toMatchObject({ status: "ran" });
    expect(await runJob(second, job, new Date(), timed)).toMatchObject({ status: "not-due" });
    expect(await runJob(first, job, new Date(), timed)).toMatchObject({ status: "not-due" });
    // Asked for directly (a tool, a test), it runs whatever the schedule says, and counts as a start.
    expect(await runJob(second, job)).toMatchObject({ status: "ran" });
    expect(await runJob(first, job, new Date(), timed)).toMatchObject({ status: "not-due" });
    await sleep(450);
    expect(await runJob(second, job, new Date(), timed)).toMatchObject({ status: "ran" });
    expect(runs).toBe(3);
    expect(logs.of(job.name).map((line) => line.event)).toEqual(["job ran", "job not due", "job not due", "job ran", "job not due", "job ran"]);

    // Two runners, started apart within one interval: the second's first timed run is not due.
    const { job: slow, runs: slowRuns } = contendedJob("test-staggered", 0);
    const firstRunner = startJobRunner({ database: async () => first, jobs: [slow] });
    await vi.waitFor(() => expect(slowRuns()).toBe(1), { timeout: 10_000, interval: 20 });
    const secondRunner = startJobRunner({ database: async () => second, jobs: [slow] });
    await vi.waitFor(() => expect(logs.of(slow.name).map((line) => line.event)).toEqual(["job ran", "job not due"]), { timeout: 10_000, interval: 20 });
    await Promise.all([firstRunner.stop(), secondRunner.stop()]);
    expect(slowRuns()).toBe(1);
  });
});

describe("readiness", () => {
  afterAll(async () => {
    await closeDatabase();
    vi.unstubAllEnvs();
  });

  it("/healthz answers 503 until the process-wide database is open, 200 while it is, 503 once closed", async () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("PGLITE_DIR", "memory://readiness");
    vi.stubEnv("APP_MODE", "local");
    expect(isDatabaseOpen()).toBe(false);
    expect(healthz().status).toBe(503);
    expect(isDatabaseOpen()).toBe(false);

    const opening = openDatabase();
    expect(healthz().status).toBe(503);
    expect(await opening).toEqual({ engine: "pglite" });
    expect(isDatabaseOpen()).toBe(true);
    const ready = healthz();
    expect([ready.status, await ready.text(), ready.headers.get("Cache-Control")]).toEqual([200, "ok", "no-store"]);

    await closeDatabase();
    expect(isDatabaseOpen()).toBe(false);
    expect(healthz().status).toBe(503);
  });
});
