import { describe, expect, it } from "vitest";
import { findHandleProblem, handleKey, normalizeHandle } from "./handle";

describe("handles", () => {
  it("accepts Chinese, Latin, digits, underscore and hyphen", () => {
    for (const ok of ["小明", "ming_88", "A-b", "阿强2024", "ab"]) expect(findHandleProblem(ok)).toBeNull();
  });
  it("names each problem", () => {
    expect(findHandleProblem("")).toBe("required");
    expect(findHandleProblem("   ")).toBe("required");
    expect(findHandleProblem("a")).toBe("tooShort");
    expect(findHandleProblem("x".repeat(25))).toBe("tooLong");
    expect(findHandleProblem("has space")).toBe("characters");
    expect(findHandleProblem("tab\there")).toBe("characters");
    expect(findHandleProblem("zero\u200bwidth")).toBe("characters");
    expect(findHandleProblem("rtl\u202eevil")).toBe("characters");
    expect(findHandleProblem("emoji😀")).toBe("characters");
    // Invisible marks that make look-alikes: grapheme joiner, variation selectors, Mongolian
    // free variation selector, Hangul filler. Each is a letter or mark, so only the
    // default-ignorable rule refuses it.
    for (const invisible of ["\u034f", "\ufe00", "\ufe0f", "\u180b", "\u3164"]) {
      expect(findHandleProblem(`ming${invisible}`), invisible.codePointAt(0)?.toString(16)).toBe("characters");
      expect(findHandleProblem(`mi${invisible}ng`), invisible.codePointAt(0)?.toString(16)).toBe("characters");
    }
    expect(findHandleProblem("ming")).toBeNull();
    expect(findHandleProblem("小明_2")).toBeNull();
    expect(findHandleProblem("a@b")).toBe("characters");
    expect(findHandleProblem("\u0301ab")).toBe("characters");
    expect(findHandleProblem("bad\ufffd")).toBe("characters");
  });
  it("counts characters, not UTF-16 units", () => {
    expect(findHandleProblem("𠀀".repeat(24))).toBeNull();
    expect(findHandleProblem("𠀀".repeat(25))).toBe("tooLong");
  });
  it("folds full-width forms and case into one key", () => {
    expect(normalizeHandle("ｍｉｎｇ")).toBe("ming");
    expect(handleKey("ＭＩＮＧ")).toBe(handleKey("ming"));
    expect(handleKey(" Ming ")).toBe("ming");
  });
});
