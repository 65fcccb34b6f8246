import { describe, expect, it } from "vitest";
import { checkInput } from "~/forms/field-errors";
import { NATIONAL } from "~/domain/crisis/hotlines";
import { HotlineAction, readHotline } from "~/forms/hotline";

const AREA = "a0000000-0000-4000-8000-000000440106";
const add = { intent: "add" as const, areaId: AREA, name: " 夜间值班 ", number: " 020-0000 1106 ", hours: "24 小时", note: "", sortOrder: " 10 ", "language_zh-CN": "on" as const };

describe("a hotline as an admin writes it", () => {
  it("trims the words, reads the order as a number and the ticked languages; national is area null", () => {
    const parsed = checkInput(HotlineAction, add);
    if (!parsed.ok || parsed.value.intent === "remove") throw new Error("refused");
    expect(readHotline(parsed.value)).toEqual({
      ok: true,
      hotline: { areaId: AREA, name: "夜间值班", number: "020-0000 1106", hours: "24 小时", note: "", sortOrder: 10, languages: ["zh-CN"] },
    });
    const national = checkInput(HotlineAction, { ...add, areaId: NATIONAL, language_yue: "on" });
    if (!national.ok || national.value.intent === "remove") throw new Error("refused");
    expect(readHotline(national.value)).toMatchObject({ ok: true, hotline: { areaId: null, languages: ["zh-CN", "yue"] } });
  });

  it("names each bad field beside it", () => {
    expect(checkInput(HotlineAction, { ...add, name: " ", number: "020 ext 5", hours: "x".repeat(61), sortOrder: "1000", areaId: "Tianhe" })).toEqual({
      ok: false,
      fieldErrors: {
        areaId: "errors.crisis.area",
        name: "errors.crisis.nameRequired",
        number: "errors.crisis.numberCharacters",
        hours: "errors.crisis.hoursTooLong",
        sortOrder: "errors.crisis.sortOrder",
      },
    });
    expect(checkInput(HotlineAction, { ...add, number: "12" })).toMatchObject({ fieldErrors: { number: "errors.crisis.numberDigits" } });
  });

  it("asks for at least one language", () => {
    const parsed = checkInput(HotlineAction, { ...add, "language_zh-CN": undefined });
    if (!parsed.ok || parsed.value.intent === "remove") throw new Error("refused");
    expect(readHotline(parsed.value)).toEqual({ ok: false, problems: { languages: "errors.crisis.languages" } });
  });

  it("removing names only the hotline, by id", () => {
    expect(checkInput(HotlineAction, { intent: "remove", hotlineId: "nope" })).toEqual({ ok: false, fieldErrors: { hotlineId: "errors.form.invalid" } });
  });
});
