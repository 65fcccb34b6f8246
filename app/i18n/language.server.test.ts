import { describe, expect, it } from "vitest";
import { detectLanguage, pickFromAcceptLanguage } from "./language.server";

const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });

describe("language", () => {
  it("is zh-CN when nothing says otherwise", () => {
    expect(detectLanguage(request({}))).toBe("zh-CN");
    expect(pickFromAcceptLanguage("fr-FR,de;q=0.8")).toBe("zh-CN");
  });
  it("follows Accept-Language by weight, any zh variant meaning zh-CN", () => {
    expect(pickFromAcceptLanguage("en-GB,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(pickFromAcceptLanguage("en;q=0.5,zh-TW;q=0.9")).toBe("zh-CN");
    expect(pickFromAcceptLanguage("fr, en;q=0.1")).toBe("en");
    expect(pickFromAcceptLanguage("en;q=0")).toBe("zh-CN");
  });
  it("puts the switch remembered in the cookie before the browser's preference", () => {
    expect(detectLanguage(request({ cookie: "tx_lang=zh-CN", "accept-language": "en" }))).toBe("zh-CN");
    expect(detectLanguage(request({ cookie: "tx_lang=en", "accept-language": "zh-CN" }))).toBe("en");
    expect(detectLanguage(request({ cookie: "tx_lang=klingon", "accept-language": "en" }))).toBe("en");
  });
});
