/**
 * Proof of attendance that names nobody: "attended N meetings of a recognised mutual-aid
 * group between two dates", with a code anyone can check on a public page. The statement
 * never carries the member or the group; the code is random (60 bits, Crockford base32, in
 * groups of four so it can be read out or typed from paper).
 */
import { newReadableCode, normaliseReadableCode, readableCodeBytes } from "~/domain/formats/readable-code";
import { addYears, dayNumber } from "./local-time";

export const STATEMENT_MAX_YEARS = 5;
const STATEMENT_CODE_CHARACTERS = 12;
export const STATEMENT_CODE_BYTES = readableCodeBytes(STATEMENT_CODE_CHARACTERS);

export type PeriodProblem = { field: "periodFrom" | "periodTo"; problem: "date" | "order" | "future" | "tooLong"; years: number };

/** A period the member chose: real dates, from ≤ to ≤ today, at most STATEMENT_MAX_YEARS long (to ≤ from plus the years). */
export function checkStatementPeriod(period: { from: string; to: string; today: string }): PeriodProblem[] {
  const years = STATEMENT_MAX_YEARS;
  const from = dayNumber(period.from);
  const to = dayNumber(period.to);
  const today = dayNumber(period.today);
  const problems: PeriodProblem[] = [];
  if (from === null) problems.push({ field: "periodFrom", problem: "date", years });
  if (to === null) problems.push({ field: "periodTo", problem: "date", years });
  if (from === null || to === null || today === null) return problems;
  if (to > today) problems.push({ field: "periodTo", problem: "future", years });
  else if (from > to) problems.push({ field: "periodFrom", problem: "order", years });
  else if (to > addYears(from, years, "clamp")) problems.push({ field: "periodFrom", problem: "tooLong", years });
  return problems;
}

/** One member's attendance mark for one occurrence, with what became of the occurrence. */
export interface AttendanceMark {
  meetingId: string;
  /** The occurrence's name: the local date its rule gave it. */
  occurrenceOn: string;
  /** The local date it took place: the rule's date, or the one it was moved to. */
  heldOn: string;
  present: boolean;
  cancelled: boolean;
}

/**
 * How many meetings a member attended in a period: occurrences marked present that took place
 * (by the date they were held) within it, each once, cancelled ones never.
 */
export function countAttendance(marks: readonly AttendanceMark[], period: { from: string; to: string }): number {
  const counted = new Set<string>();
  for (const mark of marks) {
    if (mark.present && !mark.cancelled && mark.heldOn >= period.from && mark.heldOn <= period.to) counted.add(`${mark.meetingId} ${mark.occurrenceOn}`);
  }
  return counted.size;
}

/** A new code from random bytes (at least 8): 12 characters = 60 bits, as XXXX-XXXX-XXXX. */
export function newStatementCode(random: Uint8Array): string {
  return newReadableCode(random, STATEMENT_CODE_CHARACTERS);
}

/** What someone typed, as the stored code, or null if it cannot be one (see normaliseReadableCode). */
export function normaliseStatementCode(typed: string): string | null {
  return normaliseReadableCode(typed, STATEMENT_CODE_CHARACTERS);
}

export interface StatementFacts {
  code: string;
  attendedCount: number;
  periodFrom: string;
  periodTo: string;
  issuedOn: string;
}

/** The exact text the server signs: versioned, and with nothing about the member or the group. */
export function statementSigningPayload(facts: StatementFacts): string {
  return ["tongxing-attendance-v1", facts.code, String(facts.attendedCount), facts.periodFrom, facts.periodTo, facts.issuedOn].join("\n");
}
