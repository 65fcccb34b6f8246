import { describe, expect, it } from "vitest";
import { finderQueryString, parseFinderQuery, startingSoonOrder } from "./finder";

const AREA = "0b4f7c3e-1f2a-4d5b-9c8d-7e6f5a4b3c2d";

describe("the finder's filters in the URL", () => {
  it("read back what they wrote", () => {
    const filters = { areaId: AREA, language: "yue" as const, weekday: 0, timeOfDay: "evening" as const, format: "online" as const, page: 3 };
    const query = finderQueryString(filters);
    expect(query).toBe(`?area=${AREA}&language=yue&weekday=0&time=evening&format=online&page=3`);
    expect(parseFinderQuery(new URLSearchParams(query))).toEqual({ filters, dropped: [] });
    expect(finderQueryString({ ...filters, areaId: null, language: null, weekday: null, timeOfDay: null, format: null, page: 1 })).toBe("");
  });

  it("drop and report what makes no sense, and never throw", () => {
    const { filters, dropped } = parseFinderQuery(new URLSearchParams("area=x&language=fr&weekday=7&time=night&format=&page=0"));
    expect(filters).toEqual({ areaId: null, language: null, weekday: null, timeOfDay: null, format: null, page: 1 });
    expect(dropped).toEqual(["weekday", "page", "area", "language", "time"]);
    expect(parseFinderQuery(new URLSearchParams("page=99999")).filters.page).toBe(1);
  });
});

describe("starting soon first", () => {
  it("puts the soonest first and groups without a next meeting last", () => {
    const groups = [
      { name: "C", nextStartsAt: null },
      { name: "B", nextStartsAt: new Date("2027-01-02T10:00:00Z") },
      { name: "A", nextStartsAt: new Date("2027-01-01T10:00:00Z") },
      { name: "D", nextStartsAt: new Date("2027-01-01T10:00:00Z") },
    ];
    expect([...groups].sort(startingSoonOrder).map((group) => group.name)).toEqual(["A", "D", "B", "C"]);
  });
});
