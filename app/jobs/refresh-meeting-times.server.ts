import { refreshMeetingTimes } from "~/data/meeting-times.server";
import { defineJob } from "./runner.server";

/**
 * Every minute: meetings whose next time is unknown (new, or changed where the app could not
 * work it out at once) or has just ended get their next one, so the finder's "starting soon"
 * order is never more than a minute behind.
 */
export const refreshMeetingTimesJob = defineJob({
  name: "refresh-meeting-times",
  everyMs: 60 * 1000,
  run: async (trx) => ({ meetings: await refreshMeetingTimes(trx, new Date()) }),
});
