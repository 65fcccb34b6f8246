/**
 * The identity fields of the vault (decision 003) and their rules. Pure functions: they run
 * in the browser before encryption (the server never sees these values) and in tests.
 *
 * Flow: `normalizeIdentityFields` (what the member typed → canonical values), then
 * `findIdentityProblems` on its result. Problems are values, one per field at most.
 * Lengths are counted in code points, not UTF-16 units.
 */

export const IDENTITY_FIELDS = [
  "legalName",
  "phone",
  "nationalId",
  "address",
  "dateOfBirth",
  "emergencyContactName",
  "emergencyContactPhone",
] as const;

export type IdentityField = (typeof IDENTITY_FIELDS)[number];
export type IdentityFields = Partial<Record<IdentityField, string>>;

export type IdentityProblem =
  | "tooLong"
  | "characters"
  | "nationalIdFormat"
  | "nationalIdChecksum"
  | "nationalIdBirthDate"
  | "phoneFormat"
  | "dateFormat"
  | "dateInFuture"
  | "dateTooOld";

export const IDENTITY_FIELD_MAX_LENGTH: Readonly<Record<IdentityField, number>> = {
  legalName: 100,
  phone: 32,
  nationalId: 18,
  address: 300,
  dateOfBirth: 10,
  emergencyContactName: 100,
  emergencyContactPhone: 32,
};

/** The earliest accepted date of birth (YYYY-MM-DD). */
export const EARLIEST_DATE_OF_BIRTH = "1900-01-01";
/**
 * The earliest birth date accepted inside a resident ID. Lower than EARLIEST_DATE_OF_BIRTH
 * because GB 11643-1999's own example (440524188001010014) is born in 1880; it only keeps
 * nonsense such as year 0000 out.
 */
export const EARLIEST_NATIONAL_ID_BIRTH_DATE = "1800-01-01";

// Never allowed in any field: C0/C1 controls (tab, newline…), format characters (zero-width
// space and joiners, bidi overrides and isolates, BOM, soft hyphen, tags), lone surrogates,
// private use, line/paragraph separators, the replacement character and noncharacters.
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\uFFFD\uFFFE\uFFFF]/u;

// Names: letters of any script, combining marks (accents, ideographic variation selectors),
// ASCII space, hyphen (- ‐), apostrophe (' ’), the middle dots used between the parts of
// transliterated and minority names (· U+00B7, ・ U+30FB, ‧ U+2027) and the Tibetan syllable
// mark tsheg (U+0F0B). Planes 2 and 3 hold only CJK ideographs, so rare name characters there
// are accepted even where the engine's Unicode data is older than the character.
const NAME_PATTERN = /^[\p{L}\p{M}\u{20000}-\u{3FFFF} \-\u2010'\u2019\u00B7\u30FB\u2027\u0F0B]+$/u;
const NAME_LETTER = /[\p{L}\u{20000}-\u{3FFFF}]/u;

const NATIONAL_ID_PATTERN = /^[0-9]{17}[0-9X]$/;
const NATIONAL_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const NATIONAL_ID_CHECK_DIGITS = "10X98765432"; // indexed by (weighted sum mod 11)

const DATE_PATTERN = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/**
 * Canonical form of what the member typed: each known field NFKC-normalised (full-width
 * digits and letters, ideographic and no-break spaces fold to ASCII), trimmed, and dropped
 * when empty; a resident ID's final "x" is upper-cased. Unknown keys and non-string values
 * are ignored. Does not judge the values: see findIdentityProblems.
 */
export function normalizeIdentityFields(input: Record<string, string>): IdentityFields {
  const fields: IdentityFields = {};
  for (const field of IDENTITY_FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(input, field)) continue;
    const raw: unknown = input[field];
    if (typeof raw !== "string") continue;
    let value = raw.normalize("NFKC").trim();
    if (value === "") continue;
    if (field === "nationalId") value = value.replace(/x$/, "X");
    fields[field] = value;
  }
  return fields;
}

/**
 * The problem of each field that has one (absent fields are fine: every field is optional).
 * Expects normalised values (normalizeIdentityFields). `today` is read as its local calendar
 * date, the member's own day, for "not in the future".
 */
export function findIdentityProblems(fields: IdentityFields, today: Date): Partial<Record<IdentityField, IdentityProblem>> {
  const todayText = localDateText(today);
  const problems: Partial<Record<IdentityField, IdentityProblem>> = {};
  for (const field of IDENTITY_FIELDS) {
    const value = fields[field];
    if (value === undefined) continue;
    const problem = findFieldProblem(field, value, todayText);
    if (problem !== null) problems[field] = problem;
  }
  return problems;
}

function findFieldProblem(field: IdentityField, value: string, today: string): IdentityProblem | null {
  if (codePointLength(value) > IDENTITY_FIELD_MAX_LENGTH[field]) return "tooLong";
  if (FORBIDDEN.test(value)) return "characters";
  switch (field) {
    case "legalName":
    case "emergencyContactName":
      return nameProblem(value);
    case "phone":
    case "emergencyContactPhone":
      return isPhoneNumber(value) ? null : "phoneFormat";
    case "nationalId":
      return nationalIdProblem(value, today);
    case "dateOfBirth":
      return dateOfBirthProblem(value, today);
    case "address":
      return null;
  }
}

function nameProblem(value: string): IdentityProblem | null {
  if (!NAME_PATTERN.test(value) || !NAME_LETTER.test(value)) return "characters";
  // A combining mark may not start a name (it would attach to whatever is shown before it).
  if (/^\p{M}/u.test(value)) return "characters";
  return null;
}

/**
 * Chinese mobile (1[3-9] + 9 digits), landline with area code (0 + 2–3 digits, then 7–8
 * digits, optionally "-" and a 1–6 digit extension) or international (+ and 6–15 digits).
 * Spaces and hyphens between digits are ignored.
 */
function isPhoneNumber(value: string): boolean {
  if (!/^\+?[0-9](?:[0-9 -]*[0-9])?$/.test(value)) return false;
  const digits = value.replace(/[ -]/g, "");
  if (digits.startsWith("+")) return /^\+[0-9]{6,15}$/.test(digits);
  if (/^1[3-9][0-9]{9}$/.test(digits)) return true;
  if (isLandline(digits)) return true;
  const withExtension = /^(.*[0-9]) *- *[0-9]{1,6}$/.exec(value);
  const main = withExtension?.[1];
  return main !== undefined && isLandline(main.replace(/[ -]/g, ""));
}

function isLandline(digits: string): boolean {
  return /^0[0-9]{9,11}$/.test(digits); // 0 + area code rest (2–3) + number (7–8)
}

/**
 * The GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits of a
 * resident ID: "0"–"9" or "X". Throws RangeError unless given exactly 17 ASCII digits.
 */
export function nationalIdChecksumDigit(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new RangeError("expected the first 17 digits of a resident ID");
  let sum = 0;
  NATIONAL_ID_WEIGHTS.forEach((weight, index) => {
    sum += Number(first17.charAt(index)) * weight;
  });
  return NATIONAL_ID_CHECK_DIGITS.charAt(sum % 11);
}

function nationalIdProblem(value: string, today: string): IdentityProblem | null {
  if (!NATIONAL_ID_PATTERN.test(value)) return "nationalIdFormat";
  if (nationalIdChecksumDigit(value.slice(0, 17)) !== value.charAt(17)) return "nationalIdChecksum";
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isCalendarDate(birth) || birth > today || birth < EARLIEST_NATIONAL_ID_BIRTH_DATE) return "nationalIdBirthDate";
  return null;
}

function dateOfBirthProblem(value: string, today: string): IdentityProblem | null {
  if (!isCalendarDate(value)) return "dateFormat";
  if (value > today) return "dateInFuture";
  if (value < EARLIEST_DATE_OF_BIRTH) return "dateTooOld";
  return null;
}

/** True for YYYY-MM-DD naming a real day of the proleptic Gregorian calendar. */
function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function localDateText(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("today is not a valid date");
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

function codePointLength(value: string): number {
  return Array.from(value).length;
}
