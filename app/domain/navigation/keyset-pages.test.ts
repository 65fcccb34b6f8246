import { describe, expect, it } from "vitest";
import { keysetLinks } from "./keyset-pages";

describe("links beside a page read from an anchor row", () => {
  it("on the first page, links forward only when there are more rows", () => {
    expect(keysetLinks(["a", "b"], null, true)).toEqual({ back: null, forward: "b" });
    expect(keysetLinks(["a", "b"], null, false)).toEqual({ back: null, forward: null });
  });

  it("going forward, links back to the page it came from, and forward only when there are more", () => {
    expect(keysetLinks(["c", "d"], { toward: "end", anchor: "b" }, true)).toEqual({ back: "c", forward: "d" });
    expect(keysetLinks(["c", "d"], { toward: "end", anchor: "b" }, false)).toEqual({ back: "c", forward: null });
  });

  it("going back, links forward to the page it came from, and back only when there are more", () => {
    expect(keysetLinks(["c", "d"], { toward: "start", anchor: "e" }, true)).toEqual({ back: "c", forward: "d" });
    expect(keysetLinks(["a", "b"], { toward: "start", anchor: "c" }, false)).toEqual({ back: null, forward: "b" });
  });

  it("an empty page has no links", () => {
    expect(keysetLinks([], null, true)).toEqual({ back: null, forward: null });
    expect(keysetLinks([], { toward: "end", anchor: "z" }, false)).toEqual({ back: null, forward: null });
  });
});
