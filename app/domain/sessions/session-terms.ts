/**
 * How long a session lasts and when it locks (docs/decisions/012-shared-phones-and-lock.md).
 *
 * - On the member's own phone a session lasts 7 days (the cookie too) and locks only if the
 *   member chose an inactivity lock.
 * - On a shared or borrowed phone the cookie ends with the browser, the server ends the
 *   session after 2 hours whatever the cookie says, and it locks after 5 minutes without a
 *   request (sooner if the member chose sooner; no choice turns it off).
 *
 * Times are in seconds. `minuteSeconds` is how long a minute of the lock lasts: 60, except
 * in the end-to-end tests, which shorten it (INACTIVITY_MINUTE_SECONDS) instead of waiting.
 */

/** The inactivity locks a member may choose, in minutes ("off" is no row at all). */
export const LOCK_CHOICES = [5, 15, 60] as const;
export type LockChoice = (typeof LOCK_CHOICES)[number];

const HOUR_SECONDS = 3600;
export const OWN_PHONE_LIFETIME_SECONDS = 7 * 24 * HOUR_SECONDS;
export const SHARED_PHONE_LIFETIME_SECONDS = 2 * HOUR_SECONDS;
/** A shared phone locks after this many minutes without a request, at the latest. */
export const SHARED_PHONE_LOCK_MINUTES: LockChoice = 5;
/**
 * A session's last activity is written at most once a minute: a write per request would cost
 * every page. So a lock may come up to a minute early (a 5-minute lock after 4 to 5 minutes).
 */
export const TOUCH_AFTER_MINUTES = 1;
export const MINUTE_SECONDS = 60;

export function isLockChoice(minutes: number): minutes is LockChoice {
  return (LOCK_CHOICES as readonly number[]).includes(minutes);
}

/** After how many seconds without a request a session locks; null when it never does. */
export function lockAfterSeconds(sharedPhone: boolean, chosen: LockChoice | null, minuteSeconds = MINUTE_SECONDS): number | null {
  const minutes = sharedPhone ? Math.min(chosen ?? SHARED_PHONE_LOCK_MINUTES, SHARED_PHONE_LOCK_MINUTES) : chosen;
  return minutes === null ? null : minutes * minuteSeconds;
}

/** How often a live session's last activity is written. */
export function touchAfterSeconds(minuteSeconds = MINUTE_SECONDS): number {
  return TOUCH_AFTER_MINUTES * minuteSeconds;
}

export type SessionTerms = {
  /** When the server ends the session, whatever the browser does. */
  expiresAt: Date;
  /** The cookie's Max-Age; undefined for a cookie that ends when the browser closes. */
  cookieMaxAgeSeconds: number | undefined;
  lockAfterSeconds: number | null;
};

/** The terms of a session started now on this kind of phone, with the member's chosen lock. */
export function sessionTerms(
  now: Date,
  { sharedPhone, chosenLock, minuteSeconds = MINUTE_SECONDS }: { sharedPhone: boolean; chosenLock: LockChoice | null; minuteSeconds?: number },
): SessionTerms {
  const lifetime = sharedPhone ? SHARED_PHONE_LIFETIME_SECONDS : OWN_PHONE_LIFETIME_SECONDS;
  return {
    expiresAt: new Date(now.getTime() + lifetime * 1000),
    cookieMaxAgeSeconds: sharedPhone ? undefined : lifetime,
    lockAfterSeconds: lockAfterSeconds(sharedPhone, chosenLock, minuteSeconds),
  };
}
