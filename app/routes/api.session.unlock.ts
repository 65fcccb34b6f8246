import type { ActionFunctionArgs } from "@remix-run/node";
import { refusedReply } from "~/auth/auth-replies.server";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { UnlockSessionPayload } from "~/forms/account-payloads";
import { fieldFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

/**
 * Unlocks a session locked for lack of use (routes/locked.tsx): the passphrase's auth key
 * proves the member as at sign-in, and the passphrase-wrapped private key comes back for
 * the tab to unwrap. A wrong passphrase is said beside the field and unlocks nothing.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, UnlockSessionPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const result = await getAuthProvider().unlockSession(request, form.value.authKey, { clientAddress: context.clientAddress });
  if (!result.ok) return refusedReply(result, fieldFailure({ passphrase: "errors.passphrase.currentWrong" }));
  return jsonReply(200, { ok: true, wrappedPrivateKey: result.wrappedPrivateKey });
}
