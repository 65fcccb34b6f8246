import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiAccount } from "~/auth/current-account.server";
import { recordAudit } from "~/data/audit.server";
import { getDatabase } from "~/data/db.server";
import { revokeShare } from "~/data/identity.server";
import { asMember } from "~/data/rls.server";
import { jsonReply, parseForm } from "~/forms/parse-form.server";
import { RevokeSharePayload } from "~/forms/identity-payloads";

/** Deletes a share and installs the rotated vault the browser made (decision 003). */
export async function action({ request }: ActionFunctionArgs) {
  const account = await requireApiAccount(request);
  const form = await parseForm(request, RevokeSharePayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const db = await getDatabase();
  const result = await asMember(db, account.userId, async (trx) => {
    const revoked = await revokeShare(trx, form.value);
    if (revoked.ok) await recordAudit(trx, "identity.share_revoked", form.value.shareId);
    return revoked;
  });
  if (!result.ok) {
    return result.reason === "not-found"
      ? jsonReply(404, { ok: false, fieldErrors: {}, formError: "errors.share.gone" })
      : jsonReply(409, { ok: false, fieldErrors: {}, formError: "errors.vault.stale" });
  }
  return jsonReply(200, { ok: true });
}
