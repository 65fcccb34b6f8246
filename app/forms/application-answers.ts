/**
 * What staff send when answering an application to lead or to mentor: the date since when
 * the member has been abstinent ("verify"), and the answer with an optional reason ("decide").
 */
import { z } from "zod";
import { TEXT_LIMITS } from "~/domain/groups/meeting-fields";
import { memberText } from "./member-text";

export const ApplicationAnswerFields = [
  z.object({ intent: z.literal("verify"), memberId: z.uuid("errors.form.invalid"), since: z.iso.date("errors.groups.date") }),
  z.object({
    intent: z.literal("decide"),
    applicationId: z.uuid("errors.form.invalid"),
    decision: z.enum(["approve", "decline"]),
    reason: memberText(TEXT_LIMITS.decisionReason, "errors.groups.reasonTooLong"),
  }),
] as const;
