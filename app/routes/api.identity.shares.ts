import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiAccount } from "~/auth/current-account.server";
import { recordAudit } from "~/data/audit.server";
import { getDatabase } from "~/data/db.server";
import { createShareWithVault, listShareRecipients, type CreateShareResult } from "~/data/identity.server";
import { asMember } from "~/data/rls.server";
import { shareExpiry } from "~/domain/identity/share-expiry";
import { fieldFailure, formFailure } from "~/forms/form-reply";
import { jsonRefusal, jsonReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { CreateSharePayload } from "~/forms/identity-payloads";

const REFUSALS: Refusals<RefusalReason<CreateShareResult>> = {
  "not-allowed": refusal(400, fieldFailure({ recipientId: "errors.share.recipient" })),
  stale: refusal(409, formFailure("errors.vault.stale")),
  exists: refusal(409, fieldFailure({ recipientId: "errors.share.exists" })),
  "no-vault": refusal(409, formFailure("errors.share.noVault")),
  "too-many": refusal(409, fieldFailure({ recipientId: "errors.share.tooMany" })),
};

/** Shares the identity with one social worker of the member's area, until an expiry, and stores the vault holding their key pin. */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const form = await parseForm(request, CreateSharePayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const share = form.value;
  const db = await getDatabase();
  const result = await asMember(db, account.userId, async (trx) => {
    const recipients = account.areaId ? await listShareRecipients(trx) : [];
    if (!recipients.some((recipient) => recipient.userId === share.recipientId)) return { ok: false as const, reason: "not-allowed" as const };
    const created = await createShareWithVault(trx, {
      share: { recipientId: share.recipientId, purpose: "area_support", sealedKey: share.sealedKey, expiresAt: shareExpiry(new Date(), share.days) },
      vault: { ciphertext: share.ciphertext, ownerSealedKey: share.ownerSealedKey, keyVersion: share.keyVersion },
    });
    if (created.ok) await recordAudit(trx, "identity.shared", created.id);
    return created;
  });
  if (!result.ok) return jsonRefusal(REFUSALS[result.reason]);
  return jsonReply(201, { ok: true, id: result.id });
}
