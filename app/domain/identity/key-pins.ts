import { isBase64UrlOfBytes } from "~/domain/formats/envelope-shape";
import { isLowerCaseUuid } from "~/domain/formats/uuid";

/**
 * Key pins (decision 014): the public key the member's browser first sealed their data key
 * to, per social worker. They live inside the encrypted vault plaintext
 * (identity-plaintext.ts), so they follow the member to any phone, survive sign-out and quick
 * exit, and leave nothing on the device; the server sees only ciphertext.
 *
 * Before sealing to a worker (a share, or re-sealing the remaining shares at a rotation)
 * the browser compares the key the server gives now with the pin:
 * - no pin: first use; the key is pinned in the same upload as the share;
 * - the same key: go on;
 * - another key: stop, seal nothing, and warn. The member may accept exactly that new key
 *   after comparing safety numbers with the worker; it is then pinned in its place.
 *
 * Pure functions; ids are lower-case account UUIDs, keys 32-byte X25519 public keys in
 * base64url. Order matters: the oldest pin comes first (JSON keeps the insertion order of
 * keys that are not array indices, which a UUID never is).
 */

/** Account id → pinned public key. */
export type KeyPins = Readonly<Record<string, string>>;

/**
 * At most this many pins, ~85 bytes each (decision 014): with the largest identity the field
 * rules allow they still fit the vault's one padded size (VAULT_PLAINTEXT_BUCKET_BYTES). A
 * member's area has few social workers; a member may also hold at most this many unexpired
 * shares (createShare), so re-sealing every live share at a rotation never pins more.
 */
export const MAX_KEY_PINS = 16;

const PUBLIC_KEY_BYTES = 32;

/** A key the browser is about to seal to. */
export type RecipientKey = { userId: string; publicKey: string };

/** A worker whose key is not the one pinned, and was not accepted by the member. */
export type KeyChange = { userId: string; pinnedKey: string; currentKey: string };

export const NO_PINS: KeyPins = Object.freeze({});

export function isPinnableKey(key: RecipientKey): boolean {
  return isLowerCaseUuid(key.userId) && isBase64UrlOfBytes(key.publicKey, PUBLIC_KEY_BYTES);
}

/** The pins as they are stored, or undefined if `value` is not a pin map. */
export function readKeyPins(value: unknown): KeyPins | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const pins: Record<string, string> = {};
  for (const [userId, publicKey] of Object.entries(value)) {
    if (typeof publicKey !== "string" || !isPinnableKey({ userId, publicKey })) return undefined;
    pins[userId] = publicKey;
  }
  return pins;
}

/**
 * The recipients whose key differs from their pin, in the order given. `accepted` holds keys
 * the member accepted after comparing safety numbers: a recipient whose current key is
 * exactly the accepted one is not a change (any other key still is).
 */
export function findKeyChanges(pins: KeyPins, recipients: readonly RecipientKey[], accepted: KeyPins = NO_PINS): KeyChange[] {
  const changes: KeyChange[] = [];
  for (const { userId, publicKey } of recipients) {
    const pinnedKey = ownValue(pins, userId);
    if (pinnedKey === undefined || pinnedKey === publicKey || ownValue(accepted, userId) === publicKey) continue;
    changes.push({ userId, pinnedKey, currentKey: publicKey });
  }
  return changes;
}

/** True when `key` is the one pinned for its account: the only key the browser seals to. */
export function isPinnedKey(pins: KeyPins, key: RecipientKey): boolean {
  return ownValue(pins, key.userId) === key.publicKey;
}

/**
 * The pins after sealing to `recipients`: each one's key pinned (new, or accepted in place of
 * the old) and moved to the end as the most recently used. Beyond MAX_KEY_PINS the oldest
 * pins go first among accounts not in `keep` (the member's current share recipients), then
 * the oldest of all. Throws RangeError for an id or key of the wrong shape (a bug or a
 * server sending nonsense; the crypto core would refuse to seal to it anyway).
 */
export function pinKeys(pins: KeyPins, recipients: readonly RecipientKey[], keep: ReadonlySet<string> = new Set()): KeyPins {
  const entries = new Map(Object.entries(pins));
  for (const recipient of recipients) {
    if (!isPinnableKey(recipient)) throw new RangeError("a pin needs a lower-case account id and a 32-byte base64url key");
    entries.delete(recipient.userId);
    entries.set(recipient.userId, recipient.publicKey);
  }
  const pinnedNow = new Set(recipients.map((recipient) => recipient.userId));
  for (const spare of [(id: string) => !keep.has(id) && !pinnedNow.has(id), (id: string) => !pinnedNow.has(id)]) {
    for (const userId of [...entries.keys()]) {
      if (entries.size <= MAX_KEY_PINS) break;
      if (spare(userId)) entries.delete(userId);
    }
  }
  return Object.fromEntries(entries);
}

function ownValue(pins: KeyPins, userId: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(pins, userId) ? pins[userId] : undefined;
}
