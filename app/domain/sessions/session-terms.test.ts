import { describe, expect, it } from "vitest";
import {
  LOCK_CHOICES,
  OWN_PHONE_LIFETIME_SECONDS,
  SHARED_PHONE_LIFETIME_SECONDS,
  isLockChoice,
  lockAfterSeconds,
  sessionTerms,
  touchAfterSeconds,
} from "./session-terms";

const NOW = new Date("2025-06-01T08:00:00Z");
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe("session terms", () => {
  it("own phone: 7 days on the server and in the cookie; locks only when the member chose a lock", () => {
    expect(sessionTerms(NOW, { sharedPhone: false, chosenLock: null })).toEqual({
      expiresAt: later(7 * 24 * 3600),
      cookieMaxAgeSeconds: 7 * 24 * 3600,
      lockAfterSeconds: null,
    });
    for (const minutes of LOCK_CHOICES) {
      expect(sessionTerms(NOW, { sharedPhone: false, chosenLock: minutes }).lockAfterSeconds).toBe(minutes * 60);
    }
  });

  it("shared phone: a cookie that ends with the browser, 2 hours on the server, and a lock of 5 minutes at most", () => {
    const terms = sessionTerms(NOW, { sharedPhone: true, chosenLock: null });
    expect(terms).toEqual({ expiresAt: later(2 * 3600), cookieMaxAgeSeconds: undefined, lockAfterSeconds: 5 * 60 });
    expect(SHARED_PHONE_LIFETIME_SECONDS).toBeLessThan(OWN_PHONE_LIFETIME_SECONDS / 50);
    // No choice makes a shared phone lock later, or never.
    for (const minutes of LOCK_CHOICES) expect(lockAfterSeconds(true, minutes)).toBe(5 * 60);
  });

  it("a shorter minute (the end-to-end tests) shortens the lock and the touch, not the lifetime", () => {
    expect(sessionTerms(NOW, { sharedPhone: true, chosenLock: 15, minuteSeconds: 2 })).toEqual({
      expiresAt: later(2 * 3600),
      cookieMaxAgeSeconds: undefined,
      lockAfterSeconds: 10,
    });
    expect(lockAfterSeconds(false, 60, 2)).toBe(120);
    expect(touchAfterSeconds(2)).toBe(2);
  });

  it("last activity is written at most once a minute, well inside the shortest lock", () => {
    expect(touchAfterSeconds()).toBe(60);
    expect(touchAfterSeconds()).toBeLessThan(Math.min(...LOCK_CHOICES) * 60);
  });

  it("knows its choices, and nothing else", () => {
    expect(LOCK_CHOICES).toEqual([5, 15, 60]);
    for (const minutes of LOCK_CHOICES) expect(isLockChoice(minutes)).toBe(true);
    for (const minutes of [0, -5, 1, 4, 6, 30, 61, 1440, Number.NaN]) expect(isLockChoice(minutes)).toBe(false);
  });
});
