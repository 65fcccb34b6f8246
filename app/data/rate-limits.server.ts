/**
 * Fixed-window rate-limit counters (private.rate_limit_hits, privileged path). The caller
 * chooses the bucket and window; anything personal in a bucket name (a handle, an address)
 * must be hashed first.
 */
import { sql } from "kysely";
import type { SystemTx } from "./rls.server";

/** Counts one hit in (bucket, window) and returns the hits in that window so far, this one included. */
export async function hitRateLimit(trx: SystemTx, bucket: string, windowStart: Date): Promise<number> {
  const row = await trx
    .insertInto("private.rate_limit_hits")
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.columns(["bucket", "window_start"]).doUpdateSet({ hits: sql<number>`private.rate_limit_hits.hits + 1` }),
    )
    .returning("hits")
    .executeTakeFirstOrThrow();
  return row.hits;
}

/** The hits counted in (bucket, window) so far, without counting one. */
export async function readRateLimitHits(trx: SystemTx, bucket: string, windowStart: Date): Promise<number> {
  const row = await trx
    .selectFrom("private.rate_limit_hits")
    .select("hits")
    .where("bucket", "=", bucket)
    .where("window_start", "=", windowStart)
    .executeTakeFirst();
  return row?.hits ?? 0;
}

/** Cleanup job: removes windows that started before `before`; returns how many. */
export async function pruneRateLimitHits(trx: SystemTx, before: Date): Promise<number> {
  const result = await trx.deleteFrom("private.rate_limit_hits").where("window_start", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
