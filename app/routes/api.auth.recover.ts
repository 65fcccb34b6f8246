import type { ActionFunctionArgs } from "@remix-run/node";
import { RecoveryPayload } from "~/forms/account-payloads";
import { refusedReply, startSessionHeaders } from "~/auth/auth-replies.server";
import { completeRecovery, startRecovery } from "~/auth/embedded-auth.server";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

const FAILED = { fieldErrors: {}, formError: "errors.recovery.failed" };

/** Two steps: "start" proves the code and returns the recovery-wrapped key; "complete" installs the new keys. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, RecoveryPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const clientAddress = context.clientAddress;
  if (form.value.intent === "start") {
    const started = await startRecovery(form.value, { clientAddress });
    if (!started.ok) return refusedReply(started, FAILED);
    return jsonReply(200, { ok: true, recoveryWrappedPrivateKey: started.recoveryWrappedPrivateKey });
  }
  const completed = await completeRecovery(form.value, { clientAddress });
  if (!completed.ok) return refusedReply(completed, FAILED);
  return jsonReply(200, { ok: true }, await startSessionHeaders(completed.userId));
}
