import { describe, expect, it } from "vitest";
import { findKeyChanges, isPinnedKey, MAX_KEY_PINS, NO_PINS, pinKeys, readKeyPins, type KeyPins } from "./key-pins";

const LI = "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f1";
const WANG = "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f2";
const KEY_A = "qpZhoE8chLBkgLXWkUt_fcwHmNC9-9LPMMDmzlandAI";
const KEY_B = "HdIURNgbypdZGaa7rPbfd9qdVxbcbitxkVE51bF8Y0I";
const KEY_C = "q8GO9nDkIGI3EeKYCZqYGq7_RJrhl22naEOPS8UIBXE";
const idOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

describe("findKeyChanges", () => {
  it("passes first use and the pinned key, and names every changed key in order", () => {
    const pins: KeyPins = { [LI]: KEY_A, [WANG]: KEY_B };
    expect(findKeyChanges(NO_PINS, [{ userId: LI, publicKey: KEY_A }])).toEqual([]);
    expect(findKeyChanges(pins, [{ userId: LI, publicKey: KEY_A }, { userId: WANG, publicKey: KEY_B }])).toEqual([]);
    expect(findKeyChanges(pins, [{ userId: WANG, publicKey: KEY_C }, { userId: LI, publicKey: KEY_C }])).toEqual([
      { userId: WANG, pinnedKey: KEY_B, currentKey: KEY_C },
      { userId: LI, pinnedKey: KEY_A, currentKey: KEY_C },
    ]);
  });

  it("lets through exactly the key the member accepted, and no other", () => {
    const pins: KeyPins = { [LI]: KEY_A };
    expect(findKeyChanges(pins, [{ userId: LI, publicKey: KEY_C }], { [LI]: KEY_C })).toEqual([]);
    // The server swapped the key again after the member compared numbers: still a change.
    expect(findKeyChanges(pins, [{ userId: LI, publicKey: KEY_B }], { [LI]: KEY_C })).toEqual([{ userId: LI, pinnedKey: KEY_A, currentKey: KEY_B }]);
    // Accepting a key for one worker says nothing about another.
    expect(findKeyChanges({ [WANG]: KEY_B }, [{ userId: WANG, publicKey: KEY_C }], { [LI]: KEY_C })).toHaveLength(1);
  });

  it("is not fooled by inherited object properties", () => {
    expect(findKeyChanges(NO_PINS, [{ userId: "constructor", publicKey: KEY_A }])).toEqual([]);
    expect(isPinnedKey(NO_PINS, { userId: "toString", publicKey: KEY_A })).toBe(false);
  });
});

describe("isPinnedKey", () => {
  it("is true only for the pinned key of that account", () => {
    const pins: KeyPins = { [LI]: KEY_A };
    expect(isPinnedKey(pins, { userId: LI, publicKey: KEY_A })).toBe(true);
    expect(isPinnedKey(pins, { userId: LI, publicKey: KEY_B })).toBe(false);
    expect(isPinnedKey(pins, { userId: WANG, publicKey: KEY_A })).toBe(false);
  });
});

describe("pinKeys", () => {
  it("pins new keys, replaces accepted ones, and moves them to the end", () => {
    const pins = pinKeys({ [LI]: KEY_A, [WANG]: KEY_B }, [{ userId: LI, publicKey: KEY_C }]);
    expect(pins).toEqual({ [WANG]: KEY_B, [LI]: KEY_C });
    expect(Object.keys(pins)).toEqual([WANG, LI]);
    expect(pinKeys(NO_PINS, [{ userId: LI, publicKey: KEY_A }])).toEqual({ [LI]: KEY_A });
  });

  it("does not change the pins it is given", () => {
    const pins: KeyPins = { [LI]: KEY_A };
    pinKeys(pins, [{ userId: LI, publicKey: KEY_B }, { userId: WANG, publicKey: KEY_B }]);
    expect(pins).toEqual({ [LI]: KEY_A });
  });

  it("keeps at most MAX_KEY_PINS, dropping the oldest of those without a share first", () => {
    const full: Record<string, string> = {};
    for (let i = 0; i < MAX_KEY_PINS; i++) full[idOf(i)] = KEY_A;
    const keep = new Set([idOf(0), idOf(1)]);
    const pins = pinKeys(full, [{ userId: LI, publicKey: KEY_B }], keep);
    expect(Object.keys(pins)).toHaveLength(MAX_KEY_PINS);
    expect(Object.keys(pins)).not.toContain(idOf(2));
    expect(Object.keys(pins).slice(0, 2)).toEqual([idOf(0), idOf(1)]);
    expect(pins[LI]).toBe(KEY_B);
    // When every pin belongs to a share, the oldest goes all the same.
    const allKept = pinKeys(full, [{ userId: LI, publicKey: KEY_B }], new Set(Object.keys(full)));
    expect(Object.keys(allKept)).toHaveLength(MAX_KEY_PINS);
    expect(Object.keys(allKept)).not.toContain(idOf(0));
  });

  it("refuses ids and keys of the wrong shape", () => {
    for (const bad of [
      { userId: LI.toUpperCase(), publicKey: KEY_A },
      { userId: "__proto__", publicKey: KEY_A },
      { userId: LI, publicKey: `${KEY_A}=` },
      { userId: LI, publicKey: KEY_A.slice(1) },
    ]) {
      expect(() => pinKeys(NO_PINS, [bad])).toThrow(RangeError);
    }
  });
});

describe("readKeyPins", () => {
  it("reads a map of lower-case account ids to 32-byte keys, in order", () => {
    const pins = readKeyPins({ [WANG]: KEY_B, [LI]: KEY_A });
    expect(pins).toEqual({ [WANG]: KEY_B, [LI]: KEY_A });
    expect(Object.keys(pins ?? {})).toEqual([WANG, LI]);
    expect(readKeyPins({})).toEqual({});
  });

  it.each([
    ["an array", [KEY_A]],
    ["null", null],
    ["a string", KEY_A],
    ["an upper-case id", { [LI.toUpperCase()]: KEY_A }],
    ["a non-uuid id", { worker_li: KEY_A }],
    ["a number key", { [LI]: 42 }],
    ["a short key", { [LI]: KEY_A.slice(2) }],
    ["a padded key", { [LI]: `${KEY_A}=` }],
  ])("refuses %s", (_name, value) => {
    expect(readKeyPins(value)).toBeUndefined();
  });
});
