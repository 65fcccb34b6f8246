/** How long a share may last, in days: the member chooses, 90 unless they change it. */
export const SHARE_DEFAULT_DAYS = 90;
/** One day under the database's ceiling (366), so clock skew between app and database cannot trip it. */
export const SHARE_MAX_DAYS = 365;
/** How long an ended share stays in its owner's list (the prune-expired-shares job), in days. */
export const ENDED_SHARE_KEEP_DAYS = 90;

/** When a share made now for this many days stops working (whole days, in UTC). */
export function shareExpiry(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 24 * 3600 * 1000);
}

/** Whole days left before a share expires (0 once expired). */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / (24 * 3600 * 1000)));
}
