import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiAccount } from "~/auth/current-account.server";
import { recordAudit } from "~/data/audit.server";
import { getDatabase } from "~/data/db.server";
import type { CreateShareResult } from "~/data/identity.server";
import { createRequestShare } from "~/data/request-identity-shares.server";
import { asMember } from "~/data/rls.server";
import { formFailure } from "~/forms/form-reply";
import { CreateRequestSharePayload } from "~/forms/identity-payloads";
import { jsonRefusal, jsonReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";

const REFUSALS: Refusals<RefusalReason<CreateShareResult>> = {
  "not-allowed": refusal(409, formFailure("errors.helpShare.notAllowed")),
  stale: refusal(409, formFailure("errors.vault.stale")),
  exists: refusal(409, formFailure("errors.helpShare.exists")),
  "no-vault": refusal(409, formFailure("errors.share.noVault")),
  "too-many": refusal(409, formFailure("errors.share.tooMany")),
};

/** Shares the identity with the worker assigned to the member's open request, for that request only (migration 0036). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const requestId = z.uuid().safeParse(params.requestId);
  if (!requestId.success) return jsonReply(404, formFailure("errors.helpShare.notAllowed"));
  const form = await parseForm(request, CreateRequestSharePayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const { recipientId, sealedKey, ciphertext, ownerSealedKey, keyVersion } = form.value;
  const result = await asMember(await getDatabase(), account.userId, async (trx) => {
    const created = await createRequestShare(trx, requestId.data, { recipientId, sealedKey, vault: { ciphertext, ownerSealedKey, keyVersion } });
    if (created.ok) await recordAudit(trx, "identity.shared", created.id);
    return created;
  });
  if (!result.ok) return jsonRefusal(REFUSALS[result.reason]);
  return jsonReply(201, { ok: true, id: result.id });
}
