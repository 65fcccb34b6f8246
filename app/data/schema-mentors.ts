/** Peer mentors' tables: applications, profiles, mentorships, messages, key pins, reports and blocks (migrations 0051, 0053). Part of the Database in schema.ts, written the same way. */
import type { ColumnType } from "kysely";
import type { GroupLanguage } from "~/domain/groups/meeting-fields";
import type { ExperienceArea } from "~/domain/mentors/mentor-fields";
import type { MentorshipState } from "~/domain/mentors/mentorship";
import type { LeaderApplicationsTable } from "./schema-groups";

/** public.mentor_applications (0051): the same columns as leader_applications. */
export type MentorApplicationsTable = LeaderApplicationsTable;

/** public.mentor_profiles — written only by the functions of 0051. */
export interface MentorProfilesTable {
  member_id: ColumnType<string, never, never>;
  area_id: ColumnType<string, never, never>;
  show_years: ColumnType<boolean, never, never>;
  languages: ColumnType<GroupLanguage[], never, never>;
  experience: ColumnType<ExperienceArea[], never, never>;
  capacity: ColumnType<number, never, never>;
  paused: ColumnType<boolean, never, never>;
  suspended_at: ColumnType<Date | null, never, never>;
  suspension_reason: ColumnType<string, never, never>;
  suspended_by: ColumnType<string | null, never, never>;
  approved_by: ColumnType<string | null, never, never>;
  approved_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, never>;
}

/** public.mentorships — written only by the functions of 0051. */
export interface MentorshipsTable {
  id: ColumnType<string, never, never>;
  mentee_id: ColumnType<string, never, never>;
  mentor_id: ColumnType<string, never, never>;
  note: ColumnType<string, never, never>;
  state: ColumnType<MentorshipState, never, never>;
  requested_at: ColumnType<Date, never, never>;
  answered_at: ColumnType<Date | null, never, never>;
  ended_at: ColumnType<Date | null, never, never>;
  ended_by: ColumnType<string | null, never, never>;
  disappear_after_days: ColumnType<number | null, never, never>;
}

/** public.messages — envelopes only, written only by private.send_message (0053). */
export interface MessagesTable {
  id: ColumnType<string, never, never>;
  mentorship_id: ColumnType<string, never, never>;
  sender_id: ColumnType<string, never, never>;
  recipient_id: ColumnType<string, never, never>;
  sequence: ColumnType<number, never, never>;
  version: ColumnType<number, never, never>;
  nonce: ColumnType<string, never, never>;
  ciphertext: ColumnType<string, never, never>;
  created_at: ColumnType<Date, never, never>;
  expires_at: ColumnType<Date | null, never, never>;
}

/** public.message_key_pins — each browser's pin of the other person's key, sealed to itself (0053). */
export interface MessageKeyPinsTable {
  owner_id: ColumnType<string, never, never>;
  mentorship_id: ColumnType<string, string, never>;
  nonce: ColumnType<string, string, string>;
  ciphertext: ColumnType<string, string, string>;
  updated_at: ColumnType<Date, never, Date>;
}

/** public.reports — written only by private.report_member / close_report (0053). */
export interface ReportsTable {
  id: ColumnType<string, never, never>;
  reporter_id: ColumnType<string, never, never>;
  reported_id: ColumnType<string, never, never>;
  mentorship_id: ColumnType<string | null, never, never>;
  area_id: ColumnType<string | null, never, never>;
  reason: ColumnType<string, never, never>;
  note: ColumnType<string, never, never>;
  attached_messages: ColumnType<unknown, never, never>;
  created_at: ColumnType<Date, never, never>;
  closed_at: ColumnType<Date | null, never, never>;
  closed_by: ColumnType<string | null, never, never>;
  outcome_note: ColumnType<string, never, never>;
}

/** public.member_blocks — written only by private.block_member / unblock_member (0051). */
export interface MemberBlocksTable {
  blocker_id: ColumnType<string, never, never>;
  blocked_id: ColumnType<string, never, never>;
  created_at: ColumnType<Date, never, never>;
}
