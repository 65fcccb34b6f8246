import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FINDER_COUNT_AHEAD, FINDER_PAGE_SIZE, finderPager, finderQueryString, finderTotal, parseFinderQuery, startingSoonOrder, TIME_OF_DAY_BOUNDS, TIMES_OF_DAY, type FinderFilters } from "./finder";
import { ATTENDANCE_MODES, GROUP_LANGUAGES } from "./meeting-fields";

const AREA = "0b4f7c3e-1f2a-4d5b-9c8d-7e6f5a4b3c2d";
const none: FinderFilters = { areaId: null, language: null, weekday: null, timeOfDay: null, format: null, page: 1 };

describe("the finder's filters in the URL", () => {
  it("read back what they wrote", () => {
    const filters = { areaId: AREA, language: "yue" as const, weekday: 0, timeOfDay: "evening" as const, format: "online" as const, page: 3 };
    const query = finderQueryString(filters);
    expect(query).toBe(`?area=${AREA}&language=yue&weekday=0&time=evening&format=online&page=3`);
    expect(parseFinderQuery(new URLSearchParams(query))).toEqual({ filters, dropped: [] });
    expect(finderQueryString(none)).toBe("");
  });

  it("drop and report what makes no sense, in the order of the keys, and never throw", () => {
    const { filters, dropped } = parseFinderQuery(new URLSearchParams("area=x&language=fr&weekday=7&time=night&format=&page=0"));
    expect(filters).toEqual(none);
    expect(dropped).toEqual(["area", "language", "weekday", "time", "page"]);
    expect(parseFinderQuery(new URLSearchParams("page=99999")).filters.page).toBe(1);
    expect(parseFinderQuery(new URLSearchParams("weekday=1.0&format=ONLINE")).dropped).toEqual(["weekday", "format"]);
    expect(parseFinderQuery(new URLSearchParams(`area=${AREA.toUpperCase()}&unknown=1`))).toEqual({ filters: { ...none, areaId: AREA }, dropped: [] });
  });

  it("round-trip any filters, and take any query without throwing, keeping only allowed values", () => {
    const filtersArb = fc.record({
      areaId: fc.option(fc.uuid({ version: 4 }), { nil: null }),
      language: fc.option(fc.constantFrom(...GROUP_LANGUAGES), { nil: null }),
      weekday: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
      timeOfDay: fc.option(fc.constantFrom(...TIMES_OF_DAY), { nil: null }),
      format: fc.option(fc.constantFrom(...ATTENDANCE_MODES), { nil: null }),
      page: fc.integer({ min: 1, max: 500 }),
    });
    fc.assert(
      fc.property(filtersArb, (filters) => {
        expect(parseFinderQuery(new URLSearchParams(finderQueryString(filters)))).toEqual({ filters, dropped: [] });
      }),
    );
    const keys = fc.constantFrom("area", "language", "weekday", "time", "format", "page", "other");
    fc.assert(
      fc.property(fc.array(fc.tuple(keys, fc.string({ unit: "binary", maxLength: 40 })), { maxLength: 10 }), (pairs) => {
        const { filters, dropped } = parseFinderQuery(new URLSearchParams(pairs));
        expect(filters.language === null || GROUP_LANGUAGES.includes(filters.language)).toBe(true);
        expect(filters.format === null || ATTENDANCE_MODES.includes(filters.format)).toBe(true);
        expect(filters.weekday === null || (Number.isInteger(filters.weekday) && filters.weekday >= 0 && filters.weekday <= 6)).toBe(true);
        expect(Number.isInteger(filters.page) && filters.page >= 1 && filters.page <= 500).toBe(true);
        expect(new Set(dropped).size).toBe(dropped.length);
        // What survives is written back as it was read.
        expect(parseFinderQuery(new URLSearchParams(finderQueryString(filters)))).toEqual({ filters, dropped: [] });
      }),
    );
  });
});

describe("the times of day", () => {
  it("cover the day from midnight to midnight, each time in one of them", () => {
    const bounds = TIMES_OF_DAY.map((timeOfDay) => TIME_OF_DAY_BOUNDS[timeOfDay]);
    expect(bounds[0]?.from).toBe("00:00");
    expect(bounds.at(-1)?.to).toBeNull();
    bounds.slice(1).forEach((next, index) => expect(next.from).toBe(bounds[index]?.to));
    bounds.forEach(({ from, to }) => expect(to === null || from < to).toBe(true));
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

  it("is a consistent order: any shuffle sorts the same, soonest first, none last", () => {
    const group = fc.record({ name: fc.constantFrom("甲", "乙", "A", "B"), nextStartsAt: fc.option(fc.integer({ min: 0, max: 5 }).map((hour) => new Date(Date.UTC(2027, 0, 1, hour))), { nil: null }) });
    fc.assert(
      fc.property(fc.array(group, { maxLength: 12 }), (groups) => {
        const sorted = [...groups].sort(startingSoonOrder);
        expect([...groups].reverse().sort(startingSoonOrder)).toEqual(sorted);
        const times = sorted.map((entry) => entry.nextStartsAt?.getTime() ?? Infinity);
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }),
    );
  });
});

describe("the finder's total, counted only so far past the page", () => {
  it("is exact up to FINDER_COUNT_AHEAD groups past the page's start, then says there are more", () => {
    expect(finderTotal(0, 0)).toEqual({ count: 0, more: false });
    expect(finderTotal(FINDER_COUNT_AHEAD, 0)).toEqual({ count: FINDER_COUNT_AHEAD, more: false });
    expect(finderTotal(FINDER_COUNT_AHEAD + 1, 0)).toEqual({ count: FINDER_COUNT_AHEAD, more: true });
    // On page 3 the count reaches further: 40 groups before the page, FINDER_COUNT_AHEAD from it.
    const offset = 2 * FINDER_PAGE_SIZE;
    expect(finderTotal(offset + FINDER_COUNT_AHEAD + 1, offset)).toEqual({ count: offset + FINDER_COUNT_AHEAD, more: true });
    expect(finderTotal(offset + 5, offset)).toEqual({ count: offset + 5, more: false });
  });

  it("gives the pager the pages known to exist, and whether more follow", () => {
    expect(finderPager({ count: 0, more: false })).toEqual({ pages: 1, more: false });
    expect(finderPager({ count: FINDER_PAGE_SIZE + 1, more: false })).toEqual({ pages: 2, more: false });
    expect(finderPager({ count: FINDER_COUNT_AHEAD, more: true })).toEqual({ pages: Math.ceil(FINDER_COUNT_AHEAD / FINDER_PAGE_SIZE), more: true });
  });
});
