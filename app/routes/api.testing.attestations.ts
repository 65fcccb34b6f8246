import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiAccount } from "~/auth/current-account.server";
import { signOwnAttestation, storeOwnAttestation, type AttestationRefusal, type StoreAttestationResult } from "~/data/attestations.server";
import { getDatabase } from "~/data/db.server";
import { asMember, asSystemThenMember } from "~/data/rls.server";
import { getOrCreateServerSecret } from "~/data/server-secret.server";
import { AttestationPayload } from "~/forms/attestation-payloads";
import { fieldFailure, formFailure } from "~/forms/form-reply";
import { jsonRefusal, jsonReply, parseForm, refusal, type Refusal } from "~/forms/parse-form.server";

function refusalOf(result: AttestationRefusal | Exclude<StoreAttestationResult, { ok: true }>): Refusal {
  switch (result.reason) {
    case "invalid":
      return refusal(400, fieldFailure({ expiresOn: `errors.attestations.expiry.${result.problems[0]?.problem ?? "format"}` }));
    case "not-negative":
      return refusal(404, formFailure("errors.attestations.noResult"));
    case "too-many":
      return refusal(409, formFailure("errors.attestations.tooMany"));
    case "taken":
      return refusal(409, formFailure("errors.form.unexpected"));
  }
}

/**
 * The two steps of making an attestation link (attestation-links.client.ts): "sign" signs the
 * facts of the member's own negative result; "store" keeps what the browser sealed with them.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const form = await parseForm(request, AttestationPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const step = form.value;
  const db = await getDatabase();
  if (step.intent === "sign") {
    const signed = await asSystemThenMember(db, "testing: sign an attestation", account.userId, getOrCreateServerSecret, (trx, secret) =>
      signOwnAttestation(trx, secret, { bookingId: step.bookingId, expiresOn: step.expiresOn }),
    );
    return signed.ok ? jsonReply(200, { ok: true, signed: signed.signed }) : jsonRefusal(refusalOf(signed));
  }
  const stored = await asMember(db, account.userId, (trx) => storeOwnAttestation(trx, step));
  return stored.ok ? jsonReply(201, { ok: true }) : jsonRefusal(refusalOf(stored));
}
