import { describe, expect, it } from "vitest";
import { fromB64, fromB64Early, toB64, toB64Early } from "./encoding";
import { base64UrlDecodedLength, base64UrlLength, isBase64UrlOfBytes } from "~/domain/formats/envelope-shape";
import { CryptoError } from "~/domain/formats/crypto-error";
import { loadSodium } from "./sodium";

describe("base64url without padding", () => {
  it("round-trips and has the documented lengths", async () => {
    const sodium = await loadSodium();
    const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const text = toB64(sodium, key);
    expect(text).toHaveLength(43);
    expect(toB64(sodium, new Uint8Array(16))).toHaveLength(22);
    expect(fromB64(sodium, text, 32)).toEqual(key);
    expect(toB64(sodium, Uint8Array.from([0xfb, 0xff]))).toBe("-_8");
  });

  it.each([
    ["padding", "AA=="],
    ["standard alphabet", "+/8"],
    ["whitespace", "AA AA"],
    ["impossible length", "AAAAA"],
    ["non-zero unused bits", "AB"],
    ["non-ASCII", "ÀÀ"],
  ])("rejects %s as malformed", async (_name, text) => {
    const sodium = await loadSodium();
    expect(() => fromB64(sodium, text)).toThrow(CryptoError);
    expect(() => fromB64(sodium, text)).toThrow(expect.objectContaining({ code: "malformed" }));
  });

  it("rejects a wrong length as malformed", async () => {
    const sodium = await loadSodium();
    expect(() => fromB64(sodium, toB64(sodium, new Uint8Array(31)), 32)).toThrow(expect.objectContaining({ code: "malformed" }));
  });

  it("agrees with the libsodium-free length check", async () => {
    const sodium = await loadSodium();
    for (let n = 0; n < 70; n++) {
      const bytes = sodium.randombytes_buf(n);
      const text = toB64(sodium, bytes);
      expect(text.length).toBe(base64UrlLength(n));
      expect(base64UrlDecodedLength(text)).toBe(n);
      expect(isBase64UrlOfBytes(text, n)).toBe(true);
      expect(isBase64UrlOfBytes(text, n + 1)).toBe(false);
    }
    for (const bad of ["AB", "AAB", "A", "AA=", "A+A"]) {
      expect(base64UrlDecodedLength(bad)).toBe(-1);
      expect(() => fromB64(sodium, bad)).toThrow(CryptoError);
    }
  });
});

describe("fromB64Early (without libsodium)", () => {
  it("decodes what fromB64 decodes and refuses what it refuses", async () => {
    const sodium = await loadSodium();
    for (let n = 0; n < 40; n++) {
      const bytes = sodium.randombytes_buf(n);
      expect(fromB64Early(toB64(sodium, bytes), n)).toEqual(bytes);
    }
    for (const bad of ["AA==", "+/8", "AA AA", "AAAAA", "AB", "AAB", "ÀÀ", "A+A"]) {
      expect(() => fromB64(sodium, bad)).toThrow(CryptoError);
      expect(() => fromB64Early(bad)).toThrow(expect.objectContaining({ code: "malformed" }));
    }
    expect(() => fromB64Early(toB64(sodium, new Uint8Array(31)), 32)).toThrow(expect.objectContaining({ code: "malformed" }));
  });
});

describe("toB64Early (without libsodium)", () => {
  it("encodes every length as toB64 does", async () => {
    const sodium = await loadSodium();
    for (let n = 0; n < 70; n++) {
      const bytes = sodium.randombytes_buf(n);
      expect(toB64Early(bytes)).toBe(toB64(sodium, bytes));
    }
    expect(toB64Early(Uint8Array.from([0xfb, 0xff, 0xbf]))).toBe("-_-_");
  });
});
