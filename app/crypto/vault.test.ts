/**
 * The identity vault sealed and opened (decisions 011 and 014): only the owner's keys make the
 * owner's copy, padding hides which fields are filled, wrong keys and any tampering are refused,
 * and the associated data binds the owner and key version. Formats and known answers are in
 * vault-formats.test.ts, sharing and rotation in vault-sharing.test.ts.
 */
import { describe, expect, it } from "vitest";
import { findIdentityProblems, IDENTITY_FIELD_MAX_LENGTH, IDENTITY_FIELDS, type IdentityFields } from "~/domain/identity/identity-fields";
import { encodeIdentityPlaintext } from "~/domain/identity/identity-plaintext";
import { MAX_KEY_PINS, NO_PINS, type KeyPins } from "~/domain/identity/key-pins";
import { fromB64, toB64 } from "./encoding";
import { openEnvelope, sealEnvelope } from "./envelope";
import {
  isEnvelopeShape,
  isOwnerKeyShape,
  isSealedKeyShape,
  MAX_VAULT_CIPHERTEXT_BYTES,
  VAULT_PLAINTEXT_BUCKET_BYTES,
} from "~/domain/formats/envelope-shape";
import { loadSodium } from "./sodium";
import {
  openSharedVault,
  openVault,
  resealVault,
  rotateVault,
  sealKeyFor,
  sealNewVault,
  vaultAd,
  type VaultRecord,
} from "./vault";
import { rejects } from "./crypto-test-helpers";
import { ALL_FIELDS, keyPair, OTHER_OWNER, OWNER, ownerVault, padTo, shared, utf8 } from "./vault-test-helpers";

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

async function tamperEnvelope(envelope: string, part: "nonce" | "ciphertext", index: number): Promise<string> {
  const [version = "", alg = "", nonce = "", ciphertext = ""] = envelope.split(".");
  return part === "nonce"
    ? `${version}.${alg}.${await flipByte(nonce, index)}.${ciphertext}`
    : `${version}.${alg}.${nonce}.${await flipByte(ciphertext, index)}`;
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
