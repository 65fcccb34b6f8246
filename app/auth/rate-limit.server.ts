import { createHmac } from "node:crypto";
import { asSystem } from "~/data/rls.server";
import { getDatabase } from "~/data/db.server";
import { hitRateLimit } from "~/data/rate-limits.server";
import {
  isOverLimit,
  rateLimitBuckets,
  secondsUntilWindowEnds,
  windowStart,
  type RateLimitBucket,
  type RateLimitedAction,
} from "~/domain/accounts/rate-limits";
import { clientGroup } from "./client-group.server";
import { getEnv } from "~/env.server";
import { getServerSecret } from "./server-secret.server";

/** Buckets are keyed by an HMAC, so the table holds neither addresses nor handles. */
async function bucketName(action: RateLimitedAction, bucket: RateLimitBucket): Promise<string> {
  const secret = await getServerSecret();
  return `${action}:${bucket.kind}:${createHmac("sha256", secret).update(bucket.key).digest("base64url").slice(0, 32)}`;
}

export type RateLimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

/** Counts one attempt against every limit of the action; limited if any is exceeded. */
export async function countAttempt(
  action: RateLimitedAction,
  subject: { handleKey?: string; clientAddress: string },
): Promise<RateLimitVerdict> {
  const buckets = rateLimitBuckets(action, { handleKey: subject.handleKey, clientKey: clientGroup(subject.clientAddress) }, getEnv().RATE_LIMIT_CLIENT_MULTIPLIER);
  const checks = await Promise.all(buckets.map(async (bucket) => ({ bucket: await bucketName(action, bucket), limit: bucket.limit })));
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
