/**
 * Leading groups (issue 16) on every engine: a leader changes their own group and meetings
 * (one meeting, or the series from a date on) and no one else's; who may lead (abstinence
 * counted in Beijing days, staff of the applicant's area approving); and the meetings the
 * database refuses whoever sends them.
 */
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createGroup, getGroupPage, updateGroup } from "~/data/groups.server";
import { applyToLead, decideLeaderApplication, getOwnLeaderStatus, leaderMinimumYears, listApplicationsToAnswer, verifyAbstinence } from "~/data/leaders.server";
import { createMeeting, getSeries, listSeriesOfGroups, meetingLedByCaller, replaceSeriesFrom, updateMeeting } from "~/data/meetings.server";
import { splitSeriesFrom } from "~/domain/groups/recurrence";
import { asMember, asSystem } from "~/data/rls.server";
import { anniversary, DEFAULT_LEADER_MINIMUM_YEARS } from "~/domain/groups/leader-eligibility";
import { addDays } from "~/domain/groups/local-time";
import type { MeetingType } from "~/domain/groups/meeting-fields";
import { createTestAccount, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { createGroupFixture, createOtherGroup, today, weeklyMeeting, type GroupFixture } from "../support/group-fixture";

describeOnEveryEngine("group leading", { personas: true }, ({ db, p }) => {
  let g: GroupFixture;
  /** Leads group H in district Y. */
  let leaderH: Persona;
  /** A member with no part in any group. */
  let stranger: Persona;

  beforeAll(async () => {
    g = await createGroupFixture(db, p);
    ({ leaderH, stranger } = await createOtherGroup(db, p, ["yue", "zh-CN"]));
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
});

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
