import { afterEach, describe, expect, it, vi } from "vitest";
import { openVault, resealVault, sealKeyFor, sealNewVault } from "~/crypto/vault";
import { NO_PINS, type KeyPins } from "~/domain/identity/key-pins";
import { formFailure } from "~/forms/form-reply";
import {
  deleteSavedIdentity,
  exportOwnData,
  openOwnVault,
  saveIdentity,
  vaultRotatedToNewKeys,
  type ShareKeyHolder,
} from "./identity-vault.client";
import { CSRF, fakeServer, GONE_WORKER, keyPair, OTHER_WORKER, OWNER, recordOf, SHARE_A, SHARE_B, SHARE_GONE, TODAY, WORKER } from "./identity-vault-test-helpers";

// The use cases of the member's own vault against a fake server: which URL each posts,
// exactly which fields, and that what it posts is ciphertext the right keys open (the route
// handlers and the end-to-end journeys rely on these names). Sharing is in
// identity-vault-sharing.client.test.ts.

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("openOwnVault", () => {
  it("gives empty fields and no data key before the first save", async () => {
    expect(await openOwnVault({ ownerId: OWNER, keys: await keyPair(), vault: null })).toEqual({ ok: true, fields: {}, pins: {}, dataKey: null });
  });

  it("opens the vault with the owner's keys, and refuses one other keys made, saying it cannot be proven theirs", async () => {
    const keys = await keyPair();
    const { record } = await sealNewVault({ ownerId: OWNER, keys, fields: { legalName: "王小明" } });
    const opened = await openOwnVault({ ownerId: OWNER, keys, vault: record });
    expect(opened.ok && opened.fields).toEqual({ legalName: "王小明" });
    expect(await openOwnVault({ ownerId: OWNER, keys: await keyPair(), vault: record })).toEqual(formFailure("errors.vault.notProvenOwn"));
  });

  it("refuses a vault whose owner's copy anyone with the public key could have made (v1.sealed), showing nothing of it", async () => {
    const keys = await keyPair();
    const { record, dataKey } = await sealNewVault({ ownerId: OWNER, keys, fields: { legalName: "王小明" } });
    const planted = { ...record, ownerSealedKey: await sealKeyFor(dataKey, keys.publicKey) };
    expect(await openOwnVault({ ownerId: OWNER, keys, vault: planted })).toEqual(formFailure("errors.vault.notProvenOwn"));
  });

  it("says only 'could not open' when libsodium itself fails, not that the vault is someone else's", async () => {
    const keys = await keyPair();
    const { record } = await sealNewVault({ ownerId: OWNER, keys, fields: {} });
    const broken = { ...keys, get privateKey(): Uint8Array { throw new Error("not loaded"); } };
    expect(await openOwnVault({ ownerId: OWNER, keys: broken, vault: record })).toEqual(formFailure("errors.vault.openFailed"));
  });
});

describe("deleteSavedIdentity", () => {
  it("posts only the CSRF token to the delete route, and passes a refusal on", async () => {
    const requests = fakeServer();
    const working = vi.fn();
    expect(await deleteSavedIdentity({ csrf: CSRF, onWorking: working })).toEqual({ ok: true });
    expect(working).toHaveBeenCalledOnce();
    expect(requests.map((r) => [r.method, r.url, r.fields])).toEqual([["POST", "/api/identity/delete", { csrf: CSRF }]]);
    fakeServer(() => ({ status: 401, body: formFailure("errors.form.signedOut") }));
    expect(await deleteSavedIdentity({ csrf: CSRF })).toEqual(formFailure("errors.form.signedOut"));
  });
});

describe("saveIdentity", () => {
  it("first save: posts a new vault (key version 1) as ciphertext only, which the owner's keys open", async () => {
    const keys = await keyPair();
    const requests = fakeServer();
    const working = vi.fn();
    const saved = await saveIdentity({ legalName: " 王小明 ", phone: "13800138000" }, { ownerId: OWNER, keys, vault: null, dataKey: null, pins: NO_PINS }, { csrf: CSRF, onWorking: working }, TODAY);
    expect(working).toHaveBeenCalledOnce();
    expect(saved.ok).toBe(true);
    expect(requests.map((r) => [r.method, r.url, Object.keys(r.fields)])).toEqual([["POST", "/api/identity/vault", ["csrf", "ciphertext", "ownerSealedKey", "keyVersion"]]]);
    const sent = requests[0]?.fields ?? {};
    expect(sent.csrf).toBe(CSRF);
    expect(sent.keyVersion).toBe("1");
    expect(JSON.stringify(sent)).not.toContain("王小明");
    expect((await openVault({ ownerId: OWNER, record: recordOf(sent), keys })).fields).toEqual({ legalName: "王小明", phone: "13800138000" });
    expect(saved.ok && saved.fields).toEqual({ legalName: "王小明", phone: "13800138000" });
  });

  it("an edit keeps the data key, key version and key pins, so shares keep opening and pins keep holding", async () => {
    const keys = await keyPair();
    const { record, dataKey } = await sealNewVault({ ownerId: OWNER, keys, fields: { legalName: "王小明" } });
    const pins: KeyPins = { [WORKER]: (await keyPair()).publicKey };
    const requests = fakeServer();
    const saved = await saveIdentity({ legalName: "王大明" }, { ownerId: OWNER, keys, vault: record, dataKey, pins }, { csrf: CSRF }, TODAY);
    expect(saved.ok && saved.dataKey).toBe(dataKey);
    const sent = recordOf(requests[0]?.fields ?? {});
    expect(sent.ownerSealedKey).toBe(record.ownerSealedKey);
    expect(sent.keyVersion).toBe(record.keyVersion);
    expect(await openVault({ ownerId: OWNER, record: sent, keys })).toMatchObject({ fields: { legalName: "王大明" }, pins });
  });

  it("sends nothing when a field is wrong, names the field, and never reports working", async () => {
    const requests = fakeServer();
    const working = vi.fn();
    const own = { ownerId: OWNER, keys: await keyPair(), vault: null, dataKey: null, pins: NO_PINS };
    const saved = await saveIdentity({ phone: "12345" }, own, { csrf: CSRF, onWorking: working }, TODAY);
    expect(saved).toEqual({ ok: false, fieldErrors: { phone: "errors.identity.phoneFormat" } });
    expect(requests).toEqual([]);
    expect(working).not.toHaveBeenCalled();
  });

  it("passes the server's refusal on", async () => {
    fakeServer(() => ({ status: 409, body: formFailure("errors.vault.stale") }));
    const saved = await saveIdentity({}, { ownerId: OWNER, keys: await keyPair(), vault: null, dataKey: null, pins: NO_PINS }, { csrf: CSRF }, TODAY);
    expect(saved).toEqual(formFailure("errors.vault.stale"));
  });
});

describe("vaultRotatedToNewKeys (replacing the owner's keys)", () => {
  async function setUp() {
    const owner = await keyPair();
    const newOwner = await keyPair();
    const [workerA, workerB, planted] = await Promise.all([keyPair(), keyPair(), keyPair()]);
    if (!workerA || !workerB || !planted) throw new Error("set-up");
    const { record, dataKey } = await sealNewVault({ ownerId: OWNER, keys: owner, fields: { legalName: "王小明" } });
    const shares: ShareKeyHolder[] = [
      { id: SHARE_A, recipientId: WORKER, recipientHandle: "worker_li", recipientPublicKey: workerA.publicKey, live: true },
      { id: SHARE_B, recipientId: OTHER_WORKER, recipientHandle: "worker_wang", recipientPublicKey: workerB.publicKey, live: true },
      // No longer live: not re-sealed, so its key (another than pinned) is not checked either.
      { id: SHARE_GONE, recipientId: GONE_WORKER, recipientHandle: "worker_zhao", recipientPublicKey: planted.publicKey, live: false },
    ];
    const pinnedVault = async (pins: KeyPins) => ({ ...record, ciphertext: await resealVault({ ownerId: OWNER, keyVersion: 1, dataKey, fields: { legalName: "王小明" }, pins }) });
    return { owner, newOwner, workerA, workerB, planted, shares, pinnedVault };
  }

  it("carries the pins over, pins live shares made before pins, and re-seals only live shares", async () => {
    const { owner, newOwner, workerA, workerB, planted, shares, pinnedVault } = await setUp();
    const vault = await pinnedVault({ [WORKER]: workerA.publicKey, [GONE_WORKER]: (await keyPair()).publicKey });
    const rotated = await vaultRotatedToNewKeys({ ownerId: OWNER, keys: owner, vault, shares }, newOwner);
    if (!rotated.ok) throw new Error(JSON.stringify(rotated));
    const { ciphertext, ownerSealedKey, newKeyVersion, reseals } = rotated.fields;
    const record = { ciphertext: String(ciphertext), ownerSealedKey: String(ownerSealedKey), keyVersion: Number(newKeyVersion) };
    const opened = await openVault({ ownerId: OWNER, record, keys: newOwner });
    // Kept oldest first; the keys just sealed to count as the most recently used.
    expect(Object.keys(opened.pins)).toEqual([GONE_WORKER, WORKER, OTHER_WORKER]);
    expect(opened.pins[WORKER]).toBe(workerA.publicKey);
    expect(opened.pins[OTHER_WORKER]).toBe(workerB.publicKey);
    expect(opened.pins[GONE_WORKER]).not.toBe(planted.publicKey);
    expect((JSON.parse(String(reseals)) as Array<{ shareId: string }>).map((r) => r.shareId)).toEqual([SHARE_A, SHARE_B]);
  });

  it("stops, with nothing to post, when a live share's worker has another key than pinned", async () => {
    const { owner, newOwner, workerA, planted, shares, pinnedVault } = await setUp();
    const vault = await pinnedVault({ [WORKER]: workerA.publicKey });
    const swapped = shares.map((share) => (share.id === SHARE_A ? { ...share, recipientPublicKey: planted.publicKey } : share));
    expect(await vaultRotatedToNewKeys({ ownerId: OWNER, keys: owner, vault, shares: swapped }, newOwner)).toEqual(formFailure("errors.account.workerKeyChanged"));
  });
});

describe("exportOwnData", () => {
  function fakeDownload() {
    const link = { href: "", download: "", click: vi.fn() };
    vi.stubGlobal("document", { createElement: () => link });
    const files: Blob[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((file) => {
      files.push(file as Blob);
      return "blob:export";
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    return { link, files };
  }

  it("downloads what the server holds, with the identity decrypted in the browser and no key material", async () => {
    const keys = await keyPair();
    const { record } = await sealNewVault({ ownerId: OWNER, keys, fields: { legalName: "王小明" } });
    const requests = fakeServer(() => ({ status: 200, body: { ok: true, data: { profile: { handle: "xiaoming" }, identityVault: record } } }));
    const { link, files } = fakeDownload();
    expect(await exportOwnData({ ownerId: OWNER, keys })).toEqual({ ok: true });
    expect(requests.map((r) => [r.method, r.url])).toEqual([["GET", "/api/identity/export"]]);
    expect([link.download, link.href, link.click.mock.calls.length]).toEqual(["my-data.json", "blob:export", 1]);
    const file = JSON.parse((await files[0]?.text()) ?? "") as Record<string, unknown>;
    expect(file).toMatchObject({ profile: { handle: "xiaoming" }, identity: { legalName: "王小明" } });
    // The vault's ciphertext and sealed key stay out: the file opens nothing else.
    expect(file).not.toHaveProperty("identityVault");
    expect(JSON.stringify(file)).not.toContain(record.ownerSealedKey);
    expect(typeof file.exportedAt).toBe("string");
  });

  it("says the export failed when the server does not answer with the data", async () => {
    fakeServer(() => ({ status: 500, body: {} }));
    const { link } = fakeDownload();
    expect(await exportOwnData({ ownerId: OWNER, keys: await keyPair() })).toEqual(formFailure("errors.vault.exportFailed"));
    expect(link.click).not.toHaveBeenCalled();
  });
});
