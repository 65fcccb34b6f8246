import { describe, expect, it } from "vitest";
import { checkInput } from "~/forms/field-errors";
import { TestingSiteAction } from "~/forms/testing-site";

const AREA = "a0000000-0000-4000-8000-000000440106";
const add = { intent: "add" as const, areaId: AREA, publicName: " 城东健康服务点 ", address: "阳光路 8 号", openingNotes: "", accessibilityNotes: "有坡道" };

describe("a testing site as a social worker writes it", () => {
  it("trims the words and keeps the area", () => {
    expect(checkInput(TestingSiteAction, add)).toEqual({ ok: true, value: { ...add, publicName: "城东健康服务点" } });
  });

  it("names each missing or too long field", () => {
    const failed = checkInput(TestingSiteAction, { ...add, publicName: "  ", address: "", openingNotes: "x".repeat(1001), areaId: "" });
    expect(failed).toEqual({
      ok: false,
      fieldErrors: {
        publicName: "errors.testingStaff.nameRequired",
        address: "errors.testingStaff.addressRequired",
        openingNotes: "errors.testingStaff.notesTooLong",
        areaId: "errors.testingStaff.area",
      },
    });
  });

  it("opens or closes a site by its id, nothing else", () => {
    const siteId = "b0000000-0000-4000-8000-000000000001";
    expect(checkInput(TestingSiteAction, { intent: "status", siteId, status: "closed" })).toEqual({ ok: true, value: { intent: "status", siteId, status: "closed" } });
    expect(TestingSiteAction.safeParse({ intent: "status", siteId, status: "gone" }).success).toBe(false);
    expect(TestingSiteAction.safeParse({ intent: "delete", siteId }).success).toBe(false);
  });
});
