/**
 * The jobs' shared schedule (private.job_runs): when each job last started, whichever
 * instance ran it. Called by the job runner inside the transaction that holds the job's lock.
 */
import { sql } from "kysely";
import type { SystemTx } from "./rls.server";

/**
 * Records that `job` starts now and says whether it should. With `onlyWhenDue`, it starts only
 * if no instance started it within the last `everyMs` (by the database's clock, the one clock
 * all instances share); without, it always starts (a run asked for by a tool or a test).
 */
export async function claimJobRun(trx: SystemTx, job: string, everyMs: number, onlyWhenDue: boolean): Promise<boolean> {
  const { rows } = await sql<{ job: string }>`
    insert into private.job_runs as runs (job, last_started_at) values (${job}, now())
    on conflict (job) do update set last_started_at = excluded.last_started_at
      where not ${onlyWhenDue} or runs.last_started_at <= excluded.last_started_at - make_interval(secs => ${everyMs / 1000}::float8)
    returning job
  `.execute(trx);
  return rows.length === 1;
}
