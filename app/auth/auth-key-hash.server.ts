import { randomBytes } from "node:crypto";
import sodiumModule from "libsodium-wrappers-sumo";
import { CryptoError } from "~/domain/formats/crypto-error";
import { isBase64UrlOfBytes } from "~/domain/formats/envelope-shape";

/**
 * Server-side storage of auth keys and recovery auth keys (decision 001): crypto_pwhash_str
 * Argon2id with opslimit 2 and memlimit 19 MiB. The input already has 256 bits of entropy;
 * the hash only makes a leaked table useless for signing in.
 *
 * libsodium runs synchronously in WebAssembly, so each hash or verify blocks the event loop
 * for its duration (see bench/argon2id-node.ts for the figure on this machine).
 *
 * This is the server's one use of libsodium; it loads the library itself rather than through
 * the browser's crypto core (app/crypto), which the server never imports (decision 004).
 */

export const AUTH_KEY_HASH_OPSLIMIT = 2;
export const AUTH_KEY_HASH_MEMLIMIT = 19 * 1024 * 1024;

/** Hashes a base64url 32-byte auth key. Throws CryptoError('malformed') if it is not one. */
export async function hashAuthKey(authKey: string): Promise<string> {
  const sodium = await loadSodium();
  if (!isBase64UrlOfBytes(authKey, 32)) throw new CryptoError("malformed", "auth key is not 32 bytes of base64url");
  return sodium.crypto_pwhash_str(authKey, AUTH_KEY_HASH_OPSLIMIT, AUTH_KEY_HASH_MEMLIMIT);
}

/**
 * True only if `authKey` matches `hash`. False — never a throw — on a mismatch, a malformed
 * hash or a malformed auth key.
 */
export async function verifyAuthKey(hash: string, authKey: string): Promise<boolean> {
  const sodium = await loadSodium();
  if (typeof hash !== "string" || typeof authKey !== "string" || !hash.startsWith("$argon2id$")) return false;
  try {
    return sodium.crypto_pwhash_str_verify(hash, authKey);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random auth key, made once per process. Verify against it when the handle is
 * unknown, so that sign-in takes as long as for a real account (and always fails).
 */
export function dummyAuthKeyHash(): Promise<string> {
  if (dummy === undefined) {
    dummy = hashAuthKey(randomBytes(32).toString("base64url")).catch((error: unknown) => {
        dummy = undefined;
        throw error;
      });
  }
  return dummy;
}

async function loadSodium() {
  await sodiumModule.ready;
  return sodiumModule;
}
