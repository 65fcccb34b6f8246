import { describe, expect, it } from "vitest";
import { hasNullOrigin, isCrossSiteWrite } from "./cross-site";

describe("cross-site writes", () => {
  const host = "portal.example:3000";
  it("lets same-origin posts and all reads through", () => {
    expect(isCrossSiteWrite("POST", { host, origin: "http://portal.example:3000", "sec-fetch-site": "same-origin" })).toBe(false);
    expect(isCrossSiteWrite("POST", { host, origin: "null", "sec-fetch-site": "same-origin" })).toBe(false);
    expect(isCrossSiteWrite("POST", { host })).toBe(false);
    expect(isCrossSiteWrite("GET", { host, origin: "https://evil.example", "sec-fetch-site": "cross-site" })).toBe(false);
  });
  it("refuses posts from another site, by Fetch Metadata or by Origin", () => {
    expect(isCrossSiteWrite("POST", { host, "sec-fetch-site": "cross-site" })).toBe(true);
    expect(isCrossSiteWrite("POST", { host, "sec-fetch-site": "same-site" })).toBe(true);
    expect(isCrossSiteWrite("post", { host, origin: "https://evil.example" })).toBe(true);
    expect(isCrossSiteWrite("DELETE", { host, origin: "not a url" })).toBe(true);
  });
  it("trusts the first forwarded host when present", () => {
    expect(isCrossSiteWrite("POST", { host: "internal:3000", "x-forwarded-host": "portal.example, proxy", origin: "https://portal.example" })).toBe(false);
  });
  it("spots a null Origin", () => {
    expect(hasNullOrigin({ origin: "null" })).toBe(true);
    expect(hasNullOrigin({})).toBe(false);
  });
});
