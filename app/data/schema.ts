/**
 * The Kysely view of the database: one interface per table, written to match
 * supabase/migrations/*.sql (the only place the schema is defined). Tables in `public`
 * are keyed by bare name (search_path), the others as "schema.table".
 *
 * Value types are the same on every engine because db.server.ts sets the parsers:
 * int8 → string, date → "YYYY-MM-DD" string, timestamptz → Date, jsonb → parsed JSON.
 */
import type { ColumnType, Generated } from "kysely";
import type { Locale } from "~/domain/accounts/locales";
import type { StaffRole } from "~/domain/accounts/roles";
import type { AreaLevel } from "~/domain/areas/areas";
import type { IdentitySharePurpose } from "~/domain/identity/share-purposes";
import type { LockChoice } from "~/domain/sessions/session-terms";
import type { AttendanceMode, GroupLanguage, MeetingType } from "~/domain/groups/meeting-fields";
import type { Frequency, MonthlyWeek } from "~/domain/groups/recurrence";
import type { RsvpStatus } from "~/domain/groups/waitlist";
import type { BookingStatus, TestOutcome } from "~/domain/testing/booking-rules";
import type { ExperienceArea } from "~/domain/mentors/mentor-fields";
import type { MentorshipState } from "~/domain/mentors/mentorship";
import type { NotificationKind } from "~/domain/notifications/talk-requests";
import type { ContactWay, HelpCategory, HelpUrgency, RequestStatus } from "~/domain/help/request-rules";

/** timestamptz read as Date; written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** timestamptz with a database default (`now()`). */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` column as "YYYY-MM-DD". */
export type DateString = string;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** jsonb: read parsed, written as a JSON string (JSON.stringify) so every driver agrees. */
export type Jsonb = ColumnType<JsonValue, string, string>;

/** auth.users — Supabase's table (subset); the shim creates it outside Supabase. */
export interface AuthUsersTable {
  instance_id: string | null;
  id: Generated<string>;
  aud: string | null;
  role: string | null;
  email: string | null;
  /** The embedded provider stores the Argon2id hash of the auth key here. */
  encrypted_password: string | null;
  email_confirmed_at: Timestamp | null;
  raw_app_meta_data: Jsonb | null;
  raw_user_meta_data: Jsonb | null;
  is_anonymous: Generated<boolean>;
  created_at: Timestamp | null;
  updated_at: Timestamp | null;
}

/** public.areas — province > city > district. */
export interface AreasTable {
  id: Generated<string>;
  parent_id: string | null;
  level: AreaLevel;
  code: string;
  name_zh: string;
  name_en: string;
}

/** public.profiles — one per member. `clean_since` is not selectable (column grant); read it with private.own_clean_since(). */
export interface ProfilesTable {
  id: string;
  handle: string;
  /** Lowercased NFKC handle, computed by the app. Unique. */
  handle_key: string;
  locale: ColumnType<Locale, Locale | undefined, Locale>;
  area_id: string | null;
  /** Writable by the member; never selectable through the table (typed `never` on select). */
  clean_since: ColumnType<never, DateString | null | undefined, DateString | null>;
  created_at: DefaultTimestamp;
}

/** public.user_keys — KDF parameters, public key, passphrase-wrapped private key. */
export interface UserKeysTable {
  user_id: string;
  /** base64url, 16 bytes (22 characters). */
  kdf_salt: string;
  kdf_opslimit: number;
  /** Bytes (64 to 256 MiB), as crypto_pwhash takes it. */
  kdf_memlimit: number;
  /** base64url X25519 public key (43 characters). */
  public_key: string;
  /** Envelope `v1.<alg>.<nonce>.<ciphertext>`. */
  wrapped_private_key: string;
  updated_at: DefaultTimestamp;
}

/** public.role_grants — staff roles per area (null area = all areas; admin is always global). */
export interface RoleGrantsTable {
  id: Generated<string>;
  user_id: string;
  role: StaffRole;
  area_id: string | null;
  /** Defaults to auth.uid(); set to null when the granting account is deleted. */
  granted_by: ColumnType<string | null, string | null | undefined, never>;
  granted_at: ColumnType<Date, Date | string | undefined, never>;
}

/** public.audit_log — append-only; ids and action names only. */
export interface AuditLogTable {
  id: ColumnType<string, never, never>;
  occurred_at: ColumnType<Date, Date | string | undefined, never>;
  actor_id: ColumnType<string | null, string | null | undefined, never>;
  action: ColumnType<string, string, never>;
  subject_id: ColumnType<string | null, string | null | undefined, never>;
}

/** public.identity_vaults — one per member: the identity JSON sealed under a data key, and that key sealed to the owner. */
export interface IdentityVaultsTable {
  user_id: ColumnType<string, string, never>;
  /** Envelope `v1.<alg>.…` (decision 001), at most 12000 characters. */
  ciphertext: string;
  /** `v1.sealed.<base64url of 80 bytes>`: crypto_box_seal of the data key to the owner's public key. */
  owner_sealed_key: string;
  /** Starts at 1; goes up by one at each rotation. */
  key_version: number;
  updated_at: DefaultTimestamp;
}

/** public.identity_shares — the vault's data key sealed to one social worker until `expires_at`. */
export interface IdentitySharesTable {
  id: ColumnType<string, never, never>;
  owner_id: ColumnType<string, string, never>;
  recipient_id: ColumnType<string, string, never>;
  purpose: ColumnType<IdentitySharePurpose, IdentitySharePurpose, never>;
  /** The help request it is for: set exactly when purpose is help_request (0036). */
  help_request_id: ColumnType<string | null, string | null | undefined, never>;
  /** `v1.sealed.<base64url of 80 bytes>`, sealed to the recipient's public key. */
  sealed_key: string;
  /** Equals the vault's key version (re-sealed at each rotation). */
  key_version: number;
  /** After created_at, at most 366 days later. */
  expires_at: ColumnType<Date, Date | string, never>;
  created_at: ColumnType<Date, never, never>;
}

/** Why a share ended (migration 0019). */
export type ShareEndReason =
  | "revoked"
  | "expired"
  | "not_serving"
  | "keys_replaced"
  | "vault_deleted"
  // A request's share (0036): the request closed, another worker took it, it went to another area.
  | "request_closed"
  | "worker_changed"
  | "request_transferred";

/** public.hotlines — the crisis page's numbers, per area or national (area null); written only through private.add_hotline, change_hotline, remove_hotline (migration 0052). */
export interface HotlinesTable {
  id: Generated<string>;
  area_id: string | null;
  name: string;
  number: string;
  hours: Generated<string>;
  languages: Generated<GroupLanguage[]>;
  note: Generated<string>;
  sort_order: Generated<number>;
  updated_at: DefaultTimestamp;
}

/** public.staff_cards — how members see a member of staff: set by admins (migration 0020). */
export interface StaffCardsTable {
  user_id: string;
  display_name: string;
  organisation: string;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

/** public.ended_identity_shares — what is left of a deleted share, no key: written only by a trigger, read by its owner. */
export interface EndedIdentitySharesTable {
  id: ColumnType<string, never, never>;
  owner_id: ColumnType<string, never, never>;
  /** null once the worker's account is deleted. */
  recipient_id: ColumnType<string | null, never, never>;
  purpose: ColumnType<IdentitySharePurpose, never, never>;
  /** The help request a request's share was for (0036). */
  help_request_id: ColumnType<string | null, never, never>;
  created_at: ColumnType<Date, never, never>;
  expires_at: ColumnType<Date, never, never>;
  ended_at: ColumnType<Date, never, never>;
  ended_reason: ColumnType<ShareEndReason, never, never>;
}

/** public.identity_access_log — append-only; written only by private.record_identity_access. Ids only, no foreign keys. */
export interface IdentityAccessLogTable {
  id: ColumnType<string, never, never>;
  owner_id: ColumnType<string, never, never>;
  accessor_id: ColumnType<string, never, never>;
  share_id: ColumnType<string, never, never>;
  purpose: ColumnType<string, never, never>;
  accessed_at: ColumnType<Date, never, never>;
}

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

/** public.testing_sites — partner sites, opened by the social workers serving their area (0029). */
export interface TestingSitesTable {
  id: Generated<string>;
  area_id: string;
  public_name: string;
  opening_notes: ColumnType<string, string | undefined, string>;
  accessibility_notes: ColumnType<string, string | undefined, string>;
  time_zone: ColumnType<string, string | undefined, string>;
  status: ColumnType<"open" | "closed", "open" | "closed" | undefined, "open" | "closed">;
  created_by: ColumnType<string | null, never, never>;
  created_at: ColumnType<Date, never, never>;
}

/** public.testing_site_addresses — only serving workers and members with a current booking there read it (0029). */
export interface TestingSiteAddressesTable {
  site_id: string;
  address: string;
  updated_by: ColumnType<string | null, never, string>;
  updated_at: ColumnType<Date, never, Date | string>;
}

/** public.testing_slots — `booked` changes only through private.book_slot and cancel_booking (0029). */
export interface TestingSlotsTable {
  id: Generated<string>;
  site_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  local_date: DateString;
  capacity: number;
  booked: ColumnType<number, never, never>;
  status: ColumnType<"open" | "closed", never, "open" | "closed">;
  created_by: ColumnType<string | null, never, never>;
  created_at: ColumnType<Date, never, never>;
}

/** public.testing_bookings — the member's alone; written only by the private functions (0029). */
export interface TestingBookingsTable {
  id: ColumnType<string, never, never>;
  slot_id: ColumnType<string, never, never>;
  member_id: ColumnType<string, never, never>;
  code: ColumnType<string, never, never>;
  status: ColumnType<BookingStatus, never, never>;
  idempotency_key: ColumnType<string, never, never>;
  created_at: ColumnType<Date, never, never>;
  changed_at: ColumnType<Date, never, never>;
}

/** public.testing_results — written only by private.record_result (0029). */
export interface TestingResultsTable {
  booking_id: ColumnType<string, never, never>;
  outcome: ColumnType<TestOutcome, never, never>;
  recorded_by: ColumnType<string | null, never, never>;
  recorded_at: ColumnType<Date, never, never>;
}

/** public.test_attestations — written only by private.store_test_attestation and revoke_test_attestation (0032); each member reads their own. */
export interface TestAttestationsTable {
  id: ColumnType<string, never, never>;
  member_id: ColumnType<string, never, never>;
  booking_id: ColumnType<string, never, never>;
  expires_on: ColumnType<DateString, never, never>;
  sealed: ColumnType<string, never, never>;
  created_at: ColumnType<Date, never, never>;
  revoked_at: ColumnType<Date | null, never, never>;
}

/** public.test_attestation_openings — written only by private.open_test_attestation (0032). */
export interface TestAttestationOpeningsTable {
  id: ColumnType<string, never, never>;
  attestation_id: ColumnType<string, never, never>;
  opened_at: ColumnType<Date, never, never>;
}

/** public.help_requests — written only by the private help-request functions (0033). */
export interface HelpRequestsTable {
  id: ColumnType<string, never, never>;
  member_id: ColumnType<string, never, never>;
  area_id: ColumnType<string, never, never>;
  category: ColumnType<HelpCategory, never, never>;
  urgency: ColumnType<HelpUrgency, never, never>;
  contact_way: ColumnType<ContactWay, never, never>;
  description: ColumnType<string, never, never>;
  status: ColumnType<RequestStatus, never, never>;
  assigned_to: ColumnType<string | null, never, never>;
  idempotency_key: ColumnType<string, never, never>;
  created_at: ColumnType<Date, never, never>;
  status_changed_at: ColumnType<Date, never, never>;
  first_response_at: ColumnType<Date | null, never, never>;
  closed_at: ColumnType<Date | null, never, never>;
}

/** public.talk_requests — a member's asks to talk now, written only by the private talk functions (0050). */
export interface TalkRequestsTable {
  id: ColumnType<string, never, never>;
  member_id: ColumnType<string, never, never>;
  note: ColumnType<string, never, never>;
  alerted_count: ColumnType<number, never, never>;
  created_at: ColumnType<Date, never, never>;
  cancelled_at: ColumnType<Date | null, never, never>;
  answered_at: ColumnType<Date | null, never, never>;
}

/** public.notifications — what one person is told about (kind and row, never content); the recipient only marks it read (0050). */
export interface NotificationsTable {
  id: ColumnType<string, never, never>;
  recipient_id: ColumnType<string, never, never>;
  kind: ColumnType<NotificationKind, never, never>;
  talk_request_id: ColumnType<string | null, never, never>;
  mentorship_id: ColumnType<string | null, never, never>;
  created_at: ColumnType<Date, never, never>;
  read_at: ColumnType<Date | null, never, Date>;
  answered_at: ColumnType<Date | null, never, never>;
}

/** public.help_request_events — a request's timeline, written only by the private help-request functions (0033). */
export interface HelpRequestEventsTable {
  id: ColumnType<string, never, never>;
  request_id: ColumnType<string, never, never>;
  author_id: ColumnType<string | null, never, never>;
  kind: ColumnType<"status" | "message" | "note" | "assignment" | "transfer", never, never>;
  to_status: ColumnType<RequestStatus | null, never, never>;
  body: ColumnType<string, never, never>;
  assignee_id: ColumnType<string | null, never, never>;
  from_area_id: ColumnType<string | null, never, never>;
  to_area_id: ColumnType<string | null, never, never>;
  visible_to_member: ColumnType<boolean, never, never>;
  created_at: ColumnType<Date, never, never>;
}

/** private.sessions — embedded-provider sessions; the cookie token is stored only as SHA-256 hex. */
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  /** The key the browser wraps its tab's private key with (0009); null until first asked for, and while locked. */
  tab_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** Started as "a shared or borrowed phone" (0016). */
  shared_phone: ColumnType<boolean, boolean | undefined, boolean>;
  /** The last request, written at most once a minute (0016). */
  last_seen_at: DefaultTimestamp;
  /** Seconds without a request before the session locks; null = never (0016). */
  lock_after_seconds: ColumnType<number | null, number | null | undefined, number | null>;
  /** When the session locked for lack of use; null while unlocked (0016). */
  locked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** public.lock_settings — the inactivity lock a member chose (0016); no row = none. */
export interface LockSettingsTable {
  user_id: ColumnType<string, string, never>;
  lock_after_minutes: LockChoice;
  updated_at: DefaultTimestamp;
}

/** private.recovery_keys — recovery-code copy of the private key. */
export interface RecoveryKeysTable {
  user_id: string;
  auth_key_hash: string;
  wrapped_private_key: string;
  updated_at: DefaultTimestamp;
}

/** private.retired_handles — a deleted account's KDF salt and parameters, keyed by an HMAC of its handle key (0015). */
export interface RetiredHandlesTable {
  handle_hmac: string;
  kdf_salt: string;
  kdf_opslimit: number;
  kdf_memlimit: number;
}

/** private.rate_limit_hits — fixed-window counters. */
export interface RateLimitHitsTable {
  bucket: string;
  window_start: Timestamp;
  hits: ColumnType<number, number | undefined, number>;
}

/** private.job_runs — when each system job last started, whichever instance ran it (0046). */
export interface JobRunsTable {
  job: string;
  last_started_at: Timestamp;
}

/** private.settings — server-wide key/value settings (server secret, seeded_at). */
export interface SettingsTable {
  key: string;
  value: string;
}

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

/** supabase_migrations.schema_migrations — the Supabase CLI's own record of applied migrations. */
export interface SchemaMigrationsTable {
  version: string;
  name: string | null;
  statements: string[] | null;
}

export interface Database {
  "auth.users": AuthUsersTable;
  areas: AreasTable;
  profiles: ProfilesTable;
  user_keys: UserKeysTable;
  role_grants: RoleGrantsTable;
  audit_log: AuditLogTable;
  identity_vaults: IdentityVaultsTable;
  identity_shares: IdentitySharesTable;
  identity_access_log: IdentityAccessLogTable;
  ended_identity_shares: EndedIdentitySharesTable;
  staff_cards: StaffCardsTable;
  hotlines: HotlinesTable;
  lock_settings: LockSettingsTable;
  groups: GroupsTable;
  group_leaders: GroupLeadersTable;
  group_memberships: GroupMembershipsTable;
  leader_applications: LeaderApplicationsTable;
  abstinence_verifications: AbstinenceVerificationsTable;
  meetings: MeetingsTable;
  meeting_private_details: MeetingPrivateDetailsTable;
  meeting_exceptions: MeetingExceptionsTable;
  meeting_rsvps: MeetingRsvpsTable;
  meeting_attendance: MeetingAttendanceTable;
  group_announcements: GroupAnnouncementsTable;
  attendance_statements: AttendanceStatementsTable;
  attendance_statement_checks: AttendanceStatementChecksTable;
  testing_sites: TestingSitesTable;
  testing_site_addresses: TestingSiteAddressesTable;
  testing_slots: TestingSlotsTable;
  testing_bookings: TestingBookingsTable;
  testing_results: TestingResultsTable;
  test_attestations: TestAttestationsTable;
  test_attestation_openings: TestAttestationOpeningsTable;
  help_requests: HelpRequestsTable;
  help_request_events: HelpRequestEventsTable;
  mentor_applications: MentorApplicationsTable;
  mentor_profiles: MentorProfilesTable;
  mentorships: MentorshipsTable;
  member_blocks: MemberBlocksTable;
  talk_requests: TalkRequestsTable;
  notifications: NotificationsTable;
  messages: MessagesTable;
  message_key_pins: MessageKeyPinsTable;
  reports: ReportsTable;
  "private.sessions": SessionsTable;
  "private.recovery_keys": RecoveryKeysTable;
  "private.rate_limit_hits": RateLimitHitsTable;
  "private.retired_handles": RetiredHandlesTable;
  "private.settings": SettingsTable;
  "private.job_runs": JobRunsTable;
  "supabase_migrations.schema_migrations": SchemaMigrationsTable;
}
