/**
 * A member's proof of a negative test that says no more than it must: "negative, tested on
 * this date at a partner site", signed by the server, shared as an expiring link. The link's
 * decryption key travels in the URL fragment, which browsers never send to the server.
 */
import { isBase64UrlOfBytes } from "~/domain/formats/envelope-shape";
import { addDays, dayNumber } from "~/domain/groups/local-time";
import type { TestOutcome } from "./booking-rules";

/** An attestation stops working at most this many days after it is made. */
export const ATTESTATION_MAX_DAYS = 90;
export const ATTESTATION_KEY_BYTES = 32;

export interface AttestationFacts {
  id: string;
  outcome: "negative";
  testedOn: string;
  issuedOn: string;
  /** The first day it no longer holds: it is valid before this date. */
  expiresOn: string;
}

/** Only a negative result is attested: any other would tell a reader more than "clear". */
export function canAttest(outcome: TestOutcome): outcome is "negative" {
  return outcome === "negative";
}

/** The exact text the server signs: versioned, one fact a line, nothing about the member or the site. */
export function attestationSigningPayload(facts: AttestationFacts): string {
  return ["tongxing-test-attestation-v1", facts.id, facts.outcome, facts.testedOn, facts.issuedOn, facts.expiresOn].join("\n");
}

export type AttestationExpiryProblem = { field: "expiresOn"; problem: "format" | "past" | "tooLong"; days: number };

/**
 * An expiry the member chose: a real date after today, at most ATTESTATION_MAX_DAYS after the
 * day it is made. `issuedOn` and `today` come from the server's clock: a bad issuedOn throws.
 */
export function checkAttestationExpiry(choice: { issuedOn: string; expiresOn: string; today: string }): AttestationExpiryProblem[] {
  const problem = expiryProblem(choice);
  return problem === null ? [] : [{ field: "expiresOn", problem, days: ATTESTATION_MAX_DAYS }];
}

// Dates compare as text once they are real "YYYY-MM-DD" dates.
function expiryProblem(choice: { issuedOn: string; expiresOn: string; today: string }): AttestationExpiryProblem["problem"] | null {
  if (dayNumber(choice.expiresOn) === null) return "format";
  if (choice.expiresOn <= choice.today) return "past";
  return choice.expiresOn > addDays(choice.issuedOn, ATTESTATION_MAX_DAYS) ? "tooLong" : null;
}

/** What a link shows: revoked by its member first, else expired from its expiry date on. */
export function attestationStatus(state: { expiresOn: string; revokedAt: Date | null; today: string }): "valid" | "expired" | "revoked" {
  if (state.revokedAt !== null) return "revoked";
  return state.today >= state.expiresOn ? "expired" : "valid";
}

/** The link's fragment (without "#"): the 32-byte key as base64url without padding. */
export function attestationFragment(key: Uint8Array): string {
  if (key.length !== ATTESTATION_KEY_BYTES) throw new RangeError(`an attestation key is ${ATTESTATION_KEY_BYTES} bytes`);
  return btoa(String.fromCharCode(...key))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The key in a link's fragment ("#" or not), or null for anything but canonical base64url of 32 bytes. */
export function parseAttestationFragment(hash: string): Uint8Array | null {
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  // Canonical text of the right length only, so atob below cannot fail.
  if (!isBase64UrlOfBytes(text, ATTESTATION_KEY_BYTES)) return null;
  // 32 bytes are 43 characters: one "=" completes the last group of four.
  const binary = atob(`${text.replace(/-/g, "+").replace(/_/g, "/")}=`);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The associated data the sealed attestation is encrypted under: it opens only as the link it was made for. */
export function attestationSealingContext(id: string): string {
  return `tongxing-test-attestation-v1:${id}`;
}

/** What the member's browser seals under the link's key: the signed facts and the server's signature. */
export interface SignedAttestation {
  facts: AttestationFacts;
  /** Ed25519 over attestationSigningPayload(facts), base64url. */
  signature: string;
}

/** Bound on what a sealed attestation may hold: the facts and a signature are well under this. */
export const SEALED_ATTESTATION_MAX_BYTES = 1024;

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const SIGNATURE_TEXT = /^[A-Za-z0-9_-]{86}$/;

/** The signed attestation in opened text, or null for anything else (a link made by something other than this portal). */
export function parseSignedAttestation(text: string): SignedAttestation | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { facts, signature } = value as { facts?: unknown; signature?: unknown };
  if (typeof signature !== "string" || !SIGNATURE_TEXT.test(signature) || typeof facts !== "object" || facts === null) return null;
  const { id, outcome, testedOn, issuedOn, expiresOn } = facts as Record<string, unknown>;
  if (typeof id !== "string" || outcome !== "negative") return null;
  const dates = [testedOn, issuedOn, expiresOn];
  if (!dates.every((date): date is string => typeof date === "string" && DATE_TEXT.test(date))) return null;
  const [tested, issued, expires] = dates as [string, string, string];
  return { facts: { id, outcome, testedOn: tested, issuedOn: issued, expiresOn: expires }, signature };
}

/**
 * What a recipient's browser concludes once the signature checked out: the facts must be the
 * link's own (its id, the expiry the server holds) and still hold by the recipient's today.
 */
export function checkOpenedAttestation(opened: { facts: AttestationFacts; linkId: string; heldExpiresOn: string; today: string }): "valid" | "mismatch" | "expired" {
  if (opened.facts.id !== opened.linkId || opened.facts.expiresOn !== opened.heldExpiresOn) return "mismatch";
  return attestationStatus({ expiresOn: opened.facts.expiresOn, revokedAt: null, today: opened.today }) === "expired" ? "expired" : "valid";
}
