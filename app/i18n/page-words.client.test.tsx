import { describe, expect, it } from "vitest";
import { pageWordsI18n } from "./page-words.client";

describe("the page's own words", () => {
  const i18n = pageWordsI18n("en", { greeting: { hello: "Hello, {{name}}", plain: "Welcome" } });

  it("translate what the page carries, with its values", () => {
    expect(i18n.language).toBe("en");
    expect(i18n.t("greeting.plain")).toBe("Welcome");
    expect(i18n.t("greeting.hello", { name: "小林" })).toBe("Hello, 小林");
  });

  it("read a word the page lacks as nothing, never as its key", () => {
    expect(i18n.t("greeting.later")).toBe("");
    expect(i18n.t("elsewhere")).toBe("");
  });
});
