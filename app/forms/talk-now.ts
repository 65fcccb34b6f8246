/** The "I need to talk now" forms: asking (an optional short note for the people alerted) and taking it back. */
import { z } from "zod";
import { TALK_NOTE_MAX_LENGTH } from "~/domain/notifications/talk-requests";
import { memberText } from "./member-text";

export const TalkNowAction = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("ask"), note: memberText(TALK_NOTE_MAX_LENGTH, "errors.talkNow.noteTooLong").optional().default("") }),
    z.object({ intent: z.literal("cancel"), requestId: z.uuid("errors.form.invalid") }),
  ],
  { error: "errors.form.invalid" },
);

export const NotificationAction = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("answer"), notificationId: z.uuid("errors.form.invalid") }), z.object({ intent: z.literal("read-all") })],
  { error: "errors.form.invalid" },
);
