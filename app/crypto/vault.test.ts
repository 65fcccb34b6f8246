import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findIdentityProblems, IDENTITY_FIELD_MAX_LENGTH, IDENTITY_FIELDS, type IdentityFields } from "~/domain/identity/identity-fields";
import { encodeIdentityPlaintext } from "~/domain/identity/identity-plaintext";
import { MAX_KEY_PINS, NO_PINS, type KeyPins } from "~/domain/identity/key-pins";
import type { UnlockedKeys } from "./account-keys";
import { fromB64, toB64 } from "./encoding";
import { openEnvelope, sealEnvelope } from "./envelope";
import {
  isEnvelopeShape,
  isOwnerKeyShape,
  isSealedKeyShape,
  MAX_VAULT_CIPHERTEXT_BYTES,
  VAULT_PLAINTEXT_BUCKET_BYTES,
} from "~/domain/formats/envelope-shape";
import { CryptoError, type CryptoErrorCode } from "~/domain/formats/crypto-error";
import { loadSodium } from "./sodium";
import {
  openSharedVault,
  openVault,
  resealVault,
  rotateVault,
  sealKeyFor,
  sealKeyForPinned,
  sealNewVault,
  vaultAd,
  type VaultRecord,
} from "./vault";
import { mutatedStrings, rejects } from "./crypto-test-helpers";
import VECTORS from "./kat/vault-vectors.json";

// Made without libsodium by kat/make-vault-vectors.py (X25519/Poly1305 from `cryptography`,
// Salsa20/HSalsa20/HChaCha20 written out, BLAKE2b from hashlib): the owner's copy boxed with
// a fixed nonce, a share sealed with a fixed ephemeral key, a padded plaintext (version 2,
// pinning the staff member's key) in an XChaCha20-Poly1305 envelope with a fixed nonce, key
// version 7; and two owner copies of the
// same data key that someone without the owner's private key can make (sealed to the
// owner's public key, or boxed from another key pair).
const KAT = { ...VECTORS, fields: VECTORS.fields satisfies IdentityFields, pins: VECTORS.pins satisfies KeyPins };

const OWNER = "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f7";
const OTHER_OWNER = "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f8";

const ALL_FIELDS: IdentityFields = {
  legalName: "欧阳娜娜",
  phone: "138 0013 8000",
  nationalId: "440524188001010014",
  address: "广东省汕头市 潮阳区 “和平里” 12 号 𠀀",
  dateOfBirth: "1980-01-01",
  emergencyContactName: "买买提·艾力",
  emergencyContactPhone: "+44 20 7946 0958",
};

async function keyPair(): Promise<UnlockedKeys> {
  const sodium = await loadSodium();
  const pair = sodium.crypto_box_keypair();
  return { publicKey: toB64(sodium, pair.publicKey), privateKey: pair.privateKey };
}

async function katKeys(which: "owner" | "staff"): Promise<UnlockedKeys> {
  const sodium = await loadSodium();
  return { publicKey: KAT[which].publicKey, privateKey: fromB64(sodium, KAT[which].privateKey, 32) };
}

/** Flips one bit of byte `index` (negative: from the end) of a base64url value, keeping it canonical. */
async function flipByte(text: string, index: number): Promise<string> {
  const sodium = await loadSodium();
  const bytes = fromB64(sodium, text);
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return toB64(sodium, bytes);
}

async function tamperOwnerKey(ownerKey: string, index: number): Promise<string> {
  return `v2.box.${await flipByte(ownerKey.slice("v2.box.".length), index)}`;
}

/** Pads like sodium_pad, to `size` bytes (ISO/IEC 7816-4: 0x80, then zeros). */
function padTo(bytes: Uint8Array, size: number): Uint8Array {
  const padded = new Uint8Array(size);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  return padded;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

async function tamperEnvelope(envelope: string, part: "nonce" | "ciphertext", index: number): Promise<string> {
  const [version = "", alg = "", nonce = "", ciphertext = ""] = envelope.split(".");
  return part === "nonce"
    ? `${version}.${alg}.${await flipByte(nonce, index)}.${ciphertext}`
    : `${version}.${alg}.${nonce}.${await flipByte(ciphertext, index)}`;
}

/** A fresh vault of OWNER and the owner's key pair. */
async function ownerVault(fields: IdentityFields = ALL_FIELDS) {
  const keys = await keyPair();
  const { record, dataKey } = await sealNewVault({ ownerId: OWNER, keys, fields });
  return { keys, record, dataKey };
}

/**
 * What a server that knows only the owner's public key can make: a vault of its chosen
 * fields under a data key it knows, with a well-formed ciphertext for the owner's id and
 * key version. `ownerKey` makes the owner's copy of that data key.
 */
async function plantedVault(ownerKey: (dataKey: Uint8Array) => Promise<string>, keyVersion = 1) {
  const sodium = await loadSodium();
  const dataKey = sodium.randombytes_buf(32);
  const ciphertext = await sealEnvelope(dataKey, padTo(utf8(encodeIdentityPlaintext({ fields: { legalName: "假名字" }, pins: NO_PINS })), VAULT_PLAINTEXT_BUCKET_BYTES), vaultAd(OWNER, keyVersion));
  const record: VaultRecord = { ciphertext, ownerSealedKey: await ownerKey(dataKey), keyVersion };
  return { record, dataKey };
}

/** As many key pins as a vault may hold, for distinct accounts. */
async function fullPins(): Promise<KeyPins> {
  const keys = await Promise.all(Array.from({ length: MAX_KEY_PINS }, () => keyPair()));
  return Object.fromEntries(keys.map((key, i) => [`7a0c1e2d-0000-4000-8000-${i.toString(16).padStart(12, "0")}`, key.publicKey]));
}

function shared(record: VaultRecord, sealedKey: string, keys: UnlockedKeys, ownerId = OWNER, keyVersion = record.keyVersion) {
  return openSharedVault({ ownerId, ciphertext: record.ciphertext, sealedKey, keyVersion, keys });
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

describe("the owner's copy is made by the owner's keys only (decision 011)", () => {
  it("refuses a vault planted with a sealed owner copy, which needs only the public key, though its ciphertext is well made", async () => {
    const keys = await keyPair();
    const planter = await keyPair();
    const { record, dataKey } = await plantedVault((dataKey) => sealKeyFor(dataKey, keys.publicKey));
    expect(isSealedKeyShape(record.ownerSealedKey)).toBe(true);
    await rejects(openVault({ ownerId: OWNER, record, keys }), "unsupported");
    await rejects(rotateVault({ ownerId: OWNER, record, keys, remainingShares: [], pins: NO_PINS }), "unsupported");
    // Only the owner copy gives it away: the same ciphertext opens for whoever holds the data key.
    expect(await openSharedVault({ ownerId: OWNER, ciphertext: record.ciphertext, sealedKey: await sealKeyFor(dataKey, planter.publicKey), keyVersion: 1, keys: planter })).toEqual({ legalName: "假名字" });
  });

  it("refuses a vault planted with a box from another key pair to the owner's public key", async () => {
    const sodium = await loadSodium();
    const keys = await keyPair();
    const planter = sodium.crypto_box_keypair();
    const { record } = await plantedVault(async (dataKey) => {
      const nonce = sodium.randombytes_buf(24);
      const boxed = sodium.crypto_box_easy(dataKey, nonce, fromB64(sodium, keys.publicKey), planter.privateKey);
      return `v2.box.${toB64(sodium, new Uint8Array([...nonce, ...boxed]))}`;
    });
    expect(isOwnerKeyShape(record.ownerSealedKey)).toBe(true);
    await rejects(openVault({ ownerId: OWNER, record, keys }), "wrong-key");
    await rejects(rotateVault({ ownerId: OWNER, record, keys, remainingShares: [], pins: NO_PINS }), "wrong-key");
  });

  it("the genuine copy opens; moved to another owner id or key version it does not", async () => {
    const { keys, record } = await ownerVault();
    expect(isOwnerKeyShape(record.ownerSealedKey)).toBe(true);
    expect(record.ownerSealedKey).toMatch(/^v2\.box\.[A-Za-z0-9_-]{96}$/);
    expect((await openVault({ ownerId: OWNER, record, keys })).fields).toEqual(ALL_FIELDS);
    await rejects(openVault({ ownerId: OTHER_OWNER, record, keys }), "wrong-key");
    await rejects(openVault({ ownerId: OWNER, record: { ...record, keyVersion: 2 }, keys }), "wrong-key");
    // Another member's genuine vault does not open as this owner's, with either member's keys.
    const other = await keyPair();
    const theirs = await sealNewVault({ ownerId: OTHER_OWNER, keys: other, fields: { legalName: "别人" } });
    await rejects(openVault({ ownerId: OWNER, record: theirs.record, keys }), "wrong-key");
    await rejects(openVault({ ownerId: OWNER, record: theirs.record, keys: other }), "wrong-key");
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ownerSealedKey: theirs.record.ownerSealedKey }, keys }), "wrong-key");
  });

  it("refuses to box or open with keys whose halves do not belong together", async () => {
    const keys = await keyPair();
    const stranger = await keyPair();
    await rejects(sealNewVault({ ownerId: OWNER, keys: { publicKey: stranger.publicKey, privateKey: keys.privateKey }, fields: {} }), "wrong-key");
    await rejects(sealNewVault({ ownerId: OWNER, keys: { publicKey: keys.publicKey, privateKey: new Uint8Array(31) }, fields: {} }), "malformed");
  });
});

describe("padding hides which fields are filled and how many keys are pinned (decisions 011 and 014)", () => {
  const LARGEST: IdentityFields = {
    legalName: "𠀀".repeat(100),
    phone: "+1 2 3 4 5 6 7 8 9 0 1 2 3 4 5",
    nationalId: "11010519491231002X",
    address: "𠀀".repeat(300),
    dateOfBirth: "1949-12-31",
    emergencyContactName: "𠀀".repeat(100),
    emergencyContactPhone: "+1 2 3 4 5 6 7 8 9 0 1 2 3 4 5",
  };

  it("the largest identity the field rules allow fits one bucket, with room to spare", () => {
    expect(findIdentityProblems(LARGEST, new Date("2024-06-15"))).toEqual({});
    expect(utf8(encodeIdentityPlaintext({ fields: LARGEST, pins: NO_PINS })).length).toBeLessThan(VAULT_PLAINTEXT_BUCKET_BYTES * 0.6);
    // A bound that needs no valid example: every field at its longest, each character 4 bytes
    // of UTF-8 (the most a character takes; the rules forbid what JSON would escape longer).
    const widest = Object.fromEntries(IDENTITY_FIELDS.map((field) => [field, "𠀀".repeat(IDENTITY_FIELD_MAX_LENGTH[field])]));
    expect(utf8(encodeIdentityPlaintext({ fields: widest, pins: NO_PINS })).length).toBeLessThan(VAULT_PLAINTEXT_BUCKET_BYTES);
  });

  it("the largest identity and the most key pins still fit one bucket together", async () => {
    const pins = await fullPins();
    expect(Object.keys(pins)).toHaveLength(MAX_KEY_PINS);
    const widest = Object.fromEntries(IDENTITY_FIELDS.map((field) => [field, "𠀀".repeat(IDENTITY_FIELD_MAX_LENGTH[field])]));
    // sodium_pad needs one byte at least, hence "less than".
    expect(utf8(encodeIdentityPlaintext({ fields: widest, pins })).length).toBeLessThan(VAULT_PLAINTEXT_BUCKET_BYTES);
    const { keys, record, dataKey } = await ownerVault(LARGEST);
    const ciphertext = await resealVault({ ownerId: OWNER, keyVersion: 1, dataKey, fields: LARGEST, pins });
    expect(await openVault({ ownerId: OWNER, record: { ...record, ciphertext }, keys })).toMatchObject({ fields: LARGEST, pins });
  });

  it("vaults with very different fields have ciphertexts of one length, within the database's limit", async () => {
    const lengths = new Set<number>();
    for (const fields of [{}, { phone: "13800138000" }, ALL_FIELDS, LARGEST] satisfies IdentityFields[]) {
      const { keys, record, dataKey } = await ownerVault(fields);
      lengths.add(record.ciphertext.length);
      lengths.add((await resealVault({ ownerId: OWNER, keyVersion: 1, dataKey, fields: {}, pins: NO_PINS })).length);
      lengths.add((await resealVault({ ownerId: OWNER, keyVersion: 1, dataKey, fields, pins: await fullPins() })).length);
      const rotated = await rotateVault({ ownerId: OWNER, record, keys, remainingShares: [], pins: NO_PINS });
      lengths.add(rotated.record.ciphertext.length);
      expect((await openVault({ ownerId: OWNER, record: rotated.record, keys })).fields).toEqual(fields);
    }
    expect([...lengths]).toEqual([5525]);
    expect(5525).toBeLessThanOrEqual(12_000); // identity_vaults_ciphertext_format (migration 0006)
  });

  it("a padded vault round-trips, and its plaintext is exactly one bucket", async () => {
    const sodium = await loadSodium();
    const { keys, record, dataKey } = await ownerVault();
    const padded = await openEnvelope(dataKey, record.ciphertext, vaultAd(OWNER, 1));
    expect(padded).toHaveLength(VAULT_PLAINTEXT_BUCKET_BYTES);
    expect(sodium.unpad(padded, VAULT_PLAINTEXT_BUCKET_BYTES)).toEqual(utf8(encodeIdentityPlaintext({ fields: ALL_FIELDS, pins: NO_PINS })));
    expect((await openVault({ ownerId: OWNER, record, keys })).fields).toEqual(ALL_FIELDS);
  });

  it("reads a padded version 1 plaintext (written before pins) as no pins", async () => {
    const { keys, record, dataKey } = await ownerVault();
    const v1 = JSON.stringify({ v: 1, fields: { legalName: "王小明" } });
    const ciphertext = await sealEnvelope(dataKey, padTo(utf8(v1), VAULT_PLAINTEXT_BUCKET_BYTES), vaultAd(OWNER, 1));
    expect(await openVault({ ownerId: OWNER, record: { ...record, ciphertext }, keys })).toMatchObject({ fields: { legalName: "王小明" }, pins: {} });
  });

  it.each([
    ["no padding at all (the unpadded form)", (json: Uint8Array) => json],
    ["zeros without the 0x80 marker", (json: Uint8Array) => new Uint8Array([...json, ...new Uint8Array(VAULT_PLAINTEXT_BUCKET_BYTES - json.length)])],
    ["a byte other than zero after the marker", (json: Uint8Array) => padTo(json, VAULT_PLAINTEXT_BUCKET_BYTES).map((b, i, all) => (i === all.length - 1 ? 1 : b))],
    ["one byte short of a bucket", (json: Uint8Array) => padTo(json, VAULT_PLAINTEXT_BUCKET_BYTES - 1)],
    ["two buckets", (json: Uint8Array) => padTo(json, 2 * VAULT_PLAINTEXT_BUCKET_BYTES)],
    ["a marker with no JSON before it", (_json: Uint8Array) => padTo(new Uint8Array(), VAULT_PLAINTEXT_BUCKET_BYTES)],
  ])("refuses a plaintext with %s", async (_name, pad) => {
    const { keys, record, dataKey } = await ownerVault();
    const ciphertext = await sealEnvelope(dataKey, pad(utf8(encodeIdentityPlaintext({ fields: ALL_FIELDS, pins: NO_PINS }))), vaultAd(OWNER, 1));
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext }, keys }), "malformed");
  });
});

describe("sealNewVault / openVault / resealVault", () => {
  it("round-trips every field, Chinese and astral text included, at key version 1", async () => {
    const { keys, record, dataKey } = await ownerVault();
    expect(record.keyVersion).toBe(1);
    expect(dataKey).toHaveLength(32);
    expect(isEnvelopeShape(record.ciphertext, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    expect(isOwnerKeyShape(record.ownerSealedKey)).toBe(true);
    const opened = await openVault({ ownerId: OWNER, record, keys });
    expect(opened.fields).toEqual(ALL_FIELDS);
    expect(opened.dataKey).toEqual(dataKey);
  });

  it("round-trips an empty vault and a partial one", async () => {
    for (const fields of [{}, { phone: "13800138000" }] satisfies IdentityFields[]) {
      const { keys, record } = await ownerVault(fields);
      expect((await openVault({ ownerId: OWNER, record, keys })).fields).toEqual(fields);
    }
  });

  it("uses a new data key and new nonces every time", async () => {
    const keys = await keyPair();
    const a = await sealNewVault({ ownerId: OWNER, keys, fields: ALL_FIELDS });
    const b = await sealNewVault({ ownerId: OWNER, keys, fields: ALL_FIELDS });
    expect(a.dataKey).not.toEqual(b.dataKey);
    expect(a.record.ciphertext).not.toBe(b.record.ciphertext);
    expect(a.record.ownerSealedKey).not.toBe(b.record.ownerSealedKey);
  });

  it("re-saves an edit under the same data key and key version", async () => {
    const { keys, record, dataKey } = await ownerVault();
    const edited: IdentityFields = { ...ALL_FIELDS, address: "上海市浦东新区", phone: undefined };
    const ciphertext = await resealVault({ ownerId: OWNER, keyVersion: record.keyVersion, dataKey, fields: edited, pins: NO_PINS });
    expect(ciphertext).not.toBe(record.ciphertext);
    expect(isEnvelopeShape(ciphertext, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    const opened = await openVault({ ownerId: OWNER, record: { ...record, ciphertext }, keys });
    expect(opened.fields).toEqual({ ...ALL_FIELDS, address: "上海市浦东新区", phone: undefined });
    expect(opened.fields).not.toHaveProperty("phone");
    expect(opened.dataKey).toEqual(dataKey);
    // An edit sealed under another version or owner does not open as this vault.
    const wrongVersion = await resealVault({ ownerId: OWNER, keyVersion: 2, dataKey, fields: edited, pins: NO_PINS });
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: wrongVersion }, keys }), "wrong-key");
    const wrongOwner = await resealVault({ ownerId: OTHER_OWNER, keyVersion: 1, dataKey, fields: edited, pins: NO_PINS });
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: wrongOwner }, keys }), "wrong-key");
  });

  it("refuses fields that do not fit one bucket, and accepts them up to it", async () => {
    const keys = await keyPair();
    const overhead = utf8(encodeIdentityPlaintext({ fields: { address: "" }, pins: NO_PINS })).length;
    const limit = VAULT_PLAINTEXT_BUCKET_BYTES - 1 - overhead; // sodium_pad needs one byte at least
    const atLimit = await sealNewVault({ ownerId: OWNER, keys, fields: { address: "a".repeat(limit) } });
    expect(isEnvelopeShape(atLimit.record.ciphertext, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    expect((await openVault({ ownerId: OWNER, record: atLimit.record, keys })).fields).toEqual({ address: "a".repeat(limit) });
    await rejects(sealNewVault({ ownerId: OWNER, keys, fields: { address: "a".repeat(limit + 1) } }), "malformed");
    await rejects(resealVault({ ownerId: OWNER, keyVersion: 1, dataKey: atLimit.dataKey, fields: { address: "é".repeat(limit) }, pins: NO_PINS }), "malformed");
    // Pins take room in the same bucket.
    const pin = { "7a0c1e2d-0000-4000-8000-000000000001": keys.publicKey };
    await rejects(resealVault({ ownerId: OWNER, keyVersion: 1, dataKey: atLimit.dataKey, fields: { address: "a".repeat(limit) }, pins: pin }), "malformed");
  });

  it("refuses fields that are not identity fields", async () => {
    const keys = await keyPair();
    const fields = { legalName: "张三", password: "x" } as unknown as IdentityFields;
    await rejects(sealNewVault({ ownerId: OWNER, keys, fields }), "malformed");
    await rejects(sealNewVault({ ownerId: OWNER, keys, fields: { phone: 1 } as unknown as IdentityFields }), "malformed");
  });
});

describe("wrong keys and tampering", () => {
  it("another key pair cannot open the vault", async () => {
    const { record } = await ownerVault();
    const stranger = await keyPair();
    await rejects(openVault({ ownerId: OWNER, record, keys: stranger }), "wrong-key");
    await rejects(shared(record, record.ownerSealedKey, stranger), "unsupported"); // the owner's copy is no share
  });

  it("a key pair whose halves do not belong together cannot open it", async () => {
    const { keys, record } = await ownerVault();
    const stranger = await keyPair();
    await rejects(openVault({ ownerId: OWNER, record, keys: { publicKey: keys.publicKey, privateKey: stranger.privateKey } }), "wrong-key");
    await rejects(openVault({ ownerId: OWNER, record, keys: { publicKey: stranger.publicKey, privateKey: keys.privateKey } }), "wrong-key");
  });

  it("an owner copy of another vault does not open this one", async () => {
    const { keys, record } = await ownerVault();
    const other = await sealNewVault({ ownerId: OWNER, keys, fields: ALL_FIELDS });
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ownerSealedKey: other.record.ownerSealedKey }, keys }), "wrong-key");
  });

  it.each([
    ["the nonce's first byte", "nonce", 0],
    ["the nonce's last byte", "nonce", -1],
    ["the ciphertext's first byte", "ciphertext", 0],
    ["the tag's last byte", "ciphertext", -1],
  ] as const)("refuses a ciphertext with %s altered", async (_name, part, index) => {
    const { keys, record } = await ownerVault();
    const ciphertext = await tamperEnvelope(record.ciphertext, part, index);
    expect(isEnvelopeShape(ciphertext, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext }, keys }), "wrong-key");
  });

  it("refuses a truncated ciphertext", async () => {
    const sodium = await loadSodium();
    const { keys, record } = await ownerVault();
    const [, , nonce = "", body = ""] = record.ciphertext.split(".");
    const shorter = `v1.xc20p.${nonce}.${toB64(sodium, fromB64(sodium, body).subarray(1))}`;
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: shorter }, keys }), "wrong-key");
  });

  it.each([
    ["nonce", 0],
    ["nonce's last byte", 23],
    ["MAC", 24],
    ["boxed data key", 40],
    ["last byte", -1],
  ] as const)("refuses an owner copy with its %s altered", async (_name, index) => {
    const { keys, record } = await ownerVault();
    const ownerKey = await tamperOwnerKey(record.ownerSealedKey, index);
    expect(isOwnerKeyShape(ownerKey)).toBe(true);
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ownerSealedKey: ownerKey }, keys }), "wrong-key");
  });

  it.each([
    ["ephemeral public key", 0],
    ["MAC", 32],
    ["last byte", -1],
  ] as const)("refuses a share's sealed key with its %s altered", async (_name, index) => {
    const sodium = await loadSodium();
    const { record, dataKey } = await ownerVault();
    const staff = await keyPair();
    const sealedKey = await sealKeyFor(dataKey, staff.publicKey);
    const tampered = `v1.sealed.${toB64(sodium, fromB64(sodium, await flipByte(sealedKey.slice("v1.sealed.".length), index)))}`;
    expect(isSealedKeyShape(tampered)).toBe(true);
    await rejects(shared(record, tampered, staff), "wrong-key");
  });
});

describe("associated data binds owner and key version", () => {
  it("refuses the vault under another owner id", async () => {
    const { keys, record } = await ownerVault();
    await rejects(openVault({ ownerId: OTHER_OWNER, record, keys }), "wrong-key");
  });

  it("refuses the vault under another key version", async () => {
    const { keys, record } = await ownerVault();
    for (const keyVersion of [2, 3, 1_000_000]) {
      await rejects(openVault({ ownerId: OWNER, record: { ...record, keyVersion }, keys }), "wrong-key");
    }
  });

  it("refuses a ciphertext made under the right key with other associated data", async () => {
    const { keys, record, dataKey } = await ownerVault();
    const plaintext = padTo(utf8(encodeIdentityPlaintext({ fields: ALL_FIELDS, pins: NO_PINS })), VAULT_PLAINTEXT_BUCKET_BYTES);
    for (const ad of ["", `tongxing.identity-vault.v1:${OWNER}:1`, `tongxing.private-key.passphrase.v1`, `tongxing.identity-vault.v2:${OWNER}:01`]) {
      const ciphertext = await sealEnvelope(dataKey, plaintext, ad);
      await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext }, keys }), "wrong-key");
    }
    const right = await sealEnvelope(dataKey, plaintext, `tongxing.identity-vault.v2:${OWNER}:1`);
    expect((await openVault({ ownerId: OWNER, record: { ...record, ciphertext: right }, keys })).fields).toEqual(ALL_FIELDS);
  });

  it("formats the associated data of decision 003", () => {
    expect(vaultAd(OWNER, 1)).toBe(`tongxing.identity-vault.v2:${OWNER}:1`);
    expect(vaultAd(OWNER, 12)).toBe(`tongxing.identity-vault.v2:${OWNER}:12`);
  });
});

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
