import { describe, expect, it } from "vitest";
import { createTranslator, flattenMessages } from "./translator";

const messages = { app: { name: "Tongxing" }, home: { greeting: "Hello, {{ handle }}. At most {{max}}; {{unknown}}." } };

describe("createTranslator", () => {
  const { t, language } = createTranslator("en", messages, { max: 60 });

  it("looks a dotted key up in the nested messages", () => {
    expect(language).toBe("en");
    expect(t("app.name")).toBe("Tongxing");
  });

  it("fills placeholders from the call, then from the defaults, and leaves unnamed ones as written", () => {
    expect(t("home.greeting", { handle: "ming" })).toBe("Hello, ming. At most 60; {{unknown}}.");
    expect(t("home.greeting", { handle: "ming", max: 5 })).toBe("Hello, ming. At most 5; {{unknown}}.");
    expect(t("home.greeting", { handle: null, max: undefined })).toBe("Hello, . At most ; {{unknown}}.");
  });

  it("answers a missing key, or one that names a group of messages, with the key itself", () => {
    expect(t("no.such.key")).toBe("no.such.key");
    expect(t("home")).toBe("home");
  });

  it("never reads a value's text as a placeholder", () => {
    expect(t("home.greeting", { handle: "{{max}}" })).toBe("Hello, {{max}}. At most 60; {{unknown}}.");
  });
});

describe("flattenMessages", () => {
  it("lists every string by its full key", () => {
    expect([...flattenMessages(messages)]).toEqual([
      ["app.name", "Tongxing"],
      ["home.greeting", "Hello, {{ handle }}. At most {{max}}; {{unknown}}."],
    ]);
  });
});
