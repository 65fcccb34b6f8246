import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { i18nFor } from "./all-messages";
import { I18nProvider, useTranslation } from "./use-translation";

function Greeting({ handle }: { handle: string }) {
  const { t } = useTranslation();
  return (
    <p>
      {t("home.greeting", { handle })}|{t("app.name")}|{t("app.name")}|{t("no.such.key")}
    </p>
  );
}

function render(language: "en" | "zh-CN", handle: string): string {
  return renderToStaticMarkup(
    <I18nProvider i18n={i18nFor(language)}>
      <Greeting handle={handle} />
    </I18nProvider>,
  );
}

describe("useTranslation", () => {
  it("fills in each call's own values, in the provider's language", () => {
    const en = i18nFor("en");
    const zh = i18nFor("zh-CN");
    const expected = (i18n: typeof en, handle: string) =>
      `<p>${i18n.t("home.greeting", { handle })}|${i18n.t("app.name")}|${i18n.t("app.name")}|no.such.key</p>`;
    expect(render("en", "ming")).toBe(expected(en, "ming"));
    expect(render("en", "hua")).toBe(expected(en, "hua"));
    expect(render("zh-CN", "ming")).toBe(expected(zh, "ming"));
    expect(render("zh-CN", "ming")).not.toBe(render("en", "ming"));
    expect(render("en", "hua")).toContain("hua");
  });

  it("returns the same function on every render of one translator", () => {
    const i18n = i18nFor("en");
    const seen: unknown[] = [];
    function Probe() {
      seen.push(useTranslation().t);
      return null;
    }
    renderToStaticMarkup(
      <I18nProvider i18n={i18n}>
        <Probe />
        <Probe />
      </I18nProvider>,
    );
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
  });
});
