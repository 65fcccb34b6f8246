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
