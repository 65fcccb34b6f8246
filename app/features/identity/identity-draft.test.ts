import { describe, expect, it } from "vitest";
import { checkIdentityDraft } from "./identity-draft";

const TODAY = new Date("2024-06-15T12:00:00+08:00");

describe("checkIdentityDraft", () => {
  it("gives the canonical fields to encrypt when nothing is wrong", () => {
    expect(checkIdentityDraft({ legalName: "  王小明 ", nationalId: "11010519491231002x", phone: "" }, TODAY)).toEqual({
      ok: true,
      fields: { legalName: "王小明", nationalId: "11010519491231002X" },
    });
  });

  it("accepts an empty draft (every field is optional)", () => {
    expect(checkIdentityDraft({}, TODAY)).toEqual({ ok: true, fields: {} });
  });

  it("puts the message key of each problem beside its field, with no form-level message", () => {
    expect(
      checkIdentityDraft({ legalName: "R2D2", phone: "12345", nationalId: "110105194912310021", dateOfBirth: "2024-06-16", address: "ok" }, TODAY),
    ).toEqual({
      ok: false,
      fieldErrors: {
        legalName: "errors.identity.characters",
        phone: "errors.identity.phoneFormat",
        nationalId: "errors.identity.nationalIdChecksum",
        dateOfBirth: "errors.identity.dateInFuture",
      },
    });
  });

  it("judges the normalised value, not what was typed (full-width digits fold to ASCII)", () => {
    expect(checkIdentityDraft({ phone: "１３８００１３８０００" }, TODAY)).toEqual({ ok: true, fields: { phone: "13800138000" } });
  });
});
