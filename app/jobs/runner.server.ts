/**
 * Scheduled system jobs: one runner, safe when several app instances share one PostgreSQL.
 *
 * Each run is one privileged transaction (`asSystem`) that first asks for the job's
 * advisory lock with `pg_try_advisory_xact_lock`. If another instance holds it (it is
 * running the same job at this moment), the run is skipped, not queued; the lock ends with
 * the transaction, so a crash or a throw cannot leave it held. On PGlite (one process, one
 * connection) the same code runs and always gets the lock.
 *
 * The instances also share one schedule (`private.job_runs`): a timed run first checks that
 * no instance started the job within its interval, and is "not due" otherwise. So with any
 * number of instances a job runs about once an interval, not once per instance.
 *
 * The job function receives the transaction that holds the lock. PGlite has one
 * connection: nothing slow (network, Argon2id, file I/O) may be awaited inside it; a job
 * that must do slow work collects what it needs, commits, and does the rest outside.
 *
 * Every run is logged with the job's name, its counts (summed) and its duration, never
 * with rows or personal data. A job that throws is logged (error type and stack frames,
 * never the message) and scheduled again as usual; the other jobs carry on.
 */
import { createHash } from "node:crypto";
import { tryTransactionLock, type DatabaseHandle } from "~/data/db.server";
import { claimJobRun } from "~/data/job-runs.server";
import { asSystem, type SystemTx } from "~/data/rls.server";
import { describeError, logEvent } from "~/server/log.server";

/** What a run did, as named numbers (rows removed, reminders queued…): never personal data. */
export type JobCounts = Readonly<Record<string, number>>;

export interface Job {
  /** Stable kebab-case name: it keys the advisory lock and names the job in logs. */
  readonly name: string;
  /** Time from the end of one run to the start of the next (per instance). */
  readonly everyMs: number;
  /** One run, inside the privileged transaction that holds this job's lock. */
  readonly run: (trx: SystemTx, now: Date) => Promise<JobCounts>;
}

export type JobOutcome =
  | { job: string; status: "ran"; counts: JobCounts; ms: number }
  | { job: string; status: "skipped"; ms: number }
  | { job: string; status: "not-due"; ms: number }
  | { job: string; status: "failed"; ms: number };

const JOB_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 40;
/** setTimeout's limit (about 24.8 days); a longer delay would fire at once. */
const MAX_EVERY_MS = 2 ** 31 - 1;

/**
 * First key of every job's lock ("txjb"). Jobs use the two-integer form of the advisory
 * lock functions, a key space apart from the single bigint key of the migrations
 * (migrate.server.ts), so a job never waits for, or blocks, a migration's lock.
 */
export const JOB_LOCK_CLASS = 0x74786a62;

/** Second key of a job's lock: the first 32 bits of SHA-256("tongxing job <name>"), the same in every instance and release. */
export function jobLockKey(name: string): number {
  return createHash("sha256").update(`tongxing job ${name}`).digest().readInt32BE(0);
}

/** Checks a job's name and interval; job modules declare themselves through it. */
export function defineJob(job: Job): Job {
  if (!JOB_NAME.test(job.name) || job.name.length > MAX_NAME_LENGTH) {
    throw new TypeError(`job name must be kebab-case, at most ${MAX_NAME_LENGTH} characters: ${job.name}`);
  }
  if (!Number.isSafeInteger(job.everyMs) || job.everyMs < 1 || job.everyMs > MAX_EVERY_MS) {
    throw new TypeError(`job ${job.name}: everyMs must be a positive integer of at most ${MAX_EVERY_MS} (about 24 days)`);
  }
  return job;
}

/** Throws if two jobs share a name or a lock key (they would block each other). */
export function checkJobs(jobs: readonly Job[]): void {
  const names = new Set<string>();
  const keys = new Set<number>();
  for (const job of jobs) {
    defineJob(job);
    const key = jobLockKey(job.name);
    if (names.has(job.name)) throw new Error(`two jobs are named ${job.name}`);
    if (keys.has(key)) throw new Error(`job ${job.name} has the lock key of another job; rename it`);
    names.add(job.name);
    keys.add(key);
  }
}

function total(counts: JobCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/**
 * Runs a job once in this instance: takes its lock and runs it, or reports "skipped" when
 * another instance holds the lock. With `onlyWhenDue` (the timers), it also reports "not-due"
 * when any instance started it within its interval. Never throws: a failure is logged and reported.
 */
export async function runJob(
  database: DatabaseHandle | (() => Promise<DatabaseHandle>),
  job: Job,
  now = new Date(),
  { onlyWhenDue = false } = {},
): Promise<JobOutcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const db = typeof database === "function" ? await database() : database;
    const counts = await asSystem(db, `job: ${job.name}`, async (trx) => {
      if (!(await tryTransactionLock(trx, JOB_LOCK_CLASS, jobLockKey(job.name)))) return "skipped" as const;
      if (!(await claimJobRun(trx, job.name, job.everyMs, onlyWhenDue))) return "not-due" as const;
      return job.run(trx, now);
    });
    if (counts === "skipped" || counts === "not-due") {
      const outcome = { job: job.name, status: counts, ms: ms() } as const;
      logEvent("info", counts === "skipped" ? "job skipped" : "job not due", { detail: job.name, ms: outcome.ms });
      return outcome;
    }
    const outcome = { job: job.name, status: "ran", counts, ms: ms() } as const;
    logEvent("info", "job ran", { detail: job.name, count: total(counts), ms: outcome.ms });
    return outcome;
  } catch (error) {
    const outcome = { job: job.name, status: "failed", ms: ms() } as const;
    logEvent("error", "job failed", { detail: job.name, ms: outcome.ms, ...describeError(error) });
    return outcome;
  }
}

export interface JobRunner {
  /** Runs every job once now, due or not, one after another in list order (tools and tests). */
  runAll(now?: Date): Promise<JobOutcome[]>;
  /** Stops the timers and waits for runs in progress (call before closing the database). */
  stop(): Promise<void>;
}

export interface JobRunnerOptions {
  /** The database (the process-wide one: getDatabase). */
  database: () => Promise<DatabaseHandle>;
  jobs: readonly Job[];
  /** Delay before each job's first run. Default 0: right after start (the database is open by then). */
  firstRunAfterMs?: number;
}

/**
 * Starts one timer per job (unref'ed: they never keep the process alive). A job is never
 * run twice at once by the same instance: the next run is scheduled when one ends.
 */
export function startJobRunner(options: JobRunnerOptions): JobRunner {
  checkJobs(options.jobs);
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<JobOutcome>>();
  let stopped = false;

  const runOnce = (job: Job, now = new Date(), onlyWhenDue = true): Promise<JobOutcome> => {
    const current = running.get(job.name);
    if (current) return current;
    const run = runJob(options.database, job, now, { onlyWhenDue }).finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  };

  const schedule = (job: Job, delayMs: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(job.name);
      void runOnce(job).then(() => schedule(job, job.everyMs));
    }, delayMs);
    timer.unref();
    timers.set(job.name, timer);
  };

  for (const job of options.jobs) schedule(job, options.firstRunAfterMs ?? 0);

  return {
    async runAll(now = new Date()) {
      const outcomes: JobOutcome[] = [];
      for (const job of options.jobs) outcomes.push(await runOnce(job, now, false));
      return outcomes;
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled(running.values());
    },
  };
}
