import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirectPath("/account")).toBe("/account");
    expect(safeRedirectPath("/sign-in?x=1")).toBe("/sign-in?x=1");
  });
  it("refuses anything that could leave the site", () => {
    for (const bad of [undefined, "", "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/a\nb", "/a\u007fb", "/a\u0085b"]) {
      expect(safeRedirectPath(bad)).toBe("/");
    }
  });
});
