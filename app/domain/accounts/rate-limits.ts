/**
 * How many attempts each sensitive action allows, per handle and per client, in
 * fixed windows. Per-handle limits stop guessing against one account; per-client
 * limits stop one address from spraying many handles or creating many accounts.
 */
export type RateLimitedAction = "signIn" | "signUp" | "recovery" | "passphraseChange";
export type Limit = { limit: number; windowSeconds: number };

export const RATE_LIMITS: Record<RateLimitedAction, { perHandle?: Limit; perClient: Limit }> = {
  signIn: { perHandle: { limit: 10, windowSeconds: 15 * 60 }, perClient: { limit: 30, windowSeconds: 15 * 60 } },
  signUp: { perClient: { limit: 10, windowSeconds: 60 * 60 } },
  recovery: { perHandle: { limit: 5, windowSeconds: 60 * 60 }, perClient: { limit: 20, windowSeconds: 60 * 60 } },
  passphraseChange: { perHandle: { limit: 10, windowSeconds: 60 * 60 }, perClient: { limit: 30, windowSeconds: 60 * 60 } },
};

export function windowStart(now: Date, windowSeconds: number): Date {
  const size = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / size) * size);
}

export function secondsUntilWindowEnds(now: Date, windowSeconds: number): number {
  const end = windowStart(now, windowSeconds).getTime() + windowSeconds * 1000;
  return Math.max(1, Math.ceil((end - now.getTime()) / 1000));
}

export function scaleLimit(limit: Limit, multiplier: number): Limit {
  return { ...limit, limit: limit.limit * multiplier };
}

export function isOverLimit(hits: number, limit: Limit): boolean {
  return hits > limit.limit;
}
