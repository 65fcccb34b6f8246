import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { showStatistic, SMALL_COUNT, suppressSmallCounts, type ShownCount, type ShownTable } from "./small-counts";

const c = (value: number): ShownCount => ({ kind: "count", value });
const small: ShownCount = { kind: "small" };
const withheld: ShownCount = { kind: "withheld" };
const hidden = (shown: ShownCount) => shown.kind !== "count";

/** Every line of a shown table: a row with its total, a column with its total, the totals with the grand total. */
function linesOf(table: ShownTable): ShownCount[][] {
  return [
    ...table.cells.map((row, index) => [...row, table.rowTotals[index] as ShownCount]),
    ...table.columnTotals.map((total, column) => [...table.cells.map((row) => row[column] as ShownCount), total]),
    [...table.columnTotals, table.total],
    [...table.rowTotals, table.total],
  ];
}

describe("small counts", () => {
  it("shows counts of 5 and more, and '<5' below, zero included", () => {
    expect(suppressSmallCounts([[5, 12, 30]]).cells).toEqual([[c(5), c(12), c(30)]]);
    // 4 alone in its row would be 47 - 12 - 30: the smallest other count is withheld with it.
    expect(suppressSmallCounts([[4, 12, 30]]).cells).toEqual([[small, withheld, c(30)]]);
    expect(suppressSmallCounts([[0, 0, 30]]).cells).toEqual([[small, small, c(30)]]);
  });

  it("withholds a second entry where one hidden count could be worked out from its line's total", () => {
    const table = suppressSmallCounts([
      [20, 3, 15],
      [10, 12, 40],
    ]);
    // 3 is small; its row would give it away (total 38), so 15 is withheld; its column (15 total)
    // would then give 3 away, so 12 is withheld; and so on until no line has one hidden entry.
    expect(table.cells[0]?.[1]).toEqual(small);
    for (const line of linesOf(table)) expect(line.filter(hidden).length === 1, JSON.stringify(line)).toBe(false);
    expect(table.total).toEqual(c(100));
  });

  it("hides a small total, the counts under it, and a total that would give it away", () => {
    const table = suppressSmallCounts([[1, 2], [30, 40]]);
    expect(table.rowTotals[0]).toEqual(small);
    expect(table.cells[0]).toEqual([small, small]);
    // 73 in all less 70 would be the first row's 3.
    expect(table.rowTotals[1]).toEqual(withheld);
    expect(table.total).toEqual(c(73));
  });

  it("leaves no line with exactly one hidden entry, never shows a count below 5, and shows every other count as it is", () => {
    const tables = fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: width, maxLength: width }), { minLength: 1, maxLength: 5 }));
    fc.assert(
      fc.property(tables, (counts) => {
        const table = suppressSmallCounts(counts);
        for (const line of linesOf(table)) expect(line.filter(hidden).length).not.toBe(1);
        counts.forEach((row, r) =>
          row.forEach((value, col) => {
            const shown = table.cells[r]?.[col];
            if (value < SMALL_COUNT) expect(shown).toEqual(small);
            else expect(shown?.kind === "count" ? shown.value : value).toBe(value);
          }),
        );
        for (const shown of [...table.rowTotals, ...table.columnTotals, table.total]) if (shown.kind === "count") expect(shown.value).toBeGreaterThanOrEqual(SMALL_COUNT);
      }),
    );
  });

  it("refuses tables that are not tables of counts", () => {
    expect(() => suppressSmallCounts([[1, 2], [3]])).toThrow(RangeError);
    expect(() => suppressSmallCounts([[1, -2]])).toThrow(RangeError);
    expect(() => suppressSmallCounts([[1.5]])).toThrow(RangeError);
  });

  it("shows a figure worked out from few requests as '<5' too", () => {
    expect(showStatistic(42, 4)).toEqual({ kind: "small" });
    expect(showStatistic(42, 5)).toEqual({ kind: "value", value: 42 });
  });
});
