/**
 * How long a request has waited, in the words a busy social worker scans: "under a day",
 * "1 day", "N days". Whole days since it was asked, until it closed (or now while open).
 */
const DAY_MS = 86_400_000;

/** The queue's age filter: waiting at least this many days. */
export const WAITED_AT_LEAST = [1, 3, 7, 30] as const;

export type WaitingTime = { kind: "underADay" } | { kind: "oneDay" } | { kind: "days"; days: number };

export function waitingTime(askedAt: Date, until: Date): WaitingTime {
  const days = Math.floor((until.getTime() - askedAt.getTime()) / DAY_MS);
  if (days < 1) return { kind: "underADay" };
  return days === 1 ? { kind: "oneDay" } : { kind: "days", days };
}
