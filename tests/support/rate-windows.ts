import { secondsUntilWindowEnds } from "~/domain/accounts/rate-limits";

/**
 * Rate limits count in fixed windows (rate-limits.ts). A test that counts attempts up to a
 * limit must do all its counting in one window, or the turn resets the count half-way: so
 * when fewer than `neededSeconds` are left in the current window, this waits for the next.
 */
export async function startWithinOneWindow(windowSeconds: number, neededSeconds: number): Promise<void> {
  const left = secondsUntilWindowEnds(new Date(), windowSeconds);
  if (left < neededSeconds) await new Promise((resolve) => setTimeout(resolve, (left + 1) * 1000));
}
