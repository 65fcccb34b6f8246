/** bench/support/attempts.ts: the tallies and the after-run check the booking bench prints. */
import { describe, expect, it } from "vitest";
import { integrityProblems, summariseAttempts, summariseOutcome, type Attempt } from "../../bench/support/attempts";

const run: Attempt[] = [
  ...Array.from({ length: 90 }, (_, i) => ({ outcome: "booked", ms: i + 1 })),
  ...Array.from({ length: 8 }, () => ({ outcome: "full", ms: 2 })),
  ...Array.from({ length: 2 }, () => ({ outcome: "sameDay", ms: 200 })),
];

describe("summariseAttempts", () => {
  it("counts outcomes per second, most frequent first, with latency percentiles over every attempt", () => {
    const summary = summariseAttempts(run, 4);
    expect(summary.attempts).toBe(100);
    expect(summary.attemptsPerSecond).toBe(25);
    expect(summary.byOutcome).toEqual([
      { outcome: "booked", count: 90, perSecond: 22.5 },
      { outcome: "full", count: 8, perSecond: 2 },
      { outcome: "sameDay", count: 2, perSecond: 0.5 },
    ]);
    expect(summary.p50).toBe(42);
    expect(summary.p95).toBe(87);
    expect(summary.p99).toBe(200);
  });

  it("orders equal counts by name so the printed table is stable", () => {
    const summary = summariseAttempts([{ outcome: "full", ms: 1 }, { outcome: "closed", ms: 1 }], 1);
    expect(summary.byOutcome.map((o) => o.outcome)).toEqual(["closed", "full"]);
  });

  it("has no percentiles for an empty run rather than inventing zeros", () => {
    const summary = summariseAttempts([], 10);
    expect(summary.attempts).toBe(0);
    expect(summary.byOutcome).toEqual([]);
    expect(summary.p50).toBeNaN();
  });
});

describe("summariseOutcome", () => {
  it("takes the latency of one outcome alone", () => {
    const booked = summariseOutcome(run, "booked", 4);
    expect(booked.attempts).toBe(90);
    expect(booked.p95).toBe(86);
    expect(booked.p99).toBe(90);
  });
});

describe("integrityProblems", () => {
  const sound = { overbookedSlots: 0, miscountedSlots: 0, sameDayDoubles: 0, bookingsStored: 120, bookingsReported: 120 };

  it("finds nothing wrong when every count holds", () => {
    expect(integrityProblems(sound)).toEqual([]);
  });

  it("names each broken rule", () => {
    const problems = integrityProblems({ overbookedSlots: 1, miscountedSlots: 2, sameDayDoubles: 3, bookingsStored: 121, bookingsReported: 120 });
    expect(problems).toEqual([
      "1 slots hold more bookings than places",
      "2 slots count their bookings wrongly (testing_slots.booked)",
      "3 members hold two bookings on one day",
      "121 bookings stored, but clients were told of 120",
    ]);
  });
});
