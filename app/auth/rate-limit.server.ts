import { createHmac } from "node:crypto";
import { asSystem } from "~/data/rls.server";
import { getDatabase } from "~/data/db.server";
import { hitRateLimit } from "~/data/rate-limits.server";
import {
  isOverLimit,
  RATE_LIMITS,
  scaleLimit,
  secondsUntilWindowEnds,
  windowStart,
  type Limit,
  type RateLimitedAction,
} from "~/domain/accounts/rate-limits";
import { getEnv } from "~/env.server";
import { getServerSecret } from "./server-secret.server";

/** Buckets are keyed by an HMAC, so the table holds neither addresses nor handles. */
async function bucketName(action: RateLimitedAction, kind: "handle" | "client", value: string): Promise<string> {
  const secret = await getServerSecret();
  return `${action}:${kind}:${createHmac("sha256", secret).update(value).digest("base64url").slice(0, 32)}`;
}

export type RateLimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

/** Counts one attempt against every limit of the action; limited if any is exceeded. */
export async function countAttempt(
  action: RateLimitedAction,
  subject: { handleKey?: string; clientAddress: string },
): Promise<RateLimitVerdict> {
  const rules = RATE_LIMITS[action];
  const checks: Array<{ bucket: string; limit: Limit }> = [
    {
      bucket: await bucketName(action, "client", subject.clientAddress),
      limit: scaleLimit(rules.perClient, getEnv().RATE_LIMIT_CLIENT_MULTIPLIER),
    },
  ];
  if (rules.perHandle && subject.handleKey) {
    checks.push({ bucket: await bucketName(action, "handle", subject.handleKey), limit: rules.perHandle });
  }
  const now = new Date();
  const db = await getDatabase();
  let retryAfterSeconds = 0;
  await asSystem(db, "count a rate-limited attempt", async (trx) => {
    for (const { bucket, limit } of checks) {
      const hits = await hitRateLimit(trx, bucket, windowStart(now, limit.windowSeconds));
      if (isOverLimit(hits, limit)) {
        retryAfterSeconds = Math.max(retryAfterSeconds, secondsUntilWindowEnds(now, limit.windowSeconds));
      }
    }
  });
  return retryAfterSeconds > 0 ? { limited: true, retryAfterSeconds } : { limited: false };
}
