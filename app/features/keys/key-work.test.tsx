import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InlineScriptsProvider } from "~/components/ui/inline-scripts";
import { i18nFor } from "~/i18n/all-messages";
import { I18nProvider } from "~/i18n/use-translation";
import { KeyFormSubmit } from "./key-work";

const KEY_FORMS = ["change", "recovery", "replace"];

/** The inline scripts of a page with three key forms, as the server renders one response (or, without a provider, as the browser does). */
function scriptsOfPage(provider: boolean): string[] {
  const forms = KEY_FORMS.map((name) => (
    <form key={name} method="post">
      <KeyFormSubmit busy={false} label={name} />
    </form>
  ));
  const page = <I18nProvider i18n={i18nFor("en")}>{forms}</I18nProvider>;
  const html = renderToStaticMarkup(provider ? <InlineScriptsProvider nonce="n0nce">{page}</InlineScriptsProvider> : page);
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((match) => `${match[1]}|${match[2]}`);
}

describe("KeyFormSubmit's early-submit script", () => {
  it("is defined by the first key form of a page and only called by the others", () => {
    const [first, ...rest] = scriptsOfPage(true);
    expect(first).toContain('nonce="n0nce"');
    expect(first).toContain("window.__tongxingHoldEarlySubmit = function (script)");
    expect(first).toMatch(/\nwindow\.__tongxingHoldEarlySubmit\(document\.currentScript\);$/);
    expect(rest).toHaveLength(KEY_FORMS.length - 1);
    for (const script of rest) expect(script).toBe(' nonce="n0nce"|window.__tongxingHoldEarlySubmit(document.currentScript);');
  });

  it("is defined again in every response", () => {
    expect(scriptsOfPage(true)[0]).toBe(scriptsOfPage(true)[0]);
    expect(scriptsOfPage(true)[0]).toContain("= function (script)");
  });

  it("is only called in the browser's render, where React runs none of them", () => {
    expect(new Set(scriptsOfPage(false))).toEqual(new Set([' nonce=""|window.__tongxingHoldEarlySubmit(document.currentScript);']));
  });
});
