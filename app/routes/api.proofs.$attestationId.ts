import type { LoaderFunctionArgs } from "@remix-run/node";
import { countPublicLookup } from "~/auth/auth-replies.server";
import { openAttestation } from "~/data/attestations.server";
import { getDatabase } from "~/data/db.server";
import { asSystem } from "~/data/rls.server";
import { formFailure } from "~/forms/form-reply";
import { jsonReply } from "~/forms/parse-form.server";

const STATUS_CODES = { valid: 200, revoked: 410, expired: 410, "not-found": 404 } as const;

/**
 * A proof link's sealed text, for the recipient's browser to open with the key in the link's
 * fragment (which it never sends). Signed out; counted per network; each opening is noted
 * for the member.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const verdict = await countPublicLookup(context.clientAddress);
  if (verdict.limited) {
    const { retryAfterSeconds } = verdict;
    return jsonReply(429, formFailure("errors.form.rateLimited", { retryAfterSeconds }), { "Retry-After": String(retryAfterSeconds) });
  }
  const opened = await asSystem(await getDatabase(), "testing: open an attestation link", (trx) => openAttestation(trx, params.attestationId ?? ""));
  return jsonReply(STATUS_CODES[opened.status], opened);
}
