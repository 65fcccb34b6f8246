import { deleteDisappearedMessages } from "~/data/messages.server";
import { CLEAN_UP_EVERY_MINUTES } from "~/domain/privacy/retention";
import { defineJob } from "./runner.server";

/**
 * Hourly: messages whose disappearing time has come are deleted (RLS already hides them from
 * both people the moment their time is up; this removes the ciphertext itself).
 */
export const deleteDisappearedMessagesJob = defineJob({
  name: "delete-disappeared-messages",
  everyMs: CLEAN_UP_EVERY_MINUTES * 60 * 1000,
  run: async (trx) => ({ messages: await deleteDisappearedMessages(trx) }),
});
