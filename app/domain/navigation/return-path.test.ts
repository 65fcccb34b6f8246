import { describe, expect, it } from "vitest";
import { lockPageFor, pagePathOf, returnPathAfterUnlock } from "./return-path";

describe("return path after unlocking", () => {
  it("remembers the page asked for, without Remix's own parameters", () => {
    expect(pagePathOf(new URL("http://x/identity"))).toBe("/identity");
    expect(pagePathOf(new URL("http://x/admin/roles?area=1&_routes=routes%2Fadmin.roles&index"))).toBe("/admin/roles?area=1");
    expect(pagePathOf(new URL("http://x/home?_data=routes%2Fhome"))).toBe("/home");
  });

  it("sends a locked page to the lock page, which returns there", () => {
    expect(lockPageFor("/identity?x=1")).toBe("/locked?redirectTo=%2Fidentity%3Fx%3D1");
    const back = new URL(`http://x${lockPageFor("/identity?x=1")}`).searchParams.get("redirectTo");
    expect(returnPathAfterUnlock(back)).toBe("/identity?x=1");
  });

  it("never leaves the site, nor returns to the lock page itself", () => {
    for (const bad of [null, undefined, "", "https://evil.example", "//evil.example", "/\\evil", "/a\nb", "/locked", "/locked?redirectTo=/locked", "/locked/", "/locked#x"]) {
      expect(returnPathAfterUnlock(bad)).toBe("/home");
    }
    expect(returnPathAfterUnlock("/lockedout")).toBe("/lockedout");
  });
});
