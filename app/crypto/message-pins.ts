import type { UnlockedKeys } from "./account-keys";
import { fromB64, toB64 } from "./encoding";
import { withSharedKey } from "./messages";
import { loadSodium } from "./sodium";
import { CryptoError } from "~/domain/formats/crypto-error";
import { MESSAGE_NONCE_BYTES } from "~/domain/formats/message-shape";
import { isLowerCaseUuid } from "~/domain/formats/uuid";

/**
 * The key a member's browser pinned for the other person of a mentorship (decision 032):
 * `{"v":1,"owner":…,"mentorship":…,"counterpart":…,"publicKey":…}` boxed from the member's
 * private key to their own public key (crypto_box), so only their keys open it and only
 * their keys could have made it: a server that swaps the counterpart's key cannot swap the
 * pin to match. Opening checks that the pin is this member's, for this mentorship.
 * Failures throw CryptoError ('malformed' or 'wrong-key'). Nothing here logs.
 */
export type KeyPin = { counterpartId: string; publicKey: string };
export type SealedKeyPin = { nonce: string; ciphertext: string };
type PinScope = { ownerId: string; mentorshipId: string };

const PIN_VERSION = 1;

export async function sealKeyPin(scope: PinScope, pin: KeyPin, ownKeys: UnlockedKeys): Promise<SealedKeyPin> {
  for (const id of [scope.ownerId, scope.mentorshipId, pin.counterpartId]) {
    if (!isLowerCaseUuid(id)) throw new CryptoError("malformed", "ids must be lower-case UUIDs");
  }
  const sodium = await loadSodium();
  fromB64(sodium, pin.publicKey, 32, "public key");
  const plaintext = sodium.from_string(
    JSON.stringify({ v: PIN_VERSION, owner: scope.ownerId, mentorship: scope.mentorshipId, counterpart: pin.counterpartId, publicKey: pin.publicKey }),
  );
  const nonce = sodium.randombytes_buf(MESSAGE_NONCE_BYTES);
  const ciphertext = withSharedKey(sodium, ownKeys, ownKeys.publicKey, (key) => sodium.crypto_box_easy_afternm(plaintext, nonce, key));
  return { nonce: toB64(sodium, nonce), ciphertext: toB64(sodium, ciphertext) };
}

export async function openKeyPin(scope: PinScope, sealed: SealedKeyPin, ownKeys: UnlockedKeys): Promise<KeyPin> {
  const sodium = await loadSodium();
  const nonce = fromB64(sodium, sealed.nonce, MESSAGE_NONCE_BYTES, "nonce");
  const ciphertext = fromB64(sodium, sealed.ciphertext, undefined, "pin");
  const plaintext = withSharedKey(sodium, ownKeys, ownKeys.publicKey, (key) => {
    try {
      return sodium.crypto_box_open_easy_afternm(ciphertext, nonce, key);
    } catch {
      throw new CryptoError("wrong-key", "pin did not authenticate");
    }
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(sodium.to_string(plaintext));
  } catch {
    throw new CryptoError("malformed", "pin is not JSON");
  }
  const pin = parsed as { v?: unknown; owner?: unknown; mentorship?: unknown; counterpart?: unknown; publicKey?: unknown };
  if (pin.v !== PIN_VERSION || typeof pin.counterpart !== "string" || typeof pin.publicKey !== "string") throw new CryptoError("malformed", "pin has the wrong shape");
  // A pin moved from another member or another mentorship is not this one's.
  if (pin.owner !== scope.ownerId || pin.mentorship !== scope.mentorshipId) throw new CryptoError("wrong-key", "pin belongs elsewhere");
  return { counterpartId: pin.counterpart, publicKey: pin.publicKey };
}
