import type { ActionFunctionArgs } from "@remix-run/node";
import { RecoveryPayload } from "~/forms/account-payloads";
import { refusedReply, startSessionHeaders } from "~/auth/auth-replies.server";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { formFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

const FAILED = formFailure("errors.recovery.failed");

/** Two steps: "start" proves the code and returns the recovery-wrapped key; "complete" installs the new keys. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, RecoveryPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const clientAddress = context.clientAddress;
  if (form.value.intent === "start") {
    const started = await getAuthProvider().startRecovery(form.value, { clientAddress });
    if (!started.ok) return refusedReply(started, FAILED);
    return jsonReply(200, { ok: true, recoveryWrappedPrivateKey: started.recoveryWrappedPrivateKey });
  }
  const completed = await getAuthProvider().completeRecovery(form.value, { clientAddress });
  if (!completed.ok) return refusedReply(completed, FAILED);
  return jsonReply(200, { ok: true }, await startSessionHeaders(completed.session, { sharedPhone: form.value.sharedPhone }));
}
