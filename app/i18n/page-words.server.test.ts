import { describe, expect, it } from "vitest";
import { messages } from "./all-messages";
import { i18nFor } from "./config";
import { pageWords, pageWordsElement, recordingWords, wordGroup } from "./page-words.server";

describe("a page's words", () => {
  it("groups a key with the messages beside it", () => {
    expect(wordGroup("keys.loading")).toBe("keys");
    expect(wordGroup("groups.upcoming.cancelled")).toBe("groups.upcoming");
    expect(wordGroup("alone")).toBe("alone");
  });

  it("notes what the server translates while a page renders, also after a turn of the event loop, and nothing outside", async () => {
    const keys = new Set<string>();
    i18nFor("en").t("landing.title");
    await recordingWords(keys, async () => {
      i18nFor("zh-CN").t("signIn.title");
      await new Promise((resolve) => setImmediate(resolve));
      i18nFor("zh-CN").t("fields.handle", { x: 1 });
    });
    i18nFor("en").t("about.title");
    expect([...keys].sort()).toEqual(["fields.handle", "signIn.title"]);
    // The same strings as before the noting.
    expect(i18nFor("zh-CN").t("signIn.title")).toBe((messages["zh-CN"].signIn as Record<string, string>).title);
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
    expect(JSON.stringify(messages.en)).toBe(before);
    expect(JSON.stringify(words).length).toBeLessThan(JSON.stringify(messages.en).length / 10);
  });

  it("cannot close its element: every < is escaped, and the JSON reads back the same", () => {
    const words = { a: { b: "</script><script>alert(1)</script>" } };
    const html = pageWordsElement(words);
    expect(html.match(/<\//g)).toHaveLength(1); // only the element's own end
    const json = /<script type="application\/json" id="page-words">(.*)<\/script>$/.exec(html)?.[1] ?? "";
    expect(JSON.parse(json)).toEqual(words);
  });
});
