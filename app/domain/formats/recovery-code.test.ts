import { describe, expect, it } from "vitest";
import { readRecoveryCode, recoveryCodeFileText, recoveryCodeGroups } from "./recovery-code";

const FORMATTED = "M2GT-58X4-MPKA-FA59-NANT-SBDE-NYRB-3CNK";

describe("recovery code on screen and in a file", () => {
  it("shows the code as its eight groups of four", () => {
    expect(recoveryCodeGroups(FORMATTED)).toEqual(["M2GT", "58X4", "MPKA", "FA59", "NANT", "SBDE", "NYRB", "3CNK"]);
  });

  it("joins back into exactly the code that was shown", () => {
    expect(recoveryCodeGroups(FORMATTED).join("-")).toBe(FORMATTED);
  });

  it("writes the explanation, then the code alone on its line, which the recover page reads", () => {
    const text = recoveryCodeFileText(FORMATTED, "If you forget your password…");
    expect(text.startsWith("If you forget your password…\n")).toBe(true);
    const codeLine = text.split("\n").find((line) => line.includes("-"));
    expect(codeLine).toBe(FORMATTED);
    expect(readRecoveryCode(codeLine ?? "")).toEqual({ ok: true, code: FORMATTED.replaceAll("-", "") });
  });
});
