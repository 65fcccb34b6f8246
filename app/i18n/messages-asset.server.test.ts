import { describe, expect, it } from "vitest";
import { messagesAssetUrl } from "./messages-asset.server";

describe("messagesAssetUrl", () => {
  const manifest = {
    "app/i18n/messages/en.ts": { file: "assets/en-abc.js" },
    "app/i18n/messages/zh-CN.ts": { file: "assets/zh-CN-def.js" },
    "app/entry.client.tsx": { file: "assets/entry.client-123.js" },
  };

  it("names the built chunk of the page's language only", () => {
    expect(messagesAssetUrl("zh-CN", manifest)).toBe("/assets/zh-CN-def.js");
    expect(messagesAssetUrl("en", manifest)).toBe("/assets/en-abc.js");
  });

  it("names nothing without a build", () => {
    expect(messagesAssetUrl("en", {})).toBeNull();
  });
});
