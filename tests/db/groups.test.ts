/**
 * Groups (issue 16) on every engine, persona by persona: who reads the address, the roster
 * and RSVPs; asking to join, the leader's answer, leaving and removal; co-leaders; a meeting's
 * series as its leaders and members read it. The table-by-table matrix is in rls-matrix.test.ts;
 * leading is in group-leading.test.ts, RSVPs and the waitlist in group-meetings.test.ts, the
 * finder's filters in group-finder-filters.test.ts, attendance and statements in
 * group-attendance.test.ts.
 */
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { addCoLeader, removeCoLeader, createGroup, decideMembership, getGroupPage, leaveGroup, requestToJoin } from "~/data/groups.server";
import { answerRsvp, createMeeting, getSeries, listOwnMeetingSeries, listOwnWaitlistPlaces, listRsvps, listSeriesOfGroups, meetingIdsOfGroup, meetingLedByCaller, ownGroupIds } from "~/data/meetings.server";
import { asAnon, asMember, asSystem } from "~/data/rls.server";
import { addDays } from "~/domain/groups/local-time";
import { createTestAccount, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { createGroupFixture, createOtherGroup, today, weeklyMeeting, type GroupFixture } from "../support/group-fixture";
import { randomUUID } from "node:crypto";
import { listAttendance } from "~/data/attendance.server";

describeOnEveryEngine("groups", { personas: true }, ({ db, p }) => {
  let g: GroupFixture;
  /** Leads group H in district Y. */
  let leaderH: Persona;
  let groupH: string;
  /** A member with no part in any group. */
  let stranger: Persona;

  beforeAll(async () => {
    g = await createGroupFixture(db, p);
    ({ leaderH, groupH, stranger } = await createOtherGroup(db, p, ["yue", "zh-CN"]));
  });

  describe("who sees what", () => {
    it("every signed-in member sees a group's schedule and leaders; only its members and leaders see where it meets and who is in it", async () => {
      const asLeader = await asMember(db, p.memberA.id, (trx) => getGroupPage(trx, g.groupId));
      const asApproved = await asMember(db, p.memberB.id, (trx) => getGroupPage(trx, g.groupId));
      const asStranger = await asMember(db, stranger.id, (trx) => getGroupPage(trx, g.groupId));
      const asOtherLeader = await asMember(db, leaderH.id, (trx) => getGroupPage(trx, g.groupId));
      const asWorker = await asMember(db, p.socialWorkerX.id, (trx) => getGroupPage(trx, g.groupId));
      for (const page of [asLeader, asApproved, asStranger, asOtherLeader, asWorker]) {
        expect(page?.group.name).toBe("晨光互助小组");
        expect(page?.leaders.map((leader) => leader.handle)).toEqual([p.memberA.handle]);
        expect(page?.series.map((series) => series.name).sort()).toEqual(["周二晚间分享", "线上"]);
      }
      expect(asLeader?.series.find((series) => series.id === g.meetingId)?.details?.address).toBe("幸福路 12 号 3 楼");
      expect(asApproved?.series.find((series) => series.id === g.meetingId)?.details?.address).toBe("幸福路 12 号 3 楼");
      for (const outsider of [asStranger, asOtherLeader, asWorker]) {
        expect(outsider?.series.every((series) => series.details === null)).toBe(true);
        expect(outsider?.roster).toEqual([]);
      }
      expect(asLeader?.isLeader).toBe(true);
      expect(asApproved?.isLeader).toBe(false);
      expect(asApproved?.roster.map((entry) => entry.handle)).toEqual([p.memberB.handle]);
      // Even a direct select of the details table returns nothing to an outsider.
      const direct = await asMember(db, stranger.id, (trx) => trx.selectFrom("meeting_private_details").selectAll().execute());
      expect(direct).toEqual([]);
    });

    it("anonymous visitors read no group, meeting, leader or detail", async () => {
      for (const table of ["groups", "group_leaders", "meetings", "meeting_private_details", "meeting_rsvps", "group_memberships"] as const) {
        await expect(asAnon(db, (trx) => trx.selectFrom(table).selectAll().execute())).rejects.toMatchObject({ code: "42501" });
      }
      await expect(asAnon(db, (trx) => sql`select * from private.group_leader_handles(array[${g.groupId}]::uuid[])`.execute(trx))).rejects.toMatchObject({ code: "42501" });
    });

    it("a member reads only their own RSVP; the group's leader reads all of them", async () => {
      const mine = await asMember(db, p.memberB.id, (trx) => listRsvps(trx, [g.meetingId], today()));
      const leaders = await asMember(db, p.memberA.id, (trx) => listRsvps(trx, [g.meetingId], today()));
      const strangers = await asMember(db, stranger.id, (trx) => listRsvps(trx, [g.meetingId], today()));
      const otherLeaders = await asMember(db, leaderH.id, (trx) => listRsvps(trx, [g.meetingId], today()));
      expect(mine.map((rsvp) => rsvp.memberId)).toEqual([p.memberB.id]);
      expect(leaders.map((rsvp) => rsvp.memberId)).toEqual([p.memberB.id]);
      expect(strangers).toEqual([]);
      expect(otherLeaders).toEqual([]);
    });
    it("reads by a query of ids (sent in one round trip) what it reads by a list, to each persona alike", async () => {
      for (const who of [p.memberA, p.memberB, stranger, leaderH, p.socialWorkerX]) {
        const byList = await asMember(db, who.id, async (trx) => {
          const meetings = (await listSeriesOfGroups(trx, [g.groupId])).map((series) => series.id);
          return {
            series: await listSeriesOfGroups(trx, [g.groupId]),
            rsvps: await listRsvps(trx, meetings, today()),
            places: await listOwnWaitlistPlaces(trx, meetings, today()),
            attendance: await listAttendance(trx, meetings, "2000-01-01"),
          };
        });
        const byQuery = await asMember(db, who.id, async (trx) => {
          const [series, rsvps, places, attendance] = await Promise.all([
            listSeriesOfGroups(trx, [g.groupId]),
            listRsvps(trx, meetingIdsOfGroup(trx, g.groupId), today()),
            listOwnWaitlistPlaces(trx, meetingIdsOfGroup(trx, g.groupId), today()),
            listAttendance(trx, meetingIdsOfGroup(trx, g.groupId), "2000-01-01"),
          ]);
          return { series, rsvps, places, attendance };
        });
        expect(byQuery).toEqual(byList);
      }
      // A member's own groups, as a query: those they lead or were approved in, whose meetings home lists.
      const own = await asMember(db, p.memberB.id, async (trx) => ({
        meetingGroups: [...new Set((await listOwnMeetingSeries(trx)).map((meeting) => meeting.groupId))].sort(),
        queried: (await ownGroupIds(trx).execute()).map((row) => row.group_id).sort(),
      }));
      expect(own.queried).toContain(g.groupId);
      expect(own.queried).toEqual(expect.arrayContaining(own.meetingGroups));
      expect(await asMember(db, stranger.id, async (trx) => ownGroupIds(trx).execute())).toEqual([]);
    });
  });

  describe("joining", () => {
    it("a member asks with a note, the leader declines with a reason the member sees, the member asks again and is approved, then leaves", async () => {
      const member = await createTestAccount(db, "memberB");
      expect(await asMember(db, member.id, (trx) => requestToJoin(trx, g.groupId, "朋友介绍的"))).toEqual({ ok: true });
      expect(await asMember(db, member.id, (trx) => requestToJoin(trx, g.groupId, ""))).toEqual({ ok: false, reason: "already" });
      const requests = await asMember(db, p.memberA.id, (trx) => getGroupPage(trx, g.groupId));
      expect(requests?.roster.find((entry) => entry.memberId === member.id)).toMatchObject({ status: "requested", requestNote: "朋友介绍的" });
      // Neither the approved member, nor another group's leader, nor staff answer it.
      for (const who of [p.memberB, leaderH, p.socialWorkerX, p.admin]) {
        expect(await asMember(db, who.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: member.id, decision: "approved", reason: "" }))).toEqual({ ok: false, reason: "not-allowed" });
      }
      await asMember(db, p.memberA.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: member.id, decision: "declined", reason: "这次名额满了" }));
      const declined = await asMember(db, member.id, (trx) => getGroupPage(trx, g.groupId));
      expect(declined?.membership).toMatchObject({ status: "declined", decisionReason: "这次名额满了" });
      expect(await asMember(db, member.id, (trx) => requestToJoin(trx, g.groupId, "再试一次"))).toEqual({ ok: true });
      expect(await asMember(db, p.memberA.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: member.id, decision: "approved", reason: "" }))).toEqual({ ok: true });
      const approved = await asMember(db, member.id, (trx) => getGroupPage(trx, g.groupId));
      expect(approved?.series.find((series) => series.id === g.meetingId)?.details?.address).toBe("幸福路 12 号 3 楼");
      expect(await asMember(db, member.id, (trx) => leaveGroup(trx, g.groupId))).toEqual({ ok: true });
      const left = await asMember(db, member.id, (trx) => getGroupPage(trx, g.groupId));
      expect(left?.membership?.status).toBe("left");
      expect(left?.series.every((series) => series.details === null)).toBe(true);
    });

    it("a removed member sees the reason, loses the details and their places, and cannot ask again", async () => {
      const member = await createTestAccount(db, "memberB");
      await asMember(db, member.id, (trx) => requestToJoin(trx, g.groupId, ""));
      await asMember(db, p.memberA.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: member.id, decision: "approved", reason: "" }));
      await asMember(db, member.id, (trx) => answerRsvp(trx, g.meetingId, g.occurrenceOn, true));
      expect(await asMember(db, leaderH.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: member.id, decision: "removed", reason: "x" }))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, p.memberA.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: member.id, decision: "removed", reason: "多次扰乱聚会" }))).toEqual({ ok: true });
      const page = await asMember(db, member.id, (trx) => getGroupPage(trx, g.groupId));
      expect(page?.membership).toMatchObject({ status: "removed", decisionReason: "多次扰乱聚会" });
      expect(page?.series.every((series) => series.details === null)).toBe(true);
      expect(await asMember(db, member.id, (trx) => listRsvps(trx, [g.meetingId], today()))).toEqual([]);
      expect(await asMember(db, member.id, (trx) => requestToJoin(trx, g.groupId, ""))).toEqual({ ok: false, reason: "removed" });
      expect(await asMember(db, member.id, (trx) => answerRsvp(trx, g.meetingId, g.occurrenceOn, true))).toEqual({ ok: false, reason: "not-member" });
    });

    it("a leader makes an approved member a co-leader, who then manages the group; not someone outside it", async () => {
      const member = await createTestAccount(db, "memberB");
      expect(await asMember(db, p.memberA.id, (trx) => addCoLeader(trx, g.groupId, member.id))).toEqual({ ok: false, reason: "not-member" });
      await asMember(db, member.id, (trx) => requestToJoin(trx, g.groupId, ""));
      await asMember(db, p.memberA.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: member.id, decision: "approved", reason: "" }));
      expect(await asMember(db, leaderH.id, (trx) => addCoLeader(trx, g.groupId, member.id))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, p.memberA.id, (trx) => addCoLeader(trx, g.groupId, member.id))).toEqual({ ok: true });
      expect(await asMember(db, member.id, (trx) => meetingLedByCaller(trx, g.meetingId))).toMatchObject({ groupId: g.groupId });
      const page = await asMember(db, stranger.id, (trx) => getGroupPage(trx, g.groupId));
      expect(page?.leaders.map((leader) => leader.kind)).toEqual(["co_leader", "leader"]);
    });
    it("a co-leader stops leading when a leader ends it, when they leave, or when they are taken out; the first leader stays", async () => {
      const coLeader = async () => {
        const member = await createTestAccount(db, "memberB");
        await asMember(db, member.id, (trx) => requestToJoin(trx, g.groupId, ""));
        await asMember(db, p.memberA.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: member.id, decision: "approved", reason: "" }));
        expect(await asMember(db, p.memberA.id, (trx) => addCoLeader(trx, g.groupId, member.id))).toEqual({ ok: true });
        return member;
      };
      const leads = async (member: Persona) => (await asMember(db, member.id, (trx) => meetingLedByCaller(trx, g.meetingId))) !== null;
      const ended = await coLeader();
      expect(await asMember(db, p.memberB.id, (trx) => removeCoLeader(trx, g.groupId, ended.id))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, leaderH.id, (trx) => removeCoLeader(trx, g.groupId, ended.id))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, p.memberA.id, (trx) => removeCoLeader(trx, g.groupId, ended.id))).toEqual({ ok: true });
      expect(await leads(ended)).toBe(false);
      // Still a member: they read where the group meets.
      expect((await asMember(db, ended.id, (trx) => getSeries(trx, g.meetingId)))?.details).not.toBeNull();
      expect(await asMember(db, p.memberA.id, (trx) => removeCoLeader(trx, g.groupId, ended.id))).toEqual({ ok: false, reason: "not-found" });
      // A co-leader cannot remove the group's first leader this way.
      const other = await coLeader();
      expect(await asMember(db, other.id, (trx) => removeCoLeader(trx, g.groupId, p.memberA.id))).toEqual({ ok: false, reason: "not-found" });
      expect(await leads(p.memberA)).toBe(true);
      // Leaving the group, or being taken out of it, ends a co-leader's part too.
      expect(await asMember(db, other.id, (trx) => leaveGroup(trx, g.groupId))).toEqual({ ok: true });
      expect(await leads(other)).toBe(false);
      const removed = await coLeader();
      expect(await asMember(db, p.memberA.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: removed.id, decision: "removed", reason: "" }))).toMatchObject({ ok: true });
      expect(await leads(removed)).toBe(false);
    });

    it("one meeting's series reads as its entry in the group's list; a closed group's meeting only to its leaders", async () => {
      for (const persona of [p.memberA, p.memberB, stranger, leaderH]) {
        const [one, all] = await asMember(db, persona.id, async (trx) => [await getSeries(trx, g.meetingId), await listSeriesOfGroups(trx, [g.groupId])] as const);
        expect(one).not.toBeNull();
        expect(one).toEqual(all.find((entry) => entry.id === g.meetingId));
      }
      expect(await asMember(db, p.memberA.id, (trx) => getSeries(trx, g.meetingId))).toMatchObject({ groupId: g.groupId, details: { address: "幸福路 12 号 3 楼" } });
      expect(await asMember(db, stranger.id, (trx) => getSeries(trx, g.meetingId))).toMatchObject({ groupId: g.groupId, details: null });
      expect(await asMember(db, leaderH.id, (trx) => meetingLedByCaller(trx, g.meetingId))).toBeNull();
      const closed = await asMember(db, leaderH.id, async (trx) => {
        const group = await createGroup(trx, { name: "已结束的小组", description: "", areaId: p.areas.districtY, languages: ["zh-CN"] });
        if (!group.ok) throw new Error("closed group");
        const meetingId = await createMeeting(trx, weeklyMeeting(group.id, addDays(today(), 5)));
        await trx.updateTable("groups").set({ status: "closed" }).where("id", "=", group.id).execute();
        return { groupId: group.id, meetingId };
      });
      if (!closed.meetingId) throw new Error("closed meeting");
      const closedMeetingId = closed.meetingId;
      expect(await asMember(db, stranger.id, (trx) => getSeries(trx, closedMeetingId))).toBeNull();
      expect(await asMember(db, leaderH.id, (trx) => getSeries(trx, closedMeetingId))).toMatchObject({ id: closedMeetingId, groupId: closed.groupId });
      expect(await asMember(db, leaderH.id, (trx) => meetingLedByCaller(trx, closedMeetingId))).toMatchObject({ id: closedMeetingId, groupId: closed.groupId });
      expect(await asMember(db, leaderH.id, (trx) => getSeries(trx, randomUUID()))).toBeNull();
    });
  });

  it("a deleted account takes its memberships and answers with it", async () => {
    const member = await createTestAccount(db, "memberB");
    await asMember(db, member.id, (trx) => requestToJoin(trx, groupH, ""));
    await asSystem(db, "test: delete account", (trx) => trx.deleteFrom("auth.users").where("id", "=", member.id).execute());
    const roster = await asMember(db, leaderH.id, (trx) => getGroupPage(trx, groupH));
    expect(roster?.roster.some((entry) => entry.memberId === member.id)).toBe(false);
  });
});
