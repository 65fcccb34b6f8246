import { z } from "zod";
import { describe, expect, it } from "vitest";
import { checkInput, fieldErrorsFromIssues } from "~/forms/field-errors";

describe("zod issues as keys beside fields", () => {
  it("keeps the first key per field, files whole-input issues under _form, and hides zod's own words", () => {
    const issues = [
      { path: ["handle"], message: "errors.handle.tooShort" },
      { path: ["handle"], message: "errors.handle.characters" },
      { path: ["authKey"], message: "Invalid input: expected string" },
      { path: [], message: "errors.form.invalid" },
    ];
    expect(fieldErrorsFromIssues(issues)).toEqual({ handle: "errors.handle.tooShort", authKey: "errors.field.invalid", _form: "errors.form.invalid" });
  });

  it("says required for a field that was not there at all", () => {
    const issues = [
      { path: ["kdfSalt"], message: "errors.field.invalid" },
      { path: ["handle"], message: "errors.handle.required" },
    ];
    expect(fieldErrorsFromIssues(issues, (field) => field === "kdfSalt")).toEqual({ kdfSalt: "errors.field.required", handle: "errors.handle.required" });
  });

  it("checkInput gives the value or a FormFailure", () => {
    const Schema = z.object({ name: z.string().min(2, "errors.name.tooShort").transform((name) => name.toUpperCase()) });
    expect(checkInput(Schema, { name: "ab" })).toEqual({ ok: true, value: { name: "AB" } });
    expect(checkInput(Schema, { name: "a" })).toEqual({ ok: false, fieldErrors: { name: "errors.name.tooShort" } });
  });
});
