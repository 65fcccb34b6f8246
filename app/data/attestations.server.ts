/**
 * Member-held attestations of a negative test (migration 0032): the server signs the minimal
 * facts for the member's own negative result; the member's browser seals facts and signature
 * under a key only the link carries and stores the sealed text; anyone with the link gets the
 * sealed text back while the member has not revoked it and it has not expired.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { DEFAULT_TIME_ZONE, todayIn } from "~/domain/groups/local-time";
import { attestationSigningPayload, checkAttestationExpiry, type AttestationExpiryProblem, type SignedAttestation } from "~/domain/testing/attestation";
import { isUuid } from "~/domain/formats/uuid";
import { callWord } from "./private-calls.server";
import { callerId, type MemberTx, type SystemTx } from "./rls.server";
import { signPayload } from "./signing-keys.server";

export type AttestationRefusal = { ok: false; reason: "not-negative" } | { ok: false; reason: "invalid"; problems: AttestationExpiryProblem[] };

async function ownNegativeTestDate(trx: MemberTx, bookingId: string): Promise<string | null> {
  if (!isUuid(bookingId)) return null;
  const result = await sql<{ tested_on: string | null }>`select private.own_negative_test_date(${bookingId}::uuid)::text as tested_on`.execute(trx);
  return result.rows[0]?.tested_on ?? null;
}

/**
 * Signs "negative, tested on this date" for the caller's own negative result, under a new id,
 * valid until `expiresOn` (checked against the portal's today). Nothing is stored yet: the
 * member's browser seals it and stores it with storeOwnAttestation.
 */
export async function signOwnAttestation(
  trx: MemberTx,
  serverSecretHex: string,
  request: { bookingId: string; expiresOn: string },
  now = new Date(),
): Promise<{ ok: true; signed: SignedAttestation } | AttestationRefusal> {
  const today = todayIn(DEFAULT_TIME_ZONE, now);
  const problems = checkAttestationExpiry({ issuedOn: today, expiresOn: request.expiresOn, today });
  if (problems.length > 0) return { ok: false, reason: "invalid", problems };
  const testedOn = await ownNegativeTestDate(trx, request.bookingId);
  if (testedOn === null) return { ok: false, reason: "not-negative" };
  const facts = { id: randomUUID(), outcome: "negative" as const, testedOn, issuedOn: today, expiresOn: request.expiresOn };
  return { ok: true, signed: { facts, signature: signPayload(serverSecretHex, "testAttestations", attestationSigningPayload(facts)) } };
}

export type StoreAttestationResult = { ok: true } | AttestationRefusal | { ok: false; reason: "taken" | "too-many" };

/**
 * Stores the sealed attestation the caller's browser made from what signOwnAttestation
 * signed. The server cannot read the sealed text: it checks only whose result it is and the
 * expiry it will enforce (a recipient's browser checks that the sealed facts say the same).
 */
export async function storeOwnAttestation(
  trx: MemberTx,
  attestation: { id: string; bookingId: string; expiresOn: string; sealed: string },
  now = new Date(),
): Promise<StoreAttestationResult> {
  const today = todayIn(DEFAULT_TIME_ZONE, now);
  const problems = checkAttestationExpiry({ issuedOn: today, expiresOn: attestation.expiresOn, today });
  if (problems.length > 0) return { ok: false, reason: "invalid", problems };
  if (!isUuid(attestation.id) || !isUuid(attestation.bookingId)) return { ok: false, reason: "not-negative" };
  const word = await callWord(
    trx,
    sql<{ word: string }>`select private.store_test_attestation(${attestation.id}::uuid, ${attestation.bookingId}::uuid, ${attestation.expiresOn}::date, ${attestation.sealed}) as word`,
  );
  if (word === "stored") return { ok: true };
  if (word === "taken") return { ok: false, reason: "taken" };
  return word === "too_many" ? { ok: false, reason: "too-many" } : { ok: false, reason: "not-negative" };
}

export interface OwnAttestation {
  id: string;
  bookingId: string;
  testedOn: string;
  expiresOn: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** When the link was opened while it held, newest first. */
  openings: Date[];
}

/** The caller's attestation links, newest first, each with when it was opened. */
export async function listOwnAttestations(trx: MemberTx): Promise<OwnAttestation[]> {
  const [attestations, openings] = await Promise.all([
    trx
      .selectFrom("test_attestations as a")
      .innerJoin("testing_bookings as b", "b.id", "a.booking_id")
      .innerJoin("testing_slots as s", "s.id", "b.slot_id")
      .select(["a.id", "a.booking_id as bookingId", "s.local_date as testedOn", "a.expires_on as expiresOn", "a.created_at as createdAt", "a.revoked_at as revokedAt"])
      .where("a.member_id", "=", callerId)
      .orderBy("a.created_at", "desc")
      .limit(100)
      .execute(),
    trx
      .selectFrom("test_attestation_openings as o")
      .innerJoin("test_attestations as a", "a.id", "o.attestation_id")
      .select(["o.attestation_id as attestationId", "o.opened_at as openedAt"])
      .where("a.member_id", "=", callerId)
      .orderBy("o.opened_at", "desc")
      .limit(1000)
      .execute(),
  ]);
  return attestations.map((attestation) => ({
    ...attestation,
    openings: openings.filter((opening) => opening.attestationId === attestation.id).map((opening) => opening.openedAt),
  }));
}

/** The member stops their link working at once; false when it is not theirs or already revoked. */
export async function revokeOwnAttestation(trx: MemberTx, attestationId: string): Promise<{ ok: boolean }> {
  if (!isUuid(attestationId)) return { ok: false };
  const result = await sql<{ done: boolean }>`select private.revoke_test_attestation(${attestationId}::uuid) as done`.execute(trx);
  return { ok: result.rows[0]?.done === true };
}

export type OpenedAttestation =
  | { status: "valid"; expiresOn: string; sealed: string }
  | { status: "revoked" | "expired"; expiresOn: string }
  | { status: "not-found" };

/** A link opened by anyone (privileged: recipients are not signed in); notes the opening when it holds. */
export async function openAttestation(trx: SystemTx, attestationId: string): Promise<OpenedAttestation> {
  if (!isUuid(attestationId)) return { status: "not-found" };
  const result = await sql<{ status: "valid" | "revoked" | "expired"; expires_on: string; sealed: string | null }>`
    select status, expires_on::text as expires_on, sealed from private.open_test_attestation(${attestationId}::uuid)`.execute(trx);
  const row = result.rows[0];
  if (!row) return { status: "not-found" };
  if (row.status === "valid" && row.sealed !== null) return { status: "valid", expiresOn: row.expires_on, sealed: row.sealed };
  return { status: row.status === "revoked" ? "revoked" : "expired", expiresOn: row.expires_on };
}
