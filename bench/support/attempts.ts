/**
 * Tallies of a closed-loop load run done in-process (each client waits for its answer before
 * asking again): how many attempts ended in each outcome, per second, and their latency.
 */
import { percentile } from "./load";

export type Attempt = { outcome: string; ms: number };

export type AttemptSummary = {
  attempts: number;
  attemptsPerSecond: number;
  /** Attempts per outcome, most frequent first. */
  byOutcome: Array<{ outcome: string; count: number; perSecond: number }>;
  p50: number;
  p95: number;
  p99: number;
};

export function summariseAttempts(attempts: readonly Attempt[], seconds: number): AttemptSummary {
  const counts = new Map<string, number>();
  for (const { outcome } of attempts) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  const latencies = attempts.map((a) => a.ms).sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    attempts: attempts.length,
    attemptsPerSecond: attempts.length / seconds,
    byOutcome: [...counts.entries()]
      .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
      .map(([outcome, count]) => ({ outcome, count, perSecond: count / seconds })),
    p50: round(percentile(latencies, 0.5)),
    p95: round(percentile(latencies, 0.95)),
    p99: round(percentile(latencies, 0.99)),
  };
}

/** The latency of the attempts with one outcome (e.g. the bookings made), as a summary of its own. */
export function summariseOutcome(attempts: readonly Attempt[], outcome: string, seconds: number): AttemptSummary {
  return summariseAttempts(
    attempts.filter((a) => a.outcome === outcome),
    seconds,
  );
}

/** What the database holds after a booking run, counted in SQL. */
export type BookingIntegrity = {
  /** Slots with more current bookings than places. */
  overbookedSlots: number;
  /** Slots whose `booked` differs from the count of their current bookings. */
  miscountedSlots: number;
  /** Members holding more than one current booking on one local date. */
  sameDayDoubles: number;
  /** Current bookings in the database, and how many the clients were told were made. */
  bookingsStored: number;
  bookingsReported: number;
};

/** Every way the stored bookings break the rules; empty when they hold. */
export function integrityProblems(check: BookingIntegrity): string[] {
  const problems: string[] = [];
  if (check.overbookedSlots > 0) problems.push(`${check.overbookedSlots} slots hold more bookings than places`);
  if (check.miscountedSlots > 0) problems.push(`${check.miscountedSlots} slots count their bookings wrongly (testing_slots.booked)`);
  if (check.sameDayDoubles > 0) problems.push(`${check.sameDayDoubles} members hold two bookings on one day`);
  if (check.bookingsStored !== check.bookingsReported) {
    problems.push(`${check.bookingsStored} bookings stored, but clients were told of ${check.bookingsReported}`);
  }
  return problems;
}
