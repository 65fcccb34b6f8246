import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiAccount } from "~/auth/current-account.server";
import { recordAudit } from "~/data/audit.server";
import { getDatabase } from "~/data/db.server";
import { saveOwnVault } from "~/data/identity.server";
import { asMember } from "~/data/rls.server";
import { formFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";
import { SaveVaultPayload } from "~/forms/identity-payloads";

/** Stores the member's encrypted identity (ciphertext only). */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const form = await parseForm(request, SaveVaultPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const db = await getDatabase();
  const saved = await asMember(db, account.userId, async (trx) => {
    const result = await saveOwnVault(trx, form.value);
    if (result.ok) await recordAudit(trx, "identity.saved", account.userId);
    return result;
  });
  if (!saved.ok) return jsonReply(409, formFailure("errors.vault.stale"));
  return jsonReply(200, { ok: true });
}
