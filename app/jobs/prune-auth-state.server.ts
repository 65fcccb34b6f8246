import { getDatabase } from "~/data/db.server";
import { pruneRateLimitHits } from "~/data/rate-limits.server";
import { asSystem } from "~/data/rls.server";
import { deleteExpiredSessions } from "~/data/sessions.server";
import { RATE_LIMITS } from "~/domain/accounts/rate-limits";

/** The longest window any rate limit looks back over; older counters can go. */
const LONGEST_WINDOW_SECONDS = Math.max(
  ...Object.values(RATE_LIMITS).flatMap((rules) => [rules.perClient.windowSeconds, rules.perHandle?.windowSeconds ?? 0]),
);

/** A system job (run by the HTTP server hourly): forget expired sessions and stale rate-limit counters. */
export async function pruneExpiredAuthState(now = new Date()): Promise<{ sessions: number; rateLimitWindows: number }> {
  const db = await getDatabase();
  return asSystem(db, "prune expired sessions and rate-limit counters", async (trx) => ({
    sessions: await deleteExpiredSessions(trx),
    rateLimitWindows: await pruneRateLimitHits(trx, new Date(now.getTime() - LONGEST_WINDOW_SECONDS * 1000)),
  }));
}
