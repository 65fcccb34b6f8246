import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toB64 } from "~/crypto/encoding";
import { sealEnvelope } from "~/crypto/envelope";
import {
  base64UrlLength,
  isEnvelopeShape,
  isOwnerKeyShape,
  isSealedKeyShape,
  MAX_VAULT_CIPHERTEXT_BYTES,
  OWNER_KEY_ALG,
  OWNER_KEY_BYTES,
  OWNER_KEY_VERSION,
  SEALED_KEY_ALG,
  SEALED_KEY_BYTES,
  SEALED_KEY_VERSION,
  VAULT_PLAINTEXT_BUCKET_BYTES,
} from "~/domain/formats/envelope-shape";
import { loadSodium } from "~/crypto/sodium";

// The envelope checks themselves are tested in envelope.test.ts; these are the vault additions.

describe("isSealedKeyShape", () => {
  it("describes crypto_box_seal of a 32-byte key", async () => {
    const sodium = await loadSodium();
    expect(SEALED_KEY_VERSION).toBe("v1");
    expect(SEALED_KEY_ALG).toBe("sealed");
    expect(SEALED_KEY_BYTES).toBe(sodium.crypto_box_SEALBYTES + 32);
    expect(base64UrlLength(SEALED_KEY_BYTES)).toBe(107);
  });

  it("accepts v1.sealed. and exactly 80 bytes of canonical base64url", async () => {
    const sodium = await loadSodium();
    const pair = sodium.crypto_box_keypair();
    const sealed = sodium.crypto_box_seal(sodium.randombytes_buf(32), pair.publicKey);
    expect(isSealedKeyShape(`v1.sealed.${toB64(sodium, sealed)}`)).toBe(true);
    expect(isSealedKeyShape(`v1.sealed.${"A".repeat(107)}`)).toBe(true);
    expect(isSealedKeyShape(`v1.sealed.${"_".repeat(106)}w`)).toBe(true);
  });

  it.each([
    ["an empty string", ""],
    ["the prefix only", "v1.sealed."],
    ["79 bytes", `v1.sealed.${"A".repeat(106)}`],
    ["81 bytes", `v1.sealed.${"A".repeat(108)}`],
    ["non-zero unused bits in the last character", `v1.sealed.${"A".repeat(106)}B`],
    ["padding", `v1.sealed.${"A".repeat(107)}=`],
    ["standard base64 characters", `v1.sealed.${"+".repeat(107)}`],
    ["whitespace", `v1.sealed.${"A".repeat(106)} `],
    ["a trailing newline", `v1.sealed.${"A".repeat(107)}\n`],
    ["another version", `v2.sealed.${"A".repeat(107)}`],
    ["another algorithm", `v1.box.${"A".repeat(107)}`],
    ["upper case", `V1.SEALED.${"A".repeat(107)}`],
    ["an extra part", `v1.sealed.${"A".repeat(103)}.AAA`],
    ["no prefix", "A".repeat(117)],
    ["an envelope", `v1.xc20p.${"A".repeat(32)}.${"A".repeat(107)}`],
    ["a very long string", `v1.sealed.${"A".repeat(1_000_000)}`],
  ])("refuses %s", (_name, s) => {
    expect(isSealedKeyShape(s)).toBe(false);
  });

  it("refuses what is not a string at run time", () => {
    expect(isSealedKeyShape(undefined as unknown as string)).toBe(false);
    expect(isSealedKeyShape(80 as unknown as string)).toBe(false);
  });

  it("accepts a string exactly when it is v1.sealed. + canonical base64url of 80 bytes", async () => {
    const sodium = await loadSodium();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 120 }), fc.constantFrom("v1.sealed.", "v1.sealed", "v1.seal.", ""), (bytes, prefix) => {
        const s = prefix + toB64(sodium, bytes);
        expect(isSealedKeyShape(s)).toBe(prefix === "v1.sealed." && bytes.length === 80);
      }),
      { numRuns: 500 },
    );
  });
});

describe("isOwnerKeyShape", () => {
  it("describes a 24-byte nonce and crypto_box_easy of a 32-byte key", async () => {
    const sodium = await loadSodium();
    expect(OWNER_KEY_VERSION).toBe("v2");
    expect(OWNER_KEY_ALG).toBe("box");
    expect(OWNER_KEY_BYTES).toBe(sodium.crypto_box_NONCEBYTES + sodium.crypto_box_MACBYTES + 32);
    expect(base64UrlLength(OWNER_KEY_BYTES)).toBe(96);
  });

  it("accepts v2.box. and exactly 72 bytes of canonical base64url", async () => {
    const sodium = await loadSodium();
    const pair = sodium.crypto_box_keypair();
    const nonce = sodium.randombytes_buf(24);
    const boxed = sodium.crypto_box_easy(sodium.randombytes_buf(32), nonce, pair.publicKey, pair.privateKey);
    expect(isOwnerKeyShape(`v2.box.${toB64(sodium, new Uint8Array([...nonce, ...boxed]))}`)).toBe(true);
    expect(isOwnerKeyShape(`v2.box.${"A".repeat(96)}`)).toBe(true);
  });

  it.each([
    ["an empty string", ""],
    ["the prefix only", "v2.box."],
    ["71 bytes", `v2.box.${"A".repeat(95)}`],
    ["73 bytes", `v2.box.${"A".repeat(98)}`],
    ["padding", `v2.box.${"A".repeat(96)}=`],
    ["the anonymous sealed form", `v1.sealed.${"A".repeat(107)}`],
    ["a sealed key's body under the box prefix", `v2.box.${"A".repeat(107)}`],
    ["another version", `v1.box.${"A".repeat(96)}`],
    ["upper case", `V2.BOX.${"A".repeat(96)}`],
    ["an extra part", `v2.box.${"A".repeat(92)}.AAA`],
    ["a very long string", `v2.box.${"A".repeat(1_000_000)}`],
  ])("refuses %s", (_name, s) => {
    expect(isOwnerKeyShape(s)).toBe(false);
  });

  it("accepts a string exactly when it is v2.box. + canonical base64url of 72 bytes", async () => {
    const sodium = await loadSodium();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 100 }), fc.constantFrom("v2.box.", "v1.sealed.", "v2.box", ""), (bytes, prefix) => {
        expect(isOwnerKeyShape(prefix + toB64(sodium, bytes))).toBe(prefix === "v2.box." && bytes.length === 72);
      }),
      { numRuns: 500 },
    );
  });
});

describe("MAX_VAULT_CIPHERTEXT_BYTES", () => {
  it("is one padded bucket and the tag, and an envelope of exactly that size passes isEnvelopeShape with it", async () => {
    const sodium = await loadSodium();
    expect(VAULT_PLAINTEXT_BUCKET_BYTES).toBe(4096);
    expect(MAX_VAULT_CIPHERTEXT_BYTES).toBe(4096 + 16);
    const key = sodium.randombytes_buf(32);
    const largest = await sealEnvelope(key, new Uint8Array(MAX_VAULT_CIPHERTEXT_BYTES - 16), "ad");
    expect(isEnvelopeShape(largest, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(true);
    const tooLarge = await sealEnvelope(key, new Uint8Array(MAX_VAULT_CIPHERTEXT_BYTES - 15), "ad");
    expect(isEnvelopeShape(tooLarge, MAX_VAULT_CIPHERTEXT_BYTES)).toBe(false);
    // Fits the 16 000-character limit that app/forms/identity-payloads.ts puts on uploads,
    // and the database's 12 000 (migration 0006).
    expect(largest.length).toBe(5525);
  });
});
