import { describe, expect, it } from "vitest";
import { DeskStep } from "~/forms/desk-step";
import { checkInput } from "~/forms/field-errors";

describe("a step at the testing desk", () => {
  it("takes a code however it was typed, and an outcome for a result", () => {
    expect(DeskStep.safeParse({ intent: "result", code: "  abcd efgh ", outcome: "negative" }).success).toBe(true);
    expect(checkInput(DeskStep, { intent: "checkIn", code: "" })).toEqual({ ok: false, fieldErrors: { code: "errors.testingStaff.desk.codeRequired" } });
    expect(checkInput(DeskStep, { intent: "noShow", code: "not a code!" })).toEqual({ ok: false, fieldErrors: { code: "errors.testingStaff.desk.codeFormat" } });
  });

  it("asks for the outcome when recording a result", () => {
    const parsed = DeskStep.safeParse({ intent: "result", code: "ABCD-EFGH" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["outcome", "errors.testingStaff.desk.outcome"]]);
  });
});
