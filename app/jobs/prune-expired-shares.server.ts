import { deleteExpiredShares } from "~/data/identity.server";
import { defineJob } from "./runner.server";

/** Hourly: an expired share is deleted within the hour (rotation already leaves it out). */
export const pruneExpiredSharesJob = defineJob({
  name: "prune-expired-shares",
  everyMs: 60 * 60 * 1000,
  run: async (trx) => ({ shares: await deleteExpiredShares(trx) }),
});
