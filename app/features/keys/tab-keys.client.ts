import type { UnlockedKeys } from "~/crypto/account-keys";
import { isBase64UrlOfBytes } from "~/domain/formats/envelope-shape";
import { CryptoError } from "~/domain/formats/crypto-error";

/**
 * The unlocked key pair of this tab, in sessionStorage under "tx.keys": it survives a
 * reload of the tab but not the tab itself, and is never shared with other tabs. Sign-out
 * and quick exit call wipeTabKeys(). Browser only; no libsodium needed.
 */

export const TAB_KEYS_STORAGE_KEY = "tx.keys";

type Stored = { v: 1; publicKey: string; privateKey: string };

export function storeTabKeys(keys: UnlockedKeys): void {
  if (!isBase64UrlOfBytes(keys.publicKey, 32) || keys.privateKey.length !== 32) {
    throw new CryptoError("malformed", "keys to store must be a 32-byte key pair");
  }
  const stored: Stored = { v: 1, publicKey: keys.publicKey, privateKey: bytesToB64(keys.privateKey) };
  sessionStorage.setItem(TAB_KEYS_STORAGE_KEY, JSON.stringify(stored));
}

/**
 * The tab's unlocked keys. `null` means only "not unlocked in this tab" (nothing stored).
 * A stored entry that cannot be read is wiped and reported as CryptoError('malformed'),
 * after which the next call returns null.
 */
export function readTabKeys(): UnlockedKeys | null {
  const text = sessionStorage.getItem(TAB_KEYS_STORAGE_KEY);
  if (text === null) return null;
  const stored = parseStored(text);
  if (stored === undefined) {
    wipeTabKeys();
    throw new CryptoError("malformed", "stored tab keys are unreadable");
  }
  return { publicKey: stored.publicKey, privateKey: b64ToBytes(stored.privateKey) };
}

export function wipeTabKeys(): void {
  sessionStorage.removeItem(TAB_KEYS_STORAGE_KEY);
}

function parseStored(text: string): Stored | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const { v, publicKey, privateKey } = record;
  if (v !== 1 || typeof publicKey !== "string" || typeof privateKey !== "string") return undefined;
  if (!isBase64UrlOfBytes(publicKey, 32) || !isBase64UrlOfBytes(privateKey, 32)) return undefined;
  return { v, publicKey, privateKey };
}

function bytesToB64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function b64ToBytes(text: string): Uint8Array {
  const standard = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(standard + "=".repeat((4 - (standard.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
