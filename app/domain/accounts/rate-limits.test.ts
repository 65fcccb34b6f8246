import { describe, expect, it } from "vitest";
import { isOverLimit, RATE_LIMITS, rateLimitBuckets, scaleLimit, secondsUntilWindowEnds, windowStart } from "./rate-limits";

describe("rate limits", () => {
  it("puts every instant of a window at the same start", () => {
    const a = windowStart(new Date("2026-01-01T10:00:01Z"), 900);
    const b = windowStart(new Date("2026-01-01T10:14:59Z"), 900);
    expect(a.toISOString()).toBe("2026-01-01T10:00:00.000Z");
    expect(b).toEqual(a);
    expect(windowStart(new Date("2026-01-01T10:15:00Z"), 900)).not.toEqual(a);
  });
  it("tells how long until the window ends", () => {
    expect(secondsUntilWindowEnds(new Date("2026-01-01T10:14:00Z"), 900)).toBe(60);
  });
  it("allows exactly the limit and refuses the next", () => {
    const limit = RATE_LIMITS.signIn.perClient;
    expect(isOverLimit(limit.limit, limit)).toBe(false);
    expect(isOverLimit(limit.limit + 1, limit)).toBe(true);
  });
  it("scales client limits and keeps the window", () => {
    expect(scaleLimit({ limit: 10, windowSeconds: 60 }, 5)).toEqual({ limit: 50, windowSeconds: 60 });
  });
  it("has no per-handle ceiling on sign-in or recovery that many networks together could reach", () => {
    // Such a ceiling blocked the owner's right passphrase too; proof of work slows them instead (challenge.ts).
    expect(RATE_LIMITS.signIn.perHandle).toBeUndefined();
    expect(RATE_LIMITS.recovery.perHandle).toBeUndefined();
    expect(RATE_LIMITS.signIn.perHandleFromClient?.limit).toBeGreaterThan(0);
    expect(RATE_LIMITS.recovery.perHandleFromClient?.limit).toBeGreaterThan(0);
  });

  it("counts a handle's attempts per network, so one network cannot lock the owner out elsewhere", () => {
    const attacker = rateLimitBuckets("signIn", { handleKey: "ming", clientKey: "203.0.113.9" });
    const owner = rateLimitBuckets("signIn", { handleKey: "ming", clientKey: "198.51.100.7" });
    const byKind = (buckets: typeof attacker, kind: string) => buckets.find((b) => b.kind === kind);
    expect(byKind(attacker, "handle-client")?.key).not.toBe(byKind(owner, "handle-client")?.key);
    // Nothing the attacker's attempts count against is counted for the owner's network too.
    expect(byKind(attacker, "handle")).toBeUndefined();
    const fromOneNetwork = byKind(attacker, "handle-client")?.limit.limit ?? Infinity;
    expect(fromOneNetwork).toBeLessThanOrEqual(10);
  });

  it("scales only the per-client limit, and sign-up has no handle to count", () => {
    const buckets = rateLimitBuckets("signIn", { handleKey: "ming", clientKey: "10.0.0.1" }, 10);
    expect(buckets.find((b) => b.kind === "client")?.limit.limit).toBe(RATE_LIMITS.signIn.perClient.limit * 10);
    expect(buckets.find((b) => b.kind === "handle-client")?.limit).toEqual(RATE_LIMITS.signIn.perHandleFromClient);
    expect(rateLimitBuckets("signUp", { clientKey: "10.0.0.1" }).map((b) => b.kind)).toEqual(["client"]);
  });

  it("lets a drop-in centre sign many people up from one connection", () => {
    const signUp = RATE_LIMITS.signUp.perClient;
    expect((signUp.limit * 3600) / signUp.windowSeconds).toBeGreaterThanOrEqual(60);
  });
});
