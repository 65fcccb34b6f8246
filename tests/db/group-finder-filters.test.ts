/**
 * The finder (issue 16) on every engine, filter by filter: area (a province shows its
 * districts'), language, weekday, time of day and format; each meeting's next time and each
 * group's soonest, through changes; and how far past the page it counts. The walk through
 * meetings in time order at more groups than it counts is in group-finder.test.ts.
 */
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createGroup, listGroupsForFinder } from "~/data/groups.server";
import { createMeeting, listSeriesOfGroups, setOccurrenceException } from "~/data/meetings.server";
import { refreshMeetingTimes } from "~/data/meeting-times.server";
import { nextMeeting } from "~/domain/groups/schedule";
import { asMember, asSystem } from "~/data/rls.server";
import { addDays } from "~/domain/groups/local-time";
import { FINDER_COUNT_AHEAD, FINDER_PAGE_SIZE, type FinderFilters } from "~/domain/groups/finder";
import { type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { createGroupFixture, createOtherGroup, today, weeklyMeeting, type GroupFixture } from "../support/group-fixture";

const noFilters: FinderFilters = { areaId: null, language: null, weekday: null, timeOfDay: null, format: null, page: 1 };

describeOnEveryEngine("the finder's filters", { personas: true }, ({ db, p }) => {
  let g: GroupFixture;
  /** Group H, in district Y, speaks Cantonese and Mandarin and meets online at 09:00. */
  let groupH: string;
  /** A member with no part in any group. */
  let stranger: Persona;

  beforeAll(async () => {
    g = await createGroupFixture(db, p);
    const other = await createOtherGroup(db, p, ["yue", "zh-CN"]);
    ({ groupH, stranger } = other);
    const startsOn = addDays(today(), 3);
    await asMember(db, other.leaderH.id, (trx) => createMeeting(trx, weeklyMeeting(groupH, startsOn, { attendanceMode: "online", series: { ...weeklyMeeting("", "").series, startsOn, startTime: "09:00" } })));
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
