import type { ActionFunctionArgs } from "@remix-run/node";
import { ReplaceKeysPayload } from "~/forms/account-payloads";
import { refusedReply } from "~/auth/auth-replies.server";
import { requireApiAccount } from "~/auth/current-account.server";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { fieldFailure, formFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

/**
 * Installs a new key pair and the vault rotated to it, all or nothing (decision 015), once
 * the passphrase confirms it. The session stays; every tab must unlock the new keys.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const form = await parseForm(request, ReplaceKeysPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const result = await getAuthProvider().replaceKeys(account, form.value, { clientAddress: context.clientAddress });
  if (result.ok) return jsonReply(200, { ok: true });
  if (result.reason === "stale") return jsonReply(409, formFailure("errors.account.keysChanged"));
  return refusedReply(result, fieldFailure({ replacePassphrase: "errors.passphrase.currentWrong" }));
}
