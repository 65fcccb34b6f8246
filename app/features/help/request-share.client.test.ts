import { afterEach, describe, expect, it, vi } from "vitest";
import type { UnlockedKeys } from "~/crypto/account-keys";
import { toB64 } from "~/crypto/encoding";
import { loadSodium } from "~/crypto/sodium";
import { openSharedVault, openVault, sealNewVault } from "~/crypto/vault";
import { NO_PINS, type KeyPins } from "~/domain/identity/key-pins";
import { formFailure } from "~/forms/form-reply";
import { shareForRequest } from "./request-share.client";

// The request's share against a fake server: where it posts, exactly which fields, that the
// worker assigned to the request opens what was sent, and that a changed key stops it as on
// the identity page.

const OWNER = "3f1c2a9e-5b7d-4c1e-9a2b-0123456789ab";
const REQUEST = "e0000000-0000-4000-8000-00000000000e";
const WORKER = "d0000000-0000-4000-8000-000000000002";
const CSRF = "csrf-token";

type Sent = { url: string; fields: Record<string, string> };

function fakeServer(status = 201, body: unknown = { ok: true, id: "a0000000-0000-4000-8000-00000000000a" }): Sent[] {
  const requests: Sent[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
    const fields: Record<string, string> = {};
    if (init.body instanceof FormData) for (const [name, value] of init.body.entries()) fields[name] = String(value);
    requests.push({ url, fields });
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
  return requests;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

async function keyPair(): Promise<UnlockedKeys> {
  const sodium = await loadSodium();
  const pair = sodium.crypto_box_keypair();
  return { publicKey: toB64(sodium, pair.publicKey), privateKey: pair.privateKey };
}

async function setUp(pins: KeyPins = NO_PINS) {
  const owner = await keyPair();
  const worker = await keyPair();
  const fields = { legalName: "王小明", phone: "13800138000" };
  const { record, dataKey } = await sealNewVault({ ownerId: OWNER, keys: owner, fields });
  const own = { ownerId: OWNER, vault: record, dataKey, fields, pins, shares: [] };
  return { owner, worker, own, recipient: { userId: WORKER, handle: "worker_li", card: null, publicKey: worker.publicKey } };
}

describe("shareForRequest", () => {
  it("posts to the request's share route, without days, what the assigned worker opens and the owner's vault pins", async () => {
    const { owner, worker, own, recipient } = await setUp();
    const requests = fakeServer();
    const working = vi.fn();
    const shared = await shareForRequest(REQUEST)({ recipient, days: "" }, own, { csrf: CSRF, onWorking: working });
    expect(shared).toEqual({ ok: true, pins: { [WORKER]: worker.publicKey } });
    expect(working).toHaveBeenCalledOnce();
    expect(requests.map((r) => [r.url, Object.keys(r.fields)])).toEqual([
      [`/api/help/${REQUEST}/share`, ["csrf", "recipientId", "sealedKey", "ciphertext", "ownerSealedKey", "keyVersion"]],
    ]);
    const sent = requests[0]?.fields ?? {};
    expect(JSON.stringify(sent)).not.toContain("王小明");
    expect(JSON.stringify(sent)).not.toContain("13800138000");
    const record = { ciphertext: sent.ciphertext ?? "", ownerSealedKey: sent.ownerSealedKey ?? "", keyVersion: Number(sent.keyVersion) };
    expect((await openVault({ ownerId: OWNER, record, keys: owner })).pins).toEqual({ [WORKER]: worker.publicKey });
    expect(await openSharedVault({ ownerId: OWNER, ciphertext: record.ciphertext, sealedKey: sent.sealedKey ?? "", keyVersion: 1, keys: worker })).toEqual({
      legalName: "王小明",
      phone: "13800138000",
    });
    // Another account's keys open nothing of it.
    await expect(openSharedVault({ ownerId: OWNER, ciphertext: record.ciphertext, sealedKey: sent.sealedKey ?? "", keyVersion: 1, keys: await keyPair() })).rejects.toThrow();
  });

  it("stops before sealing or posting when the worker's key is not the pinned one", async () => {
    const pinned = await keyPair();
    const { own, recipient } = await setUp({ [WORKER]: pinned.publicKey });
    const requests = fakeServer();
    const shared = await shareForRequest(REQUEST)({ recipient, days: "" }, own, { csrf: CSRF });
    expect(shared).toMatchObject({ ok: false, formError: "errors.keys.changed", keysChanged: [{ userId: WORKER, pinnedKey: pinned.publicKey, currentKey: recipient.publicKey }] });
    expect(requests).toEqual([]);
  });

  it("passes the server's refusal on (the request closed or changed worker meanwhile)", async () => {
    const { own, recipient } = await setUp();
    fakeServer(409, formFailure("errors.helpShare.notAllowed"));
    expect(await shareForRequest(REQUEST)({ recipient, days: "" }, own, { csrf: CSRF })).toEqual(formFailure("errors.helpShare.notAllowed"));
  });
});
