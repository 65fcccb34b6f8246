/**
 * Proof of attendance that names nobody: "attended N meetings of a recognised mutual-aid
 * group between two dates", with a code anyone can check on a public page. The statement
 * never carries the member or the group; the code is random (60 bits, Crockford base32, in
 * groups of four so it can be read out or typed from paper).
 */
import { dayNumber } from "./local-time";

export const STATEMENT_MAX_YEARS = 5;
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const STATEMENT_CODE_BYTES = 8;

export type PeriodProblem = { field: "periodFrom" | "periodTo"; problem: "date" | "order" | "future" | "tooLong"; years: number };

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
  else if (to - from > years * 366) problems.push({ field: "periodFrom", problem: "tooLong", years });
  return problems;
}

/** A new code from random bytes (at least 8): 12 characters = 60 bits, as XXXX-XXXX-XXXX. */
export function newStatementCode(random: Uint8Array): string {
  if (random.length < STATEMENT_CODE_BYTES) throw new RangeError("need 8 random bytes");
  let bits = 0n;
  for (const byte of random.subarray(0, STATEMENT_CODE_BYTES)) bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let index = 0; index < 12; index += 1) code += ALPHABET[Number((bits >> BigInt(5 * index)) & 31n)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** What someone typed, as the stored code: case, spaces and dashes ignored, O→0, I/L→1; null if it cannot be one. */
export function normaliseStatementCode(typed: string): string | null {
  const plain = typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (plain.length !== 12 || [...plain].some((char) => !ALPHABET.includes(char))) return null;
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
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
