/**
 * What a leader says about a meeting besides its schedule, when planning it and when changing
 * it later: name, how it meets, its kinds, capacity, notes, and where (the address and the
 * online link or phone, which only the group's members read).
 */
import { z } from "zod";
import { ATTENDANCE_MODES, MEETING_TYPES, checkConferenceLink, checkText, type AttendanceMode, type MeetingType } from "~/domain/groups/meeting-fields";
import type { FieldErrors } from "./form-reply";

/** A number field that may be left empty. */
export const optionalInteger = z.union([z.literal(""), z.coerce.number("errors.groups.number").int("errors.groups.number")]);

export const MeetingDetailsFields = {
  name: z.string().trim().min(1, "errors.field.required"),
  attendanceMode: z.enum(ATTENDANCE_MODES, { error: "errors.form.invalid" }),
  capacity: optionalInteger,
  notes: z.string().trim(),
  address: z.string().trim(),
  conferenceLink: z.string().trim(),
  conferencePhone: z.string().trim(),
  // One checkbox field per type: forms may not repeat a field name (parseForm refuses it).
  ...(Object.fromEntries(MEETING_TYPES.map((type) => [`type_${type}`, z.literal("on").optional()])) as Record<`type_${MeetingType}`, z.ZodOptional<z.ZodLiteral<"on">>>),
};

type MeetingDetailsValue = {
  name: string;
  attendanceMode: AttendanceMode;
  capacity: number | "";
  notes: string;
  address: string;
  conferenceLink: string;
  conferencePhone: string;
} & Partial<Record<`type_${MeetingType}`, "on">>;

export interface MeetingDetailsInput {
  name: string;
  attendanceMode: AttendanceMode;
  types: MeetingType[];
  capacity: number | null;
  notes: string;
  details: { address: string; conferenceLink: string; conferencePhone: string };
}

/** The meeting's words as the data layer takes them, and what is wrong with them (translation keys by field). */
export function readMeetingDetails(form: MeetingDetailsValue): { meeting: MeetingDetailsInput; problems: FieldErrors } {
  const problems: FieldErrors = {};
  if (form.capacity !== "" && (form.capacity < 1 || form.capacity > 1000)) problems.capacity = "errors.groups.capacity";
  const texts = [["name", "meetingName"], ["notes", "meetingNotes"], ["address", "address"], ["conferencePhone", "conferencePhone"]] as const;
  for (const [field, limit] of texts) {
    const problem = checkText(limit, form[field]);
    if (problem) problems[field] = problem.problem === "tooLong" ? `errors.groups.tooLong.${limit}` : "errors.groups.characters";
  }
  if (form.conferenceLink !== "") {
    const link = checkConferenceLink(form.conferenceLink);
    if (link) problems.conferenceLink = `errors.groups.link.${link}`;
  }
  if (form.attendanceMode !== "in_person" && form.conferenceLink === "" && form.conferencePhone === "") problems.conferenceLink = "errors.groups.link.needed";
  return {
    meeting: {
      name: form.name,
      attendanceMode: form.attendanceMode,
      types: MEETING_TYPES.filter((type) => form[`type_${type}`] === "on"),
      capacity: form.capacity === "" ? null : form.capacity,
      notes: form.notes,
      details: { address: form.address, conferenceLink: form.conferenceLink, conferencePhone: form.conferencePhone },
    },
    problems,
  };
}
