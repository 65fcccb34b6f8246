import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromB64, toB64 } from "./encoding";
import { formatEnvelope, openEnvelope, parseEnvelope, sealEnvelope } from "./envelope";
import { isEnvelopeShape } from "~/domain/formats/envelope-shape";
import { loadSodium } from "./sodium";
import { mutatedStrings, rejects } from "./crypto-test-helpers";

// From kat/make-vectors.py (XChaCha20-Poly1305 computed without libsodium).
const KAT = {
  key: "gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp8",
  ad: "tongxing.test.v1",
  plaintext: "同行 envelope",
  envelope: "v1.xc20p.QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX.FJz_HPp81D-VZBK_md745vEAkt144W5PRwLLLLJAiA",
};

async function katKey(): Promise<Uint8Array> {
  return fromB64(await loadSodium(), KAT.key, 32);
}

/** Replaces one base64url character so the decoded bytes change but stay canonical. */
function flipChar(text: string, index: number): string {
  const c = text.charAt(index);
  return text.slice(0, index) + (c === "A" ? "B" : "A") + text.slice(index + 1);
}

describe("envelope", () => {
  it("opens the known-answer envelope", async () => {
    const plaintext = await openEnvelope(await katKey(), KAT.envelope, KAT.ad);
    expect(new TextDecoder().decode(plaintext)).toBe(KAT.plaintext);
  });

  it("round-trips bytes and text with a fresh nonce each time", async () => {
    const sodium = await loadSodium();
    const key = sodium.randombytes_buf(32);
    const bytes = sodium.randombytes_buf(100);
    const a = await sealEnvelope(key, bytes, "ad");
    const b = await sealEnvelope(key, bytes, "ad");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.xc20p\.[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]+$/);
    expect(await openEnvelope(key, a, "ad")).toEqual(bytes);
    expect(await openEnvelope(key, b, new TextEncoder().encode("ad"))).toEqual(bytes);
    const empty = await sealEnvelope(key, new Uint8Array(0), "ad");
    expect(await openEnvelope(key, empty, "ad")).toEqual(new Uint8Array(0));
    expect(new TextDecoder().decode(await openEnvelope(key, await sealEnvelope(key, "文字", "ad"), "ad"))).toBe("文字");
  });

  it("parse and format are inverse", async () => {
    const parsed = await parseEnvelope(KAT.envelope);
    expect(parsed.nonce).toHaveLength(24);
    expect(parsed.ciphertext).toHaveLength(new TextEncoder().encode(KAT.plaintext).length + 16);
    expect(await formatEnvelope(parsed)).toBe(KAT.envelope);
  });

  it("refuses a wrong key, other associated data, and altered nonce or ciphertext", async () => {
    const sodium = await loadSodium();
    const key = await katKey();
    const [, , nonce = "", ciphertext = ""] = KAT.envelope.split(".");
    await rejects(openEnvelope(sodium.randombytes_buf(32), KAT.envelope, KAT.ad), "wrong-key");
    await rejects(openEnvelope(key, KAT.envelope, "tongxing.test.v2"), "wrong-key");
    await rejects(openEnvelope(key, KAT.envelope, ""), "wrong-key");
    await rejects(openEnvelope(key, `v1.xc20p.${flipChar(nonce, 0)}.${ciphertext}`, KAT.ad), "wrong-key");
    await rejects(openEnvelope(key, `v1.xc20p.${flipChar(nonce, 31)}.${ciphertext}`, KAT.ad), "wrong-key");
    await rejects(openEnvelope(key, `v1.xc20p.${nonce}.${flipChar(ciphertext, 0)}`, KAT.ad), "wrong-key");
    // Tag altered; and a ciphertext one byte shorter (still ≥ 16 bytes).
    const ct = fromB64(sodium, ciphertext);
    const lastByte = ct.length - 1;
    ct[lastByte] = (ct[lastByte] ?? 0) ^ 1;
    await rejects(openEnvelope(key, `v1.xc20p.${nonce}.${toB64(sodium, ct)}`, KAT.ad), "wrong-key");
    await rejects(openEnvelope(key, `v1.xc20p.${nonce}.${toB64(sodium, ct.subarray(1))}`, KAT.ad), "wrong-key");
  });

  it.each([
    ["an empty string", "", "malformed"],
    ["no version", "xc20p.AAAA.AAAA", "malformed"],
    ["a version only", "v1", "malformed"],
    ["a missing ciphertext", "v1.xc20p.QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX", "malformed"],
    ["an empty ciphertext", "v1.xc20p.QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX.", "malformed"],
    ["a ciphertext shorter than the tag", "v1.xc20p.QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX.FJz_HPp81D-VZBK_md74", "malformed"],
    ["a short nonce", "v1.xc20p.QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVY.FJz_HPp81D-VZBK_md745vEAkt144W5PRwLLLLJAiA", "malformed"],
    ["bad base64 in the nonce", "v1.xc20p.QEFCQ0RFRkdISUpLTE1OT1BRUlNUVV+X.FJz_HPp81D-VZBK_md745vEAkt144W5PRwLLLLJAiA", "malformed"],
    ["bad base64 in the ciphertext", "v1.xc20p.QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX.FJz/HPp81D+VZBK_md745vEAkt144W5PRwLLLLJAiA==", "malformed"],
    ["a fifth part", `${KAT.envelope}.AAAA`, "malformed"],
    ["an unknown version", KAT.envelope.replace(/^v1\./, "v2."), "unsupported"],
    ["an unknown algorithm", KAT.envelope.replace(".xc20p.", ".aes256gcm."), "unsupported"],
    ["an unknown version with another layout", "v9.whatever", "unsupported"],
  ] as const)("refuses %s", async (_name, envelope, code) => {
    await rejects(openEnvelope(await katKey(), envelope, KAT.ad), code);
    await rejects(parseEnvelope(envelope), code);
    expect(isEnvelopeShape(envelope, 1024)).toBe(false);
  });

  it("refuses keys that are not 32 bytes", async () => {
    await rejects(sealEnvelope(new Uint8Array(16), "x", "ad"), "malformed");
    await rejects(openEnvelope(new Uint8Array(33), KAT.envelope, KAT.ad), "malformed");
  });
});

describe("isEnvelopeShape", () => {
  it("accepts real envelopes up to the size limit only", async () => {
    const sodium = await loadSodium();
    const key = sodium.randombytes_buf(32);
    expect(isEnvelopeShape(KAT.envelope, 1024)).toBe(true);
    const e100 = await sealEnvelope(key, new Uint8Array(100), "ad"); // 116 ciphertext bytes
    expect(isEnvelopeShape(e100, 116)).toBe(true);
    expect(isEnvelopeShape(e100, 115)).toBe(false);
    expect(isEnvelopeShape(await sealEnvelope(key, new Uint8Array(0), "ad"), 16)).toBe(true);
    expect(isEnvelopeShape(e100, Number.NaN)).toBe(false);
    expect(isEnvelopeShape(`${e100} `, 1024)).toBe(false);
    expect(isEnvelopeShape(`${e100}\n`, 1024)).toBe(false);
  });

  it("agrees with parseEnvelope on mutated envelopes", async () => {
    const sodium = await loadSodium();
    const key = sodium.randombytes_buf(32);
    const seeds = await Promise.all([0, 1, 2, 3, 17, 40].map((n) => sealEnvelope(key, new Uint8Array(n), "ad")));
    const mutated = mutatedStrings(seeds);
    await fc.assert(
      fc.asyncProperty(mutated, async (s) => {
        const parsed = await parseEnvelope(s).then(
          (p) => p.ciphertext.length <= 56,
          () => false,
        );
        expect(isEnvelopeShape(s, 56)).toBe(parsed);
      }),
      { numRuns: 2000 },
    );
  });
});
