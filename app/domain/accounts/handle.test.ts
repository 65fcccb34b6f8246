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
