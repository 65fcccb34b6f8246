import type { ActionFunctionArgs } from "@remix-run/node";
import { ChangePassphrasePayload } from "~/forms/account-payloads";
import { refusedReply, startSessionHeaders } from "~/auth/auth-replies.server";
import { isSharedPhoneSession, requireApiAccount } from "~/auth/current-account.server";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { fieldFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

/** Re-wraps the private key under a new passphrase; every session ends and this browser gets a new one, on the same kind of phone. */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const form = await parseForm(request, ChangePassphrasePayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const result = await getAuthProvider().changePassphrase(account, form.value, { clientAddress: context.clientAddress });
  if (!result.ok) return refusedReply(result, fieldFailure({ currentPassphrase: "errors.passphrase.currentWrong" }));
  const sharedPhone = await isSharedPhoneSession(request, context);
  return jsonReply(200, { ok: true }, await startSessionHeaders(result.session, { sharedPhone }));
}
