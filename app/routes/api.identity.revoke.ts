import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiAccount } from "~/auth/current-account.server";
import { recordAudit } from "~/data/audit.server";
import { getDatabase } from "~/data/db.server";
import { revokeShare, type RevokeShareResult } from "~/data/identity.server";
import { asMember } from "~/data/rls.server";
import { formFailure } from "~/forms/form-reply";
import { jsonRefusal, jsonReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { RevokeSharePayload } from "~/forms/identity-payloads";

const REFUSALS: Refusals<RefusalReason<RevokeShareResult>> = {
  "not-found": refusal(404, formFailure("errors.share.gone")),
  stale: refusal(409, formFailure("errors.vault.stale")),
};

/** Deletes a share and installs the rotated vault the browser made (decision 003). */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const form = await parseForm(request, RevokeSharePayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const db = await getDatabase();
  const result = await asMember(db, account.userId, async (trx) => {
    const revoked = await revokeShare(trx, form.value);
    if (revoked.ok) await recordAudit(trx, "identity.share_revoked", form.value.shareId);
    return revoked;
  });
  if (!result.ok) return jsonRefusal(REFUSALS[result.reason]);
  return jsonReply(200, { ok: true });
}
