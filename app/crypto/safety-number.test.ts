import { describe, expect, it } from "vitest";
import { formatSafetyNumber } from "~/domain/formats/safety-number";
import { rejects } from "./crypto-test-helpers";
import { fromB64, toB64 } from "./encoding";
import { ownSafetyNumber, safetyNumberOf } from "./safety-number";
import { loadSodium } from "./sodium";

// Made without libsodium by kat/make-safety-number-vectors.py (BLAKE2b from hashlib).
const KAT = {
  counting: { publicKey: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", safetyNumber: "97475 01823 28911 11704 11948 53015" },
  owner: {
    privateKey: "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8",
    publicKey: "NYBy1jZYgNGu6jKa35EhODhR7SGijjt16WXQ0s0WYlQ",
    safetyNumber: "55136 36085 58584 97432 47598 87206",
  },
  zeros: { publicKey: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", safetyNumber: "11464 46558 10126 05085 69922 03757" },
};

describe("safetyNumberOf", () => {
  it("matches the independently computed known answers", async () => {
    for (const vector of Object.values(KAT)) {
      expect(formatSafetyNumber(await safetyNumberOf(vector.publicKey))).toBe(vector.safetyNumber);
    }
  });

  it("gives different numbers for different keys, including keys one bit apart", async () => {
    const sodium = await loadSodium();
    const seen = new Set<string>();
    const base = fromB64(sodium, KAT.owner.publicKey);
    for (let bit = 0; bit < 256; bit += 17) {
      const flipped = Uint8Array.from(base);
      flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      seen.add(formatSafetyNumber(await safetyNumberOf(toB64(sodium, flipped))));
    }
    for (let i = 0; i < 20; i++) seen.add(formatSafetyNumber(await safetyNumberOf(toB64(sodium, sodium.crypto_box_keypair().publicKey))));
    expect(seen.size).toBe(16 + 20);
    expect(seen.has(KAT.owner.safetyNumber)).toBe(false);
  });

  it("refuses anything but 32 bytes of canonical base64url", async () => {
    const sodium = await loadSodium();
    for (const bad of ["", "not a key", `${KAT.owner.publicKey}=`, toB64(sodium, new Uint8Array(31)), toB64(sodium, new Uint8Array(33))]) {
      await rejects(safetyNumberOf(bad), "malformed");
    }
  });
});

describe("ownSafetyNumber", () => {
  it("is computed from the private key, whatever public key the tab was handed", async () => {
    const sodium = await loadSodium();
    const privateKey = fromB64(sodium, KAT.owner.privateKey, 32);
    const planted = toB64(sodium, sodium.crypto_box_keypair().publicKey);
    expect(formatSafetyNumber(await ownSafetyNumber({ privateKey, publicKey: planted }))).toBe(KAT.owner.safetyNumber);
  });
});
