import { describe, expect, it } from "vitest";
import { sharesPageFrom, sharesPageHref } from "./shares-pages";

const SHARE = "0b7f2c1e-4a6d-4e8f-9a1b-2c3d4e5f6a7b";

describe("the pages of a social worker's shares", () => {
  it("reads the share a page starts after or ends before, and writes it back", () => {
    for (const from of [{ toward: "end", anchor: SHARE }, { toward: "start", anchor: SHARE }, null] as const) {
      const href = sharesPageHref(from);
      expect(sharesPageFrom(new URL(href, "http://portal.test").searchParams), href).toEqual(from);
    }
    expect(sharesPageHref({ toward: "end", anchor: SHARE })).toBe(`/shared?after=${SHARE}`);
    expect(sharesPageHref({ toward: "start", anchor: SHARE })).toBe(`/shared?before=${SHARE}`);
  });

  it("takes an id in capitals as the database prints it", () => {
    expect(sharesPageFrom(new URLSearchParams({ after: SHARE.toUpperCase() }))).toEqual({ toward: "end", anchor: SHARE });
  });

  it("goes to the first page for an address that names no share", () => {
    for (const query of ["", "after=", "after=1", "before=x'--", `after=${SHARE}x`, "page=2"]) {
      expect(sharesPageFrom(new URLSearchParams(query)), query).toBeNull();
    }
  });
});
