import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSafetyNumber, SAFETY_NUMBER_DIGEST_BYTES, safetyNumberFromDigest } from "./safety-number";

describe("safetyNumberFromDigest", () => {
  it("reads each 5 bytes as a big-endian number modulo 100000, keeping leading zeros", () => {
    const digest = new Uint8Array(SAFETY_NUMBER_DIGEST_BYTES);
    digest.set([0, 0, 0, 0, 7], 0); // 7
    digest.set([0xff, 0xff, 0xff, 0xff, 0xff], 5); // 2^40 - 1 = 1099511627775
    digest.set([0, 0, 0, 0x01, 0x00], 10); // 256
    digest.set([0, 0, 1, 0x86, 0xa0], 15); // 100000 → 0
    digest.set([0x12, 0x34, 0x56, 0x78, 0x9a], 20); // 78187493530
    expect(safetyNumberFromDigest(digest)).toEqual(["00007", "27775", "00256", "00000", "93530", "00000"]);
  });

  it("uses only the first 30 bytes and refuses fewer", () => {
    const digest = new Uint8Array(64).fill(0xab);
    expect(safetyNumberFromDigest(digest)).toEqual(safetyNumberFromDigest(digest.slice(0, 30)));
    expect(() => safetyNumberFromDigest(new Uint8Array(29))).toThrow(RangeError);
  });

  it("always gives 6 groups of 5 digits", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 30, maxLength: 64 }), (digest) => {
        const groups = safetyNumberFromDigest(digest);
        expect(groups).toHaveLength(6);
        for (const group of groups) expect(group).toMatch(/^[0-9]{5}$/);
      }),
    );
  });
});

describe("formatSafetyNumber", () => {
  it("separates the groups with spaces", () => {
    expect(formatSafetyNumber(["05870", "33128", "91004", "27715", "60342", "18893"])).toBe("05870 33128 91004 27715 60342 18893");
  });
});
