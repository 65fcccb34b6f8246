/**
 * De-identified figures: no count below SMALL_COUNT is shown ("<5"), and no hidden count can
 * be worked back out from the ones shown. A table's rows, columns and totals are sums, so a
 * line (a row with its total, a column with its total, the totals with the grand total) with
 * exactly one hidden entry gives that entry away: another entry of the line, the smallest
 * shown one, is withheld too ("complementary suppression"), until no line has exactly one.
 */

export const SMALL_COUNT = 5;

/** What a dashboard shows for one count. */
export type ShownCount = { kind: "count"; value: number } | { kind: "small" } | { kind: "withheld" };

export interface ShownTable {
  cells: ShownCount[][];
  rowTotals: ShownCount[];
  columnTotals: ShownCount[];
  total: ShownCount;
}

type Entry = { value: number; hidden: "small" | "withheld" | null };

/** Counts in rows and columns (every row the same length), each with its totals, as they may be shown. */
export function suppressSmallCounts(counts: readonly (readonly number[])[]): ShownTable {
  const width = counts[0]?.length ?? 0;
  if (counts.some((row) => row.length !== width)) throw new RangeError("every row of a table has the same number of columns");
  if (counts.some((row) => row.some((value) => !Number.isSafeInteger(value) || value < 0))) throw new RangeError("counts are whole numbers from 0");
  const entry = (value: number): Entry => ({ value, hidden: value < SMALL_COUNT ? "small" : null });
  const cells = counts.map((row) => row.map(entry));
  const rowTotals = counts.map((row) => entry(row.reduce((sum, value) => sum + value, 0)));
  const columnTotals = Array.from({ length: width }, (_, column) => entry(counts.reduce((sum, row) => sum + (row[column] ?? 0), 0)));
  const total = entry(rowTotals.reduce((sum, row) => sum + row.value, 0));

  // Each line: the entries that add up, then their total.
  const lines: Entry[][] = [
    ...cells.map((row, index) => [...row, rowTotals[index] as Entry]),
    ...columnTotals.map((columnTotal, column) => [...cells.map((row) => row[column] as Entry), columnTotal]),
    [...columnTotals, total],
    [...rowTotals, total],
  ];
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.filter((item) => item.hidden !== null).length !== 1) continue;
      const parts = line.slice(0, -1).filter((item) => item.hidden === null);
      // The smallest part gives least away; with no part left, the line's total.
      const withheld = parts.length > 0 ? parts.reduce((smallest, item) => (item.value < smallest.value ? item : smallest)) : (line[line.length - 1] as Entry);
      withheld.hidden = "withheld";
      changed = true;
    }
  }
  const show = (item: Entry): ShownCount => (item.hidden === null ? { kind: "count", value: item.value } : { kind: item.hidden });
  return { cells: cells.map((row) => row.map(show)), rowTotals: rowTotals.map(show), columnTotals: columnTotals.map(show), total: show(total) };
}

/** A figure worked out from `basedOn` requests (a median time, a rate): shown only when they are not few. */
export function showStatistic<T>(value: T, basedOn: number): { kind: "value"; value: T } | { kind: "small" } {
  return basedOn < SMALL_COUNT ? { kind: "small" } : { kind: "value", value };
}
