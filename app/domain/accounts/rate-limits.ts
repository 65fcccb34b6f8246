/**
 * How many attempts each sensitive action allows, in fixed windows, counted up to three ways:
 * - per client (a network: auth/client-group.server.ts): one network cannot spray many handles or
 *   create many accounts;
 * - per handle from one client: guessing one account's passphrase from one network stops
 *   soon, and only for that network, so an attacker who knows a handle cannot lock its
 *   owner out (the owner signs in from their own phone's network);
 * - per handle from anywhere: only where the one who can reach it is the owner (a signed-in
 *   passphrase change). Sign-in and recovery have no such ceiling: anyone could reach it
 *   from many networks and block the owner. Guessing from many networks is slowed instead by
 *   proof of work that costs more as attempts on the handle pile up (challenge.ts).
 * Each action has its own counters: a sign-in lock never blocks recovery.
 *
 * Asking for a proof-of-work challenge is counted too: each challenge raises the handle's
 * price for everyone (challenge.ts), so one network may ask for only a few more per handle
 * than its own attempts need, and cannot push the owner's price to the ceiling alone.
 */
export type RateLimitedAction = "signIn" | "signUp" | "recovery" | "passphraseChange" | "challenge" | "publicLookup";
export type Limit = { limit: number; windowSeconds: number };
export type ActionLimits = { perClient: Limit; perHandleFromClient?: Limit; perHandle?: Limit };

const MINUTES = 60;
const HOURS = 60 * MINUTES;

export const RATE_LIMITS: Record<RateLimitedAction, ActionLimits> = {
  signIn: {
    perClient: { limit: 30, windowSeconds: 15 * MINUTES },
    perHandleFromClient: { limit: 10, windowSeconds: 15 * MINUTES },
  },
  // A drop-in centre signs many people up on one connection: a few a minute, all day.
  signUp: { perClient: { limit: 60, windowSeconds: HOURS } },
  recovery: {
    perClient: { limit: 20, windowSeconds: HOURS },
    perHandleFromClient: { limit: 5, windowSeconds: HOURS },
  },
  // Every sign-in, sign-up and recovery step spends one: the per-client allowance covers all
  // three at their limits (30 + 15 + 10 in a quarter hour, with room); per handle, the 10
  // sign-ins and 2 × 5 recovery steps one network may try. From one network a handle's
  // sign-in price then rises at most to 2^15 (a fifth of a second on a cheap phone).
  challenge: {
    perClient: { limit: 150, windowSeconds: 15 * MINUTES },
    perHandleFromClient: { limit: 20, windowSeconds: 15 * MINUTES },
  },
  // Opening a proof link or checking a statement's code, signed out: a recipient opens a few,
  // an office checking many people's papers some dozens; nobody needs to try thousands.
  publicLookup: { perClient: { limit: 120, windowSeconds: 15 * MINUTES } },
  passphraseChange: {
    perClient: { limit: 30, windowSeconds: HOURS },
    perHandleFromClient: { limit: 10, windowSeconds: HOURS },
    perHandle: { limit: 30, windowSeconds: HOURS },
  },
};

/** One counter an attempt is counted against: what it is keyed by, and its limit. */
export type RateLimitBucket = { kind: "client" | "handle" | "handle-client"; key: string; limit: Limit };

/**
 * The counters an attempt is counted against. `clientKey` names the client's network;
 * `clientMultiplier` scales the per-client limit (tests from one address raise it).
 */
export function rateLimitBuckets(
  action: RateLimitedAction,
  subject: { handleKey?: string; clientKey: string },
  clientMultiplier = 1,
): RateLimitBucket[] {
  const rules = RATE_LIMITS[action];
  const buckets: RateLimitBucket[] = [{ kind: "client", key: subject.clientKey, limit: scaleLimit(rules.perClient, clientMultiplier) }];
  if (subject.handleKey !== undefined) {
    if (rules.perHandleFromClient) buckets.push({ kind: "handle-client", key: `${subject.handleKey}|${subject.clientKey}`, limit: rules.perHandleFromClient });
    if (rules.perHandle) buckets.push({ kind: "handle", key: subject.handleKey, limit: rules.perHandle });
  }
  return buckets;
}

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
