/**
 * How often the clean-up jobs run (app/jobs: ended sessions, stale rate-limit counters,
 * expired shares): what has ended is gone within one run. The about page states it from here.
 */
export const CLEAN_UP_EVERY_MINUTES = 60;
