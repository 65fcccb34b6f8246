/**
 * The RLS matrix: for EVERY table, what each persona can read and which writes the
 * database lets through, on their own rows and on someone else's. Every probe runs in a
 * transaction that is rolled back, so the fixture never changes. A new table fails the
 * coverage test until it gets a row here; a new persona needs an expectation per table.
 *
 * Read:  "own" = only rows they own · "all" = everyone's · "none" = no rows · "refused" = error 42501 ·
 *        a list of personas = exactly the rows those personas own (e.g. shared with the reader).
 * Write: letters of the operations that take effect — i(nsert), u(pdate), d(elete); any
 *        other outcome (error 42501 or 0 rows) counts as refused.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { recordAudit } from "~/data/audit.server";
import { createShare, deleteSharesTo, saveOwnVault } from "~/data/identity.server";
import { openSharedIdentity } from "~/data/identity-openings.server";
import { asAnon, asMember, asSystem } from "~/data/rls.server";
import { createSession } from "~/data/sessions.server";
import { chooseOwnLock } from "~/data/lock-settings.server";
import { hitRateLimit } from "~/data/rate-limits.server";
import { askForHelp, postToRequest } from "~/data/help-requests.server";
import { answerMentorship, applyToMentor, askMentor, blockMember, decideMentorApplication, listMentorApplicationsToAnswer, listOwnMentorships } from "~/data/mentors.server";
import { reportMember, saveOwnPin, sendMessage } from "~/data/messages.server";
import { askToTalk } from "~/data/talk-requests.server";
import { addHotline } from "~/data/hotlines.server";
import {
  EVERYONE,
  PERSONA_NAMES,
  fakeHash,
  fakeOwnerKey,
  fakeSealedKey,
  fakeVaultCiphertext,
  createTestAccount,
  fakeWrappedKey,
  grantTestRole,
  insertRow,
  probe,
  type Persona,
  type PersonaName,
  type Personas,
  type Who,
} from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { createGroupFixture, type GroupFixture } from "../support/group-fixture";
import { createTestingFixture, type TestingFixture } from "../support/testing-fixture";

type Read = "own" | "all" | "none" | "refused" | readonly PersonaName[];
type Row = Record<string, unknown>;

interface TableRule {
  /** Column naming the row's owner (a user id); absent for tables nobody owns. */
  owner?: string;
  /** For tables nobody owns: the fixture row the update/delete probes aim at. */
  target?: (p: Personas) => [column: string, value: unknown];
  /** One row per owner at most: an owner who has one cannot insert another (the probe's insert does nothing). */
  onePerOwner?: boolean;
  /** Column set to itself by the update probe. */
  touch: string;
  /** A new row for the insert probe, owned by `owner` where the table has owners. */
  sample: (owner: Persona, p: Personas) => Row;
  read: Record<Who, Read>;
  /** Writes that take effect on the actor's own rows (owned tables only). */
  own: Partial<Record<PersonaName, string>>;
  /** Writes that take effect on someone else's rows (or, for unowned tables, on the target row). */
  others: Partial<Record<Who, string>>;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const b64 = (bytes: number) => randomBytes(bytes).toString("base64url");
/** The fixture row of private.retired_handles that probes aim at. */
const PROBE_RETIRED_HANDLE = b64(32);
const everyone = (read: Read): Record<Who, Read> =>
  Object.fromEntries(EVERYONE.map((who) => [who, read])) as Record<Who, Read>;
const membersRead = (personas: Read, anon: Read, serviceRole: Read, overrides: Partial<Record<Who, Read>> = {}) => ({
  ...everyone(personas),
  anon,
  service_role: serviceRole,
  ...overrides,
});

const MATRIX: Record<string, TableRule> = {
  "auth.users": {
    owner: "id",
    touch: "email",
    sample: () => ({ aud: "authenticated", role: "authenticated" }),
    read: everyone("refused"),
    own: {},
    others: {},
  },
  "public.areas": {
    target: (p) => ["id", p.areas.districtZ],
    touch: "name_en",
    sample: () => ({ code: `probe-${hex(4)}`, level: "province", name_zh: "探", name_en: "Probe" }),
    read: membersRead("all", "all", "refused"),
    own: {},
    others: { admin: "iud" },
  },
  "public.profiles": {
    owner: "id",
    touch: "locale",
    sample: (owner) => ({ id: owner.id, handle: `x${hex(3)}`, handle_key: `x${hex(3)}` }),
    read: membersRead("own", "refused", "refused", { admin: "all" }),
    own: { memberA: "u", memberB: "u", admin: "u", socialWorkerX: "u", socialWorkerY: "u" },
    others: {},
  },
  "public.user_keys": {
    owner: "user_id",
    touch: "kdf_salt",
    sample: (owner) => ({
      user_id: owner.id,
      kdf_salt: b64(16),
      kdf_opslimit: 3,
      kdf_memlimit: 64 * 1024 * 1024,
      public_key: b64(32),
      wrapped_private_key: fakeWrappedKey(),
    }),
    read: membersRead("own", "refused", "refused"),
    own: {},
    others: {},
  },
  "public.role_grants": {
    owner: "user_id",
    touch: "role",
    sample: (owner) => ({ user_id: owner.id, role: "mentor", area_id: null }),
    read: membersRead("own", "refused", "refused", { admin: "all" }),
    own: { admin: "id" },
    others: { admin: "id" },
  },
  "public.audit_log": {
    owner: "actor_id",
    touch: "action",
    sample: (owner) => ({ actor_id: owner.id, action: "probe.insert" }),
    read: membersRead("none", "refused", "refused", { admin: "all" }),
    own: {},
    others: {},
  },
  "public.identity_vaults": {
    owner: "user_id",
    onePerOwner: true,
    touch: "ciphertext",
    sample: (owner) => ({ user_id: owner.id, ciphertext: fakeVaultCiphertext(), owner_sealed_key: fakeOwnerKey(), key_version: 1 }),
    // Fixture: vaults of A and B, shared live with X and Y respectively; a recipient still
    // reads neither with a SELECT: only open_shared_identity hands it out, and logs it.
    read: membersRead("own", "refused", "refused"),
    own: { memberA: "iud", memberB: "iud", admin: "iud", socialWorkerX: "iud", socialWorkerY: "iud" },
    others: {},
  },
  "public.identity_shares": {
    owner: "owner_id",
    // Not sealed_key: nobody may read it, and "set sealed_key = sealed_key" reads it.
    touch: "key_version",
    // A second social worker of the owner's own area: one they have no share with yet.
    sample: (owner, p) => ({
      owner_id: owner.id,
      recipient_id: owner.id === p.memberA.id ? secondWorkerOf.X : secondWorkerOf.Y,
      purpose: "area_support",
      sealed_key: fakeSealedKey(),
      key_version: 1,
      expires_at: new Date(Date.now() + 86_400_000),
    }),
    read: membersRead("own", "refused", "refused", { socialWorkerX: ["memberA"], socialWorkerY: ["memberB"] }),
    // Only owners of a vault can share it (admin and the workers have none).
    own: { memberA: "iud", memberB: "iud" },
    others: {},
  },
  "public.identity_access_log": {
    owner: "owner_id",
    touch: "purpose",
    sample: (owner, p) => ({ owner_id: owner.id, accessor_id: p.socialWorkerX.id, share_id: owner.id, purpose: "area_support" }),
    // Fixture: X opened A's vault, Y opened B's; accessors do not read the owners' log.
    read: membersRead("own", "refused", "refused"),
    own: {},
    others: {},
  },
  "public.ended_identity_shares": {
    owner: "owner_id",
    touch: "ended_reason",
    sample: (owner, p) => ({
      id: randomUUID(),
      owner_id: owner.id,
      recipient_id: p.socialWorkerX.id,
      purpose: "area_support",
      created_at: new Date(),
      expires_at: new Date(Date.now() + 86_400_000),
      ended_reason: "revoked",
    }),
    // Fixture: A and B each had a share with their area's second worker, ended when that
    // worker replaced their keys. Only the owner reads it; its worker, like everyone else,
    // sees nothing; nobody writes history by hand (the trigger on identity_shares does).
    read: membersRead("own", "refused", "refused"),
    own: {},
    others: {},
  },
  "public.staff_cards": {
    owner: "user_id",
    onePerOwner: true,
    touch: "organisation",
    sample: (owner) => ({ user_id: owner.id, display_name: "探针", organisation: "Probe" }),
    // Fixture: the admin set cards for both area workers. A and B each read the card of the
    // worker who serves their area (and holds their share), not the other's; a worker reads
    // their own; only the admin writes (an insert for a worker who has one does nothing).
    read: membersRead("own", "refused", "refused", { admin: "all", memberA: ["socialWorkerX"], memberB: ["socialWorkerY"] }),
    own: { admin: "iud" },
    others: { admin: "ud" },
  },
  "public.lock_settings": {
    owner: "user_id",
    onePerOwner: true,
    touch: "lock_after_minutes",
    sample: (owner) => ({ user_id: owner.id, lock_after_minutes: 15 }),
    // Fixture: A and B chose a lock. Nobody reads or changes another's, not even an admin.
    read: membersRead("own", "refused", "refused"),
    own: { memberA: "iud", memberB: "iud", admin: "iud", socialWorkerX: "iud", socialWorkerY: "iud" },
    others: {},
  },
  // Groups (0021). Fixture (tests/support/group-fixture.ts): A leads group G in district X
  // (verified by worker X, who approved A's application); B is an approved member with an
  // RSVP; G has a weekly meeting with an address and one cancelled occurrence, and a second
  // meeting without details; B has a pending application to lead in district Y.
  "public.groups": {
    owner: "created_by",
    touch: "name",
    sample: (owner, p) => ({ name: "探针", area_id: p.areas.districtX, languages: ["zh-CN"], created_by: owner.id }),
    // Every signed-in persona reads the active group; only its leader changes it; groups are
    // opened only through private.create_group.
    read: membersRead(["memberA"], "refused", "refused"),
    own: { memberA: "u" },
    others: {},
  },
  "public.group_leaders": {
    owner: "member_id",
    touch: "kind",
    sample: (owner) => ({ group_id: groupFixture.groupId, member_id: owner.id, kind: "co_leader" }),
    read: membersRead(["memberA"], "refused", "refused"),
    own: {},
    others: {},
  },
  "public.group_memberships": {
    owner: "member_id",
    touch: "status",
    sample: (owner) => ({ group_id: groupFixture.groupId, member_id: owner.id, status: "approved" }),
    // B reads their own; A, G's leader, reads B's; nobody else reads any, staff included.
    read: membersRead("none", "refused", "refused", { memberA: ["memberB"], memberB: ["memberB"] }),
    own: {},
    others: {},
  },
  "public.leader_applications": {
    owner: "member_id",
    touch: "note",
    // member_id is not insertable (it defaults to the caller): the probe's explicit owner is refused.
    sample: (owner, p) => ({ member_id: owner.id, area_id: p.areas.districtX, note: "探针" }),
    // A's (approved, district X) and B's (pending, district Y): each worker reads those of
    // their area, the admin all; nobody changes one by hand (private.decide_leader_application).
    read: membersRead("own", "refused", "refused", { admin: "all", socialWorkerX: ["memberA"], socialWorkerY: ["memberB"] }),
    own: {},
    others: {},
  },
  "public.abstinence_verifications": {
    owner: "member_id",
    touch: "verified_since",
    sample: (owner) => ({ member_id: owner.id, verified_since: "2020-01-01" }),
    // A's, recorded by worker X: A, worker X (A's area) and the admin read it; only
    // private.verify_abstinence writes.
    read: membersRead("own", "refused", "refused", { admin: ["memberA"], socialWorkerX: ["memberA"] }),
    own: {},
    others: {},
  },
  "public.meetings": {
    owner: "created_by",
    touch: "name",
    sample: (owner) => ({
      group_id: groupFixture.groupId,
      name: "探针",
      starts_on: "2030-01-01",
      start_time: "10:00",
      duration_minutes: 60,
      frequency: "once",
      attendance_mode: "online",
      created_by: owner.id,
    }),
    // Everyone signed in reads G's schedule; only A, its leader, adds, changes and removes
    // meetings (A's "others" insert is the probe's row owned by A again).
    read: membersRead(["memberA"], "refused", "refused"),
    own: { memberA: "iud" },
    others: { memberA: "i" },
  },
  "public.meeting_private_details": {
    target: () => ["meeting_id", groupFixture.meetingId],
    touch: "address",
    sample: () => ({ meeting_id: groupFixture.bareMeetingId, address: "探针路 1 号" }),
    // Only G's leader and approved member read where it meets; only the leader writes.
    read: membersRead("none", "refused", "refused", { memberA: "all", memberB: "all" }),
    own: {},
    others: { memberA: "iud" },
  },
  "public.meeting_exceptions": {
    owner: "created_by",
    touch: "note",
    sample: () => ({ meeting_id: groupFixture.meetingId, occurrence_on: "2030-01-01", kind: "cancelled" }),
    read: membersRead(["memberA"], "refused", "refused"),
    own: { memberA: "iud" },
    others: { memberA: "i" },
  },
  "public.meeting_rsvps": {
    owner: "member_id",
    touch: "status",
    sample: (owner) => ({ meeting_id: groupFixture.meetingId, occurrence_on: "2030-01-01", member_id: owner.id, status: "going" }),
    // B's answer: B and G's leader read it; only private.answer_rsvp writes.
    read: membersRead("none", "refused", "refused", { memberA: ["memberB"], memberB: ["memberB"] }),
    own: {},
    others: {},
  },
  // Attendance, announcements, statements (0022). Fixture: A marked B present at the first
  // meeting and posted an announcement; B has a statement, checked once on the public page.
  "public.meeting_attendance": {
    owner: "member_id",
    touch: "present",
    sample: (owner) => ({ meeting_id: groupFixture.meetingId, occurrence_on: new Date().toISOString().slice(0, 10), member_id: owner.id, present: true }),
    // B reads their own; A, the leader, reads and marks B's; nobody else, staff included.
    read: membersRead("none", "refused", "refused", { memberA: ["memberB"], memberB: ["memberB"] }),
    own: {},
    others: { memberA: "iud" },
  },
  "public.group_announcements": {
    owner: "author_id",
    touch: "body",
    sample: () => ({ group_id: groupFixture.groupId, body: "探针" }),
    // G's leader and its approved member read it; only the leader posts and removes.
    read: membersRead("none", "refused", "refused", { memberA: ["memberA"], memberB: ["memberA"] }),
    own: { memberA: "id" },
    others: { memberA: "i" },
  },
  "public.attendance_statements": {
    owner: "member_id",
    touch: "code",
    sample: (owner) => ({ code: "0000-0000-0001", member_id: owner.id, period_from: "2026-01-01", period_to: "2026-01-31", attended_count: 99, signature: "x" }),
    // Only its member reads it; nobody writes one by hand (private.issue_attendance_statement counts).
    read: membersRead("own", "refused", "refused"),
    own: {},
    others: {},
  },
  "public.attendance_statement_checks": {
    target: () => ["statement_id", groupFixture.statementId],
    touch: "checked_at",
    sample: () => ({ statement_id: groupFixture.statementId }),
    read: membersRead("none", "refused", "refused", { memberB: "all" }),
    own: {},
    others: {},
  },
  // Discreet testing (0029). Fixture (tests/support/testing-fixture.ts): worker X runs SX
  // (with an address) and a bare site in district X, worker Y runs SY in district Y; A holds a
  // booking at SX and has a result there; B booked at SX and cancelled.
  "public.testing_sites": {
    owner: "created_by",
    touch: "public_name",
    // created_by is not insertable (it defaults to the caller): the probe's explicit owner is refused.
    sample: (owner, p) => ({ area_id: p.areas.districtX, public_name: "探针", created_by: owner.id }),
    // Every signed-in persona reads the open sites; each worker changes only the sites they serve.
    read: membersRead(["socialWorkerX", "socialWorkerY"], "refused", "refused"),
    own: { socialWorkerX: "u", socialWorkerY: "u" },
    others: {},
  },
  "public.testing_site_addresses": {
    target: () => ["site_id", testingFixture.siteX],
    touch: "address",
    sample: () => ({ site_id: testingFixture.bareSiteX, address: "探针路 1 号" }),
    // The serving workers read their sites' addresses, A (booked at SX) reads SX's; B, whose
    // booking was cancelled, and the admin read none. Only SX's worker writes SX's.
    read: membersRead("none", "refused", "refused", { memberA: "all", socialWorkerX: "all", socialWorkerY: "all" }),
    own: {},
    others: { socialWorkerX: "iu" },
  },
  "public.testing_slots": {
    owner: "created_by",
    touch: "status",
    sample: (owner) => ({
      site_id: testingFixture.siteX,
      starts_at: new Date(Date.now() + 86_400_000),
      ends_at: new Date(Date.now() + 88_200_000),
      local_date: "2030-01-01",
      capacity: 1,
      created_by: owner.id,
    }),
    read: membersRead(["socialWorkerX", "socialWorkerY"], "refused", "refused"),
    own: { socialWorkerX: "u", socialWorkerY: "u" },
    others: {},
  },
  "public.testing_bookings": {
    owner: "member_id",
    touch: "status",
    sample: (owner) => ({ slot_id: testingFixture.slotX, member_id: owner.id, code: "ZZZZ-ZZZZ", idempotency_key: randomUUID() }),
    // Each member reads their own; staff, the admin included, read none (private.slot_bookings
    // gives a site's workers codes and statuses); only the private functions write.
    read: membersRead("own", "refused", "refused"),
    own: {},
    others: {},
  },
  "public.testing_results": {
    target: () => ["booking_id", testingFixture.resultBookingId],
    touch: "outcome",
    sample: () => ({ booking_id: testingFixture.resultBookingId, outcome: "positive" }),
    // A's result at SX: A and SX's worker read it; Y's worker and the admin do not.
    read: membersRead("none", "refused", "refused", { memberA: "all", socialWorkerX: "all" }),
    own: {},
    others: {},
  },
  // Attestations (0032). Fixture: A made a link of A's result, opened once.
  "public.test_attestations": {
    owner: "member_id",
    touch: "expires_on",
    sample: (owner) => ({ id: randomUUID(), member_id: owner.id, booking_id: testingFixture.resultBookingId, expires_on: "2030-01-01", sealed: "x" }),
    // Only its member reads it; only private.store_test_attestation and revoke_test_attestation write.
    read: membersRead("own", "refused", "refused"),
    own: {},
    others: {},
  },
  "public.test_attestation_openings": {
    target: () => ["attestation_id", testingFixture.attestationId],
    touch: "opened_at",
    sample: () => ({ attestation_id: testingFixture.attestationId }),
    // A sees when A's link was opened; nobody else, and nobody notes an opening by hand.
    read: membersRead("none", "refused", "refused", { memberA: "all" }),
    own: {},
    others: {},
  },
  // Help requests (0033). Fixture (beforeAll): A asked in district X, B in district Y; worker X
  // left an internal note on A's request.
  "public.help_requests": {
    owner: "member_id",
    touch: "status",
    sample: (owner, p) => ({ member_id: owner.id, area_id: p.areas.districtX, category: "jobs", urgency: "soon", description: "探针", idempotency_key: randomUUID() }),
    // Each member reads their own; each worker those of the area they serve; only the private functions write.
    read: membersRead("own", "refused", "refused", { admin: "none", socialWorkerX: ["memberA"], socialWorkerY: ["memberB"] }),
    own: {},
    others: {},
  },
  "public.help_request_events": {
    owner: "author_id",
    touch: "body",
    sample: (owner) => ({ request_id: helpFixture.requestA, author_id: owner.id, kind: "message", body: "探针", visible_to_member: true }),
    // A and B read what was meant for them on their own requests (not X's note on A's); X reads
    // every event of A's request, Y of B's; the admin none.
    read: membersRead("own", "refused", "refused", { admin: "none", socialWorkerX: ["memberA", "socialWorkerX"], socialWorkerY: ["memberB"] }),
    own: {},
    others: {},
  },
  // Mentors (0051). Fixture (beforeAll): A applied to mentor in district X and was approved by
  // worker X; B applied in district Y (pending), asked A for mentorship, then blocked A.
  "public.mentor_applications": {
    owner: "member_id",
    touch: "note",
    // member_id is not insertable (it defaults to the caller): the probe's explicit owner is refused.
    sample: (owner, p) => ({ member_id: owner.id, area_id: p.areas.districtX, note: "探针" }),
    read: membersRead("own", "refused", "refused", { admin: "all", socialWorkerX: ["memberA"], socialWorkerY: ["memberB"] }),
    own: {},
    others: {},
  },
  "public.mentor_profiles": {
    owner: "member_id",
    touch: "capacity",
    sample: (owner, p) => ({ member_id: owner.id, area_id: p.areas.districtX }),
    // A's profile is listed: every member and staff member reads it; only private functions write.
    read: membersRead(["memberA"], "refused", "refused"),
    own: {},
    others: {},
  },
  "public.mentorships": {
    owner: "mentee_id",
    touch: "note",
    sample: (owner, p) => ({ mentee_id: owner.id, mentor_id: owner.id === p.memberA.id ? p.memberB.id : p.memberA.id, note: "探针" }),
    // B's request to A: only the two of them read it (and its note); no staff, not the admin.
    read: membersRead("none", "refused", "refused", { memberA: ["memberB"], memberB: ["memberB"] }),
    own: {},
    others: {},
  },
  "public.member_blocks": {
    owner: "blocker_id",
    touch: "created_at",
    sample: (owner, p) => ({ blocker_id: owner.id, blocked_id: p.admin.id }),
    // B's block of A: only B reads it; A is never told.
    read: membersRead("none", "refused", "refused", { memberB: ["memberB"] }),
    own: {},
    others: {},
  },
  // "I need to talk now" (0050). Fixture: B (a member of A's group G) asked to talk; A, G's
  // leader, got the notification.
  "public.talk_requests": {
    owner: "member_id",
    touch: "note",
    sample: (owner) => ({ member_id: owner.id, note: "探针", alerted_count: 1 }),
    // Only the member who asked reads it (recipients see it through private.own_notifications); only the private functions write.
    read: membersRead("own", "refused", "refused"),
    own: {},
    others: {},
  },
  "public.notifications": {
    owner: "recipient_id",
    touch: "read_at",
    sample: (owner) => ({ recipient_id: owner.id, kind: "talk_request", talk_request_id: talkFixture.requestB }),
    // Each recipient reads and marks read their own; nobody writes one by hand.
    read: membersRead("own", "refused", "refused"),
    own: { memberA: "u" },
    others: {},
  },
  // Mentor messages (0053). Fixture: A accepted B's request; B sent A one message, pinned A's
  // key and reported A (A's mentor area is district X); then B blocked A, which ended it.
  "public.messages": {
    owner: "sender_id",
    touch: "created_at",
    sample: (owner, p) => ({ mentorship_id: messageFixture.mentorshipId, sender_id: owner.id, recipient_id: owner.id === p.memberA.id ? p.memberB.id : p.memberA.id, sequence: 9, version: 1, nonce: b64(24), ciphertext: b64(272) }),
    // The two parties read it; nobody writes one but private.send_message.
    read: membersRead("none", "refused", "refused", { memberA: ["memberB"], memberB: ["memberB"] }),
    own: {},
    others: {},
  },
  "public.message_key_pins": {
    owner: "owner_id",
    touch: "updated_at",
    // owner_id is not insertable (it defaults to the caller): the probe's explicit owner is refused.
    sample: (owner) => ({ owner_id: owner.id, mentorship_id: messageFixture.mentorshipId, nonce: b64(24), ciphertext: b64(200) }),
    read: membersRead("own", "refused", "refused"),
    own: { memberB: "u" },
    others: {},
  },
  "public.reports": {
    owner: "reporter_id",
    touch: "note",
    sample: (owner, p) => ({ reporter_id: owner.id, reported_id: p.admin.id, reason: "other" }),
    // The reporter, the staff of the reported mentor's area and admins; only private functions write.
    read: membersRead("none", "refused", "refused", { memberB: ["memberB"], socialWorkerX: ["memberB"], admin: ["memberB"] }),
    own: {},
    others: {},
  },
  // Crisis hotlines (0052): public reference data, read by everyone signed in or out; written
  // only through the admins' functions, so no direct write takes effect, not even an admin's.
  "public.hotlines": {
    target: () => ["name", MATRIX_HOTLINE],
    touch: "name",
    sample: () => ({ name: "探针热线", number: "110" }),
    read: membersRead("all", "all", "refused"),
    own: {},
    others: {},
  },
  "private.sessions": {
    owner: "user_id",
    touch: "expires_at",
    sample: (owner) => ({ token_hash: hex(32), user_id: owner.id, expires_at: new Date(Date.now() + 3_600_000) }),
    read: everyone("refused"),
    own: {},
    others: {},
  },
  "private.recovery_keys": {
    owner: "user_id",
    touch: "updated_at",
    sample: (owner) => ({ user_id: owner.id, auth_key_hash: fakeHash(), wrapped_private_key: fakeWrappedKey() }),
    read: everyone("refused"),
    own: {},
    others: {},
  },
  "private.rate_limit_hits": {
    target: () => ["bucket", "probe:bucket"],
    touch: "hits",
    sample: () => ({ bucket: `probe:${hex(4)}`, window_start: new Date() }),
    read: everyone("refused"),
    own: {},
    others: {},
  },
  "private.retired_handles": {
    target: () => ["handle_hmac", PROBE_RETIRED_HANDLE],
    touch: "kdf_opslimit",
    sample: () => ({ handle_hmac: b64(32), kdf_salt: b64(16), kdf_opslimit: 3, kdf_memlimit: 67108864 }),
    read: everyone("refused"),
    own: {},
    others: {},
  },
  "private.job_runs": {
    target: () => ["job", "probe-job"],
    touch: "last_started_at",
    sample: () => ({ job: `probe-${hex(4)}`, last_started_at: new Date() }),
    read: everyone("refused"),
    own: {},
    others: {},
  },
  "private.settings": {
    target: () => ["key", "probe_setting"],
    touch: "value",
    sample: () => ({ key: `probe_${hex(4)}`, value: "x" }),
    read: everyone("refused"),
    own: {},
    others: {},
  },
};

/** The fixture hotline that probes aim at (added by the admin in beforeAll). */
const MATRIX_HOTLINE = `矩阵热线 ${hex(4)}`;

/** The group of tests/support/group-fixture.ts (set in beforeAll). */
let groupFixture: GroupFixture = { groupId: "", meetingId: "", bareMeetingId: "", occurrenceOn: "", cancelledOn: "", statementId: "" };

/** The testing sites of tests/support/testing-fixture.ts (set in beforeAll). */
let testingFixture: TestingFixture = { siteX: "", bareSiteX: "", siteY: "", slotX: "", resultBookingId: "", attestationId: "" };

/** The help requests of the fixture (set in beforeAll). */
const helpFixture = { requestA: "", requestB: "" };
/** B's ask to talk (set in beforeAll). */
const talkFixture = { requestB: "" };
const messageFixture = { mentorshipId: "" };

/** A social worker for area X and one for area Y besides the personas (set in beforeAll). */
const secondWorkerOf = { X: "", Y: "" };


describeOnEveryEngine("RLS matrix", { personas: true, supabase: true }, ({ db, p }) => {
  /** Owners (persona ids) that have rows in each owned table, in persona order. */
  const owners = new Map<string, Persona[]>();

  beforeAll(async () => {
    for (const persona of p.list) {
      await asSystem(db, "test: fixture sessions", (trx) =>
        createSession(trx, persona.id, hex(32), new Date(Date.now() + 3_600_000)),
      );
      await asSystem(db, "test: fixture audit", (trx) => recordAudit(trx, { action: "fixture.action", actorId: persona.id, subjectId: persona.id }));
    }
    for (const [area, areaId] of [["X", p.areas.districtX], ["Y", p.areas.districtY]] as const) {
      const worker = await createTestAccount(db, "socialWorkerX");
      await grantTestRole(db, worker.id, "social_worker", areaId);
      secondWorkerOf[area] = worker.id;
    }
    for (const [owner, recipient] of [
      [p.memberA, p.socialWorkerX],
      [p.memberB, p.socialWorkerY],
    ] as const) {
      const shareId = await asMember(db, owner.id, async (trx) => {
        await saveOwnVault(trx, { ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), keyVersion: 1 });
        const share = await createShare(trx, {
          recipientId: recipient.id,
          purpose: "area_support",
          sealedKey: fakeSealedKey(),
          keyVersion: 1,
          expiresAt: new Date(Date.now() + 30 * 86_400_000),
        });
        if (!share.ok) throw new Error(`fixture share: ${share.reason}`);
        return share.id;
      });
      const opened = await asMember(db, recipient.id, (trx) => openSharedIdentity(trx, shareId));
      if (!opened) throw new Error("fixture: the recipient could not open the share");
    }
    for (const [owner, area] of [[p.memberA, "X"], [p.memberB, "Y"]] as const) {
      const ended = await asMember(db, owner.id, (trx) =>
        createShare(trx, { recipientId: secondWorkerOf[area], purpose: "area_support", sealedKey: fakeSealedKey(), keyVersion: 1, expiresAt: new Date(Date.now() + 86_400_000) }),
      );
      if (!ended.ok) throw new Error(`fixture ended share: ${ended.reason}`);
      await asSystem(db, "test: fixture ended share", (trx) => deleteSharesTo(trx, secondWorkerOf[area]));
    }
    await asMember(db, p.admin.id, (trx) =>
      trx
        .insertInto("staff_cards")
        .values([p.socialWorkerX, p.socialWorkerY].map((worker) => ({ user_id: worker.id, display_name: `社工 ${worker.name}`, organisation: "阳光社工站", updated_by: p.admin.id })))
        .execute(),
    );
    await asMember(db, p.admin.id, (trx) => addHotline(trx, { areaId: null, name: MATRIX_HOTLINE, number: "12356", hours: "", languages: ["zh-CN"], note: "", sortOrder: 1 }));
    await asMember(db, p.memberA.id, (trx) => chooseOwnLock(trx, 5));
    await asMember(db, p.memberB.id, (trx) => chooseOwnLock(trx, 60));
    await asSystem(db, "test: fixture private rows", async (trx) => {
      await hitRateLimit(trx, "probe:bucket", new Date("2025-01-01T00:00:00Z"));
      await trx.insertInto("private.settings").values({ key: "probe_setting", value: "x" }).execute();
      await trx.insertInto("private.job_runs").values({ job: "probe-job", last_started_at: new Date() }).execute();
      await trx
        .insertInto("private.retired_handles")
        .values({ handle_hmac: PROBE_RETIRED_HANDLE, kdf_salt: b64(16), kdf_opslimit: 3, kdf_memlimit: 67108864 })
        .execute();
    });
    groupFixture = await createGroupFixture(db, p);
    testingFixture = await createTestingFixture(db, p);
    for (const [member, key] of [[p.memberA, "requestA"], [p.memberB, "requestB"]] as const) {
      const asked = await asMember(db, member.id, (trx) =>
        askForHelp(trx, { category: "welfare", urgency: "routine", contactWay: "portal", description: "想了解低保怎么申请", idempotencyKey: randomUUID() }),
      );
      if (!asked.ok) throw new Error(`fixture help request: ${asked.reason}`);
      helpFixture[key] = asked.id;
    }
    await asMember(db, p.socialWorkerX.id, (trx) => postToRequest(trx, helpFixture.requestA, { body: "内部备注", internal: true, idempotencyKey: crypto.randomUUID() }));
    await asMember(db, p.memberA.id, (trx) => applyToMentor(trx, { areaId: p.areas.districtX, note: "" }));
    const [mentorApplication] = await asMember(db, p.socialWorkerX.id, listMentorApplicationsToAnswer);
    await asMember(db, p.socialWorkerX.id, (trx) => decideMentorApplication(trx, { applicationId: mentorApplication?.id ?? "", approve: true, reason: "" }));
    await asMember(db, p.memberB.id, async (trx) => {
      await applyToMentor(trx, { areaId: p.areas.districtY, note: "" });
      await askMentor(trx, { mentorId: p.memberA.id, note: "只给导师看的话" });
    });
    // A accepts; B sends A a message, pins A's key and reports A; then B blocks A.
    const [asked] = await asMember(db, p.memberA.id, listOwnMentorships);
    messageFixture.mentorshipId = asked?.id ?? "";
    const accepted = await asMember(db, p.memberA.id, (trx) => answerMentorship(trx, { mentorshipId: messageFixture.mentorshipId, accept: true }));
    if (!accepted.ok) throw new Error(`fixture mentorship: ${accepted.reason}`);
    await asMember(db, p.memberB.id, async (trx) => {
      const sent = await sendMessage(trx, { mentorshipId: messageFixture.mentorshipId, sequence: 1, envelope: { version: 1, nonce: b64(24), ciphertext: b64(272) } });
      if (!sent.ok) throw new Error(`fixture message: ${sent.reason}`);
      await saveOwnPin(trx, messageFixture.mentorshipId, { nonce: b64(24), ciphertext: b64(200) });
      const reported = await reportMember(trx, { mentorshipId: messageFixture.mentorshipId, reason: "other", note: "探针", attached: [] });
      if (!reported.ok) throw new Error(`fixture report: ${reported.reason}`);
      await blockMember(trx, p.memberA.id);
    });
    const talked = await asMember(db, p.memberB.id, (trx) => askToTalk(trx, ""));
    if (!talked.ok) throw new Error(`fixture talk request: ${talked.reason}`);
    talkFixture.requestB = talked.requestId;
    for (const [table, rule] of Object.entries(MATRIX)) {
      if (!rule.owner) continue;
      const column = rule.owner;
      const rows = await asSystem(db, "test: find owners", (trx) =>
        sql<{ owner: string }>`select distinct ${sql.ref(column)}::text as owner from ${sql.table(table)}`.execute(trx),
      );
      const present = new Set(rows.rows.map((r) => r.owner));
      owners.set(table, p.list.filter((persona) => present.has(persona.id)));
    }
  });

  it("covers every table in public, private and auth", async () => {
    const tables = await sql<{ name: string }>`
      select n.nspname || '.' || c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'private', 'auth') and c.relkind in ('r', 'p')
      order by 1`.execute(db);
    expect(tables.rows.map((r) => r.name)).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(Object.keys(MATRIX))("%s: reads and writes are exactly as expected", async (table) => {
    const rule = MATRIX[table];
    if (!rule) throw new Error(table);
    const tableOwners = owners.get(table) ?? [];
    const idsOf = (list: Persona[]) => list.map((x) => x.id).sort();

    const expected: Record<string, { read: Read; own?: string; others: string }> = {};
    const actual: Record<string, { read: Read; own?: string; others: string }> = {};

    for (const who of EVERYONE) {
      const self = who === "anon" || who === "service_role" ? undefined : p[who];

      // Read
      let read: Read;
      if (rule.owner) {
        const column = rule.owner;
        const seen = await probe(db, p, who, (trx) =>
          sql<{ owner: string }>`select ${sql.ref(column)}::text as owner from ${sql.table(table)}`.execute(trx),
        );
        const rulesRead = rule.read[who];
        if (seen === "refused") read = "refused";
        else if (Array.isArray(rulesRead)) {
          read = p.list.filter((persona) => seen.rows.some((r) => r.owner === persona.id)).map((persona) => persona.name);
        } else {
          const visible = [...new Set(seen.rows.map((r) => r.owner))].filter((id) => p.list.some((x) => x.id === id)).sort();
          const ownIds = self ? idsOf(tableOwners.filter((x) => x.id === self.id)) : [];
          if (visible.length === 0) read = "none";
          else if (JSON.stringify(visible) === JSON.stringify(idsOf(tableOwners))) read = tableOwners.length > 1 || !self ? "all" : "own";
          else if (JSON.stringify(visible) === JSON.stringify(ownIds)) read = "own";
          else read = `unexpected: ${visible.length} owners` as Read;
        }
        // A persona without rows of their own reads "none" where the rule says "own".
        const ownsRows = !!self && tableOwners.some((x) => x.id === self.id);
        const listed = Array.isArray(rulesRead) ? PERSONA_NAMES.filter((name) => rulesRead.includes(name)) : rulesRead;
        expected[who] = { read: rulesRead === "own" && !ownsRows ? "none" : listed, others: "" };
      } else {
        const seen = await probe(db, p, who, (trx) =>
          sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx),
        );
        read = seen === "refused" ? "refused" : (seen.rows[0]?.n ?? 0) > 0 ? "all" : "none";
        expected[who] = { read: rule.read[who], others: "" };
      }

      // Writes
      const attempt = async (op: "i" | "u" | "d", targetOwner: Persona | undefined): Promise<string> => {
        const outcome = await probe(db, p, who, async (trx) => {
          if (op === "i") {
            const owner = targetOwner ?? p.memberA;
            const result = await insertRow(trx, table, rule.sample(owner, p));
            return result.numAffectedRows ?? 0n;
          }
          const [column, value] = rule.owner
            ? [rule.owner, targetOwner?.id]
            : (rule.target?.(p) ?? ["", undefined]);
          if (value === undefined) return 0n;
          const statement =
            op === "u"
              ? sql`update ${sql.table(table)} set ${sql.ref(rule.touch)} = ${sql.ref(rule.touch)} where ${sql.ref(column)} = ${value}`
              : sql`delete from ${sql.table(table)} where ${sql.ref(column)} = ${value}`;
          const result = await statement.execute(trx);
          return result.numAffectedRows ?? 0n;
        });
        return outcome !== "refused" && outcome > 0n ? op : "";
      };
      const writes = async (targetOwner: Persona | undefined) =>
        (await attempt("i", targetOwner)) + (await attempt("u", targetOwner)) + (await attempt("d", targetOwner));

      const other = rule.owner ? tableOwners.find((x) => x.id !== self?.id) : undefined;
      if (rule.owner && self) {
        const ownsRows = tableOwners.some((x) => x.id === self.id);
        const ownOps = (rule.own[self.name] ?? "")
          .split("")
          .filter((op) => (op === "i" ? !(rule.onePerOwner && ownsRows) : ownsRows))
          .join("");
        expected[who] = { ...expected[who]!, own: ownOps };
        actual[who] = { read, own: await writes(self), others: await writes(other) };
      } else {
        actual[who] = { read, others: await writes(other) };
      }
      expected[who] = { ...expected[who]!, others: rule.others[who] ?? "" };
      if (!(rule.owner && self)) delete expected[who]!.own;
    }

    expect(actual).toEqual(expected);
  });

  it("anon reads areas and hotlines and nothing else", async () => {
    const areas = await asAnon(db, (trx) => trx.selectFrom("areas").select("id").execute());
    expect(areas.length).toBeGreaterThanOrEqual(6);
    for (const table of Object.keys(MATRIX).filter((t) => t !== "public.areas" && t !== "public.hotlines")) {
      expect(await probe(db, p, "anon", (trx) => sql`select 1 from ${sql.table(table)} limit 1`.execute(trx)), table).toBe("refused");
    }
  });
});
