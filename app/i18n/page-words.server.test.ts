import { describe, expect, it } from "vitest";
import { messages } from "./all-messages";
import { i18nFor } from "./config";
import { notingI18n, pageWords, pageWordsElement, pageWordsHtml, wordGroup } from "./page-words.server";

describe("a page's words", () => {
  it("groups a key with the messages beside it", () => {
    expect(wordGroup("keys.loading")).toBe("keys");
    expect(wordGroup("groups.upcoming.cancelled")).toBe("groups.upcoming");
    expect(wordGroup("alone")).toBe("alone");
  });

  it("notes every key the page's translator translates, with the same strings", () => {
    const keys = new Set<string>();
    const noting = notingI18n(i18nFor("zh-CN"), keys);
    expect(noting.t("signIn.title")).toBe(i18nFor("zh-CN").t("signIn.title"));
    expect(noting.t("fields.handle", { x: 1 })).toBe(i18nFor("zh-CN").t("fields.handle"));
    i18nFor("zh-CN").t("about.title");
    expect(noting.language).toBe("zh-CN");
    expect([...keys].sort()).toEqual(["fields.handle", "signIn.title"]);
  });

  it("carries the groups of the keys, in the page's language, without changing the language's tree", () => {
    const before = JSON.stringify(messages.en);
    const words = pageWords("en", ["signIn.title", "errors.page.title", "errors.page.body", "keys.loading", "no.such.key"]);
    expect(Object.keys(words).sort()).toEqual(["errors", "keys", "signIn"]);
    expect(words.signIn).toEqual(messages.en.signIn);
    expect(Object.keys(words.errors as object)).toEqual(["page"]);
    expect(words.keys).toEqual(messages.en.keys);
    // A group inside a picked one comes with it, whole.
    const nested = pageWords("zh-CN", ["errors.page.title", "errors.form"]);
    expect(nested.errors).toEqual(messages["zh-CN"].errors);
    // Also two levels down, with nothing picked between.
    const deeper = pageWords("en", ["help.categories.jobs.name", "help.title", "errors.form"]);
    expect(Object.keys(deeper).sort()).toEqual(["errors", "help"]);
    expect(deeper.help).toEqual(messages.en.help);
    expect(JSON.stringify(messages.en)).toBe(before);
    expect(JSON.stringify(words).length).toBeLessThan(JSON.stringify(messages.en).length / 10);
  });

  it("makes a page's element once per language and set of groups", () => {
    const keys = ["signIn.title", "signIn.submit", "fields.handle"];
    const first = pageWordsHtml("zh-CN", keys);
    expect(first.toString()).toBe(pageWordsElement(pageWords("zh-CN", keys)));
    expect(pageWordsHtml("zh-CN", ["fields.passphrase", "signIn.forgot"])).toBe(first);
    // Found again by the same keys, and by keys met only once (a Set at the render).
    expect(pageWordsHtml("zh-CN", keys)).toBe(first);
    expect(pageWordsHtml("zh-CN", new Set(["fields.handle", "signIn.title"]).values())).toBe(first);
    expect(pageWordsHtml("en", keys).toString()).toBe(pageWordsElement(pageWords("en", keys)));
    expect(pageWordsHtml("en", keys)).not.toBe(first);
    // Keys deeper down carry their own group, not the one above it.
    const deep = ["groups.finder.title", "groups.weekdays.1"];
    const element = pageWordsHtml("en", deep).toString();
    expect(element).toBe(pageWordsElement(pageWords("en", deep)));
    const carried = JSON.parse(element.replace(/^<script[^>]*>|<\/script>$/g, "")) as { groups: object };
    expect(Object.keys(carried.groups).sort()).toEqual(["finder", "weekdays"]);
  });

  it("cannot close its element: every < is escaped, and the JSON reads back the same", () => {
    const words = { a: { b: "</script><script>alert(1)</script>" } };
    const html = pageWordsElement(words);
    expect(html.match(/<\//g)).toHaveLength(1); // only the element's own end
    const json = /<script type="application\/json" id="page-words">(.*)<\/script>$/.exec(html)?.[1] ?? "";
    expect(JSON.parse(json)).toEqual(words);
  });
});
