import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiAccount } from "~/auth/current-account.server";
import { getDatabase } from "~/data/db.server";
import { saveOwnPin, sendMessage, type SendOutcome } from "~/data/messages.server";
import { asMember } from "~/data/rls.server";
import { formFailure } from "~/forms/form-reply";
import { MessageApiPayload } from "~/forms/message-payloads";
import { jsonRefusal, jsonReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";

const REFUSALS: Refusals<RefusalReason<SendOutcome>> = {
  "not-found": refusal(404, formFailure("errors.messages.notFound")),
  "not-open": refusal(409, formFailure("errors.messages.notOpen")),
  blocked: refusal(409, formFailure("errors.messages.notOpen")),
  "sequence-taken": refusal(409, formFailure("errors.messages.sequenceTaken")),
  "too-fast": refusal(429, formFailure("errors.messages.tooFast")),
  "not-allowed": refusal(403, formFailure("errors.messages.notFound")),
};

/**
 * A message the member's browser sealed for the other person of their mentorship (stored as
 * ciphertext; a retry of the same envelope and number answers as the first did), or the pin
 * it sealed to itself of the other person's key (decision 032).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const mentorshipId = z.uuid().safeParse(params.mentorshipId);
  if (!mentorshipId.success) return jsonReply(404, formFailure("errors.messages.notFound"));
  const form = await parseForm(request, MessageApiPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const payload = form.value;
  const db = await getDatabase();
  if (payload.intent === "pin") {
    const saved = await asMember(db, account.userId, (trx) => saveOwnPin(trx, mentorshipId.data, { nonce: payload.nonce, ciphertext: payload.ciphertext }).then(() => true)).catch(
      (error: unknown) => (error as { code?: string }).code === "42501" ? false : Promise.reject(error),
    );
    return saved ? jsonReply(200, { ok: true }) : jsonReply(404, formFailure("errors.messages.notFound"));
  }
  const { sequence, version, nonce, ciphertext } = payload;
  const sent = await asMember(db, account.userId, (trx) => sendMessage(trx, { mentorshipId: mentorshipId.data, sequence, envelope: { version, nonce, ciphertext } }));
  if (!sent.ok) return jsonRefusal(REFUSALS[sent.reason]);
  return jsonReply(201, { ok: true, id: sent.messageId, sentAt: sent.sentAt.toISOString() });
}
