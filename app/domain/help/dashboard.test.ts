import { describe, expect, it } from "vitest";
import { openByAgeRow, requestsTable } from "./dashboard";
import { HELP_CATEGORIES, REQUEST_STATUSES } from "./request-rules";

describe("the dashboard's tables", () => {
  it("always has every category and status, in order, a missing pair counting 0", () => {
    const table = requestsTable([{ category: "welfare", status: "submitted", requests: 12 }]);
    expect(table.cells).toHaveLength(HELP_CATEGORIES.length);
    expect(table.cells.every((row) => row.length === REQUEST_STATUSES.length)).toBe(true);
    // 12 welfare requests, all submitted: the row's other cells are "<5" zeros, and 12 stands.
    expect(table.cells[HELP_CATEGORIES.indexOf("welfare")]?.[REQUEST_STATUSES.indexOf("submitted")]).toEqual({ kind: "count", value: 12 });
    expect(table.cells[0]?.[0]).toEqual({ kind: "small" });
    expect(table.total).toEqual({ kind: "count", value: 12 });
  });

  it("hides a lone small count and what would give it away", () => {
    const counts = REQUEST_STATUSES.map((status) => ({ category: "jobs" as const, status, requests: status === "declined" ? 2 : status === "resolved" ? 30 : 10 }));
    const jobs = requestsTable(counts).cells[HELP_CATEGORIES.indexOf("jobs")] ?? [];
    expect(jobs[REQUEST_STATUSES.indexOf("declined")]).toEqual({ kind: "small" });
    // The row's total less the others would be 2: the smallest other count is withheld too.
    expect(jobs.filter((cell) => cell.kind === "withheld")).toHaveLength(1);
    expect(jobs[REQUEST_STATUSES.indexOf("resolved")]).toEqual({ kind: "count", value: 30 });
  });

  it("gives open requests by age in order, the same rule applied", () => {
    expect(openByAgeRow([{ age: "older", requests: 9 }, { age: "day", requests: 40 }]).cells).toEqual([[{ kind: "count", value: 40 }, { kind: "small" }, { kind: "small" }, { kind: "count", value: 9 }]]);
  });
});
