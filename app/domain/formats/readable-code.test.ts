import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newReadableCode, normaliseReadableCode, readableCodeBytes } from "./readable-code";

const GROUP = "[0-9A-HJKMNP-TV-Z]{4}";
const SHAPES: Record<number, RegExp> = { 8: new RegExp(`^${GROUP}-${GROUP}$`), 12: new RegExp(`^${GROUP}-${GROUP}-${GROUP}$`) };

describe("readable codes", () => {
  it("need 5 random bits a character, in whole bytes", () => {
    expect(readableCodeBytes(8)).toBe(5);
    expect(readableCodeBytes(12)).toBe(8);
    expect(readableCodeBytes(32)).toBe(20);
    expect(() => readableCodeBytes(10)).toThrow(RangeError);
    expect(() => readableCodeBytes(0)).toThrow(RangeError);
    expect(() => newReadableCode(new Uint8Array(4), 8)).toThrow(RangeError);
    expect(() => normaliseReadableCode("0000-0000", 6)).toThrow(RangeError);
  });

  it("read the bytes as one big-endian number, its lowest 5 bits first", () => {
    expect(newReadableCode(Uint8Array.from([1, 2, 3, 4, 5]), 8)).toBe("5016-0140");
    expect(newReadableCode(Uint8Array.from([0, 0, 0, 0, 1]), 8)).toBe("1000-0000");
    expect(newReadableCode(Uint8Array.from([128, 0, 0, 0, 0]), 8)).toBe("0000-000G");
    expect(newReadableCode(Uint8Array.from([255, 255, 255, 255, 255]), 8)).toBe("ZZZZ-ZZZZ");
    expect(newReadableCode(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 12)).toBe("8R1C-G2G0-3G02");
    // Bytes past the ones needed are not read.
    expect(newReadableCode(Uint8Array.from([1, 2, 3, 4, 5, 99, 100]), 8)).toBe("5016-0140");
  });

  it("come back unchanged from normalising, and survive being read out and typed back", () => {
    const sized = fc.constantFrom(8, 12).chain((characters) => fc.tuple(fc.constant(characters), fc.uint8Array({ minLength: readableCodeBytes(characters), maxLength: readableCodeBytes(characters) })));
    fc.assert(
      fc.property(sized, ([characters, bytes]) => {
        const code = newReadableCode(bytes, characters);
        expect(code).toMatch(SHAPES[characters] ?? /^$/);
        expect(normaliseReadableCode(code, characters)).toBe(code);
        expect(normaliseReadableCode(` ${code.toLowerCase().replace(/-/g, " . ").replace(/0/g, "o").replace(/1/g, "i")} `, characters)).toBe(code);
        expect(normaliseReadableCode(code.replace(/-/g, "_"), characters)).toBe(code);
        expect(normaliseReadableCode(code, characters === 8 ? 12 : 8)).toBeNull();
      }),
    );
  });

  it("read full-width characters, any dash and ideographic spaces", () => {
    expect(normaliseReadableCode("ＡＢＣＤ－１２３４", 8)).toBe("ABCD-1234");
    expect(normaliseReadableCode("abcd—1234", 8)).toBe("ABCD-1234");
    expect(normaliseReadableCode("ABCD\u30001234", 8)).toBe("ABCD-1234");
    expect(normaliseReadableCode("ABCD‐12‑34", 8)).toBe("ABCD-1234");
    expect(normaliseReadableCode("LLLL-oooo", 8)).toBe("1111-0000");
  });

  it("refuse the wrong length, letters outside the alphabet, and very long text", () => {
    expect(normaliseReadableCode("ABCD-123", 8)).toBeNull();
    expect(normaliseReadableCode("ABCD-12345", 8)).toBeNull();
    expect(normaliseReadableCode("ABCD-123U", 8)).toBeNull();
    expect(normaliseReadableCode("ABCD+1234", 8)).toBeNull();
    expect(normaliseReadableCode("", 8)).toBeNull();
    expect(normaliseReadableCode(`ABCD1234${" ".repeat(48)}`, 8)).toBeNull();
  });

  it("never throw on what is typed, and give back only codes in the alphabet", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), fc.constantFrom(8, 12), (typed, characters) => {
        const code = normaliseReadableCode(typed, characters);
        if (code !== null) expect(code).toMatch(SHAPES[characters] ?? /^$/);
      }),
    );
  });
});
