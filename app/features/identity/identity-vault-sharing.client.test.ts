import { afterEach, describe, expect, it, vi } from "vitest";
import { openSharedVault, openVault, resealVault, sealKeyFor, sealNewVault } from "~/crypto/vault";
import { MAX_KEY_PINS, NO_PINS, type KeyPins } from "~/domain/identity/key-pins";
import { formFailure } from "~/forms/form-reply";
import {
  openShare,
  revokeShare,
  shareIdentity,
  type ShareKeyHolder,
} from "./identity-vault.client";
import { CSRF, fakeServer, GONE_WORKER, keyPair, OTHER_WORKER, OWNER, recordOf, SHARE_A, SHARE_B, SHARE_GONE, WORKER } from "./identity-vault-test-helpers";

// Sharing the vault against a fake server: sharing with a staff member (and with the pins
// full), taking a share back, and opening what was shared; which URL each posts, exactly
// which fields, and that only the right keys open what it posts.

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("shareIdentity", () => {
  /** A member with a saved vault, a social worker, and what the share use case takes. */
  async function setUp(pins: KeyPins = NO_PINS) {
    const owner = await keyPair();
    const worker = await keyPair();
    const { record, dataKey } = await sealNewVault({ ownerId: OWNER, keys: owner, fields: { legalName: "王小明" } });
    const own = { ownerId: OWNER, vault: record, dataKey, fields: { legalName: "王小明" }, pins, shares: [] };
    return { owner, worker, record, own, recipient: { userId: WORKER, handle: "worker_li", card: null, publicKey: worker.publicKey } };
  }

  it("refuses beside the recipient, without a request, until the vault is saved", async () => {
    const requests = fakeServer();
    const { own, recipient } = await setUp();
    const working = vi.fn();
    const shared = await shareIdentity({ recipient, days: "90" }, { ...own, vault: null, dataKey: null }, { csrf: CSRF, onWorking: working });
    expect(shared).toEqual({ ok: false, fieldErrors: { recipientId: "errors.share.noVault" } });
    expect(requests).toEqual([]);
    expect(working).not.toHaveBeenCalled();
  });

  it("first share: posts the data key sealed to the worker with the vault pinning their key, in one request", async () => {
    const { owner, worker, record, own, recipient } = await setUp();
    const requests = fakeServer(() => ({ status: 201, body: { ok: true, id: SHARE_A } }));
    const shared = await shareIdentity({ recipient, days: "30" }, own, { csrf: CSRF });
    expect(shared).toEqual({ ok: true, pins: { [WORKER]: worker.publicKey } });
    expect(requests.map((r) => [r.url, Object.keys(r.fields)])).toEqual([
      ["/api/identity/shares", ["csrf", "recipientId", "sealedKey", "days", "ciphertext", "ownerSealedKey", "keyVersion"]],
    ]);
    const sent = requests[0]?.fields ?? {};
    expect([sent.recipientId, sent.keyVersion, sent.days, sent.ownerSealedKey]).toEqual([WORKER, "1", "30", record.ownerSealedKey]);
    // The vault sent along holds the pin, under the same data key (the worker opens it too).
    expect(await openVault({ ownerId: OWNER, record: recordOf(sent), keys: owner })).toMatchObject({ fields: { legalName: "王小明" }, pins: { [WORKER]: worker.publicKey } });
    const opened = await openSharedVault({ ownerId: OWNER, ciphertext: sent.ciphertext ?? "", sealedKey: sent.sealedKey ?? "", keyVersion: 1, keys: worker });
    expect(opened).toEqual({ legalName: "王小明" });
  });

  it("shares again with a worker whose key is the pinned one", async () => {
    const worker = await keyPair();
    const { own } = await setUp({ [WORKER]: worker.publicKey });
    const requests = fakeServer(() => ({ status: 201, body: { ok: true, id: SHARE_A } }));
    const shared = await shareIdentity({ recipient: { userId: WORKER, handle: "worker_li", card: null, publicKey: worker.publicKey }, days: "30" }, own, { csrf: CSRF });
    expect(shared.ok).toBe(true);
    expect(requests).toHaveLength(1);
  });

  it("stops when the worker's key is not the pinned one: nothing sealed, nothing posted, the worker named", async () => {
    const pinned = await keyPair();
    const { own, recipient } = await setUp({ [WORKER]: pinned.publicKey });
    const requests = fakeServer(() => ({ status: 201, body: { ok: true, id: SHARE_A } }));
    const working = vi.fn();
    const shared = await shareIdentity({ recipient, days: "30" }, own, { csrf: CSRF, onWorking: working });
    expect(shared).toEqual({
      ok: false,
      fieldErrors: {},
      formError: "errors.keys.changed",
      keysChanged: [{ userId: WORKER, handle: "worker_li", pinnedKey: pinned.publicKey, currentKey: recipient.publicKey }],
    });
    expect(requests).toEqual([]);
    expect(working).not.toHaveBeenCalled();
    // Accepting another key than the one now offered changes nothing.
    const other = await keyPair();
    expect(await shareIdentity({ recipient, days: "30", accepted: { [WORKER]: other.publicKey } }, own, { csrf: CSRF })).toMatchObject({ keysChanged: [{ userId: WORKER }] });
    expect(requests).toEqual([]);
  });

  it("after the member accepts exactly the new key, seals to it and pins it in place of the old", async () => {
    const pinned = await keyPair();
    const { owner, worker, own, recipient } = await setUp({ [OTHER_WORKER]: pinned.publicKey, [WORKER]: pinned.publicKey });
    const requests = fakeServer(() => ({ status: 201, body: { ok: true, id: SHARE_A } }));
    const shared = await shareIdentity({ recipient, days: "30", accepted: { [WORKER]: worker.publicKey } }, own, { csrf: CSRF });
    const pins = { [OTHER_WORKER]: pinned.publicKey, [WORKER]: worker.publicKey };
    expect(shared).toEqual({ ok: true, pins });
    const sent = requests[0]?.fields ?? {};
    expect((await openVault({ ownerId: OWNER, record: recordOf(sent), keys: owner })).pins).toEqual(pins);
    expect(await openSharedVault({ ownerId: OWNER, ciphertext: sent.ciphertext ?? "", sealedKey: sent.sealedKey ?? "", keyVersion: 1, keys: worker })).toEqual({ legalName: "王小明" });
  });
});

describe("shareIdentity, when the pins are full", () => {
  it("makes room by dropping the oldest pin of a worker without a live share, even one whose share is no longer live", async () => {
    const idOf = (n: number) => `e0000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
    const owner = await keyPair();
    const worker = await keyPair();
    const oldKeys = await Promise.all(Array.from({ length: MAX_KEY_PINS }, () => keyPair()));
    const pins: KeyPins = Object.fromEntries(oldKeys.map((key, i) => [idOf(i), key.publicKey]));
    // The oldest pin's worker still has a share, but it is no longer live; the second oldest has a live one.
    const shares: ShareKeyHolder[] = [
      { id: SHARE_GONE, recipientId: idOf(0), recipientHandle: "worker_zhao", recipientPublicKey: oldKeys[0]?.publicKey ?? "", live: false },
      { id: SHARE_B, recipientId: idOf(1), recipientHandle: "worker_wang", recipientPublicKey: oldKeys[1]?.publicKey ?? "", live: true },
    ];
    const { record, dataKey } = await sealNewVault({ ownerId: OWNER, keys: owner, fields: {} });
    fakeServer(() => ({ status: 201, body: { ok: true, id: SHARE_A } }));
    const recipient = { userId: WORKER, handle: "worker_li", card: null, publicKey: worker.publicKey };
    const shared = await shareIdentity({ recipient, days: "30" }, { ownerId: OWNER, vault: record, dataKey, fields: {}, pins, shares }, { csrf: CSRF });
    const kept = shared.ok ? Object.keys(shared.pins) : [];
    expect(kept).toHaveLength(MAX_KEY_PINS);
    expect(kept).not.toContain(idOf(0));
    expect(kept).toContain(idOf(1));
    expect(kept.at(-1)).toBe(WORKER);
  });
});

describe("revokeShare", () => {
  async function setUp() {
    const owner = await keyPair();
    const workerA = await keyPair();
    const workerB = await keyPair();
    const { record } = await sealNewVault({ ownerId: OWNER, keys: owner, fields: { legalName: "王小明" } });
    const shares: ShareKeyHolder[] = [
      { id: SHARE_A, recipientId: WORKER, recipientHandle: "worker_li", recipientPublicKey: workerA.publicKey, live: true },
      { id: SHARE_B, recipientId: OTHER_WORKER, recipientHandle: "worker_wang", recipientPublicKey: workerB.publicKey, live: true },
      // Expired, or the worker moved on: it gets no new data key, and its key is neither checked nor pinned.
      { id: SHARE_GONE, recipientId: GONE_WORKER, recipientHandle: "worker_zhao", recipientPublicKey: (await keyPair()).publicKey, live: false },
    ];
    const pins: KeyPins = { [WORKER]: workerA.publicKey, [OTHER_WORKER]: workerB.publicKey };
    return { owner, workerA, workerB, record, shares, pins };
  }

  it("uploads the rotated vault with every other live share re-sealed; the revoked one and those no longer live are left out", async () => {
    const { owner, workerB, record, shares, pins: livePins } = await setUp();
    // The share no longer live is pinned to another key than the server now gives: not a warning.
    const pins: KeyPins = { ...livePins, [GONE_WORKER]: (await keyPair()).publicKey };
    const requests = fakeServer();
    const revoked = await revokeShare(SHARE_A, { ownerId: OWNER, keys: owner, vault: record, shares, pins }, { csrf: CSRF });
    expect(revoked.ok).toBe(true);
    expect(requests.map((r) => [r.url, Object.keys(r.fields)])).toEqual([
      ["/api/identity/revoke", ["csrf", "shareId", "ciphertext", "ownerSealedKey", "newKeyVersion", "reseals"]],
    ]);
    const sent = requests[0]?.fields ?? {};
    expect([sent.shareId, sent.newKeyVersion]).toEqual([SHARE_A, "2"]);
    const rotated = { ciphertext: sent.ciphertext ?? "", ownerSealedKey: sent.ownerSealedKey ?? "", keyVersion: 2 };
    // The rotated vault keeps every pin, the revoked worker's too (a later share is checked against it).
    expect(await openVault({ ownerId: OWNER, record: rotated, keys: owner })).toMatchObject({ fields: { legalName: "王小明" }, pins });
    const reseals = JSON.parse(sent.reseals ?? "") as Array<{ shareId: string; sealedKey: string }>;
    expect(reseals.map((r) => r.shareId)).toEqual([SHARE_B]);
    const forB = { ownerId: OWNER, ciphertext: rotated.ciphertext, sealedKey: reseals[0]?.sealedKey ?? "", keyVersion: 2 };
    expect(await openSharedVault({ ...forB, keys: workerB })).toEqual({ legalName: "王小明" });
    // The returned data key is the new one: an edit sealed with it opens under key version 2.
    const newKey = revoked.ok ? revoked.dataKey : new Uint8Array();
    const edited = await resealVault({ ownerId: OWNER, keyVersion: 2, dataKey: newKey, fields: { legalName: "王大明" }, pins });
    expect((await openVault({ ownerId: OWNER, record: { ...rotated, ciphertext: edited }, keys: owner })).fields).toEqual({ legalName: "王大明" });
  });

  it("pins the keys of shares made before pins existed", async () => {
    const { owner, workerB, record, shares } = await setUp();
    const requests = fakeServer();
    const revoked = await revokeShare(SHARE_A, { ownerId: OWNER, keys: owner, vault: record, shares, pins: NO_PINS }, { csrf: CSRF });
    expect(revoked).toMatchObject({ ok: true, pins: { [OTHER_WORKER]: workerB.publicKey } });
    const sent = requests[0]?.fields ?? {};
    const rotated = { ciphertext: sent.ciphertext ?? "", ownerSealedKey: sent.ownerSealedKey ?? "", keyVersion: 2 };
    expect((await openVault({ ownerId: OWNER, record: rotated, keys: owner })).pins).toEqual({ [OTHER_WORKER]: workerB.publicKey });
  });

  it("stops when a remaining worker's key changed: nothing rotated or posted, that worker named; revoking their own share still works", async () => {
    const { owner, record, shares, pins } = await setUp();
    const planted = await keyPair();
    const swapped = shares.map((share) => (share.id === SHARE_B ? { ...share, recipientPublicKey: planted.publicKey } : share));
    const requests = fakeServer();
    const working = vi.fn();
    const revoked = await revokeShare(SHARE_A, { ownerId: OWNER, keys: owner, vault: record, shares: swapped, pins }, { csrf: CSRF, onWorking: working });
    expect(revoked).toMatchObject({
      ok: false,
      formError: "errors.keys.changed",
      keysChanged: [{ userId: OTHER_WORKER, handle: "worker_wang", pinnedKey: pins[OTHER_WORKER], currentKey: planted.publicKey }],
    });
    expect(requests).toEqual([]);
    expect(working).not.toHaveBeenCalled();
    // Taking back the changed worker's own share seals nothing to them, so it goes ahead.
    const own = await revokeShare(SHARE_B, { ownerId: OWNER, keys: owner, vault: record, shares: swapped, pins }, { csrf: CSRF });
    expect(own.ok).toBe(true);
    const reseals = JSON.parse(requests[0]?.fields.reseals ?? "") as Array<{ shareId: string }>;
    expect(reseals.map((r) => r.shareId)).toEqual([SHARE_A]);
  });

  it("after the member accepts the new key, re-seals to it and pins it", async () => {
    const { owner, record, shares, pins } = await setUp();
    const planted = await keyPair();
    const swapped = shares.map((share) => (share.id === SHARE_B ? { ...share, recipientPublicKey: planted.publicKey } : share));
    const requests = fakeServer();
    const revoked = await revokeShare(SHARE_A, { ownerId: OWNER, keys: owner, vault: record, shares: swapped, pins }, { csrf: CSRF }, { [OTHER_WORKER]: planted.publicKey });
    expect(revoked).toMatchObject({ ok: true, pins: { [WORKER]: pins[WORKER], [OTHER_WORKER]: planted.publicKey } });
    const sent = requests[0]?.fields ?? {};
    const reseals = JSON.parse(sent.reseals ?? "") as Array<{ shareId: string; sealedKey: string }>;
    const forB = { ownerId: OWNER, ciphertext: sent.ciphertext ?? "", sealedKey: reseals[0]?.sealedKey ?? "", keyVersion: 2 };
    expect(await openSharedVault({ ...forB, keys: planted })).toEqual({ legalName: "王小明" });
  });

  it("passes the server's refusal on", async () => {
    const owner = await keyPair();
    const { record } = await sealNewVault({ ownerId: OWNER, keys: owner, fields: {} });
    fakeServer(() => ({ status: 404, body: formFailure("errors.share.gone") }));
    expect(await revokeShare(SHARE_A, { ownerId: OWNER, keys: owner, vault: record, shares: [], pins: NO_PINS }, { csrf: CSRF })).toEqual(formFailure("errors.share.gone"));
  });
});

describe("openShare", () => {
  it("posts the share id and opens what comes back with the social worker's keys", async () => {
    const owner = await keyPair();
    const worker = await keyPair();
    const { record, dataKey } = await sealNewVault({ ownerId: OWNER, keys: owner, fields: { phone: "13800138000" } });
    const sealedKey = await sealKeyFor(dataKey, worker.publicKey);
    const requests = fakeServer(() => ({ status: 200, body: { ok: true, ownerId: OWNER, ciphertext: record.ciphertext, sealedKey, keyVersion: 1 } }));
    expect(await openShare(SHARE_A, worker, { csrf: CSRF })).toEqual({ ok: true, fields: { phone: "13800138000" } });
    expect(requests.map((r) => [r.url, r.fields])).toEqual([["/api/identity/open", { csrf: CSRF, shareId: SHARE_A }]]);
  });

  it("passes a refusal on, and turns a vault that does not open into a message", async () => {
    fakeServer(() => ({ status: 404, body: formFailure("errors.share.gone") }));
    expect(await openShare(SHARE_A, await keyPair(), { csrf: CSRF })).toEqual(formFailure("errors.share.gone"));
    fakeServer(() => ({ status: 200, body: { ok: true, ownerId: OWNER, ciphertext: "v1.xc20p.bad", sealedKey: "v1.sealed.bad", keyVersion: 1 } }));
    expect(await openShare(SHARE_A, await keyPair(), { csrf: CSRF })).toEqual(formFailure("errors.vault.openFailed"));
  });
});
