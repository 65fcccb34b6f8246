import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiAccount } from "~/auth/current-account.server";
import { recordAudit } from "~/data/audit.server";
import { getDatabase } from "~/data/db.server";
import { deleteOwnVault } from "~/data/identity.server";
import { asMember } from "~/data/rls.server";
import { jsonReply, parseForm } from "~/forms/parse-form.server";
import { DeleteVaultPayload } from "~/forms/identity-payloads";

/** Deletes the member's stored identity and its shares; nothing to delete is fine too. */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const form = await parseForm(request, DeleteVaultPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const db = await getDatabase();
  await asMember(db, account.userId, async (trx) => {
    if (await deleteOwnVault(trx)) await recordAudit(trx, "identity.deleted", account.userId);
  });
  return jsonReply(200, { ok: true });
}
