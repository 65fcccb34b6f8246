/**
 * The words of a group and its meetings: Meeting Guide type codes we use (their zh-CN and en
 * names live in the locale files under groups.types), attendance modes, text limits and the
 * online-link rule. Problems are values naming the limit, so messages can say it.
 */

export const MEETING_TYPES = ["O", "C", "D", "SP", "ST", "B", "W", "M", "Y", "LGBTQ", "X", "TC"] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const ATTENDANCE_MODES = ["in_person", "online", "hybrid"] as const;
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];

export const GROUP_LANGUAGES = ["zh-CN", "yue", "en"] as const;
export type GroupLanguage = (typeof GROUP_LANGUAGES)[number];

export const TEXT_LIMITS = {
  groupName: 80,
  groupDescription: 2000,
  meetingName: 80,
  meetingNotes: 1000,
  address: 300,
  conferenceLink: 500,
  conferencePhone: 40,
  joinNote: 500,
  decisionReason: 500,
  announcement: 2000,
  applicationNote: 1000,
} as const;
export type TextField = keyof typeof TEXT_LIMITS;

export type TextProblem = { problem: "tooLong"; max: number } | { problem: "characters" };

// Controls and invisible format characters have no place in a name or a note a leader writes
// (line breaks are allowed in the longer fields).
const FORBIDDEN = /[\p{Cs}\p{Co}\p{Cf}\p{Zl}\p{Zp}]|(?![\n\r\t])\p{Cc}/u;

/** Characters no text a member or leader writes may contain (controls, invisible formatting). */
export function hasForbiddenCharacters(value: string): boolean {
  return FORBIDDEN.test(value);
}

/** Length in code points, as members count characters. */
export function checkText(field: TextField, value: string): TextProblem | null {
  if (hasForbiddenCharacters(value)) return { problem: "characters" };
  const max = TEXT_LIMITS[field];
  return [...value].length > max ? { problem: "tooLong", max } : null;
}

/** Online links: https only (written so), no user:password part, within the length limit. */
export function checkConferenceLink(value: string): "https" | "tooLong" | null {
  if ([...value].length > TEXT_LIMITS.conferenceLink) return "tooLong";
  if (!value.startsWith("https://") || hasForbiddenCharacters(value) || /\s/.test(value)) return "https";
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.username === "" && url.password === "" && url.hostname.includes(".") ? null : "https";
  } catch {
    return "https";
  }
}
