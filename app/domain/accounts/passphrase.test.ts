import { describe, expect, it } from "vitest";
import { findPassphraseProblem } from "./passphrase";

describe("passphrases", () => {
  it("accepts ten characters of any script", () => {
    expect(findPassphraseProblem("correct horse")).toBeNull();
    expect(findPassphraseProblem("一二三四五六七八九十")).toBeNull();
  });
  it("names each problem", () => {
    expect(findPassphraseProblem("")).toBe("required");
    expect(findPassphraseProblem("short")).toBe("tooShort");
    expect(findPassphraseProblem("x".repeat(1025))).toBe("tooLong");
    expect(findPassphraseProblem("with\u0000nul char")).toBe("characters");
    expect(findPassphraseProblem("long enough one", "long enough two")).toBe("mismatch");
  });
  it("compares the confirmation after NFKC", () => {
    expect(findPassphraseProblem("ｆｕｌｌｗｉｄｔｈ ok", "fullwidth ok")).toBeNull();
  });
});
