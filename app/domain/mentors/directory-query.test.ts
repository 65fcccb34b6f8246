import { describe, expect, it } from "vitest";
import { directoryQueryString, parseDirectoryQuery } from "./directory-query";

const AREA = "0b6c1a52-3f0e-4c55-9a51-2a3e5b1c9d10";

describe("the mentor directory's filters in the URL", () => {
  it("reads area, language, experience and page, and writes them back the same", () => {
    const { filters, dropped } = parseDirectoryQuery(new URLSearchParams(`area=${AREA.toUpperCase()}&language=yue&experience=family&page=3`));
    expect(filters).toEqual({ areaId: AREA, language: "yue", experience: "family", page: 3 });
    expect(dropped).toEqual([]);
    expect(directoryQueryString(filters)).toBe(`?area=${AREA}&language=yue&experience=family&page=3`);
    expect(directoryQueryString({ areaId: null, language: null, experience: null, page: 1 })).toBe("");
  });

  it("drops what makes no sense and says so, never throwing", () => {
    const { filters, dropped } = parseDirectoryQuery(new URLSearchParams("area=x&language=fr&experience=<b>&page=0"));
    expect(filters).toEqual({ areaId: null, language: null, experience: null, page: 1 });
    expect(dropped).toEqual(["area", "language", "experience", "page"]);
    expect(parseDirectoryQuery(new URLSearchParams("page=501")).dropped).toEqual(["page"]);
    expect(parseDirectoryQuery(new URLSearchParams("language=")).dropped).toEqual([]);
  });
});
