/**
 * Autovacuum's rounds for the embedded engine, which has no autovacuum of its own
 * (data/embedded-maintenance.server.ts). Not a job of the runner: a job runs inside a
 * transaction, and VACUUM cannot. One instance owns a PGlite directory, so there is no lock
 * or shared schedule to take. Each round that maintained a table is logged with how many
 * and how long, never which rows.
 */
import type { DatabaseHandle } from "~/data/db.server";
import { maintainTables } from "~/data/embedded-maintenance.server";
import { describeError, logEvent } from "~/server/log.server";

/** autovacuum_naptime's default: how often autovacuum looks at a database. */
export const MAINTENANCE_EVERY_MS = 60 * 1000;

export function startEmbeddedMaintenance(database: () => Promise<DatabaseHandle>, everyMs = MAINTENANCE_EVERY_MS): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const round = async () => {
    const started = performance.now();
    try {
      const maintained = await maintainTables(await database());
      if (maintained.length > 0) logEvent("info", "tables maintained", { count: maintained.length, ms: Math.round(performance.now() - started) });
    } catch (error) {
      logEvent("error", "table maintenance failed", describeError(error));
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().then(schedule);
    }, everyMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
