import { describe, expect, it } from "vitest";
import { formFailure } from "~/forms/form-reply";
import { i18nFor } from "~/i18n/all-messages";
import { waitValues } from "./use-key-form";

describe("a refusal that says how long to wait", () => {
  it("tells the member the minutes, rounded up, in both languages", () => {
    const refusal = formFailure("errors.form.rateLimited", { retryAfterSeconds: 601 });
    expect(waitValues(refusal)).toEqual({ count: 11 });
    expect(waitValues(formFailure("errors.form.rateLimited", { retryAfterSeconds: 5 }))).toEqual({ count: 1 });
    expect(i18nFor("en").t("errors.form.rateLimited", waitValues(refusal))).toContain("11 min");
    expect(i18nFor("zh-CN").t("errors.form.rateLimited", waitValues(refusal))).toContain("11 分钟");
  });

  it("adds nothing to other refusals", () => {
    expect(waitValues(formFailure("errors.auth.failed"))).toBeUndefined();
    expect(waitValues({ handle: "errors.handle.taken" })).toBeUndefined();
  });
});
