/**
 * The finder with a meeting filter at more groups than it counts (issue 16), on every engine.
 * It walks the matching meetings in time order and stops once it has the groups it lists and
 * counts (migration 0061). Allowed: the pages and totals are those of every matching meeting
 * read, past the count and at the end; when a few groups meet so often that the walk finds
 * too few of them, it walks again through every matching meeting, and only then. A time of day
 * has an index of its own meetings in time order (migration 0062), whose bounds must be the finder's.
 * Each meeting walked is checked against its own group (migration 0065), not against all groups.
 * The filters one by one are in group-finder-filters.test.ts.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { listGroupsForFinder } from "~/data/groups.server";
import { refreshMeetingTimes } from "~/data/meeting-times.server";
import { asMember, asSystem } from "~/data/rls.server";
import { FINDER_COUNT_AHEAD, FINDER_PAGE_SIZE, TIME_OF_DAY_BOUNDS, TIMES_OF_DAY, type FinderFilters } from "~/domain/groups/finder";
import { addDays } from "~/domain/groups/local-time";
import { describeOnEveryEngine } from "../support/db-suite";
import { today } from "../support/group-fixture";
import { planText, plansSoFar } from "../support/prepared-plans";

/** More groups than the finder counts past its first page. */
const GROUPS = FINDER_COUNT_AHEAD + 5;
/** How many meetings each of the three busy groups has on the busy weekday: together more than the walk reads. */
const BUSY_MEETINGS = 80;

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describeOnEveryEngine("the finder walking meetings in time order", { personas: true }, ({ db, p }) => {
  /** In district Z (no other test's groups), in the order the finder lists them on `weekday`. */
  const groupIds = Array.from({ length: GROUPS }, () => randomUUID());
  const first = addDays(today(), 1);
  const weekday = weekdayOf(first);
  const busyWeekday = weekdayOf(addDays(first, 2));
  /** Three groups meeting every week on the busy weekday, listed there by their start times: 09:00, 10:00, 11:00. */
  const busy = [groupIds[1], groupIds[0], groupIds[2]];
  /** Meets on the busy weekday once, after more of the busy groups' meetings than the walk reads. */
  const lateOnBusyDay = groupIds[3] ?? "";

  beforeAll(async () => {
    await asSystem(db, "test: many groups", async (trx) => {
      await trx
        .insertInto("groups")
        .values(groupIds.map((id, n) => ({ id, name: `步行 ${String(n).padStart(3, "0")}`, area_id: p.areas.districtZ, languages: ["zh-CN"] })))
        .execute();
      const meeting = (groupId: string, startsOn: string, startTime: string) => ({
        group_id: groupId,
        name: "周会",
        starts_on: startsOn,
        start_time: startTime,
        duration_minutes: 60,
        frequency: "once" as const,
        attendance_mode: "online" as const,
        time_zone: "Asia/Shanghai",
        types: [],
      });
      // Group n meets once on `weekday`, n / 24 weeks on, at n % 24 o'clock: in order of n. It
      // also meets the next day, sooner than most of those, which the filter leaves out.
      const hour = (n: number) => `${String(n % 24).padStart(2, "0")}:00`;
      const once = groupIds.flatMap((id, n) => [meeting(id, addDays(first, 7 * Math.floor(n / 24)), hour(n)), meeting(id, addDays(first, 1), hour(n))]);
      const weekly = busy.flatMap((id, place) => Array.from({ length: BUSY_MEETINGS }, (_, week) => meeting(id ?? "", addDays(first, 2 + 7 * week), `${9 + place}:00`)));
      const late = meeting(lateOnBusyDay, addDays(first, 2 + 7 * (BUSY_MEETINGS - 5)), "08:00");
      for (const rows of [once, weekly, [late]]) await trx.insertInto("meetings").values(rows).execute();
    });
    await asSystem(db, "test: meeting times", (trx) => refreshMeetingTimes(trx, new Date()));
    // As after autovacuum's analyze, so that the planner knows how many meetings there are.
    await sql`analyze public.groups, public.meetings`.execute(db);
  });

  /** The finder's page of district Z on `day`, and how many walks it took (2: the second through every matching meeting). */
  const find = (day: number, page: number) =>
    asMember(db, p.memberA.id, async (trx) => {
      const filters: FinderFilters = { areaId: p.areas.districtZ, language: null, weekday: day, timeOfDay: null, format: null, page };
      // Run once before counting: a statement is prepared, so listed, from its second run on.
      await listGroupsForFinder(trx, filters);
      const before = await plansSoFar(trx, "walked as");
      const found = await listGroupsForFinder(trx, filters);
      const after = await plansSoFar(trx, "walked as");
      return { ids: found.groups.map((group) => group.id), total: found.total, walks: after.generic + after.custom - (before.generic + before.custom) };
    });

  it("lists and counts from the first meetings in time order, past the count and at the end", async () => {
    expect(await find(weekday, 1)).toEqual({ ids: groupIds.slice(0, FINDER_PAGE_SIZE), total: { count: FINDER_COUNT_AHEAD, more: true }, walks: 1 });
    expect(await find(weekday, 2)).toEqual({ ids: groupIds.slice(FINDER_PAGE_SIZE, 2 * FINDER_PAGE_SIZE), total: { count: GROUPS, more: false }, walks: 1 });
    const lastPage = Math.ceil(GROUPS / FINDER_PAGE_SIZE);
    expect(await find(weekday, lastPage)).toEqual({ ids: groupIds.slice((lastPage - 1) * FINDER_PAGE_SIZE), total: { count: GROUPS, more: false }, walks: 1 });
    expect(await find(weekday, lastPage + 1)).toEqual({ ids: [], total: { count: GROUPS, more: false }, walks: 1 });
  });

  it("walks again through every matching meeting when a few groups fill the walk, and lists each once at its soonest", async () => {
    expect(await find(busyWeekday, 1)).toEqual({ ids: [...busy, lateOnBusyDay], total: { count: 4, more: false }, walks: 2 });
    expect(await find(busyWeekday, 2)).toEqual({ ids: [], total: { count: 4, more: false }, walks: 2 });
  });

  it("has an index for each time of day's meetings in time order, which the finder's bounds for it select", async () => {
    for (const timeOfDay of TIMES_OF_DAY) {
      const { from, to } = TIME_OF_DAY_BOUNDS[timeOfDay];
      const plan = await asMember(db, p.memberA.id, async (trx) => {
        // Any index over a table scan, to see which indexes the bounds allow; the smallest wins.
        await sql`select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`.execute(trx);
        return planText(
          trx,
          sql`explain
            select m.id from public.meetings m
            where m.next_starts_at is not null and m.start_time >= ${from}::time and (${to}::time is null or m.start_time < ${to}::time)
            order by m.next_starts_at, m.id limit 1`,
        );
      });
      expect(plan).toContain(`meetings_${timeOfDay}_next_starts_idx`);
    }
  });

  it("checks each meeting it walks against its own group, found by key, not against every group read first", async () => {
    const plan = await asMember(db, p.memberA.id, (trx) =>
      planText(
        trx,
        sql`explain
          select m.id from public.meetings m
          where m.next_starts_at is not null and m.weekday = ${weekday}::smallint
          order by m.next_starts_at, m.id limit ${FINDER_COUNT_AHEAD + 1}`,
      ),
    );
    expect(plan).toMatch(/Index Scan using groups_pkey on groups/);
    expect(plan).not.toMatch(/Seq Scan on groups|hashed SubPlan/);
  });
});
