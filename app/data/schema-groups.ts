/** The mutual-aid groups' tables: groups, leaders, memberships, meetings and their exceptions, RSVPs, attendance, announcements and attendance statements (migrations 0021, 0022). Part of the Database in schema.ts, written the same way. */
import type { ColumnType, Generated } from "kysely";
import type { AttendanceMode, GroupLanguage, MeetingType } from "~/domain/groups/meeting-fields";
import type { Frequency, MonthlyWeek } from "~/domain/groups/recurrence";
import type { RsvpStatus } from "~/domain/groups/waitlist";
import type { DefaultTimestamp, DateString } from "./schema";

/** public.groups — mutual-aid groups (0021). */
export interface GroupsTable {
  id: Generated<string>;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  area_id: string;
  languages: GroupLanguage[];
  status: ColumnType<"active" | "closed", "active" | "closed" | undefined, "active" | "closed">;
  created_by: string | null;
  created_at: DefaultTimestamp;
  /** The soonest of its meetings' next times, kept by triggers (0026). */
  next_meeting_id: ColumnType<string | null, never, never>;
  next_starts_at: ColumnType<Date | null, never, never>;
  next_ends_at: ColumnType<Date | null, never, never>;
}

/** public.group_leaders — written only by the private group functions (0021). */
export interface GroupLeadersTable {
  group_id: string;
  member_id: string;
  kind: "leader" | "co_leader";
  added_by: string | null;
  added_at: DefaultTimestamp;
}

export type MembershipStatus = "requested" | "approved" | "declined" | "removed" | "left";

/** public.group_memberships — one row per group and member; written only by the private functions (0021). */
export interface GroupMembershipsTable {
  group_id: string;
  member_id: string;
  status: MembershipStatus;
  request_note: string;
  decision_reason: string;
  decided_by: string | null;
  requested_at: DefaultTimestamp;
  decided_at: Date | null;
}

/** public.leader_applications (0021). */
export interface LeaderApplicationsTable {
  id: Generated<string>;
  member_id: ColumnType<string, never, never>;
  area_id: string;
  note: ColumnType<string, string | undefined, never>;
  status: ColumnType<"pending" | "approved" | "declined", never, never>;
  decision_reason: ColumnType<string, never, never>;
  decided_by: ColumnType<string | null, never, never>;
  created_at: ColumnType<Date, never, never>;
  decided_at: ColumnType<Date | null, never, never>;
}

/** public.abstinence_verifications — written only by private.verify_abstinence (0021). */
export interface AbstinenceVerificationsTable {
  member_id: string;
  verified_since: DateString;
  verified_by: string | null;
  verified_at: DefaultTimestamp;
}

/** public.meetings — one-off meetings and series in the group's local time (0021, decision 021). */
export interface MeetingsTable {
  id: Generated<string>;
  group_id: string;
  name: string;
  starts_on: DateString;
  /** Read with to_char(start_time, 'HH24:MI'); written "HH:MM". */
  start_time: string;
  duration_minutes: number;
  time_zone: string;
  frequency: Frequency;
  monthly_week: MonthlyWeek | null;
  until_on: DateString | null;
  occurrence_count: number | null;
  attendance_mode: AttendanceMode;
  types: MeetingType[];
  capacity: number | null;
  notes: ColumnType<string, string | undefined, string>;
  weekday: ColumnType<number, never, never>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  /** The next occurrence that has not ended, stored through private.store_meeting_times (0026). */
  next_starts_at: ColumnType<Date | null, never, never>;
  next_ends_at: ColumnType<Date | null, never, never>;
  times_known: ColumnType<boolean, never, never>;
  times_version: ColumnType<string, never, never>;
}

/** public.meeting_private_details — address and online link, for the group's members only (0021). */
export interface MeetingPrivateDetailsTable {
  meeting_id: string;
  address: string;
  conference_link: string;
  conference_phone: string;
}

/** public.meeting_exceptions — one occurrence cancelled or moved (0021). */
export interface MeetingExceptionsTable {
  meeting_id: string;
  occurrence_on: DateString;
  kind: "cancelled" | "moved";
  moved_to_on: DateString | null;
  /** "HH:MM" written; read with to_char. */
  moved_start_time: string | null;
  note: ColumnType<string, string | undefined, string>;
  created_by: ColumnType<string | null, never, never>;
  created_at: ColumnType<Date, never, never>;
}

/** public.meeting_rsvps — written only by private.answer_rsvp (0021). */
export interface MeetingRsvpsTable {
  meeting_id: string;
  occurrence_on: DateString;
  member_id: string;
  status: RsvpStatus;
  responded_at: DefaultTimestamp;
  promoted_at: Date | null;
}

/** public.meeting_attendance — marked by the group's leaders (0022). */
export interface MeetingAttendanceTable {
  meeting_id: string;
  occurrence_on: DateString;
  member_id: string;
  present: boolean;
  marked_by: string | null;
  marked_at: DefaultTimestamp;
}

/** public.group_announcements (0022). */
export interface GroupAnnouncementsTable {
  id: Generated<string>;
  group_id: string;
  author_id: ColumnType<string | null, never, never>;
  body: string;
  created_at: ColumnType<Date, never, never>;
}

/** public.attendance_statements — written only by the private functions (0022). */
export interface AttendanceStatementsTable {
  id: Generated<string>;
  code: string;
  member_id: string;
  period_from: DateString;
  period_to: DateString;
  attended_count: number;
  issued_at: DefaultTimestamp;
  signature: string;
  withdrawn_at: Date | null;
}

/** public.attendance_statement_checks — written only by private.check_attendance_statement (0022). */
export interface AttendanceStatementChecksTable {
  id: ColumnType<string, never, never>;
  statement_id: string;
  checked_at: DefaultTimestamp;
}
