import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IdentityFields } from "~/domain/identity/identity-fields";
import { encodeIdentityPlaintext } from "~/domain/identity/identity-plaintext";
import type { UnlockedKeys } from "./account-keys";
import { fromB64, toB64 } from "./encoding";
import { sealEnvelope } from "./envelope";
import { isEnvelopeShape, isSealedKeyShape, MAX_VAULT_CIPHERTEXT_BYTES } from "~/domain/formats/envelope-shape";
import { CryptoError, type CryptoErrorCode } from "~/domain/formats/crypto-error";
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
import { mutatedStrings, rejects } from "./crypto-test-helpers";

// Made without libsodium by make-vault-vectors.py (X25519/Poly1305 from `cryptography`,
// Salsa20/HSalsa20/HChaCha20 written out, BLAKE2b from hashlib): crypto_box_seal with fixed
// ephemeral keys and an XChaCha20-Poly1305 envelope with a fixed nonce, key version 7.
const KAT = {
  ownerId: "3f1c2a9e-5b7d-4c1e-9a2b-0123456789ab",
  keyVersion: 7,
  owner: { publicKey: "NYBy1jZYgNGu6jKa35EhODhR7SGijjt16WXQ0s0WYlQ", privateKey: "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8" },
  staff: { publicKey: "Z13VdO13iTELPS52gfN5C0ZsdzsVIf7PNld5WDcepS8", privateKey: "YGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn8" },
  dataKey: "wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t8",
  plaintext:
    '{"v":1,"fields":{"legalName":"阿依古丽·买买提","phone":"+86 138 0013 8000","nationalId":"11010519491231002X","address":"北京市朝阳区建国路 88 号","dateOfBirth":"1949-12-31","emergencyContactName":"Zoë O\'Brien","emergencyContactPhone":"010-12345678-8001"}}',
  fields: {
    legalName: "阿依古丽·买买提",
    phone: "+86 138 0013 8000",
    nationalId: "11010519491231002X",
    address: "北京市朝阳区建国路 88 号",
    dateOfBirth: "1949-12-31",
    emergencyContactName: "Zoë O'Brien",
    emergencyContactPhone: "010-12345678-8001",
  } satisfies IdentityFields,
  ciphertext:
    "v1.xc20p.AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY.jJ0gR4Mi9hg74L89ozV5n6onUdyIk1FmiG6cVHo0z6336S_TozZrm6CKp11wUGuay-jIKPRXDxGuaOvWhtkuidNDOtj4h4Jolh2Chg1hcMp_5pJRks20_QwkzBRHVhm2LbkQxskLkyAhBmoBn9vwc8DdE8IbaoUTVTBd6Ee8XOfDJvJY6VhiDLG_xF-eqyECzAoJHOCHa0de3vVh9a_GeuxqZ0JEd1xcVARzGc56UwNx9MJz5gJmTvw3IXtKmxihNNUjur0VpN2TESWAqabXkUcDapr7ecCsbkaCgBaeiVEIuF-mAIpqnuli7bxMY1MSVzmqaY65yDZnaYtF0ijjHJdXhBVz7seiv-G4lICD00_bGD5VJgQuI39ow2G1IOu8P1Q",
  ownerSealedKey:
    "v1.sealed.YFpyXSpK3-6xop4X7dYhwbdZPujNvESsbEq24vgF0jwhMK8_14D_s1UncwkhIi9wHnweJa96yBOBb8DaT0rRId4NdrWTzNysWdtPemj0HHU",
  staffSealedKey:
    "v1.sealed.c2hF1U6H3gnWuxFKpwQsUKSgFb2ZAdGgAm9ZVlM6FRlsPworBS5IUPWep8uDH1JhKx3ZLdxUCq1_WNsfFBTQfKjf3D9Ehn8YqEcRbpmnC5E",
};

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

async function tamperSealedKey(sealedKey: string, index: number): Promise<string> {
  return `v1.sealed.${await flipByte(sealedKey.slice("v1.sealed.".length), index)}`;
}

async function tamperEnvelope(envelope: string, part: "nonce" | "ciphertext", index: number): Promise<string> {
  const [version = "", alg = "", nonce = "", ciphertext = ""] = envelope.split(".");
  return part === "nonce"
    ? `${version}.${alg}.${await flipByte(nonce, index)}.${ciphertext}`
    : `${version}.${alg}.${nonce}.${await flipByte(ciphertext, index)}`;
}

/** A fresh vault of OWNER and the owner's key pair. */
async function ownerVault(fields: IdentityFields = ALL_FIELDS) {
  const keys = await keyPair();
  const { record, dataKey } = await sealNewVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, fields });
  return { keys, record, dataKey };
}

function shared(record: VaultRecord, sealedKey: string, keys: UnlockedKeys, ownerId = OWNER, keyVersion = record.keyVersion) {
  return openSharedVault({ ownerId, ciphertext: record.ciphertext, sealedKey, keyVersion, keys });
}

describe("vault known answer (made without libsodium)", () => {
  it("the owner and a share recipient open the vector", async () => {
    const sodium = await loadSodium();
    const record: VaultRecord = { ciphertext: KAT.ciphertext, ownerSealedKey: KAT.ownerSealedKey, keyVersion: KAT.keyVersion };
    const opened = await openVault({ ownerId: KAT.ownerId, record, keys: await katKeys("owner") });
    expect(opened.fields).toEqual(KAT.fields);
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

  it("writes the same plaintext and associated data as the vector", () => {
    expect(encodeIdentityPlaintext(KAT.fields)).toBe(KAT.plaintext);
    expect(vaultAd(KAT.ownerId, KAT.keyVersion)).toBe(`tongxing.identity-vault.v1:${KAT.ownerId}:7`);
  });

  it("passes the server's shape checks", () => {
    expect(isEnvelopeShape(KAT.ciphertext, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    expect(isSealedKeyShape(KAT.ownerSealedKey)).toBe(true);
    expect(isSealedKeyShape(KAT.staffSealedKey)).toBe(true);
  });

  it("refuses the vector under another key version or owner", async () => {
    const record: VaultRecord = { ciphertext: KAT.ciphertext, ownerSealedKey: KAT.ownerSealedKey, keyVersion: 6 };
    await rejects(openVault({ ownerId: KAT.ownerId, record, keys: await katKeys("owner") }), "wrong-key");
    await rejects(openVault({ ownerId: OWNER, record: { ...record, keyVersion: 7 }, keys: await katKeys("owner") }), "wrong-key");
  });
});

describe("sealNewVault / openVault / resealVault", () => {
  it("round-trips every field, Chinese and astral text included, at key version 1", async () => {
    const { keys, record, dataKey } = await ownerVault();
    expect(record.keyVersion).toBe(1);
    expect(dataKey).toHaveLength(32);
    expect(isEnvelopeShape(record.ciphertext, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    expect(isSealedKeyShape(record.ownerSealedKey)).toBe(true);
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

  it("uses a new data key, nonce and ephemeral key every time", async () => {
    const keys = await keyPair();
    const a = await sealNewVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, fields: ALL_FIELDS });
    const b = await sealNewVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, fields: ALL_FIELDS });
    expect(a.dataKey).not.toEqual(b.dataKey);
    expect(a.record.ciphertext).not.toBe(b.record.ciphertext);
    expect(a.record.ownerSealedKey).not.toBe(b.record.ownerSealedKey);
  });

  it("re-saves an edit under the same data key and key version", async () => {
    const { keys, record, dataKey } = await ownerVault();
    const edited: IdentityFields = { ...ALL_FIELDS, address: "上海市浦东新区", phone: undefined };
    const ciphertext = await resealVault({ ownerId: OWNER, keyVersion: record.keyVersion, dataKey, fields: edited });
    expect(ciphertext).not.toBe(record.ciphertext);
    expect(isEnvelopeShape(ciphertext, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    const opened = await openVault({ ownerId: OWNER, record: { ...record, ciphertext }, keys });
    expect(opened.fields).toEqual({ ...ALL_FIELDS, address: "上海市浦东新区", phone: undefined });
    expect(opened.fields).not.toHaveProperty("phone");
    expect(opened.dataKey).toEqual(dataKey);
    // An edit sealed under another version or owner does not open as this vault.
    const wrongVersion = await resealVault({ ownerId: OWNER, keyVersion: 2, dataKey, fields: edited });
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: wrongVersion }, keys }), "wrong-key");
    const wrongOwner = await resealVault({ ownerId: OTHER_OWNER, keyVersion: 1, dataKey, fields: edited });
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: wrongOwner }, keys }), "wrong-key");
  });

  it("refuses fields too large for the server, and accepts them up to the limit", async () => {
    const keys = await keyPair();
    const overhead = new TextEncoder().encode(encodeIdentityPlaintext({ address: "" })).length;
    const limit = MAX_VAULT_CIPHERTEXT_BYTES - 16 - overhead;
    const atLimit = await sealNewVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, fields: { address: "a".repeat(limit) } });
    expect(isEnvelopeShape(atLimit.record.ciphertext, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    await rejects(sealNewVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, fields: { address: "a".repeat(limit + 1) } }), "malformed");
    await rejects(resealVault({ ownerId: OWNER, keyVersion: 1, dataKey: atLimit.dataKey, fields: { address: "é".repeat(limit) } }), "malformed");
  });

  it("refuses fields that are not identity fields", async () => {
    const keys = await keyPair();
    const fields = { legalName: "张三", password: "x" } as unknown as IdentityFields;
    await rejects(sealNewVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, fields }), "malformed");
    await rejects(sealNewVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, fields: { phone: 1 } as unknown as IdentityFields }), "malformed");
  });
});

describe("wrong keys and tampering", () => {
  it("another key pair cannot open the vault", async () => {
    const { record } = await ownerVault();
    const stranger = await keyPair();
    await rejects(openVault({ ownerId: OWNER, record, keys: stranger }), "wrong-key");
    await rejects(shared(record, record.ownerSealedKey, stranger), "wrong-key");
  });

  it("a key pair whose halves do not belong together cannot open it", async () => {
    const { keys, record } = await ownerVault();
    const stranger = await keyPair();
    await rejects(openVault({ ownerId: OWNER, record, keys: { publicKey: keys.publicKey, privateKey: stranger.privateKey } }), "wrong-key");
    await rejects(openVault({ ownerId: OWNER, record, keys: { publicKey: stranger.publicKey, privateKey: keys.privateKey } }), "wrong-key");
  });

  it("a sealed key of another vault does not open this one", async () => {
    const { keys, record } = await ownerVault();
    const other = await sealNewVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, fields: ALL_FIELDS });
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
    ["ephemeral public key", 0],
    ["ephemeral public key's last byte", 31],
    ["MAC", 32],
    ["sealed data key", 48],
    ["last byte", -1],
  ] as const)("refuses a sealed key with its %s altered", async (_name, index) => {
    const { keys, record } = await ownerVault();
    const sealedKey = await tamperSealedKey(record.ownerSealedKey, index);
    expect(isSealedKeyShape(sealedKey)).toBe(true);
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ownerSealedKey: sealedKey }, keys }), "wrong-key");
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
    const plaintext = encodeIdentityPlaintext(ALL_FIELDS);
    for (const ad of ["", `tongxing.identity-vault.v2:${OWNER}:1`, `tongxing.private-key.passphrase.v1`, `tongxing.identity-vault.v1:${OWNER}:01`]) {
      const ciphertext = await sealEnvelope(dataKey, plaintext, ad);
      await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext }, keys }), "wrong-key");
    }
    const right = await sealEnvelope(dataKey, plaintext, `tongxing.identity-vault.v1:${OWNER}:1`);
    expect((await openVault({ ownerId: OWNER, record: { ...record, ciphertext: right }, keys })).fields).toEqual(ALL_FIELDS);
  });

  it("formats the associated data of decision 003", () => {
    expect(vaultAd(OWNER, 1)).toBe(`tongxing.identity-vault.v1:${OWNER}:1`);
    expect(vaultAd(OWNER, 12)).toBe(`tongxing.identity-vault.v1:${OWNER}:12`);
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

  it("a recipient still opens an edited vault (same key and version)", async () => {
    const { record, dataKey } = await ownerVault();
    const staff = await keyPair();
    const sealedKey = await sealKeyFor(dataKey, staff.publicKey);
    const ciphertext = await resealVault({ ownerId: OWNER, keyVersion: 1, dataKey, fields: { legalName: "新名字" } });
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
    await rejects(resealVault({ ownerId: OWNER, keyVersion: 1, dataKey: new Uint8Array(33), fields: {} }), "malformed");
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
    const sealedKeys = await Promise.all(staff.map((s) => sealKeyFor(owner.dataKey, s.publicKey)));
    return { ...owner, staff, shareIds, sealedKeys };
  }

  it("makes a new data key and version, and re-seals the owner's copy and every remaining share", async () => {
    const { keys, record, dataKey, staff, shareIds } = await setUp();
    const [kept1, kept2] = staff;
    const [id1, id2] = shareIds;
    if (kept1 === undefined || kept2 === undefined || id1 === undefined || id2 === undefined) throw new Error("set-up");
    const rotated = await rotateVault({
      ownerId: OWNER,
      ownerPublicKey: keys.publicKey,
      record,
      keys,
      remainingShares: [
        { shareId: id1, recipientPublicKey: kept1.publicKey },
        { shareId: id2, recipientPublicKey: kept2.publicKey },
      ],
    });
    expect(rotated.record.keyVersion).toBe(2);
    expect(rotated.dataKey).not.toEqual(dataKey);
    expect(rotated.record.ciphertext).not.toBe(record.ciphertext);
    expect(isEnvelopeShape(rotated.record.ciphertext, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    expect(isSealedKeyShape(rotated.record.ownerSealedKey)).toBe(true);
    expect(rotated.reseals.map((r) => r.shareId)).toEqual([id1, id2]);
    for (const reseal of rotated.reseals) expect(isSealedKeyShape(reseal.sealedKey)).toBe(true);

    const opened = await openVault({ ownerId: OWNER, record: rotated.record, keys });
    expect(opened.fields).toEqual(ALL_FIELDS);
    expect(opened.dataKey).toEqual(rotated.dataKey);
    expect(await shared(rotated.record, rotated.reseals[0]?.sealedKey ?? "", kept1)).toEqual(ALL_FIELDS);
    expect(await shared(rotated.record, rotated.reseals[1]?.sealedKey ?? "", kept2)).toEqual(ALL_FIELDS);
    // A reseal is for its own recipient only.
    await rejects(shared(rotated.record, rotated.reseals[0]?.sealedKey ?? "", kept2), "wrong-key");
  });

  it("old sealed keys open nothing new, and the new key does not open the old ciphertext", async () => {
    const { keys, record, staff, shareIds, sealedKeys } = await setUp();
    const [kept, , revoked] = staff;
    const [keptId] = shareIds;
    if (kept === undefined || revoked === undefined || keptId === undefined) throw new Error("set-up");
    const rotated = await rotateVault({
      ownerId: OWNER,
      ownerPublicKey: keys.publicKey,
      record,
      keys,
      remainingShares: [{ shareId: keptId, recipientPublicKey: kept.publicKey }],
    });
    const next = rotated.record;

    // The owner's old sealed key, at the new and at the old version.
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

  it("rotates again from a rotated vault, and with no shares left", async () => {
    const { keys, record } = await setUp();
    const second = await rotateVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, record, keys, remainingShares: [] });
    expect(second.reseals).toEqual([]);
    const third = await rotateVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, record: second.record, keys, remainingShares: [] });
    expect(third.record.keyVersion).toBe(3);
    expect((await openVault({ ownerId: OWNER, record: third.record, keys })).fields).toEqual(ALL_FIELDS);
    await rejects(openVault({ ownerId: OWNER, record: { ...third.record, ownerSealedKey: second.record.ownerSealedKey }, keys }), "wrong-key");
  });

  it("refuses to rotate what the owner's keys cannot open", async () => {
    const { keys, record } = await setUp();
    const stranger = await keyPair();
    await rejects(rotateVault({ ownerId: OWNER, ownerPublicKey: stranger.publicKey, record, keys: stranger, remainingShares: [] }), "wrong-key");
    await rejects(rotateVault({ ownerId: OTHER_OWNER, ownerPublicKey: keys.publicKey, record, keys, remainingShares: [] }), "wrong-key");
    await rejects(rotateVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, record: { ...record, keyVersion: 2 }, keys, remainingShares: [] }), "wrong-key");
  });

  it("refuses an owner public key that is not the unlocked key pair's (the owner would lock themselves out)", async () => {
    const { keys, record } = await setUp();
    const stranger = await keyPair();
    await rejects(rotateVault({ ownerId: OWNER, ownerPublicKey: stranger.publicKey, record, keys, remainingShares: [] }), "wrong-key");
  });

  it("refuses duplicate or empty share ids and unusable recipient keys", async () => {
    const sodium = await loadSodium();
    const { keys, record, staff } = await setUp();
    const pk = staff[0]?.publicKey ?? "";
    const base = { ownerId: OWNER, ownerPublicKey: keys.publicKey, record, keys };
    await rejects(rotateVault({ ...base, remainingShares: [{ shareId: "a", recipientPublicKey: pk }, { shareId: "a", recipientPublicKey: pk }] }), "malformed");
    await rejects(rotateVault({ ...base, remainingShares: [{ shareId: "", recipientPublicKey: pk }] }), "malformed");
    await rejects(rotateVault({ ...base, remainingShares: [{ shareId: "a", recipientPublicKey: "not a key" }] }), "malformed");
    await rejects(rotateVault({ ...base, remainingShares: [{ shareId: "a", recipientPublicKey: toB64(sodium, new Uint8Array(32)) }] }), "malformed");
  });

  it("refuses to go past the largest safe key version", async () => {
    const { keys } = await setUp();
    const record: VaultRecord = { ciphertext: KAT.ciphertext, ownerSealedKey: KAT.ownerSealedKey, keyVersion: Number.MAX_SAFE_INTEGER };
    await rejects(rotateVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, record, keys, remainingShares: [] }), "malformed");
  });
});

describe("formats, versions and inputs", () => {
  const badSealedKeys: Array<[string, (sealedKey: string) => string, CryptoErrorCode]> = [
    ["an unknown sealed-key version", (s: string) => s.replace(/^v1\./, "v2."), "unsupported"],
    ["an unknown sealed-key algorithm", (s: string) => s.replace(".sealed.", ".box."), "unsupported"],
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

  it.each(badSealedKeys)("refuses %s", async (_name, change, code) => {
    const { keys, record } = await ownerVault();
    const sealedKey = change(record.ownerSealedKey);
    expect(isSealedKeyShape(sealedKey)).toBe(false);
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ownerSealedKey: sealedKey }, keys }), code);
  });

  it("refuses an unknown ciphertext version or algorithm before any key work", async () => {
    const { record } = await ownerVault();
    const stranger = await keyPair(); // the format is reported even to someone whose key would not fit
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: record.ciphertext.replace(/^v1\./, "v2.") }, keys: stranger }), "unsupported");
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: record.ciphertext.replace(".xc20p.", ".aes256gcm.") }, keys: stranger }), "unsupported");
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: "v1.xc20p.AAAA" }, keys: stranger }), "malformed");
    await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext: record.ownerSealedKey }, keys: stranger }), "unsupported");
  });

  it("refuses a plaintext of an unknown version, with unknown fields, or not JSON or UTF-8", async () => {
    const { keys, record, dataKey } = await ownerVault();
    const ad = vaultAd(OWNER, 1);
    const cases: Array<[Uint8Array | string, CryptoErrorCode]> = [
      ['{"v":2,"fields":{}}', "unsupported"],
      ['{"v":1,"fields":{"legalName":"张三","religion":"x"}}', "malformed"],
      ['{"v":1,"fields":{"legalName":1}}', "malformed"],
      ['{"v":1,"fields":{}', "malformed"],
      ["", "malformed"],
      [new Uint8Array([0x7b, 0xff, 0x7d]), "malformed"], // invalid UTF-8
      [new Uint8Array([0xed, 0xa0, 0x80]), "malformed"], // an encoded surrogate
    ];
    for (const [plaintext, code] of cases) {
      const ciphertext = await sealEnvelope(dataKey, plaintext, ad);
      await rejects(openVault({ ownerId: OWNER, record: { ...record, ciphertext }, keys }), code);
    }
  });

  it.each(["", "user-1", "0B9A7C52-1D3E-4F60-8A71-92B3C4D5E6F7", ` ${OWNER}`, `${OWNER}:1`, "0b9a7c521d3e4f608a7192b3c4d5e6f7"])(
    "refuses the owner id %j",
    async (ownerId) => {
      const { keys, record, dataKey } = await ownerVault();
      await rejects(sealNewVault({ ownerId, ownerPublicKey: keys.publicKey, fields: {} }), "malformed");
      await rejects(openVault({ ownerId, record, keys }), "malformed");
      await rejects(resealVault({ ownerId, keyVersion: 1, dataKey, fields: {} }), "malformed");
      await rejects(shared(record, record.ownerSealedKey, keys, ownerId), "malformed");
      await rejects(rotateVault({ ownerId, ownerPublicKey: keys.publicKey, record, keys, remainingShares: [] }), "malformed");
    },
  );

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])("refuses the key version %s", async (keyVersion) => {
    const { keys, record, dataKey } = await ownerVault();
    await rejects(openVault({ ownerId: OWNER, record: { ...record, keyVersion }, keys }), "malformed");
    await rejects(resealVault({ ownerId: OWNER, keyVersion, dataKey, fields: {} }), "malformed");
    await rejects(shared(record, record.ownerSealedKey, keys, OWNER, keyVersion), "malformed");
    await rejects(rotateVault({ ownerId: OWNER, ownerPublicKey: keys.publicKey, record: { ...record, keyVersion }, keys, remainingShares: [] }), "malformed");
  });

  it("refuses a malformed owner public key when sealing", async () => {
    await rejects(sealNewVault({ ownerId: OWNER, ownerPublicKey: "", fields: {} }), "malformed");
    await rejects(sealNewVault({ ownerId: OWNER, ownerPublicKey: "AAAA", fields: {} }), "malformed");
  });
});
