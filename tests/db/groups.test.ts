/**
 * Groups and meetings (issue 16) on every engine, persona by persona: who reads the address,
 * the roster and RSVPs; who answers join requests; who leads; the waitlist, also under
 * concurrent answers on the PostgreSQL server. The table-by-table matrix is in
 * rls-matrix.test.ts; attendance and statements are in group-attendance.test.ts; this file
 * follows the other journeys.
 */
import { sql, type Kysely } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "~/data/db.server";
import { addCoLeader, removeCoLeader, createGroup, decideMembership, getGroupPage, leaveGroup, listGroupsForFinder, requestToJoin, updateGroup } from "~/data/groups.server";
import { applyToLead, decideLeaderApplication, getOwnLeaderStatus, leaderMinimumYears, listApplicationsToAnswer, verifyAbstinence } from "~/data/leaders.server";
import { answerRsvp, createMeeting, getSeries, listOwnMeetingSeries, listOwnWaitlistPlaces, listRsvps, listSeriesOfGroups, meetingIdsOfGroup, meetingLedByCaller, ownGroupIds, replaceSeriesFrom, setOccurrenceException, updateMeeting } from "~/data/meetings.server";
import { refreshMeetingTimes } from "~/data/meeting-times.server";
import { nextMeeting } from "~/domain/groups/schedule";
import { splitSeriesFrom } from "~/domain/groups/recurrence";
import { asAnon, asMember, asSystem } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { anniversary, DEFAULT_LEADER_MINIMUM_YEARS } from "~/domain/groups/leader-eligibility";
import { addDays } from "~/domain/groups/local-time";
import { FINDER_COUNT_AHEAD, FINDER_PAGE_SIZE, type FinderFilters } from "~/domain/groups/finder";
import type { MeetingType } from "~/domain/groups/meeting-fields";
import { createTestAccount, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { createGroupFixture, createOtherGroup, today, weeklyMeeting, type GroupFixture } from "../support/group-fixture";
import { randomUUID } from "node:crypto";
import { listAttendance } from "~/data/attendance.server";

const noFilters: FinderFilters = { areaId: null, language: null, weekday: null, timeOfDay: null, format: null, page: 1 };

describeOnEveryEngine("groups and meetings", { personas: true }, ({ db, p, engineOptions }) => {
  let g: GroupFixture;
  /** Leads group H in district Y. */
  let leaderH: Persona;
  let groupH: string;
  /** A member with no part in any group. */
  let stranger: Persona;

  beforeAll(async () => {
    g = await createGroupFixture(db, p);
    ({ leaderH, groupH, stranger } = await createOtherGroup(db, p, ["yue", "zh-CN"]));
    await asMember(db, leaderH.id, (trx) => createMeeting(trx, weeklyMeeting(groupH, addDays(today(), 3), { attendanceMode: "online", series: { ...weeklyMeeting("", "").series, startsOn: addDays(today(), 3), startTime: "09:00" } })));
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

  describe("leading", () => {
    it("a leader cannot add meetings to, or change, another leader's group", async () => {
      expect(await asMember(db, leaderH.id, (trx) => createMeeting(trx, weeklyMeeting(g.groupId, addDays(today(), 2))))).toBeNull();
      await expect(
        asMember(db, leaderH.id, (trx) => trx.insertInto("meetings").values({ ...meetingRow(g.groupId), created_by: leaderH.id }).execute()),
      ).rejects.toMatchObject({ code: "42501" });
      const renamed = await asMember(db, leaderH.id, (trx) => trx.updateTable("groups").set({ name: "抢走" }).where("id", "=", g.groupId).executeTakeFirst());
      expect(renamed.numUpdatedRows).toBe(0n);
      const words = { name: "抢走", description: "", languages: ["zh-CN" as const], status: "active" as const };
      expect(await asMember(db, leaderH.id, (trx) => updateGroup(trx, g.groupId, words))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, p.memberB.id, (trx) => updateGroup(trx, g.groupId, words))).toEqual({ ok: false, reason: "not-allowed" });
      expect((await asMember(db, p.memberB.id, (trx) => getGroupPage(trx, g.groupId)))?.group.name).not.toBe("抢走");
      const cancelled = await asMember(db, p.memberB.id, (trx) =>
        trx.insertInto("meeting_exceptions").values({ meeting_id: g.meetingId, occurrence_on: addDays(g.occurrenceOn, 14), kind: "cancelled" }).execute().then(
          () => "stored",
          (error: { code?: string }) => error.code,
        ),
      );
      expect(cancelled).toBe("42501");
    });

    it("a leader changes the group's words, closes it (gone from members' and the finder's view) and opens it again", async () => {
      const before = await asMember(db, p.memberA.id, (trx) => getGroupPage(trx, g.groupId));
      if (!before) throw new Error("group");
      const { name, description, languages } = before.group;
      const change = (status: "active" | "closed") => asMember(db, p.memberA.id, (trx) => updateGroup(trx, g.groupId, { name: `${name} 新`, description: "新的介绍", languages: ["zh-CN", "yue"], status }));
      expect(await change("closed")).toEqual({ ok: true });
      expect(await asMember(db, p.memberB.id, (trx) => getGroupPage(trx, g.groupId))).toBeNull();
      expect((await asMember(db, p.memberA.id, (trx) => getGroupPage(trx, g.groupId)))?.group).toMatchObject({ name: `${name} 新`, description: "新的介绍", languages: ["zh-CN", "yue"], status: "closed" });
      expect(await change("active")).toEqual({ ok: true });
      expect((await asMember(db, p.memberB.id, (trx) => getGroupPage(trx, g.groupId)))?.group.status).toBe("active");
      expect(await asMember(db, p.memberA.id, (trx) => updateGroup(trx, g.groupId, { name, description, languages, status: "active" }))).toEqual({ ok: true });
    });

    it("a leader changes a meeting's name, place, capacity and notes; another leader and a member cannot", async () => {
      const meetingId = await asMember(db, p.memberA.id, (trx) => createMeeting(trx, weeklyMeeting(g.groupId, addDays(today(), 3))));
      if (!meetingId) throw new Error("meeting");
      const change = { name: "周四分享", attendanceMode: "hybrid" as const, types: ["C" as MeetingType], capacity: 12, notes: "带上水杯", details: { address: "新地址 8 号", conferenceLink: "https://meet.example.org/x", conferencePhone: "" } };
      expect(await asMember(db, leaderH.id, (trx) => updateMeeting(trx, meetingId, { ...change, name: "抢走" }))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, p.memberB.id, (trx) => updateMeeting(trx, meetingId, { ...change, name: "抢走" }))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, p.memberA.id, (trx) => updateMeeting(trx, meetingId, change))).toEqual({ ok: true });
      const seen = await asMember(db, p.memberB.id, (trx) => getSeries(trx, meetingId));
      expect(seen).toMatchObject({ name: "周四分享", attendanceMode: "hybrid", types: ["C"], capacity: 12, notes: "带上水杯", details: change.details });
      expect((await asMember(db, stranger.id, (trx) => getSeries(trx, meetingId)))?.details).toBeNull();
    });

    it("a leader changes a series from a date on: earlier meetings stay, later ones move to the new time; another leader cannot", async () => {
      const startsOn = addDays(today(), 1);
      const meetingId = await asMember(db, p.memberA.id, (trx) => createMeeting(trx, weeklyMeeting(g.groupId, startsOn, { series: { ...weeklyMeeting("", startsOn).series, occurrenceCount: 6 } })));
      if (!meetingId) throw new Error("meeting");
      const led = await asMember(db, p.memberA.id, (trx) => meetingLedByCaller(trx, meetingId));
      const split = led ? splitSeriesFrom(led.series, addDays(startsOn, 14), { startTime: "20:00" }) : null;
      if (!split) throw new Error("split");
      expect(await asMember(db, leaderH.id, (trx) => replaceSeriesFrom(trx, meetingId, split))).toEqual({ ok: false, reason: "not-allowed" });
      const replaced = await asMember(db, p.memberA.id, (trx) => replaceSeriesFrom(trx, meetingId, split));
      if (!replaced.ok) throw new Error("replace");
      const series = await asMember(db, p.memberB.id, (trx) => listSeriesOfGroups(trx, [g.groupId]));
      const old = series.find((entry) => entry.id === meetingId);
      const fresh = series.find((entry) => entry.id === replaced.meetingId);
      expect(old?.series).toMatchObject({ untilOn: addDays(startsOn, 13), occurrenceCount: null, startTime: "19:30" });
      expect(fresh?.series).toMatchObject({ startsOn: addDays(startsOn, 14), occurrenceCount: 4, startTime: "20:00" });
      expect(fresh?.details?.address).toBe("幸福路 12 号 3 楼");
    });

    it("counts days as the pages do, in Beijing time, whatever the server's own zone: abstinence since today is not in the future", async () => {
      await asSystem(db, "test: a server in another zone", async (trx) => {
        await sql`set local timezone = 'America/Los_Angeles'`.execute(trx);
        const portal = await sql<{ day: string }>`select private.portal_today()::text as day`.execute(trx);
        expect(portal.rows[0]?.day).toBe(today());
      });
      const member = await createTestAccount(db, "memberB");
      await asMember(db, member.id, (trx) => applyToLead(trx, { areaId: p.areas.districtX, note: "" }));
      expect(await asMember(db, p.socialWorkerX.id, (trx) => verifyAbstinence(trx, member.id, addDays(today(), 1)))).toEqual({ ok: false, reason: "future" });
      expect(await asMember(db, p.socialWorkerX.id, (trx) => verifyAbstinence(trx, member.id, today()))).toEqual({ ok: true });
    });

    it("staff of the applicant's area approve only an eligible applicant, and approval lets them open groups in that area only", async () => {
      const applicant = await createTestAccount(db, "memberA");
      await asMember(db, applicant.id, (trx) => applyToLead(trx, { areaId: p.areas.districtX, note: "五年了" }));
      expect(await asMember(db, applicant.id, (trx) => applyToLead(trx, { areaId: p.areas.districtX, note: "" }))).toEqual({ ok: false, reason: "pending" });
      const [application] = (await asMember(db, p.socialWorkerX.id, (trx) => listApplicationsToAnswer(trx))).filter((entry) => entry.memberId === applicant.id);
      if (!application) throw new Error("no application");
      expect(application.verifiedSince).toBeNull();
      // A worker of another area neither sees nor answers it; the applicant cannot answer their own.
      expect((await asMember(db, p.socialWorkerY.id, (trx) => listApplicationsToAnswer(trx))).some((entry) => entry.memberId === applicant.id)).toBe(false);
      expect(await asMember(db, p.socialWorkerY.id, (trx) => decideLeaderApplication(trx, { applicationId: application.id, approve: true, reason: "" }))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, p.socialWorkerY.id, (trx) => verifyAbstinence(trx, applicant.id, "2020-01-01"))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, applicant.id, (trx) => verifyAbstinence(trx, applicant.id, "2020-01-01"))).toEqual({ ok: false, reason: "not-allowed" });
      // Not verified, then verified too recently: refused. Verified long enough: approved.
      expect(await asMember(db, p.socialWorkerX.id, (trx) => decideLeaderApplication(trx, { applicationId: application.id, approve: true, reason: "" }))).toEqual({ ok: false, reason: "not-eligible" });
      const years = await asMember(db, applicant.id, (trx) => leaderMinimumYears(trx));
      expect(years).toBe(DEFAULT_LEADER_MINIMUM_YEARS);
      expect(await asMember(db, p.socialWorkerX.id, (trx) => verifyAbstinence(trx, applicant.id, addDays(today(), 1)))).toEqual({ ok: false, reason: "future" });
      // The day before the anniversary that the domain computes: not yet. On it: eligible.
      const justTooRecent = addDays(today(), 1);
      const since = (target: string) => {
        // The verified date whose anniversary (domain rule) is `target`.
        const [year, month, day] = target.split("-");
        return `${Number(year) - years}-${month}-${day}`;
      };
      expect(anniversary(since(justTooRecent), years)).toBe(justTooRecent);
      await asMember(db, p.socialWorkerX.id, (trx) => verifyAbstinence(trx, applicant.id, since(justTooRecent)));
      expect(await asMember(db, p.socialWorkerX.id, (trx) => decideLeaderApplication(trx, { applicationId: application.id, approve: true, reason: "" }))).toEqual({ ok: false, reason: "not-eligible" });
      await asMember(db, p.socialWorkerX.id, (trx) => verifyAbstinence(trx, applicant.id, since(today())));
      expect(await asMember(db, p.socialWorkerX.id, (trx) => decideLeaderApplication(trx, { applicationId: application.id, approve: true, reason: "" }))).toEqual({ ok: true });
      const status = await asMember(db, applicant.id, (trx) => getOwnLeaderStatus(trx));
      expect(status.leaderAreas).toEqual([p.areas.districtX]);
      expect(status.applications[0]?.status).toBe("approved");
      expect(await asMember(db, applicant.id, (trx) => createGroup(trx, { name: "新的小组", description: "", areaId: p.areas.districtY, languages: ["zh-CN"] }))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, stranger.id, (trx) => createGroup(trx, { name: "新的小组", description: "", areaId: p.areas.districtX, languages: ["zh-CN"] }))).toEqual({ ok: false, reason: "not-allowed" });
      expect((await asMember(db, applicant.id, (trx) => createGroup(trx, { name: "新的小组", description: "", areaId: p.areas.districtX, languages: ["zh-CN"] }))).ok).toBe(true);
    });

    it("the database refuses what the forms also refuse: an end before the start, more than two years, a bad link, oversized text", async () => {
      const bad: Record<string, Partial<ReturnType<typeof meetingRow>>> = {
        endBeforeStart: { frequency: "weekly", until_on: "2029-12-31" },
        tooFar: { frequency: "weekly", until_on: "2032-01-02" },
        twoEnds: { frequency: "weekly", until_on: "2030-02-01", occurrence_count: 3 },
        shortMeeting: { duration_minutes: 10 },
        longName: { name: "名".repeat(81) },
        unknownType: { types: ["XX"] as unknown as MeetingType[] },
      };
      for (const [name, change] of Object.entries(bad)) {
        const outcome = await asMember(db, p.memberA.id, (trx) =>
          trx.insertInto("meetings").values({ ...meetingRow(g.groupId), created_by: p.memberA.id, ...change }).execute().then(
            () => "stored",
            (error: { code?: string }) => error.code,
          ),
        );
        expect([name, outcome]).toEqual([name, "23514"]);
      }
      const link = await asMember(db, p.memberA.id, (trx) =>
        trx.updateTable("meeting_private_details").set({ conference_link: "javascript:alert(1)" }).where("meeting_id", "=", g.meetingId).execute().then(
          () => "stored",
          (error: { code?: string }) => error.code,
        ),
      );
      expect(link).toBe("23514");
    });
  });

  describe("RSVP and the waitlist", () => {
    it("gives places up to capacity, then the waitlist; a cancellation promotes the earliest waiting", async () => {
      const meetingId = await asMember(db, p.memberA.id, (trx) => createMeeting(trx, weeklyMeeting(g.groupId, addDays(today(), 5), { capacity: 2 })));
      if (!meetingId) throw new Error("meeting");
      const on = addDays(today(), 5);
      const members = await approvedMembers(4);
      const answers = [];
      for (const member of members) {
        answers.push(await asMember(db, member.id, (trx) => answerRsvp(trx, meetingId, on, true)));
        // The line is kept by the time of each answer (then by member id, domain/groups/waitlist.ts);
        // PGlite's clock counts milliseconds, so answers one after another could share one.
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      expect(answers.map((answer) => (answer.ok ? answer.status : answer.reason))).toEqual(["going", "going", "waitlisted", "waitlisted"]);
      // Each waiting member sees their own place in line, nobody else's.
      const placesOf = (member: Persona) => asMember(db, member.id, (trx) => listOwnWaitlistPlaces(trx, [meetingId], on));
      expect(await placesOf(members[2]!)).toEqual([{ meetingId, occurrenceOn: on, place: 1 }]);
      expect(await placesOf(members[3]!)).toEqual([{ meetingId, occurrenceOn: on, place: 2 }]);
      expect(await placesOf(members[0]!)).toEqual([]);
      // Saying "going" again changes nothing; a stranger is refused.
      expect(await asMember(db, members[2]!.id, (trx) => answerRsvp(trx, meetingId, on, true))).toEqual({ ok: true, status: "waitlisted" });
      expect(await asMember(db, stranger.id, (trx) => answerRsvp(trx, meetingId, on, true))).toEqual({ ok: false, reason: "not-member" });
      expect(await asMember(db, members[0]!.id, (trx) => answerRsvp(trx, meetingId, on, false))).toEqual({ ok: true, status: "not_going" });
      const after = await asMember(db, p.memberA.id, (trx) => listRsvps(trx, [meetingId], on));
      const statusOf = (member: Persona) => after.find((rsvp) => rsvp.memberId === member.id)?.status;
      expect(members.map(statusOf)).toEqual(["not_going", "going", "going", "waitlisted"]);
      // A member who leaves frees their place too.
      await asMember(db, members[1]!.id, (trx) => leaveGroup(trx, g.groupId));
      const later = await asMember(db, p.memberA.id, (trx) => listRsvps(trx, [meetingId], on));
      expect(members.map((member) => later.find((rsvp) => rsvp.memberId === member.id)?.status)).toEqual(["not_going", undefined, "going", "going"]);
    });

    it("a larger capacity moves the waiting up at once, and a newcomer never overtakes them", async () => {
      const on = addDays(today(), 5);
      const meetingId = await asMember(db, p.memberA.id, (trx) => createMeeting(trx, weeklyMeeting(g.groupId, on, { capacity: 1 })));
      if (!meetingId) throw new Error("meeting");
      const members = await approvedMembers(4);
      const answer = (member: Persona) => asMember(db, member.id, (trx) => answerRsvp(trx, meetingId, on, true));
      expect(await answer(members[0]!)).toEqual({ ok: true, status: "going" });
      expect(await answer(members[1]!)).toEqual({ ok: true, status: "waitlisted" });
      expect(await answer(members[2]!)).toEqual({ ok: true, status: "waitlisted" });
      // Answers a minute apart: the line's order does not hang on the clock's resolution.
      await asSystem(db, "test: answer times a minute apart", async (trx) => {
        for (const [index, member] of members.slice(0, 3).entries()) {
          await sql`update public.meeting_rsvps set responded_at = now() - make_interval(mins => ${10 - index}) where meeting_id = ${meetingId}::uuid and member_id = ${member.id}::uuid`.execute(trx);
        }
      });
      const setCapacity = (capacity: number | null) => asMember(db, p.memberA.id, (trx) => trx.updateTable("meetings").set({ capacity }).where("id", "=", meetingId).execute());
      const statuses = async () => {
        const rsvps = await asMember(db, p.memberA.id, (trx) => listRsvps(trx, [meetingId], on));
        return members.map((member) => rsvps.find((rsvp) => rsvp.memberId === member.id)?.status);
      };
      await setCapacity(2);
      expect(await statuses()).toEqual(["going", "going", "waitlisted", undefined]);
      // A place freed while someone waits is theirs: the newcomer joins the line behind them.
      await asSystem(db, "test: a waiting answer left over", (trx) => trx.updateTable("meetings").set({ capacity: 3 }).where("id", "=", meetingId).execute());
      await asSystem(db, "test: a waiting answer left over", (trx) =>
        trx.updateTable("meeting_rsvps").set({ status: "waitlisted" }).where("meeting_id", "=", meetingId).where("member_id", "=", members[1]!.id).execute(),
      );
      expect(await answer(members[3]!)).toEqual({ ok: true, status: "waitlisted" });
      await setCapacity(null);
      expect(await statuses()).toEqual(["going", "going", "going", "going"]);
    });

    // On the PostgreSQL server through 24 connections at once (PGlite has one connection and
    // takes transactions one by one, so there it checks the arithmetic only).
    it("never exceeds capacity under concurrent answers, and concurrent cancellations promote exactly as many", async () => {
      const wide: Kysely<Database> = engineOptions.kind === "postgres" ? await connectDatabase({ ...engineOptions, maxConnections: 24 }) : db;
      try {
        const on = addDays(today(), 6);
        const meetingId = await asMember(wide, p.memberA.id, (trx) => createMeeting(trx, weeklyMeeting(g.groupId, on, { capacity: 5 })));
        if (!meetingId) throw new Error("meeting");
        const members = await approvedMembers(20);
        const answers = await Promise.all(members.map((member) => asMember(wide, member.id, (trx) => answerRsvp(trx, meetingId, on, true))));
        expect(answers.filter((answer) => answer.ok && answer.status === "going")).toHaveLength(5);
        const going = async () => (await asMember(wide, p.memberA.id, (trx) => listRsvps(trx, [meetingId], on))).filter((rsvp) => rsvp.status === "going");
        const goingBefore = await going();
        expect(goingBefore).toHaveLength(5);
        // In the database's own order: answer times in microseconds (a Date keeps milliseconds, so
        // two answers in one millisecond would fall back to the member id here but not there).
        const waiting = await asSystem(db, "test: the waitlist in its order", (trx) =>
          trx
            .selectFrom("meeting_rsvps")
            .select("member_id as memberId")
            .where("meeting_id", "=", meetingId)
            .where("occurrence_on", "=", on)
            .where("status", "=", "waitlisted")
            .orderBy("responded_at")
            .orderBy("member_id")
            .execute(),
        );
        // Three of the five cancel at once: the first three waiting move up, nobody else.
        const leaving = goingBefore.slice(0, 3).map((rsvp) => rsvp.memberId);
        await Promise.all(leaving.map((memberId) => asMember(wide, memberId, (trx) => answerRsvp(trx, meetingId, on, false))));
        const goingAfter = (await going()).map((rsvp) => rsvp.memberId).sort();
        expect(goingAfter).toEqual([...goingBefore.slice(3).map((rsvp) => rsvp.memberId), ...waiting.slice(0, 3).map((rsvp) => rsvp.memberId)].sort());
      } finally {
        if (wide !== db) await wide.destroy();
      }
    });

    async function approvedMembers(count: number): Promise<Persona[]> {
      const members: Persona[] = [];
      for (let index = 0; index < count; index += 1) {
        const member = await createTestAccount(db, "memberB");
        await asMember(db, member.id, (trx) => requestToJoin(trx, g.groupId, ""));
        await asMember(db, p.memberA.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: member.id, decision: "approved", reason: "" }));
        members.push(member);
      }
      return members;
    }
  });

  describe("the finder", () => {
    it("finds groups by area (a province shows its districts'), language, weekday, time of day and format", async () => {
      await asSystem(db, "test: meeting times", (trx) => refreshMeetingTimes(trx, new Date()));
      const find = (filters: Partial<FinderFilters>) =>
        asMember(db, stranger.id, (trx) => listGroupsForFinder(trx, { ...noFilters, ...filters })).then((page) => page.groups.map((group) => group.id));
      // Other tests open more groups in district X; G and H are the ones these filters tell apart.
      const gh = async (filters: Partial<FinderFilters>) => (await find(filters)).filter((id) => id === g.groupId || id === groupH);
      expect(await gh({ areaId: p.areas.provinceX })).toEqual([g.groupId]);
      expect(await gh({ areaId: p.areas.cityY })).toEqual([groupH]);
      expect(await find({ areaId: p.areas.districtZ })).toEqual([]);
      expect(await gh({ areaId: p.areas.provinceY, language: "yue" })).toEqual([groupH]);
      expect(await find({ areaId: p.areas.provinceX, language: "yue" })).toEqual([]);
      expect(await gh({ areaId: p.areas.provinceY, timeOfDay: "morning", format: "online" })).toEqual([groupH]);
      expect(await find({ areaId: p.areas.provinceY, timeOfDay: "evening" })).toEqual([]);
      const weekdayOfG = new Date(`${g.occurrenceOn}T00:00:00Z`).getUTCDay();
      expect(await gh({ areaId: p.areas.provinceX, weekday: weekdayOfG })).toEqual([g.groupId]);
      expect(await gh({ areaId: p.areas.provinceX, weekday: (weekdayOfG + 1) % 7 })).toEqual([]);
      // With no filter, G (tomorrow) comes before H (in three days): starting soon first.
      expect(await gh({})).toEqual([g.groupId, groupH]);
      const all = await asMember(db, stranger.id, (trx) => listGroupsForFinder(trx, noFilters));
      expect(all.total.count).toBeGreaterThanOrEqual(2);
      expect(all.total.more).toBe(false);
      // A stranger's finder says when and how G meets next, never where.
      const listedG = all.groups.find((group) => group.id === g.groupId);
      const seriesOfG = await asMember(db, stranger.id, (trx) => listSeriesOfGroups(trx, [g.groupId]));
      const nextOfG = nextMeeting(seriesOfG, new Date());
      expect(listedG?.next).toEqual({ startsAt: nextOfG?.startsAt, endsAt: nextOfG?.endsAt, mode: seriesOfG.find((series) => series.id === nextOfG?.meetingId)?.attendanceMode });
      expect(JSON.stringify(all)).not.toContain("幸福路");
    });

    it("keeps each meeting's next time as the domain works it out, and each group's soonest, through changes", async () => {
      const now = new Date();
      const group = await asMember(db, p.memberA.id, (trx) => createGroup(trx, { name: "时间测试", description: "", areaId: p.areas.districtX, languages: ["zh-CN"] }));
      if (!group.ok) throw new Error("group");
      const first = addDays(today(), 2);
      const meetingId = await asMember(db, p.memberA.id, (trx) => createMeeting(trx, weeklyMeeting(group.id, first)));
      if (!meetingId) throw new Error("meeting");
      const stored = async () => {
        const meeting = await asSystem(db, "test: meeting times", (trx) => trx.selectFrom("meetings").select(["next_starts_at", "times_known"]).where("id", "=", meetingId).executeTakeFirstOrThrow());
        const owner = await asSystem(db, "test: meeting times", (trx) => trx.selectFrom("groups").select(["next_meeting_id", "next_starts_at"]).where("id", "=", group.id).executeTakeFirstOrThrow());
        return { known: meeting.times_known, meeting: meeting.next_starts_at?.toISOString() ?? null, group: owner.next_starts_at?.toISOString() ?? null, groupMeeting: owner.next_meeting_id };
      };
      const expected = async () => {
        const series = await asMember(db, p.memberA.id, (trx) => listSeriesOfGroups(trx, [group.id]));
        return nextMeeting(series, now)?.startsAt.toISOString() ?? null;
      };
      expect((await stored()).known).toBe(false);
      expect(await asSystem(db, "test: meeting times", (trx) => refreshMeetingTimes(trx, now, group.id))).toBe(1);
      const firstStart = await expected();
      expect(firstStart).not.toBeNull();
      expect(await stored()).toEqual({ known: true, meeting: firstStart, group: firstStart, groupMeeting: meetingId });
      // Cancelling that occurrence makes the time unknown; worked out again, it is the week after.
      await asMember(db, p.memberA.id, (trx) => setOccurrenceException(trx, meetingId, { occurrenceOn: first, kind: "cancelled" }));
      expect((await stored()).known).toBe(false);
      await asSystem(db, "test: meeting times", (trx) => refreshMeetingTimes(trx, now, group.id));
      const afterCancel = await expected();
      expect(afterCancel).not.toBe(firstStart);
      expect(await stored()).toEqual({ known: true, meeting: afterCancel, group: afterCancel, groupMeeting: meetingId });
      // A time worked out for an older schedule is never stored.
      const version = await asSystem(db, "test: meeting times", (trx) => trx.selectFrom("meetings").select("times_version").where("id", "=", meetingId).executeTakeFirstOrThrow());
      await asMember(db, p.memberA.id, (trx) => trx.updateTable("meetings").set({ until_on: addDays(first, 6) }).where("id", "=", meetingId).execute());
      const late = await asSystem(db, "test: meeting times", (trx) =>
        sql<{ stored: number }>`select private.store_meeting_times(${sql.val([meetingId])}::uuid[], ${sql.val([version.times_version])}::bigint[], ${sql.val([now.toISOString()])}::timestamptz[], ${sql.val([now.toISOString()])}::timestamptz[]) as stored`.execute(trx),
      );
      expect(late.rows[0]?.stored).toBe(0);
      // The series now ends before its next date (its only one is cancelled): no next meeting, and the group has none either.
      await asSystem(db, "test: meeting times", (trx) => refreshMeetingTimes(trx, now, group.id));
      expect(await stored()).toEqual({ known: true, meeting: null, group: null, groupMeeting: null });
      // Members cannot write the stored times themselves.
      await expect(asMember(db, p.memberA.id, (trx) => sql`update public.meetings set next_starts_at = now(), next_ends_at = now() where id = ${meetingId}::uuid`.execute(trx))).rejects.toMatchObject({ code: "42501" });
      await expect(asMember(db, p.memberA.id, (trx) => sql`select private.store_meeting_times(array[${meetingId}]::uuid[], array[0]::bigint[], array[now()], array[now()])`.execute(trx))).rejects.toMatchObject({ code: "42501" });
    });

    it("lists the meetings of a member's own groups for the home page, as the group page reads them", async () => {
      const series = await asMember(db, p.memberB.id, (trx) => listSeriesOfGroups(trx, [g.groupId]));
      const onGroupPage = series.find((entry) => entry.id === g.meetingId);
      expect(onGroupPage?.exceptions).toEqual([{ occurrenceOn: g.cancelledOn, kind: "cancelled" }]);
      const groupName = (await asMember(db, p.memberB.id, (trx) => getGroupPage(trx, g.groupId)))?.group.name;
      for (const who of [p.memberB, p.memberA]) {
        const own = await asMember(db, who.id, (trx) => listOwnMeetingSeries(trx));
        const meeting = own.find((entry) => entry.id === g.meetingId);
        expect(meeting).toMatchObject({ groupId: g.groupId, groupName, series: onGroupPage?.series, exceptions: onGroupPage?.exceptions });
      }
      expect(await asMember(db, stranger.id, (trx) => listOwnMeetingSeries(trx))).toEqual([]);
    });
  });

  it("a deleted account takes its memberships and answers with it", async () => {
    const member = await createTestAccount(db, "memberB");
    await asMember(db, member.id, (trx) => requestToJoin(trx, groupH, ""));
    await asSystem(db, "test: delete account", (trx) => trx.deleteFrom("auth.users").where("id", "=", member.id).execute());
    const roster = await asMember(db, leaderH.id, (trx) => getGroupPage(trx, groupH));
    expect(roster?.roster.some((entry) => entry.memberId === member.id)).toBe(false);
  });

  // Last: it opens many groups (none with a meeting, so they sort after every other test's).
  it("counts the finder's groups only so far past the page, and says when there are more", async () => {
    const before = await asMember(db, stranger.id, (trx) => listGroupsForFinder(trx, noFilterAt(1)));
    const opened = FINDER_COUNT_AHEAD + 5 - before.total.count;
    await asSystem(db, "test: open many groups", (trx) =>
      sql`insert into public.groups (name, area_id, languages) select '计数 ' || n, ${p.areas.districtY}::uuid, array['zh-CN'] from generate_series(1, ${opened}) n`.execute(trx),
    );
    const first = await asMember(db, stranger.id, (trx) => listGroupsForFinder(trx, noFilterAt(1)));
    expect(first.total).toEqual({ count: FINDER_COUNT_AHEAD, more: true });
    expect(first.groups).toHaveLength(FINDER_PAGE_SIZE);
    // From page 2 the count reaches one page further, and finds the end.
    const second = await asMember(db, stranger.id, (trx) => listGroupsForFinder(trx, noFilterAt(2)));
    expect(second.total).toEqual({ count: FINDER_COUNT_AHEAD + 5, more: false });
    // The last page holds what is left, and a page past the end none, still with the count.
    const lastPage = Math.ceil((FINDER_COUNT_AHEAD + 5) / FINDER_PAGE_SIZE);
    const last = await asMember(db, stranger.id, (trx) => listGroupsForFinder(trx, noFilterAt(lastPage)));
    expect(last.groups).toHaveLength(FINDER_COUNT_AHEAD + 5 - (lastPage - 1) * FINDER_PAGE_SIZE);
    expect(await asMember(db, stranger.id, (trx) => listGroupsForFinder(trx, noFilterAt(lastPage + 1)))).toEqual({ groups: [], total: last.total });
  });
});

function noFilterAt(page: number): FinderFilters {
  return { areaId: null, language: null, weekday: null, timeOfDay: null, format: null, page };
}

function meetingRow(groupId: string) {
  return {
    group_id: groupId,
    name: "探针",
    starts_on: "2030-01-01",
    start_time: "10:00",
    duration_minutes: 60,
    frequency: "once" as "once" | "weekly",
    attendance_mode: "online" as const,
    until_on: null as string | null,
    occurrence_count: null as number | null,
    time_zone: "Asia/Shanghai",
    monthly_week: null,
    capacity: null,
    types: [] as MeetingType[],
  };
}
