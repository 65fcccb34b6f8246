/**
 * The Kysely view of the database: one interface per table, written to match
 * supabase/migrations/*.sql (the only place the schema is defined). Tables in `public`
 * are keyed by bare name (search_path), the others as "schema.table".
 *
 * Value types are the same on every engine because db.server.ts sets the parsers:
 * int8 → string, date → "YYYY-MM-DD" string, timestamptz → Date, jsonb → parsed JSON.
 *
 * The tables of the groups, testing, help and mentors features are in schema-groups.ts,
 * schema-testing.ts, schema-help.ts and schema-mentors.ts. This file holds the column types,
 * the tables of accounts, identity, staff and the server itself, and the Database naming all.
 */
import type { ColumnType, Generated } from "kysely";
import type { Locale } from "~/domain/accounts/locales";
import type { StaffRole } from "~/domain/accounts/roles";
import type { AreaLevel } from "~/domain/areas/areas";
import type { IdentitySharePurpose } from "~/domain/identity/share-purposes";
import type { LockChoice } from "~/domain/sessions/session-terms";
import type { GroupLanguage } from "~/domain/groups/meeting-fields";
import type {
  GroupsTable,
  GroupLeadersTable,
  GroupMembershipsTable,
  LeaderApplicationsTable,
  AbstinenceVerificationsTable,
  MeetingsTable,
  MeetingPrivateDetailsTable,
  MeetingExceptionsTable,
  MeetingRsvpsTable,
  MeetingAttendanceTable,
  GroupAnnouncementsTable,
  AttendanceStatementsTable,
  AttendanceStatementChecksTable,
} from "./schema-groups";
import type {
  TestingSitesTable,
  TestingSiteAddressesTable,
  TestingSlotsTable,
  TestingBookingsTable,
  TestingResultsTable,
  TestAttestationsTable,
  TestAttestationOpeningsTable,
} from "./schema-testing";
import type { HelpRequestsTable, TalkRequestsTable, NotificationsTable, HelpRequestEventsTable } from "./schema-help";
import type {
  MentorApplicationsTable,
  MentorProfilesTable,
  MentorshipsTable,
  MessagesTable,
  MessageKeyPinsTable,
  ReportsTable,
  MemberBlocksTable,
} from "./schema-mentors";
export type * from "./schema-groups";
export type * from "./schema-testing";
export type * from "./schema-help";
export type * from "./schema-mentors";

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
