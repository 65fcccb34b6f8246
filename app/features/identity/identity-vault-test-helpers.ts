/** The ids, fake server and keys that the vault use cases' tests share. */
import { vi } from "vitest";
import type { UnlockedKeys } from "~/crypto/account-keys";
import { toB64 } from "~/crypto/encoding";
import { loadSodium } from "~/crypto/sodium";
import type { VaultRecord } from "~/crypto/vault";

export const OWNER = "3f1c2a9e-5b7d-4c1e-9a2b-0123456789ab";
export const SHARE_A = "a0000000-0000-4000-8000-00000000000a";
export const SHARE_B = "b0000000-0000-4000-8000-00000000000b";
export const SHARE_GONE = "c0000000-0000-4000-8000-00000000000c";
export const WORKER = "d0000000-0000-4000-8000-000000000002";
export const OTHER_WORKER = "d0000000-0000-4000-8000-000000000003";
export const GONE_WORKER = "d0000000-0000-4000-8000-000000000004";
export const CSRF = "csrf-token";
export const TODAY = new Date("2024-06-15T12:00:00+08:00");

export type Sent = { url: string; method: string; fields: Record<string, string> };

/** Replaces fetch; each request is recorded and answered by `reply`. */
export function fakeServer(reply: (sent: Sent) => { status: number; body: unknown } = () => ({ status: 200, body: { ok: true } })): Sent[] {
  const requests: Sent[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
    const fields: Record<string, string> = {};
    if (init.body instanceof FormData) for (const [name, value] of init.body.entries()) fields[name] = String(value);
    const sent = { url, method: init.method ?? "GET", fields };
    requests.push(sent);
    const { status, body } = reply(sent);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
  return requests;
}

export async function keyPair(): Promise<UnlockedKeys> {
  const sodium = await loadSodium();
  const pair = sodium.crypto_box_keypair();
  return { publicKey: toB64(sodium, pair.publicKey), privateKey: pair.privateKey };
}

export function recordOf(fields: Record<string, string>): VaultRecord {
  return { ciphertext: fields.ciphertext ?? "", ownerSealedKey: fields.ownerSealedKey ?? "", keyVersion: Number(fields.keyVersion) };
}
