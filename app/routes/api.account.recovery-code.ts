import type { ActionFunctionArgs } from "@remix-run/node";
import { NewRecoveryCodePayload } from "~/forms/account-payloads";
import { refusedReply } from "~/auth/auth-replies.server";
import { requireApiAccount } from "~/auth/current-account.server";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { fieldFailure, formFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

/** Replaces the recovery code (same key pair) once the passphrase confirms it; the old code stops working. */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const form = await parseForm(request, NewRecoveryCodePayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const result = await getAuthProvider().newRecoveryCode(account, form.value, { clientAddress: context.clientAddress });
  if (result.ok) return jsonReply(200, { ok: true });
  if (result.reason === "stale") return jsonReply(409, formFailure("errors.account.keysChanged"));
  return refusedReply(result, fieldFailure({ recoveryPassphrase: "errors.passphrase.currentWrong" }));
}
