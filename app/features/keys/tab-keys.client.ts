import type { UnlockedKeys } from "~/crypto/account-keys";
import { openEnvelope, sealEnvelope } from "~/crypto/envelope";
import { fromB64 } from "~/crypto/encoding";
import { loadSodium } from "~/crypto/sodium";
import { isBase64UrlOfBytes, isEnvelopeShape } from "~/domain/formats/envelope-shape";
import { CryptoError } from "~/domain/formats/crypto-error";
import { TAB_KEYS_STORAGE_KEY, wipeTabKeys } from "./wipe-tab-keys.client";

/**
 * The unlocked key pair of this tab, kept so that it survives a reload of the tab but not
 * the session. sessionStorage is written to the browser's files (and a delete there can
 * leave the old bytes behind), so the private key is never stored as it is: it is sealed
 * under the session's tab key, which the server keeps in the session row and hands only to
 * that session (api.session.tab-key). Sign-out, quick exit, expiry, a passphrase change or
 * recovery end the session and delete that key, and replacing the key pair takes it from
 * every session: whatever the files still hold opens no more. Nothing is stored when the tab key cannot be had; the member then types the
 * passphrase again after a reload.
 */

type Stored = { v: 2; publicKey: string; sealedPrivateKey: string };

/** Where the session's tab key comes from: the server, for this session only (tests pass their own). */
export type TabKeySource = () => Promise<string | null>;

/** The session's tab key from the server, or null (signed out, offline, refused). */
export const sessionTabKey: TabKeySource = async () => {
  try {
    const response = await fetch("/api/session/tab-key", { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) return null;
    const reply = (await response.json()) as { tabKey?: unknown };
    return typeof reply.tabKey === "string" && isBase64UrlOfBytes(reply.tabKey, 32) ? reply.tabKey : null;
  } catch {
    return null;
  }
};

/** Binds the sealed private key to its public key and to this use. */
function associatedData(publicKey: string): string {
  return `tx.tab-keys.v2|${publicKey}`;
}

/** Runs `run` with the session's tab key (wiped after), or answers null when there is none. */
async function withTabKey<T>(source: TabKeySource, run: (key: Uint8Array) => Promise<T>): Promise<T | null> {
  const tabKey = await source();
  if (!tabKey) return null;
  const sodium = await loadSodium();
  const key = fromB64(sodium, tabKey, 32, "tab key");
  try {
    return await run(key);
  } finally {
    sodium.memzero(key);
  }
}

/**
 * Keeps the keys for this tab, sealed under the session's tab key. Returns false (and keeps
 * nothing) when no tab key could be had. Keys of the wrong shape are a bug: CryptoError.
 */
export async function storeTabKeys(keys: UnlockedKeys, source: TabKeySource = sessionTabKey): Promise<boolean> {
  if (!isBase64UrlOfBytes(keys.publicKey, 32) || keys.privateKey.length !== 32) {
    throw new CryptoError("malformed", "keys to store must be a 32-byte key pair");
  }
  wipeTabKeys();
  const sealedPrivateKey = await withTabKey(source, (key) => sealEnvelope(key, keys.privateKey, associatedData(keys.publicKey)));
  if (sealedPrivateKey === null) return false;
  const stored: Stored = { v: 2, publicKey: keys.publicKey, sealedPrivateKey };
  sessionStorage.setItem(TAB_KEYS_STORAGE_KEY, JSON.stringify(stored));
  return true;
}

/** Keys being kept after the page has moved on (keepTabKeysSoon); reads wait for them. */
let keeping: Promise<unknown> = Promise.resolve();

/**
 * Keeps keys that are still being opened, without holding up the page: the sign-in goes to
 * the home page as soon as the server has said yes, while libsodium's chunk may still be on
 * its way to open the private key (decision 018). readTabKeys waits for it, so a page of this
 * tab that needs the keys finds them; a tab reloaded before then asks for the passphrase, as
 * it would without a tab key. Keys that do not open are not kept.
 */
export function keepTabKeysSoon(keys: Promise<UnlockedKeys | null>, source: TabKeySource = sessionTabKey): void {
  keeping = keys.then((unlocked) => (unlocked ? storeTabKeys(unlocked, source) : false)).catch(() => false);
}

/**
 * The tab's unlocked keys, or null: nothing stored, an entry this version cannot read (it
 * is wiped), or one the session's tab key does not open (the session changed; wiped too).
 */
export async function readTabKeys(source: TabKeySource = sessionTabKey): Promise<UnlockedKeys | null> {
  await keeping;
  const text = sessionStorage.getItem(TAB_KEYS_STORAGE_KEY);
  if (text === null) return null;
  const stored = parseStored(text);
  if (!stored) {
    wipeTabKeys();
    return null;
  }
  try {
    const privateKey = await withTabKey(source, (key) => openEnvelope(key, stored.sealedPrivateKey, associatedData(stored.publicKey)));
    if (privateKey === null) return null;
    if (privateKey.length !== 32) throw new CryptoError("malformed", "stored private key must be 32 bytes");
    return { publicKey: stored.publicKey, privateKey };
  } catch {
    wipeTabKeys();
    return null;
  }
}

function parseStored(text: string): Stored | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { v, publicKey, sealedPrivateKey } = value as Record<string, unknown>;
  if (v !== 2 || typeof publicKey !== "string" || typeof sealedPrivateKey !== "string") return undefined;
  if (!isBase64UrlOfBytes(publicKey, 32) || !isEnvelopeShape(sealedPrivateKey, 48)) return undefined;
  return { v, publicKey, sealedPrivateKey };
}
