import { describe, expect, it } from "vitest";
import { dashboardView, parseDashboardChoice, periodStart, roughDuration, showCount, showRate, type DashboardFigures } from "./dashboard-view";

const AREA = "a0000000-0000-4000-8000-000000440106";

const quiet: DashboardFigures = {
  requests: [{ category: "welfare", status: "submitted", requests: 3 }],
  openByAge: [{ age: "day", requests: 3 }],
  responseTimes: { responded: 2, medianFirstResponseSeconds: 7_260, resolved: 1, medianResolutionSeconds: 90_001 },
  meetings: { meetings: 3, present: 4 },
  testing: { slots: 1, places: 3, booked: 2, noShows: 1, tested: 1 },
  activeGroups: [{ areaId: AREA, groups: 2 }],
};

describe("the dashboard's choice of area and period", () => {
  it("takes a served area and a known period", () => {
    expect(parseDashboardChoice(new URLSearchParams({ area: AREA.toUpperCase(), days: "365" }), [AREA])).toEqual({ areaId: AREA, days: 365 });
  });

  it("falls back to all areas and 30 days for anything else, never failing", () => {
    for (const query of ["", "area=nope&days=7", `area=a0000000-0000-4000-8000-000000000999&days=90.5`, "days=-30", "area=&days="]) {
      expect(parseDashboardChoice(new URLSearchParams(query), [AREA]), query).toEqual({ areaId: null, days: 30 });
    }
  });

  it("counts the period back from now", () => {
    expect(periodStart(90, new Date("2026-12-04T00:00:00Z")).toISOString()).toBe("2026-09-05T00:00:00.000Z");
  });
});

describe("waits in plain words", () => {
  it("uses the largest unit that gives at least one, rounded", () => {
    expect(roughDuration(0)).toEqual({ unit: "minutes", count: 1 });
    expect(roughDuration(20 * 60)).toEqual({ unit: "minutes", count: 20 });
    expect(roughDuration(7_260)).toEqual({ unit: "hours", count: 2 });
    expect(roughDuration(2 * 86_400 + 3_600)).toEqual({ unit: "days", count: 2 });
    expect(roughDuration(13.4 * 86_400)).toEqual({ unit: "days", count: 13 });
    expect(roughDuration(30 * 86_400)).toEqual({ unit: "weeks", count: 4 });
  });
});

describe("counts and rates on their own", () => {
  it("hides a count below 5", () => {
    expect(showCount(4)).toEqual({ kind: "small" });
    expect(showCount(0)).toEqual({ kind: "small" });
    expect(showCount(5)).toEqual({ kind: "count", value: 5 });
  });

  it("shows a rate only when neither the part nor the rest is few", () => {
    expect(showRate(10, 40)).toEqual({ kind: "value", value: 25 });
    expect(showRate(4, 40)).toEqual({ kind: "small" });
    expect(showRate(0, 40)).toEqual({ kind: "small" });
    expect(showRate(37, 40)).toEqual({ kind: "small" });
  });
});

describe("the dashboard's view", () => {
  it("carries no exact figure below 5 when every figure is small", () => {
    const view = dashboardView(quiet);
    expect(view.responseTimes).toEqual({ responded: { kind: "small" }, firstResponse: { kind: "small" }, resolved: { kind: "small" }, resolution: { kind: "small" } });
    expect(view.meetings).toEqual({ held: { kind: "small" }, present: { kind: "small" }, averagePresent: { kind: "small" } });
    expect(view.testing).toEqual({ places: { kind: "small" }, booked: { kind: "small" }, tested: { kind: "small" }, noShows: { kind: "small" }, use: { kind: "small" }, noShowRate: { kind: "small" } });
    expect(view.activeGroups).toEqual([{ areaId: AREA, groups: { kind: "small" } }]);
    // Nothing in what the browser receives is a number, except inside the area's id.
    expect(JSON.stringify(view).replaceAll(AREA, "")).not.toMatch(/\d/);
  });

  it("shows figures that rest on enough", () => {
    const view = dashboardView({
      ...quiet,
      responseTimes: { responded: 12, medianFirstResponseSeconds: 7_260, resolved: 6, medianResolutionSeconds: 3 * 86_400 },
      meetings: { meetings: 8, present: 50 },
      testing: { slots: 20, places: 60, booked: 30, noShows: 6, tested: 20 },
    });
    expect(view.responseTimes.firstResponse).toEqual({ kind: "value", value: { unit: "hours", count: 2 } });
    expect(view.responseTimes.resolution).toEqual({ kind: "value", value: { unit: "days", count: 3 } });
    expect(view.meetings.averagePresent).toEqual({ kind: "value", value: 6.3 });
    expect(view.testing.use).toEqual({ kind: "value", value: 50 });
    expect(view.testing.noShowRate).toEqual({ kind: "value", value: 20 });
  });

  it("says a median is too few to show when the database found none", () => {
    const view = dashboardView({ ...quiet, responseTimes: { responded: 0, medianFirstResponseSeconds: null, resolved: 0, medianResolutionSeconds: null } });
    expect(view.responseTimes.firstResponse).toEqual({ kind: "small" });
  });
});
