/**
 * Lists shown a page at a time from an anchor row (the audit log, the shares a social worker
 * received): a page is read from the row it starts after, or ends before, so it costs the same
 * however long the list is. Rows are in the list's order; "forward" is towards its end.
 */

/** Where a page starts: past a row towards the list's end, back from one towards its start, or at the start. */
export type KeysetFrom<Id> = { toward: "end" | "start"; anchor: Id } | null;

/** The anchors of the links beside a page: its rows (in the list's order) and whether the query found one more in its direction. */
export function keysetLinks<Id>(rowIds: readonly Id[], from: KeysetFrom<Id>, more: boolean): { back: Id | null; forward: Id | null } {
  const first = rowIds[0] ?? null;
  const last = rowIds.at(-1) ?? null;
  if (first === null || last === null) return { back: null, forward: null };
  if (from === null) return { back: null, forward: more ? last : null };
  // Coming from a page, the rows on its side are still there.
  return from.toward === "end" ? { back: first, forward: more ? last : null } : { back: more ? first : null, forward: last };
}
