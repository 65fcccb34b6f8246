import { deleteEndedSharesOlderThan, deleteExpiredShares } from "~/data/identity.server";
import { ENDED_SHARE_KEEP_DAYS } from "~/domain/identity/share-expiry";
import { CLEAN_UP_EVERY_MINUTES } from "~/domain/privacy/retention";
import { defineJob } from "./runner.server";

/**
 * Hourly: an expired share is deleted within the hour (rotation already leaves it out), and
 * the history of a share that ended more than ENDED_SHARE_KEEP_DAYS ago is forgotten.
 */
export const pruneExpiredSharesJob = defineJob({
  name: "prune-expired-shares",
  everyMs: CLEAN_UP_EVERY_MINUTES * 60 * 1000,
  run: async (trx) => ({
    shares: await deleteExpiredShares(trx),
    endedShares: await deleteEndedSharesOlderThan(trx, ENDED_SHARE_KEEP_DAYS),
  }),
});
