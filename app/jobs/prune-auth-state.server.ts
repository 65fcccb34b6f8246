import { pruneRateLimitHits } from "~/data/rate-limits.server";
import type { SystemTx } from "~/data/rls.server";
import { deleteExpiredSessions, lockIdleSessions } from "~/data/sessions.server";
import { CHALLENGE_COSTS } from "~/domain/accounts/challenge";
import { RATE_LIMITS } from "~/domain/accounts/rate-limits";
import { CLEAN_UP_EVERY_MINUTES } from "~/domain/privacy/retention";
import { defineJob } from "./runner.server";

/**
 * The longest any counter is looked back over; older counters can go. A challenge's cost
 * reads its window and the one before. A spent challenge's window starts at its expiry.
 */
const LONGEST_WINDOW_SECONDS = Math.max(
  ...Object.values(RATE_LIMITS).flatMap((rules) => [rules.perClient, rules.perHandleFromClient, rules.perHandle].map((limit) => limit?.windowSeconds ?? 0)),
  ...Object.values(CHALLENGE_COSTS).map((cost) => (cost.kind === "growing" ? 2 * cost.windowSeconds : 0)),
);

/**
 * Forgets expired sessions and stale rate-limit counters, and locks sessions left unused
 * past their lock (so their tab keys do not wait in the database for a next request);
 * returns how many of each.
 */
export async function pruneExpiredAuthState(
  trx: SystemTx,
  now: Date,
): Promise<{ sessions: number; lockedSessions: number; rateLimitWindows: number }> {
  return {
    sessions: await deleteExpiredSessions(trx),
    lockedSessions: await lockIdleSessions(trx),
    rateLimitWindows: await pruneRateLimitHits(trx, new Date(now.getTime() - LONGEST_WINDOW_SECONDS * 1000)),
  };
}

/** Hourly, as before the runner existed. */
export const pruneAuthStateJob = defineJob({
  name: "prune-auth-state",
  everyMs: CLEAN_UP_EVERY_MINUTES * 60 * 1000,
  run: pruneExpiredAuthState,
});
