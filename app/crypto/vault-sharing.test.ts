/**
 * The vault shared and rotated: a recipient opens it with a key sealed to them, pinned to the
 * keys the owner checked; rotation re-encrypts under a new data key and version and re-seals
 * only the shares still live. Sealing, opening and tampering are in vault.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CryptoError } from "~/domain/formats/crypto-error";
import { isEnvelopeShape, isOwnerKeyShape, isSealedKeyShape, MAX_VAULT_CIPHERTEXT_BYTES } from "~/domain/formats/envelope-shape";
import { NO_PINS, type KeyPins } from "~/domain/identity/key-pins";
import { toB64 } from "./encoding";
import { loadSodium } from "./sodium";
import { openVault, resealVault, rotateVault, sealKeyFor, sealKeyForPinned, type VaultRecord } from "./vault";
import { mutatedStrings, rejects } from "./crypto-test-helpers";
import { ALL_FIELDS, keyPair, OTHER_OWNER, OWNER, ownerVault, shared } from "./vault-test-helpers";
import KAT from "./kat/vault-vectors.json";

describe("sharing", () => {
  it("a recipient opens the vault with a sealed key of their own, the owner with theirs", async () => {
    const { keys, record, dataKey } = await ownerVault();
    const staff = await keyPair();
    const sealedKey = await sealKeyFor(dataKey, staff.publicKey);
    expect(isSealedKeyShape(sealedKey)).toBe(true);
    expect(sealedKey).toMatch(/^v1\.sealed\.[A-Za-z0-9_-]{107}$/);
    expect(await shared(record, sealedKey, staff)).toEqual(ALL_FIELDS);
    await rejects(shared(record, sealedKey, keys), "wrong-key"); // sealed to the staff member, not the owner
    await rejects(shared(record, sealedKey, staff, OTHER_OWNER), "wrong-key");
    await rejects(shared(record, sealedKey, staff, OWNER, 2), "wrong-key");
  });

  it("seals to a recipient only at the key pinned for them", async () => {
    const { dataKey } = await ownerVault();
    const staff = await keyPair();
    const planted = await keyPair();
    const staffId = "7a0c1e2d-0000-4000-8000-000000000001";
    const recipient = { userId: staffId, publicKey: staff.publicKey };
    const sealedKey = await sealKeyForPinned(dataKey, recipient, { [staffId]: staff.publicKey });
    expect(isSealedKeyShape(sealedKey)).toBe(true);
    await rejects(sealKeyForPinned(dataKey, recipient, NO_PINS), "wrong-key");
    await rejects(sealKeyForPinned(dataKey, recipient, { [staffId]: planted.publicKey }), "wrong-key");
    await rejects(sealKeyForPinned(dataKey, { ...recipient, userId: "7a0c1e2d-0000-4000-8000-000000000002" }, { [staffId]: staff.publicKey }), "wrong-key");
  });

  it("an edit keeps the pins it is given", async () => {
    const { keys, record, dataKey } = await ownerVault();
    const pins: KeyPins = { "7a0c1e2d-0000-4000-8000-000000000001": (await keyPair()).publicKey };
    const ciphertext = await resealVault({ ownerId: OWNER, keyVersion: 1, dataKey, fields: ALL_FIELDS, pins });
    expect(await openVault({ ownerId: OWNER, record: { ...record, ciphertext }, keys })).toMatchObject({ fields: ALL_FIELDS, pins });
    await rejects(resealVault({ ownerId: OWNER, keyVersion: 1, dataKey, fields: ALL_FIELDS, pins: { worker_li: "x" } }), "malformed");
  });

  it("a recipient still opens an edited vault (same key and version)", async () => {
    const { record, dataKey } = await ownerVault();
    const staff = await keyPair();
    const sealedKey = await sealKeyFor(dataKey, staff.publicKey);
    const ciphertext = await resealVault({ ownerId: OWNER, keyVersion: 1, dataKey, fields: { legalName: "新名字" }, pins: NO_PINS });
    expect(await shared({ ...record, ciphertext }, sealedKey, staff)).toEqual({ legalName: "新名字" });
  });

  it("refuses keys and public keys of the wrong length or an unusable public key", async () => {
    const sodium = await loadSodium();
    const { dataKey } = await ownerVault();
    const staff = await keyPair();
    await rejects(sealKeyFor(new Uint8Array(31), staff.publicKey), "malformed");
    await rejects(sealKeyFor(dataKey, toB64(sodium, new Uint8Array(31))), "malformed");
    await rejects(sealKeyFor(dataKey, `${staff.publicKey}=`), "malformed");
    await rejects(sealKeyFor(dataKey, ""), "malformed");
    await rejects(sealKeyFor(dataKey, toB64(sodium, new Uint8Array(32))), "malformed"); // all-zero (low-order) point
    await rejects(resealVault({ ownerId: OWNER, keyVersion: 1, dataKey: new Uint8Array(33), fields: {}, pins: NO_PINS }), "malformed");
    const { record } = await ownerVault();
    await rejects(openVault({ ownerId: OWNER, record, keys: { publicKey: staff.publicKey, privateKey: new Uint8Array(31) } }), "malformed");
  });

  it("the sealed-key shape check agrees with what opening accepts", async () => {
    const { record, dataKey } = await ownerVault({ legalName: "张三" });
    const staff = await keyPair();
    const seeds = await Promise.all([0, 1, 2].map(() => sealKeyFor(dataKey, staff.publicKey)));
    for (const seed of seeds) expect(isSealedKeyShape(seed)).toBe(true);
    const mutated = mutatedStrings(seeds);
    await fc.assert(
      fc.asyncProperty(mutated, async (s) => {
        const outcome = await shared(record, s, staff).then(
          () => "opened",
          (e: unknown) => (e instanceof CryptoError ? e.code : "other"),
        );
        // Shape-valid strings reach the cryptography (and, altered, fail there); the others never do.
        if (isSealedKeyShape(s)) expect(["opened", "wrong-key"]).toContain(outcome);
        else expect(["malformed", "unsupported"]).toContain(outcome);
        if (seeds.includes(s)) expect(outcome).toBe("opened");
      }),
      { numRuns: 1000 },
    );
  });
});

describe("rotateVault", () => {
  async function setUp() {
    const owner = await ownerVault();
    const staff = await Promise.all([keyPair(), keyPair(), keyPair()]);
    const shareIds = ["5f0c1e2d-0000-4000-8000-000000000001", "5f0c1e2d-0000-4000-8000-000000000002", "5f0c1e2d-0000-4000-8000-000000000003"];
    const staffIds = ["7a0c1e2d-0000-4000-8000-000000000001", "7a0c1e2d-0000-4000-8000-000000000002", "7a0c1e2d-0000-4000-8000-000000000003"];
    const sealedKeys = await Promise.all(staff.map((s) => sealKeyFor(owner.dataKey, s.publicKey)));
    const pins: KeyPins = Object.fromEntries(staff.map((s, i) => [staffIds[i] ?? "", s.publicKey]));
    /** Share i as rotateVault takes it. */
    const remaining = (i: number) => ({ shareId: shareIds[i] ?? "", recipientId: staffIds[i] ?? "", recipientPublicKey: staff[i]?.publicKey ?? "" });
    return { ...owner, staff, shareIds, staffIds, sealedKeys, pins, remaining };
  }

  it("makes a new data key and version, boxes the owner's copy again and re-seals every remaining share", async () => {
    const { keys, record, dataKey, staff, shareIds, pins, remaining } = await setUp();
    const [kept1, kept2] = staff;
    const [id1, id2] = shareIds;
    if (kept1 === undefined || kept2 === undefined || id1 === undefined || id2 === undefined) throw new Error("set-up");
    const rotated = await rotateVault({ ownerId: OWNER, record, keys, remainingShares: [remaining(0), remaining(1)], pins });
    expect(rotated.record.keyVersion).toBe(2);
    expect(rotated.dataKey).not.toEqual(dataKey);
    expect(rotated.record.ciphertext).not.toBe(record.ciphertext);
    expect(isEnvelopeShape(rotated.record.ciphertext, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    expect(isOwnerKeyShape(rotated.record.ownerSealedKey)).toBe(true);
    expect(rotated.reseals.map((r) => r.shareId)).toEqual([id1, id2]);
    for (const reseal of rotated.reseals) expect(isSealedKeyShape(reseal.sealedKey)).toBe(true);

    const opened = await openVault({ ownerId: OWNER, record: rotated.record, keys });
    expect(opened.fields).toEqual(ALL_FIELDS);
    expect(opened.pins).toEqual(pins);
    expect(opened.dataKey).toEqual(rotated.dataKey);
    expect(await shared(rotated.record, rotated.reseals[0]?.sealedKey ?? "", kept1)).toEqual(ALL_FIELDS);
    expect(await shared(rotated.record, rotated.reseals[1]?.sealedKey ?? "", kept2)).toEqual(ALL_FIELDS);
    // A reseal is for its own recipient only.
    await rejects(shared(rotated.record, rotated.reseals[0]?.sealedKey ?? "", kept2), "wrong-key");
  });

  it("old key copies open nothing new, and the new key does not open the old ciphertext", async () => {
    const { keys, record, staff, sealedKeys, pins, remaining } = await setUp();
    const [kept, , revoked] = staff;
    if (kept === undefined || revoked === undefined) throw new Error("set-up");
    const rotated = await rotateVault({ ownerId: OWNER, record, keys, remainingShares: [remaining(0)], pins });
    const next = rotated.record;

    // The owner's old copy, at the new and at the old version.
    await rejects(openVault({ ownerId: OWNER, record: { ...next, ownerSealedKey: record.ownerSealedKey }, keys }), "wrong-key");
    await rejects(openVault({ ownerId: OWNER, record: { ...next, ownerSealedKey: record.ownerSealedKey, keyVersion: 1 }, keys }), "wrong-key");
    // Every share's old sealed key, the kept one's included.
    for (const [index, recipient] of staff.entries()) {
      for (const keyVersion of [1, 2]) {
        await rejects(shared(next, sealedKeys[index] ?? "", recipient, OWNER, keyVersion), "wrong-key");
      }
    }
    // The revoked recipient got no reseal, and none of the reseals opens for them.
    for (const reseal of rotated.reseals) await rejects(shared(next, reseal.sealedKey, revoked), "wrong-key");
    // The old ciphertext under the new key, at either version.
    for (const keyVersion of [1, 2]) {
      await rejects(openVault({ ownerId: OWNER, record: { ...record, ownerSealedKey: next.ownerSealedKey, keyVersion }, keys }), "wrong-key");
      await rejects(shared(record, rotated.reseals[0]?.sealedKey ?? "", kept, OWNER, keyVersion), "wrong-key");
    }
  });

  it("rotates to a new owner key pair: only the new pair opens it, the old pair does not, live shares are re-sealed, pins kept", async () => {
    const { keys, record, staff, pins, remaining } = await setUp();
    const [kept] = staff;
    if (kept === undefined) throw new Error("set-up");
    const newKeys = await keyPair();
    const rotated = await rotateVault({ ownerId: OWNER, record, keys, newOwnerKeys: newKeys, remainingShares: [remaining(0)], pins });
    expect(rotated.record.keyVersion).toBe(2);
    const opened = await openVault({ ownerId: OWNER, record: rotated.record, keys: newKeys });
    expect(opened.fields).toEqual(ALL_FIELDS);
    expect(opened.pins).toEqual(pins);
    expect(opened.dataKey).toEqual(rotated.dataKey);
    await rejects(openVault({ ownerId: OWNER, record: rotated.record, keys }), "wrong-key");
    expect(await shared(rotated.record, rotated.reseals[0]?.sealedKey ?? "", kept)).toEqual(ALL_FIELDS);
    // The new pair opens nothing of the old vault: its owner's copy was boxed by the old pair.
    await rejects(openVault({ ownerId: OWNER, record, keys: newKeys }), "wrong-key");
    // A new pair whose halves do not belong together is refused before anything is made.
    await rejects(
      rotateVault({ ownerId: OWNER, record, keys, newOwnerKeys: { publicKey: kept.publicKey, privateKey: newKeys.privateKey }, remainingShares: [], pins }),
      "wrong-key",
    );
  });

  it("rotates again from a rotated vault, and with no shares left", async () => {
    const { keys, record } = await setUp();
    const second = await rotateVault({ ownerId: OWNER, record, keys, remainingShares: [], pins: NO_PINS });
    expect(second.reseals).toEqual([]);
    const third = await rotateVault({ ownerId: OWNER, record: second.record, keys, remainingShares: [], pins: NO_PINS });
    expect(third.record.keyVersion).toBe(3);
    expect((await openVault({ ownerId: OWNER, record: third.record, keys })).fields).toEqual(ALL_FIELDS);
    await rejects(openVault({ ownerId: OWNER, record: { ...third.record, ownerSealedKey: second.record.ownerSealedKey }, keys }), "wrong-key");
  });

  it("refuses to rotate what the owner's keys cannot open", async () => {
    const { keys, record } = await setUp();
    const stranger = await keyPair();
    await rejects(rotateVault({ ownerId: OWNER, record, keys: stranger, remainingShares: [], pins: NO_PINS }), "wrong-key");
    await rejects(rotateVault({ ownerId: OTHER_OWNER, record, keys, remainingShares: [], pins: NO_PINS }), "wrong-key");
    await rejects(rotateVault({ ownerId: OWNER, record: { ...record, keyVersion: 2 }, keys, remainingShares: [], pins: NO_PINS }), "wrong-key");
  });

  it("refuses unlocked keys whose halves do not belong together (the owner would lock themselves out)", async () => {
    const { keys, record } = await setUp();
    const stranger = await keyPair();
    await rejects(rotateVault({ ownerId: OWNER, record, keys: { publicKey: stranger.publicKey, privateKey: keys.privateKey }, remainingShares: [], pins: NO_PINS }), "wrong-key");
  });

  it("refuses duplicate or empty share ids and unusable recipient keys", async () => {
    const sodium = await loadSodium();
    const { keys, record, staff, staffIds } = await setUp();
    const pk = staff[0]?.publicKey ?? "";
    const recipientId = staffIds[0] ?? "";
    const zero = toB64(sodium, new Uint8Array(32));
    const base = { ownerId: OWNER, record, keys, pins: { [recipientId]: pk } };
    const share = (shareId: string, recipientPublicKey = pk) => ({ shareId, recipientId, recipientPublicKey });
    await rejects(rotateVault({ ...base, remainingShares: [share("a"), share("a")] }), "malformed");
    await rejects(rotateVault({ ...base, remainingShares: [share("")] }), "malformed");
    await rejects(rotateVault({ ...base, remainingShares: [share("a", "not a key")] }), "malformed");
    await rejects(rotateVault({ ...base, pins: { [recipientId]: zero }, remainingShares: [share("a", zero)] }), "malformed");
  });

  it("seals to no remaining recipient whose key is not pinned, and writes the pins it is given", async () => {
    const { keys, record, staff, staffIds, pins, remaining } = await setUp();
    const planted = await keyPair();
    const base = { ownerId: OWNER, record, keys };
    // The server swapped recipient 1's key: the pins still hold the old one.
    const swapped = { ...remaining(1), recipientPublicKey: planted.publicKey };
    await rejects(rotateVault({ ...base, remainingShares: [remaining(0), swapped], pins }), "wrong-key");
    // A recipient with no pin at all is refused too: the caller pins first.
    await rejects(rotateVault({ ...base, remainingShares: [remaining(0)], pins: NO_PINS }), "wrong-key");
    // A pin for another account does not count.
    await rejects(rotateVault({ ...base, remainingShares: [remaining(0)], pins: { [staffIds[1] ?? ""]: staff[0]?.publicKey ?? "" } }), "wrong-key");
    // Once the member accepted the new key, it is pinned in its place and sealed to.
    const accepted = { ...pins, [staffIds[1] ?? ""]: planted.publicKey };
    const rotated = await rotateVault({ ...base, remainingShares: [remaining(0), swapped], pins: accepted });
    expect(await shared(rotated.record, rotated.reseals[1]?.sealedKey ?? "", planted)).toEqual(ALL_FIELDS);
    expect((await openVault({ ownerId: OWNER, record: rotated.record, keys })).pins).toEqual(accepted);
  });

  it("refuses to go past the largest safe key version", async () => {
    const { keys } = await setUp();
    const record: VaultRecord = { ciphertext: KAT.ciphertext, ownerSealedKey: KAT.ownerKey, keyVersion: Number.MAX_SAFE_INTEGER };
    await rejects(rotateVault({ ownerId: OWNER, record, keys, remainingShares: [], pins: NO_PINS }), "malformed");
  });
});
