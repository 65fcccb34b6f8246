/**
 * The scheduled system jobs this portal runs. Adding a job is one line in JOBS (its module
 * declares its name, interval and function with defineJob; see runner.server.ts).
 */
import { databaseOptionsFromEnv, getDatabase } from "~/data/db.server";
import { deleteDisappearedMessagesJob } from "./delete-disappeared-messages.server";
import { startEmbeddedMaintenance } from "./embedded-maintenance.server";
import { pruneAuthStateJob } from "./prune-auth-state.server";
import { pruneExpiredSharesJob } from "./prune-expired-shares.server";
import { refreshMeetingTimesJob } from "./refresh-meeting-times.server";
import { startJobRunner, type Job, type JobRunner } from "./runner.server";

export const JOBS: readonly Job[] = [
  pruneAuthStateJob,
  pruneExpiredSharesJob,
  refreshMeetingTimesJob,
  deleteDisappearedMessagesJob,
];

/**
 * Starts the runner on the process-wide database (the HTTP server calls it once it is ready),
 * and on the embedded engine autovacuum's rounds, which PGlite does not run.
 */
export function startSystemJobs(): JobRunner {
  const runner = startJobRunner({ database: getDatabase, jobs: JOBS });
  if (databaseOptionsFromEnv().engine.kind !== "pglite") return runner;
  const maintenance = startEmbeddedMaintenance(getDatabase);
  return {
    runAll: runner.runAll,
    stop: async () => {
      await Promise.all([runner.stop(), maintenance.stop()]);
    },
  };
}
