/**
 * A member's data export (DESIGN: "their own data as JSON"): their account, identity vault
 * and shares as stored (ciphertext stays ciphertext), and every row of theirs in the groups,
 * testing, help-request, mentoring, messaging and talk-now tables, as the tables hold them. Nothing of anyone else's.
 */
import { sql } from "kysely";
import type { StaffRole } from "~/domain/accounts/roles";
import { getOwnAccount, type OwnAccount } from "./accounts.server";
import { getOwnVault, listOwnShares, type OwnShare, type VaultRecord } from "./identity.server";
import { listOwnAccessLog, type AccessLogEntry } from "./identity-openings.server";
import { callerId, type MemberTx } from "./rls.server";

/** The tables with rows that are the member's own, by the column naming them. */
const OWN_ROWS = {
  groupMemberships: ["public.group_memberships", "member_id"],
  groupLeaders: ["public.group_leaders", "member_id"],
  leaderApplications: ["public.leader_applications", "member_id"],
  meetingRsvps: ["public.meeting_rsvps", "member_id"],
  meetingAttendance: ["public.meeting_attendance", "member_id"],
  attendanceStatements: ["public.attendance_statements", "member_id"],
  testingBookings: ["public.testing_bookings", "member_id"],
  testAttestations: ["public.test_attestations", "member_id"],
  helpRequests: ["public.help_requests", "member_id"],
  mentorApplications: ["public.mentor_applications", "member_id"],
  mentorProfile: ["public.mentor_profiles", "member_id"],
  memberBlocks: ["public.member_blocks", "blocker_id"],
  talkRequests: ["public.talk_requests", "member_id"],
  notifications: ["public.notifications", "recipient_id"],
  // Envelopes as stored: only the member's browser, with their keys, opens them.
  messagesSent: ["public.messages", "sender_id"],
  messagesReceived: ["public.messages", "recipient_id"],
  messageKeyPins: ["public.message_key_pins", "owner_id"],
  reportsMade: ["public.reports", "reporter_id"],
} as const;

type Row = Record<string, unknown>;

/** Everything the member owns, for a data export. Ciphertext stays ciphertext. */
export interface OwnDataExport {
  exportedAt: Date;
  profile: Pick<OwnAccount, "userId" | "handle" | "locale" | "areaId" | "cleanSince" | "createdAt">;
  /** The public key only: no wrapped private key or salt, which would let whoever holds the file guess the passphrase offline. */
  keys: Pick<OwnAccount, "publicKey">;
  roles: { role: StaffRole; areaId: string | null; grantedBy: string | null; grantedAt: Date }[];
  identityVault: VaultRecord | null;
  identityShares: OwnShare[];
  identityAccessLog: AccessLogEntry[];
  /** Audit rows naming the member, where RLS lets them read the audit log (admins); else empty. */
  auditLog: { occurredAt: Date; action: string; actorId: string | null; subjectId: string | null }[];
  /** The member's rows in each table of OWN_ROWS, then their test results, what their requests' timelines show them, and their mentorships on either side. */
  ownRows: Record<keyof typeof OWN_ROWS | "testingResults" | "helpRequestEvents" | "mentorships", Row[]>;
}

async function ownRows(trx: MemberTx): Promise<OwnDataExport["ownRows"]> {
  const tables = Object.entries(OWN_ROWS) as [keyof typeof OWN_ROWS, readonly [string, string]][];
  const [byTable, testingResults, helpRequestEvents, mentorships] = await Promise.all([
    Promise.all(tables.map(([, [table, column]]) => sql<Row>`select * from ${sql.table(table)} where ${sql.ref(column)} = ${callerId} order by 1`.execute(trx))),
    sql<Row>`select r.* from public.testing_results r join public.testing_bookings b on b.id = r.booking_id where b.member_id = ${callerId} order by r.recorded_at`.execute(trx),
    sql<Row>`select e.* from public.help_request_events e join public.help_requests r on r.id = e.request_id
             where r.member_id = ${callerId} and e.visible_to_member order by e.id`.execute(trx),
    sql<Row>`select * from public.mentorships where ${callerId} in (mentee_id, mentor_id) order by requested_at, id`.execute(trx),
  ]);
  const rows = Object.fromEntries(tables.map(([name], index) => [name, byTable[index]?.rows ?? []])) as Record<keyof typeof OWN_ROWS, Row[]>;
  return { ...rows, testingResults: testingResults.rows, helpRequestEvents: helpRequestEvents.rows, mentorships: mentorships.rows };
}

/**
 * Everything the member owns: profile (clean-since included), keys (public only), staff
 * roles, vault, shares, access log, where readable audit rows naming them, and their rows
 * in every other table. Not included: the recovery-code copy of the private key and
 * sessions (privileged path only). undefined when the caller has no account.
 */
export async function exportOwnData(trx: MemberTx): Promise<OwnDataExport | undefined> {

  const account = await getOwnAccount(trx);
  if (!account) return undefined;
  const roles = await trx
    .selectFrom("role_grants")
    .select(["role", "area_id as areaId", "granted_by as grantedBy", "granted_at as grantedAt"])
    .where("user_id", "=", callerId)
    .orderBy("granted_at")
    .orderBy("id")
    .execute();
  const auditLog = await trx
    .selectFrom("audit_log")
    .select(["occurred_at as occurredAt", "action", "actor_id as actorId", "subject_id as subjectId"])
    .where((eb) => eb.or([eb("actor_id", "=", callerId), eb("subject_id", "=", callerId)]))
    .orderBy("occurred_at")
    .orderBy("id")
    .execute();
  const now = await sql<{ now: Date }>`select now() as now`.execute(trx);
  return {
    exportedAt: now.rows[0]?.now ?? new Date(),
    profile: {
      userId: account.userId,
      handle: account.handle,
      locale: account.locale,
      areaId: account.areaId,
      cleanSince: account.cleanSince,
      createdAt: account.createdAt,
    },
    keys: { publicKey: account.publicKey },
    roles,
    identityVault: (await getOwnVault(trx)) ?? null,
    identityShares: await listOwnShares(trx),
    identityAccessLog: await listOwnAccessLog(trx),
    auditLog,
    ownRows: await ownRows(trx),
  };
}
