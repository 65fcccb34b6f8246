/**
 * A group as the RLS tests need it, built through the data functions as the people involved
 * would: member A leads group G in district X (after staff verified their abstinence and
 * approved their application); member B asked to join and A approved; G has a weekly
 * meeting with an address and capacity, one cancelled occurrence and B's RSVP, and a second
 * meeting without details; B has applied to lead in district Y.
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { checkAttendanceStatement, issueAttendanceStatement, markAttendance, postAnnouncement } from "~/data/attendance.server";
import { newStatementCode } from "~/domain/groups/attendance-statement";
import type { GroupLanguage } from "~/domain/groups/meeting-fields";
import { addDays, DEFAULT_TIME_ZONE, todayIn } from "~/domain/groups/local-time";
import { asMember, asSystem } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { createGroup, decideMembership, requestToJoin } from "~/data/groups.server";
import { applyToLead, decideLeaderApplication, listApplicationsToAnswer, verifyAbstinence } from "~/data/leaders.server";
import { answerRsvp, createMeeting, setOccurrenceException, type NewMeeting } from "~/data/meetings.server";
import { createTestAccount, type Persona, type Personas } from "./db-personas";

export interface GroupFixture {
  groupId: string;
  meetingId: string;
  bareMeetingId: string;
  /** The next occurrence of the weekly meeting (B is going), and the cancelled one after it. */
  occurrenceOn: string;
  cancelledOn: string;
  /** B's statement of attendance (one meeting), checked once. */
  statementId: string;
}

/** A server secret for tests (hex, as private.settings holds it). */
export const TEST_SERVER_SECRET = "11".repeat(32);

/** Today as the portal counts days (Beijing), as the database's private.portal_today does. */
export const today = () => todayIn(DEFAULT_TIME_ZONE, new Date());

export function weeklyMeeting(groupId: string, startsOn: string, overrides: Partial<NewMeeting> = {}): NewMeeting {
  return {
    groupId,
    name: "周二晚间分享",
    series: { startsOn, startTime: "19:30", durationMinutes: 90, timeZone: "Asia/Shanghai", frequency: "weekly", monthlyWeek: null, untilOn: null, occurrenceCount: null },
    attendanceMode: "in_person",
    types: ["O", "D"],
    capacity: 10,
    notes: "",
    details: { address: "幸福路 12 号 3 楼", conferenceLink: "", conferencePhone: "" },
    ...overrides,
  };
}

/** Staff verify `memberId` abstinent for three years and approve their application for `areaId`. */
export async function makeLeader(db: Kysely<Database>, p: Personas, memberId: string, areaId: string, worker = p.admin.id): Promise<void> {
  await asMember(db, worker, (trx) => verifyAbstinence(trx, memberId, addDays(today(), -3 * 366)));
  await asMember(db, memberId, (trx) => applyToLead(trx, { areaId, note: "" }));
  const applications = await asMember(db, worker, (trx) => listApplicationsToAnswer(trx));
  const mine = applications.find((application) => application.memberId === memberId);
  if (!mine) throw new Error("fixture: no application to answer");
  const decided = await asMember(db, worker, (trx) => decideLeaderApplication(trx, { applicationId: mine.id, approve: true, reason: "" }));
  if (!decided.ok) throw new Error(`fixture: approve leader: ${decided.reason}`);
}

/**
 * Another group beside G: a new leader leads group H ("夜航小组", district Y, in `languages`),
 * and a new member is in no group at all.
 */
export async function createOtherGroup(db: Kysely<Database>, p: Personas, languages: GroupLanguage[]): Promise<{ leaderH: Persona; groupH: string; stranger: Persona }> {
  const leaderH = await createTestAccount(db, "memberA");
  const stranger = await createTestAccount(db, "memberB");
  await makeLeader(db, p, leaderH.id, p.areas.districtY);
  const created = await asMember(db, leaderH.id, (trx) => createGroup(trx, { name: "夜航小组", description: "", areaId: p.areas.districtY, languages }));
  if (!created.ok) throw new Error("fixture: group H");
  return { leaderH, groupH: created.id, stranger };
}

export async function createGroupFixture(db: Kysely<Database>, p: Personas): Promise<GroupFixture> {
  await makeLeader(db, p, p.memberA.id, p.areas.districtX, p.socialWorkerX.id);
  const created = await asMember(db, p.memberA.id, (trx) => createGroup(trx, { name: "晨光互助小组", description: "每周见面", areaId: p.areas.districtX, languages: ["zh-CN"] }));
  if (!created.ok) throw new Error("fixture: create group");
  const groupId = created.id;
  const joined = await asMember(db, p.memberB.id, (trx) => requestToJoin(trx, groupId, "想参加"));
  if (!joined.ok) throw new Error("fixture: join");
  await asMember(db, p.memberA.id, (trx) => decideMembership(trx, { groupId, memberId: p.memberB.id, decision: "approved", reason: "" }));
  const startsOn = addDays(today(), 1);
  const meetingId = await asMember(db, p.memberA.id, (trx) => createMeeting(trx, weeklyMeeting(groupId, startsOn)));
  const bareMeetingId = await asMember(db, p.memberA.id, (trx) => createMeeting(trx, weeklyMeeting(groupId, startsOn, { name: "线上", attendanceMode: "online" })));
  if (!meetingId || !bareMeetingId) throw new Error("fixture: meetings");
  await asSystem(db, "test: a meeting without details", (trx) => trx.deleteFrom("meeting_private_details").where("meeting_id", "=", bareMeetingId).execute());
  const cancelledOn = addDays(startsOn, 7);
  await asMember(db, p.memberA.id, (trx) => setOccurrenceException(trx, meetingId, { occurrenceOn: cancelledOn, kind: "cancelled" }));
  await asMember(db, p.memberB.id, (trx) => answerRsvp(trx, meetingId, startsOn, true));
  await asMember(db, p.memberB.id, (trx) => applyToLead(trx, { areaId: p.areas.districtY, note: "我想带一个小组" }));
  await asMember(db, p.memberA.id, (trx) => markAttendance(trx, [{ meetingId, occurrenceOn: startsOn, memberId: p.memberB.id, present: true }]));
  await asMember(db, p.memberA.id, (trx) => postAnnouncement(trx, groupId, "下周二照常见面"));
  const code = newStatementCode(randomBytes(8));
  const issued = await asMember(db, p.memberB.id, (trx) => issueAttendanceStatement(trx, TEST_SERVER_SECRET, { code, periodFrom: addDays(today(), -30), periodTo: startsOn, issuedOn: today() }));
  if (!issued.ok) throw new Error("fixture: statement");
  await asSystem(db, "test: check a statement", (trx) => checkAttendanceStatement(trx, TEST_SERVER_SECRET, code));
  return { groupId, meetingId, bareMeetingId, occurrenceOn: startsOn, cancelledOn, statementId: issued.id };
}
