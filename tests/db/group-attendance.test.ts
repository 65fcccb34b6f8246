/**
 * Attendance, statements and announcements (issue 16) on every engine: who marks attendance
 * and reads it, what an attendance statement counts and names, and who reads and posts a
 * group's announcements. The other group journeys are in groups.test.ts and the files
 * beside it (group-leading, group-meetings, group-finder-filters).
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { checkAttendanceStatement, issueAttendanceStatement, listAnnouncements, listAttendance, listOwnAttendance, listOwnStatements, markAttendance, postAnnouncement, withdrawAttendanceStatement } from "~/data/attendance.server";
import { decideMembership, requestToJoin } from "~/data/groups.server";
import { listOwnMeetingSeries, listSeriesOfGroups } from "~/data/meetings.server";
import { asMember, asSystem } from "~/data/rls.server";
import { newStatementCode } from "~/domain/groups/attendance-statement";
import { addDays } from "~/domain/groups/local-time";
import { createTestAccount, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { createGroupFixture, createOtherGroup, TEST_SERVER_SECRET, today, type GroupFixture } from "../support/group-fixture";

describeOnEveryEngine("attendance and statements", { personas: true }, ({ db, p }) => {
  let g: GroupFixture;
  /** Leads another group, in district Y. */
  let leaderH: Persona;
  /** A member with no part in any group. */
  let stranger: Persona;

  beforeAll(async () => {
    g = await createGroupFixture(db, p);
    ({ leaderH, stranger } = await createOtherGroup(db, p, ["zh-CN"]));
  });

  it("only the group's leaders mark attendance, only for its members; a member reads only their own", async () => {
    const mark = (who: Persona, memberId: string) => asMember(db, who.id, (trx) => markAttendance(trx, [{ meetingId: g.meetingId, occurrenceOn: today(), memberId, present: true }]));
    expect(await mark(p.memberB, p.memberB.id)).toEqual({ ok: false, reason: "not-allowed" });
    expect(await mark(leaderH, p.memberB.id)).toEqual({ ok: false, reason: "not-allowed" });
    expect(await mark(p.memberA, stranger.id)).toEqual({ ok: false, reason: "not-allowed" });
    await expect(asMember(db, p.memberB.id, (trx) => trx.insertInto("meeting_attendance").values({ meeting_id: g.meetingId, occurrence_on: today(), member_id: p.memberB.id, present: true, marked_by: p.memberB.id }).execute())).rejects.toMatchObject({ code: "42501" });
    expect(await asMember(db, p.socialWorkerX.id, (trx) => listAttendance(trx, [g.meetingId], "2000-01-01"))).toEqual([]);
    expect(await asMember(db, p.admin.id, (trx) => listAttendance(trx, [g.meetingId], "2000-01-01"))).toEqual([]);
    expect((await asMember(db, p.memberB.id, (trx) => listOwnAttendance(trx))).map((row) => row.occurrenceOn)).toContain(g.occurrenceOn);
  });

  it("a statement counts present marks once, never at a cancelled meeting; it names nobody, checks as signed, and shows withdrawn", async () => {
    const member = await createTestAccount(db, "memberB");
    await asMember(db, member.id, (trx) => requestToJoin(trx, g.groupId, ""));
    await asMember(db, p.memberA.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: member.id, decision: "approved", reason: "" }));
    const days = [-14, -7, 0].map((offset) => addDays(today(), offset));
    // One meeting named before the period was held inside it: it counts by the day it was held.
    const movedIn = addDays(today(), -35);
    await asSystem(db, "test: past meetings", async (trx) => {
      await trx.insertInto("meeting_exceptions").values({ meeting_id: g.meetingId, occurrence_on: days[0] ?? "", kind: "cancelled" }).onConflict((oc) => oc.doNothing()).execute();
      await trx.insertInto("meeting_exceptions").values({ meeting_id: g.meetingId, occurrence_on: movedIn, kind: "moved", moved_to_on: addDays(today(), -28), moved_start_time: "19:00" }).execute();
    });
    // The home page reads the moved and cancelled meetings as the group page does.
    const byDay = (exceptions: readonly { occurrenceOn: string }[] = []) => [...exceptions].sort((a, b) => a.occurrenceOn.localeCompare(b.occurrenceOn));
    const [home, page] = await asMember(db, member.id, async (trx) => [await listOwnMeetingSeries(trx), await listSeriesOfGroups(trx, [g.groupId])] as const);
    const onHome = byDay(home.find((meeting) => meeting.id === g.meetingId)?.exceptions);
    expect(onHome).toEqual(byDay(page.find((meeting) => meeting.id === g.meetingId)?.exceptions));
    expect(onHome).toContainEqual({ occurrenceOn: movedIn, kind: "moved", movedToOn: addDays(today(), -28), movedStartTime: "19:00" });
    const marked = await asMember(db, p.memberA.id, (trx) =>
      markAttendance(trx, [
        { meetingId: g.meetingId, occurrenceOn: days[0] ?? "", memberId: member.id, present: true },
        { meetingId: g.meetingId, occurrenceOn: days[1] ?? "", memberId: member.id, present: true },
        { meetingId: g.meetingId, occurrenceOn: days[2] ?? "", memberId: member.id, present: false },
        { meetingId: g.bareMeetingId, occurrenceOn: days[2] ?? "", memberId: member.id, present: true },
        { meetingId: g.meetingId, occurrenceOn: movedIn, memberId: member.id, present: true },
      ]),
    );
    expect(marked).toEqual({ ok: true });
    const code = newStatementCode(randomBytes(8));
    const issued = await asMember(db, member.id, (trx) => issueAttendanceStatement(trx, TEST_SERVER_SECRET, { code, periodFrom: addDays(today(), -30), periodTo: today(), issuedOn: today() }));
    expect(issued.ok).toBe(true);
    // A forged count is refused by the database's own count.
    const forged = await asMember(db, member.id, (trx) => sql<{ id: string | null }>`select private.issue_attendance_statement(${"0000-0000-00AB"}, ${addDays(today(), -30)}::date, ${today()}::date, 40, 'x') as id`.execute(trx));
    expect(forged.rows[0]?.id).toBeNull();
    const checked = await asSystem(db, "test: public check", (trx) => checkAttendanceStatement(trx, TEST_SERVER_SECRET, code));
    expect(checked).toMatchObject({ found: true, attendedCount: 3, withdrawn: false, signatureValid: true });
    expect(JSON.stringify(checked)).not.toContain(member.id);
    expect(JSON.stringify(checked)).not.toContain(g.groupId);
    // Another server's key does not vouch for it.
    expect(await asSystem(db, "test: public check", (trx) => checkAttendanceStatement(trx, "22".repeat(32), code))).toMatchObject({ signatureValid: false });
    const own = await asMember(db, member.id, (trx) => listOwnStatements(trx));
    expect(own.find((statement) => statement.code === code)?.checks).toHaveLength(2);
    // Nobody else reads it or its checks; only its member withdraws it.
    expect(await asMember(db, p.memberA.id, (trx) => listOwnStatements(trx))).toEqual([]);
    const statementId = issued.ok ? issued.id : "";
    expect(await asMember(db, p.memberA.id, (trx) => withdrawAttendanceStatement(trx, statementId))).toEqual({ ok: false });
    expect(await asMember(db, member.id, (trx) => withdrawAttendanceStatement(trx, statementId))).toEqual({ ok: true });
    expect(await asSystem(db, "test: public check", (trx) => checkAttendanceStatement(trx, TEST_SERVER_SECRET, code))).toMatchObject({ found: true, withdrawn: true });
    expect(await asSystem(db, "test: public check", (trx) => checkAttendanceStatement(trx, TEST_SERVER_SECRET, "ZZZZ-ZZZZ-ZZZZ"))).toEqual({ found: false });
  });

  it("announcements reach the group's members and leaders only, and only its leaders post", async () => {
    expect(await asMember(db, p.memberB.id, (trx) => postAnnouncement(trx, g.groupId, "冒充"))).toEqual({ ok: false, reason: "not-allowed" });
    expect(await asMember(db, leaderH.id, (trx) => postAnnouncement(trx, g.groupId, "冒充"))).toEqual({ ok: false, reason: "not-allowed" });
    expect((await asMember(db, p.memberB.id, (trx) => listAnnouncements(trx, [g.groupId]))).map((row) => row.body)).toContain("下周二照常见面");
    expect(await asMember(db, stranger.id, (trx) => listAnnouncements(trx, [g.groupId]))).toEqual([]);
    expect(await asMember(db, p.socialWorkerX.id, (trx) => listAnnouncements(trx, [g.groupId]))).toEqual([]);
  });
});
