/**
 * After and around meetings (migration 0022): leaders mark attendance and post announcements;
 * members get statements of attendance that name nobody, signed by the server with an
 * Ed25519 key derived from the server secret, and checked by anyone on a public page.
 */
import { sql } from "kysely";
import { statementSigningPayload, type StatementFacts } from "~/domain/groups/attendance-statement";
import { DEFAULT_TIME_ZONE, localPartsOf } from "~/domain/groups/local-time";
import { callerId, type MemberTx, type SystemTx } from "./rls.server";
import { leadsGroup } from "./private-calls.server";
import { signingKeyFingerprint, signPayload, verifyPayload } from "./signing-keys.server";
import { isEmptyIdList, ownGroupIds, type MeetingIds } from "./meetings.server";
import { compiledQuery, type QueryCondition } from "./compiled-query.server";

export interface AttendanceMark {
  meetingId: string;
  occurrenceOn: string;
  memberId: string;
  present: boolean;
}

/** A leader of the meeting's group marks who came; refused (nothing stored) for anyone else or anyone not in the group. */
export async function markAttendance(trx: MemberTx, marks: readonly AttendanceMark[]): Promise<{ ok: true } | { ok: false; reason: "not-allowed" }> {
  for (const mark of marks) {
    const allowed = await sql<{ ok: boolean }>`
      select private.is_meeting_leader(${mark.meetingId}::uuid) and private.in_meeting_group(${mark.meetingId}::uuid, ${mark.memberId}::uuid) as ok`.execute(trx);
    if (allowed.rows[0]?.ok !== true) return { ok: false, reason: "not-allowed" };
  }
  for (const mark of marks) {
    await trx
      .insertInto("meeting_attendance")
      .values({ meeting_id: mark.meetingId, occurrence_on: mark.occurrenceOn, member_id: mark.memberId, present: mark.present, marked_by: callerId })
      .onConflict((oc) => oc.columns(["meeting_id", "occurrence_on", "member_id"]).doUpdateSet({ present: mark.present, marked_by: callerId, marked_at: sql<Date>`now()` }))
      .execute();
  }
  return { ok: true };
}

/** Attendance the caller may read for these meetings: their own, or all at meetings they lead. */
export async function listAttendance(trx: MemberTx, meetingIds: MeetingIds, fromOn: string): Promise<AttendanceMark[]> {
  if (isEmptyIdList(meetingIds)) return [];
  return trx
    .selectFrom("meeting_attendance")
    .select(["meeting_id as meetingId", "occurrence_on as occurrenceOn", "member_id as memberId", "present"])
    .where("meeting_id", "in", meetingIds)
    .where("occurrence_on", ">=", fromOn)
    .orderBy("occurrence_on", "desc")
    .execute();
}

/** The caller's own attendance, newest first, with the group each meeting belongs to. */
export async function listOwnAttendance(trx: MemberTx): Promise<{ groupId: string; groupName: string; meetingName: string; occurrenceOn: string; present: boolean }[]> {
  return trx
    .selectFrom("meeting_attendance as a")
    .innerJoin("meetings as m", "m.id", "a.meeting_id")
    .innerJoin("groups as g", "g.id", "m.group_id")
    .select(["g.id as groupId", "g.name as groupName", "m.name as meetingName", "a.occurrence_on as occurrenceOn", "a.present"])
    .where("a.member_id", "=", callerId)
    .orderBy("a.occurrence_on", "desc")
    .limit(200)
    .execute();
}

export interface Announcement {
  id: string;
  groupId: string;
  /** Empty when the caller may no longer see the group. */
  groupName: string;
  body: string;
  createdAt: Date;
}

export async function postAnnouncement(trx: MemberTx, groupId: string, body: string): Promise<{ ok: true } | { ok: false; reason: "not-allowed" }> {
  if (!(await leadsGroup(trx, groupId))) return { ok: false, reason: "not-allowed" };
  await trx.insertInto("group_announcements").values({ group_id: groupId, body }).execute();
  return { ok: true };
}

/** The latest announcements of these groups the caller may read (members and leaders only). */
export function listAnnouncements(trx: MemberTx, groupIds: readonly string[], limit = 10): Promise<Announcement[]> {
  return groupIds.length === 0 ? Promise.resolve([]) : announcementsOfGroups(trx, { ids: groupIds, limit });
}

/** The latest announcements of the caller's own groups (ownGroupIds), for the home page. */
export function listOwnAnnouncements(trx: MemberTx, limit: number): Promise<Announcement[]> {
  return announcementsOfOwnGroups(trx, { limit });
}

function announcementsReader<V extends { limit: number }>(wanted: QueryCondition<V>) {
  return compiledQuery<Announcement, V>((db, value) =>
    db
      .selectFrom("group_announcements as a")
      .leftJoin("groups as g", "g.id", "a.group_id")
      .select(["a.id", "a.group_id as groupId", sql<string>`coalesce(g.name, '')`.as("groupName"), "a.body", "a.created_at as createdAt"])
      .where(wanted(db, value))
      .orderBy("a.created_at", "desc")
      .limit(value("limit")),
  );
}
const announcementsOfGroups = announcementsReader<{ ids: readonly string[]; limit: number }>((_db, value) => sql<boolean>`a.group_id = any(${value("ids")}::uuid[])`);
const announcementsOfOwnGroups = announcementsReader<{ limit: number }>((db) => sql<boolean>`a.group_id in (${ownGroupIds(db)})`);

// ── Statements ───────────────────────────────────────────────────────────────────────────

/** A short fingerprint of the statement-signing key, printed on the check page so a printed statement can be compared. */
export function statementKeyFingerprint(serverSecretHex: string): string {
  return signingKeyFingerprint(serverSecretHex, "attendanceStatements");
}

export type IssueResult = { ok: true; id: string } | { ok: false; reason: "changed" };

/** Counts the caller's attendance in the period, signs the facts and stores the statement. */
export async function issueAttendanceStatement(
  trx: MemberTx,
  serverSecretHex: string,
  statement: { code: string; periodFrom: string; periodTo: string; issuedOn: string },
): Promise<IssueResult> {
  const counted = await sql<{ count: number }>`select private.own_attendance_count(${statement.periodFrom}::date, ${statement.periodTo}::date) as count`.execute(trx);
  const attendedCount = counted.rows[0]?.count ?? 0;
  const facts: StatementFacts = { ...statement, attendedCount };
  const signature = signPayload(serverSecretHex, "attendanceStatements", statementSigningPayload(facts));
  const issued = await sql<{ id: string | null }>`
    select private.issue_attendance_statement(${statement.code}, ${statement.periodFrom}::date, ${statement.periodTo}::date, ${attendedCount}, ${signature}) as id`.execute(trx);
  const id = issued.rows[0]?.id;
  return id ? { ok: true, id } : { ok: false, reason: "changed" };
}

export interface OwnStatement {
  id: string;
  code: string;
  attendedCount: number;
  periodFrom: string;
  periodTo: string;
  issuedAt: Date;
  withdrawnAt: Date | null;
  checks: Date[];
}

export async function listOwnStatements(trx: MemberTx): Promise<OwnStatement[]> {
  const [statements, checks] = await Promise.all([
    trx
      .selectFrom("attendance_statements")
      .select(["id", "code", "attended_count as attendedCount", "period_from as periodFrom", "period_to as periodTo", "issued_at as issuedAt", "withdrawn_at as withdrawnAt"])
      .where("member_id", "=", callerId)
      .orderBy("issued_at", "desc")
      .execute(),
    trx.selectFrom("attendance_statement_checks").select(["statement_id as statementId", "checked_at as checkedAt"]).orderBy("checked_at", "desc").execute(),
  ]);
  return statements.map((statement) => ({ ...statement, checks: checks.filter((check) => check.statementId === statement.id).map((check) => check.checkedAt) }));
}

export async function withdrawAttendanceStatement(trx: MemberTx, statementId: string): Promise<{ ok: boolean }> {
  const result = await sql<{ done: boolean }>`select private.withdraw_attendance_statement(${statementId}::uuid) as done`.execute(trx);
  return { ok: result.rows[0]?.done === true };
}

export type CheckedStatement =
  | { found: false }
  | { found: true; attendedCount: number; periodFrom: string; periodTo: string; issuedAt: Date; withdrawn: boolean; signatureValid: boolean };

/** The public check of a code (privileged: visitors are not signed in); records the check. */
export async function checkAttendanceStatement(trx: SystemTx, serverSecretHex: string, code: string): Promise<CheckedStatement> {
  const result = await sql<{ attended_count: number; period_from: string; period_to: string; issued_at: Date; withdrawn: boolean; signature: string }>`
    select * from private.check_attendance_statement(${code})`.execute(trx);
  const row = result.rows[0];
  if (!row) return { found: false };
  // The date the member saw when it was issued, as signed (attendance.tsx issues it in the default zone).
  const issuedOn = localPartsOf(row.issued_at, DEFAULT_TIME_ZONE).date;
  const payload = statementSigningPayload({ code, attendedCount: row.attended_count, periodFrom: row.period_from, periodTo: row.period_to, issuedOn });
  const signatureValid = verifyPayload(serverSecretHex, "attendanceStatements", payload, row.signature);
  return { found: true, attendedCount: row.attended_count, periodFrom: row.period_from, periodTo: row.period_to, issuedAt: row.issued_at, withdrawn: row.withdrawn, signatureValid };
}
