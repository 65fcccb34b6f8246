import { describe, expect, it } from "vitest";
import { isCanonicalRecoveryCode, readRecoveryCode, RECOVERY_CODE_BYTES, recoveryCodeBytes, recoveryCodeFileText, recoveryCodeGroups, recoveryCodeOfBytes } from "./recovery-code";

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

describe("recovery code and its bytes", () => {
  it("spells 20 bytes as 32 canonical characters, five bits each, most significant first", () => {
    expect(recoveryCodeOfBytes(new Uint8Array(RECOVERY_CODE_BYTES))).toBe("0".repeat(32));
    expect(recoveryCodeOfBytes(new Uint8Array(RECOVERY_CODE_BYTES).fill(0xff))).toBe("Z".repeat(32));
    // 0x08 0x42 ... = 00001 00001 00001 ...: every character "1".
    const ones = Uint8Array.from({ length: RECOVERY_CODE_BYTES }, (_, i) => [0x08, 0x42, 0x10, 0x84, 0x21][i % 5] ?? 0);
    expect(recoveryCodeOfBytes(ones)).toBe("1".repeat(32));
  });

  it("reads back exactly the bytes it spelled", () => {
    for (let seed = 0; seed < 50; seed++) {
      const bytes = Uint8Array.from({ length: RECOVERY_CODE_BYTES }, (_, i) => (seed * 37 + i * 101) & 0xff);
      const code = recoveryCodeOfBytes(bytes);
      expect(isCanonicalRecoveryCode(code)).toBe(true);
      expect(recoveryCodeBytes(code)).toEqual(bytes);
    }
  });
});
