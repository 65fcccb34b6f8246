import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { Key32 } from "~/forms/account-payloads";
import { endSessionHeaders, refusedReply } from "~/auth/auth-replies.server";
import { requireApiAccount } from "~/auth/current-account.server";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { fieldFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

/** Deletes the member's account and everything it owns, once the passphrase confirms it. */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const form = await parseForm(request, z.object({ authKey: Key32 }));
  if (!form.ok) return jsonReply(form.status, form.body);
  const result = await getAuthProvider().deleteAccount(account, form.value.authKey, { clientAddress: context.clientAddress });
  if (!result.ok) return refusedReply(result, fieldFailure({ deletePassphrase: "errors.passphrase.currentWrong" }));
  const headers = await endSessionHeaders(request, "leaveNoTrace");
  return jsonReply(200, { ok: true }, headers);
}
