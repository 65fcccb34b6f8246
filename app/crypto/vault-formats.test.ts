/**
 * The vault's formats: known answers made without libsodium, and what each part of a vault,
 * owner copy and share accepts (versions, algorithms, sizes, fields), refused with a
 * CryptoError and never opened. Sealing and tampering are in vault.test.ts, sharing and
 * rotation in vault-sharing.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CryptoError, type CryptoErrorCode } from "~/domain/formats/crypto-error";
import { isEnvelopeShape, isOwnerKeyShape, isSealedKeyShape, MAX_VAULT_CIPHERTEXT_BYTES, VAULT_PLAINTEXT_BUCKET_BYTES } from "~/domain/formats/envelope-shape";
import type { IdentityFields } from "~/domain/identity/identity-fields";
import { encodeIdentityPlaintext } from "~/domain/identity/identity-plaintext";
import { NO_PINS, type KeyPins } from "~/domain/identity/key-pins";
import type { UnlockedKeys } from "./account-keys";
import { fromB64, toB64 } from "./encoding";
import { openEnvelope, sealEnvelope } from "./envelope";
import { loadSodium } from "./sodium";
import { openSharedVault, openVault, resealVault, rotateVault, sealKeyFor, sealNewVault, vaultAd, type VaultRecord } from "./vault";
import { mutatedStrings, rejects } from "./crypto-test-helpers";
import { keyPair, OWNER, ownerVault, padTo, shared, utf8 } from "./vault-test-helpers";
import VECTORS from "./kat/vault-vectors.json";

// Made without libsodium by kat/make-vault-vectors.py (X25519/Poly1305 from `cryptography`,
// Salsa20/HSalsa20/HChaCha20 written out, BLAKE2b from hashlib): the owner's copy boxed with
// a fixed nonce, a share sealed with a fixed ephemeral key, a padded plaintext (version 2,
// pinning the staff member's key) in an XChaCha20-Poly1305 envelope with a fixed nonce, key
// version 7; and two owner copies of the
// same data key that someone without the owner's private key can make (sealed to the
// owner's public key, or boxed from another key pair).
const KAT = { ...VECTORS, fields: VECTORS.fields satisfies IdentityFields, pins: VECTORS.pins satisfies KeyPins };

async function katKeys(which: "owner" | "staff"): Promise<UnlockedKeys> {
  const sodium = await loadSodium();
  return { publicKey: KAT[which].publicKey, privateKey: fromB64(sodium, KAT[which].privateKey, 32) };
}

describe("vault known answer (made without libsodium)", () => {
  it("the owner and a share recipient open the vector", async () => {
    const sodium = await loadSodium();
    const record: VaultRecord = { ciphertext: KAT.ciphertext, ownerSealedKey: KAT.ownerKey, keyVersion: KAT.keyVersion };
    const opened = await openVault({ ownerId: KAT.ownerId, record, keys: await katKeys("owner") });
    expect(opened.fields).toEqual(KAT.fields);
    expect(opened.pins).toEqual(KAT.pins);
    expect(KAT.pins).toEqual({ [KAT.staff.userId]: KAT.staff.publicKey });
    expect(toB64(sodium, opened.dataKey)).toBe(KAT.dataKey);
    const staffView = await openSharedVault({
      ownerId: KAT.ownerId,
      ciphertext: KAT.ciphertext,
      sealedKey: KAT.staffSealedKey,
      keyVersion: KAT.keyVersion,
      keys: await katKeys("staff"),
    });
    expect(staffView).toEqual(KAT.fields);
  });

  it("writes the same plaintext, padding and associated data as the vector", async () => {
    const sodium = await loadSodium();
    expect(encodeIdentityPlaintext({ fields: KAT.fields, pins: KAT.pins })).toBe(KAT.plaintext);
    expect(vaultAd(KAT.ownerId, KAT.keyVersion)).toBe(`tongxing.identity-vault.v2:${KAT.ownerId}:7`);
    const padded = await openEnvelope(fromB64(sodium, KAT.dataKey), KAT.ciphertext, vaultAd(KAT.ownerId, KAT.keyVersion));
    expect(padded).toEqual(sodium.pad(utf8(KAT.plaintext), VAULT_PLAINTEXT_BUCKET_BYTES));
  });

  it("passes the server's shape checks", () => {
    expect(isEnvelopeShape(KAT.ciphertext, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    expect(isOwnerKeyShape(KAT.ownerKey)).toBe(true);
    expect(isSealedKeyShape(KAT.staffSealedKey)).toBe(true);
    // The anonymous owner copy is no longer an owner copy's shape; the planted box is.
    expect(isOwnerKeyShape(KAT.plantedSealedOwnerKey)).toBe(false);
    expect(isOwnerKeyShape(KAT.plantedBoxOwnerKey)).toBe(true);
  });

  it("refuses owner copies of the vector's data key made without the owner's private key", async () => {
    const keys = await katKeys("owner");
    const planted = (ownerSealedKey: string) => openVault({ ownerId: KAT.ownerId, record: { ciphertext: KAT.ciphertext, ownerSealedKey, keyVersion: KAT.keyVersion }, keys });
    await rejects(planted(KAT.plantedSealedOwnerKey), "unsupported");
    await rejects(planted(KAT.plantedBoxOwnerKey), "wrong-key");
    // The share's sealed key is not an owner copy either, though it holds the same data key.
    await rejects(planted(KAT.staffSealedKey), "unsupported");
  });

  it("refuses the vector under another key version or owner", async () => {
    const record: VaultRecord = { ciphertext: KAT.ciphertext, ownerSealedKey: KAT.ownerKey, keyVersion: 6 };
    await rejects(openVault({ ownerId: KAT.ownerId, record, keys: await katKeys("owner") }), "wrong-key");
    await rejects(openVault({ ownerId: OWNER, record: { ...record, keyVersion: 7 }, keys: await katKeys("owner") }), "wrong-key");
  });
});

describe("formats, versions and inputs", () => {
  const badOwnerKeys: Array<[string, (ownerKey: string) => string, CryptoErrorCode]> = [
    ["an unknown owner-key version", (s: string) => s.replace(/^v2\./, "v3."), "unsupported"],
    ["an unknown owner-key algorithm", (s: string) => s.replace(".box.", ".sealed."), "unsupported"],
    ["the anonymous v1 form", (_s: string) => KAT.plantedSealedOwnerKey, "unsupported"],
    ["an envelope in place of an owner key", (_s: string) => KAT.ciphertext, "unsupported"],
    ["an unknown version with another layout", (_s: string) => "v9.whatever", "unsupported"],
    ["no version", (s: string) => s.slice(3), "malformed"],
    ["an empty owner key", (_s: string) => "", "malformed"],
    ["a missing body", (_s: string) => "v2.box", "malformed"],
    ["an extra part", (s: string) => `${s}.AAAA`, "malformed"],
    ["an owner key a character short", (s: string) => s.slice(0, -1), "malformed"],
    ["a padded owner key", (s: string) => `${s}=`, "malformed"],
    ["a character outside base64url", (s: string) => `${s.slice(0, -1)}+`, "malformed"],
  ];

  it.each(badOwnerKeys)("refuses as the owner's copy %s", async (_name, change, code) => {
    const { keys, record } = await ownerVault();
    const ownerKey = change(record.ownerSealedKey);
    expect(isOwnerKeyShape(ownerKey)).toBe(false);
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ownerSealedKey: ownerKey }, keys }), code);
  });

  const badSealedKeys: Array<[string, (sealedKey: string) => string, CryptoErrorCode]> = [
    ["an unknown sealed-key version", (s: string) => s.replace(/^v1\./, "v2."), "unsupported"],
    ["an unknown sealed-key algorithm", (s: string) => s.replace(".sealed.", ".box."), "unsupported"],
    ["an owner's copy in place of a sealed key", (_s: string) => KAT.ownerKey, "unsupported"],
    ["an envelope in place of a sealed key", (_s: string) => KAT.ciphertext, "unsupported"],
    ["an unknown version with another layout", (_s: string) => "v9.whatever", "unsupported"],
    ["no version", (s: string) => s.slice(3), "malformed"],
    ["an empty sealed key", (_s: string) => "", "malformed"],
    ["a missing body", (_s: string) => "v1.sealed", "malformed"],
    ["an extra part", (s: string) => `${s}.AAAA`, "malformed"],
    ["a sealed key a character short", (s: string) => s.slice(0, -1), "malformed"],
    ["a padded sealed key", (s: string) => `${s}=`, "malformed"],
    ["a character outside base64url", (s: string) => `${s.slice(0, -1)}+`, "malformed"],
  ];

  it.each(badSealedKeys)("refuses as a share's sealed key %s", async (_name, change, code) => {
    const { record, dataKey } = await ownerVault();
    const staff = await keyPair();
    const sealedKey = change(await sealKeyFor(dataKey, staff.publicKey));
    expect(isSealedKeyShape(sealedKey)).toBe(false);
    await rejects(shared(record, sealedKey, staff), code);
  });

  it("the owner-key shape check agrees with what opening accepts", async () => {
    const keys = await keyPair();
    const { record } = await sealNewVault({ ownerId: OWNER, keys, fields: { legalName: "张三" } });
    const seeds = [record.ownerSealedKey, KAT.plantedBoxOwnerKey];
    const mutated = mutatedStrings(seeds);
    await fc.assert(
      fc.asyncProperty(mutated, async (s) => {
        const outcome = await openVault({ ownerId: OWNER, record: { ...record, ownerSealedKey: s }, keys }).then(
          () => "opened",
          (e: unknown) => (e instanceof CryptoError ? e.code : "other"),
        );
        if (isOwnerKeyShape(s)) expect(["opened", "wrong-key"]).toContain(outcome);
        else expect(["malformed", "unsupported"]).toContain(outcome);
        if (s === record.ownerSealedKey) expect(outcome).toBe("opened");
      }),
      { numRuns: 500 },
    );
  });

  it("refuses an unknown ciphertext version or algorithm before any key work", async () => {
    const { record } = await ownerVault();
    const stranger = await keyPair(); // the format is reported even to someone whose key would not fit
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: record.ciphertext.replace(/^v1\./, "v2.") }, keys: stranger }), "unsupported");
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: record.ciphertext.replace(".xc20p.", ".aes256gcm.") }, keys: stranger }), "unsupported");
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: "v1.xc20p.AAAA" }, keys: stranger }), "malformed");
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: record.ownerSealedKey }, keys: stranger }), "unsupported");
  });

  it("refuses a padded plaintext of an unknown version, with unknown fields, or not JSON or UTF-8", async () => {
    const { keys, record, dataKey } = await ownerVault();
    const ad = vaultAd(OWNER, 1);
    const cases: Array<[Uint8Array | string, CryptoErrorCode]> = [
      ['{"v":3,"fields":{},"pins":{}}', "unsupported"],
      ['{"v":2,"fields":{}}', "malformed"],
      ['{"v":2,"fields":{},"pins":{"worker_li":"x"}}', "malformed"],
      ['{"v":1,"fields":{"legalName":"张三","religion":"x"}}', "malformed"],
      ['{"v":1,"fields":{"legalName":1}}', "malformed"],
      ['{"v":1,"fields":{}', "malformed"],
      ["", "malformed"],
      [new Uint8Array([0x7b, 0xff, 0x7d]), "malformed"], // invalid UTF-8
      [new Uint8Array([0xed, 0xa0, 0x80]), "malformed"], // an encoded surrogate
    ];
    for (const [plaintext, code] of cases) {
      const bytes = typeof plaintext === "string" ? utf8(plaintext) : plaintext;
      const ciphertext = await sealEnvelope(dataKey, padTo(bytes, VAULT_PLAINTEXT_BUCKET_BYTES), ad);
      await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext }, keys }), code);
    }
  });

  it.each(["", "user-1", "0B9A7C52-1D3E-4F60-8A71-92B3C4D5E6F7", ` ${OWNER}`, `${OWNER}:1`, "0b9a7c521d3e4f608a7192b3c4d5e6f7"])(
    "refuses the owner id %j",
    async (ownerId) => {
      const { keys, record, dataKey } = await ownerVault();
      await rejects(sealNewVault({ ownerId, keys, fields: {} }), "malformed");
      await rejects(openVault({ ownerId, record, keys }), "malformed");
      await rejects(resealVault({ ownerId, keyVersion: 1, dataKey, fields: {}, pins: NO_PINS }), "malformed");
      await rejects(shared(record, record.ownerSealedKey, keys, ownerId), "malformed");
      await rejects(rotateVault({ ownerId, record, keys, remainingShares: [], pins: NO_PINS }), "malformed");
    },
  );

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])("refuses the key version %s", async (keyVersion) => {
    const { keys, record, dataKey } = await ownerVault();
    await rejects(openVault({ ownerId: OWNER, record: { ...record, keyVersion }, keys }), "malformed");
    await rejects(resealVault({ ownerId: OWNER, keyVersion, dataKey, fields: {}, pins: NO_PINS }), "malformed");
    await rejects(shared(record, record.ownerSealedKey, keys, OWNER, keyVersion), "malformed");
    await rejects(rotateVault({ ownerId: OWNER, record: { ...record, keyVersion }, keys, remainingShares: [], pins: NO_PINS }), "malformed");
  });

  it("refuses a malformed owner public key when sealing", async () => {
    const { privateKey } = await keyPair();
    await rejects(sealNewVault({ ownerId: OWNER, keys: { publicKey: "", privateKey }, fields: {} }), "malformed");
    await rejects(sealNewVault({ ownerId: OWNER, keys: { publicKey: "AAAA", privateKey }, fields: {} }), "malformed");
  });
});
