import { deleteExpiredShares } from "~/data/identity.server";
import { CLEAN_UP_EVERY_MINUTES } from "~/domain/privacy/retention";
import { defineJob } from "./runner.server";

/** Hourly: an expired share is deleted within the hour (rotation already leaves it out). */
export const pruneExpiredSharesJob = defineJob({
  name: "prune-expired-shares",
  everyMs: CLEAN_UP_EVERY_MINUTES * 60 * 1000,
  run: async (trx) => ({ shares: await deleteExpiredShares(trx) }),
});
