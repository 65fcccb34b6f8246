/**
 * Mutual-aid groups (migration 0021): the finder, a group's page, joining and leaving,
 * leaders' answers, and applying to lead. Everything runs as the member (asMember): RLS
 * decides what they read; changes with rules go through the private functions, which
 * answer with a word that these functions pass on as a typed result.
 */
import { sql } from "kysely";
import { isUuid } from "~/domain/formats/uuid";
import type { FinderFilters } from "~/domain/groups/finder";
import { FINDER_COUNT_AHEAD, FINDER_PAGE_SIZE, finderTotal, TIME_OF_DAY_BOUNDS, type FinderTotal } from "~/domain/groups/finder";
import type { AttendanceMode, GroupLanguage } from "~/domain/groups/meeting-fields";
import type { MembershipStatus } from "./schema";
import { compiledQuery, planStatements, type ValueSlot } from "./compiled-query.server";
import { callerId, type MemberTx } from "./rls.server";
import { withAreaAndBelow } from "./area-tree.server";
import { callWord, leadsGroup } from "./private-calls.server";
import { listSeriesOfGroups, type SeriesRow } from "./meetings.server";

export interface GroupSummary {
  id: string;
  name: string;
  description: string;
  areaId: string;
  languages: GroupLanguage[];
  status: "active" | "closed";
}

export interface LeaderHandle {
  groupId: string;
  memberId: string;
  handle: string;
  kind: "leader" | "co_leader";
}

/** A group's next meeting as the finder lists it (the soonest that matches the meeting filters). */
const groupColumns = ["g.id", "g.name", "g.description", "g.area_id as areaId", "g.languages", "g.status"] as const;

export interface FinderMeeting {
  startsAt: Date;
  endsAt: Date;
  mode: AttendanceMode;
}

export interface FinderPage {
  groups: (Omit<GroupSummary, "description" | "status"> & { next: FinderMeeting | null })[];
  total: FinderTotal;
}

type FinderRow = { id: string; name: string; areaId: string; languages: GroupLanguage[]; startsAt: Date | null; endsAt: Date | null; mode: AttendanceMode | null };

/**
 * One page of active groups matching the filters, "starting soon" first: by each group's
 * next meeting as stored by the meeting-times refresh (migration 0026), so the page is an
 * index range and the total a count, with no series expanded per request. A province shows
 * its cities' and districts' groups. With a meeting filter (day, time of day, format) a group
 * is listed by its soonest meeting that matches, and only if one does (groups meeting at the
 * same moment in that meeting's order, decision 044); otherwise groups without a coming
 * meeting come last, and groups meeting at the same moment by name.
 */
export async function listGroupsForFinder(trx: MemberTx, filters: FinderFilters): Promise<FinderPage> {
  const bounds = filters.timeOfDay ? TIME_OF_DAY_BOUNDS[filters.timeOfDay] : null;
  const groupValues: FinderValues = { areaId: filters.areaId, language: filters.language, offset: (filters.page - 1) * FINDER_PAGE_SIZE };
  let counted: CountedRow[];
  const groupsOnly = filters.weekday === null && bounds === null && filters.format === null;
  // With nothing chosen, one plan for any values walks the groups in time order and stops after
  // the page; planning it again each time cost more than the reads. With a filter chosen, a plan
  // made for any values reads all meetings, seconds at 20,000, and PostgreSQL could pick it by
  // itself after five runs if its estimate looked cheaper (decision 043).
  const plans = planStatements(trx, groupsOnly && filters.areaId === null && filters.language === null ? "force_generic_plan" : "force_custom_plan");
  if (groupsOnly) {
    [, counted] = await Promise.all([plans, finderAhead(trx, groupValues)]);
  } else {
    const values: MeetingFinderValues = {
      ...groupValues,
      weekday: filters.weekday,
      // Bounds as times (compared before row-level security is checked, unlike arithmetic).
      from: bounds?.from ?? null,
      to: bounds?.to ?? null,
      format: filters.format,
    };
    // First the matching meetings in time order, only as many as the groups wanted: a group
    // first met there is met at its soonest matching meeting, so those groups are the first in
    // the finder's order. Enough when they came from enough groups, or when no meeting is left;
    // else (groups meeting many times each) the walk goes again through every matching meeting.
    const wanted = groupValues.offset + FINDER_COUNT_AHEAD + 1;
    let [, walk] = await Promise.all([plans, finderWalk(trx, { ...values, walk: wanted })]);
    if (Number(walk[0]?.counted ?? 0) < wanted && Number(walk[0]?.walked ?? 0) === wanted) walk = await finderWalk(trx, { ...values, walk: null });
    counted = walk;
  }
  const rows = counted.filter((row): row is CountedRow & FinderRow => row.id !== null);
  const total = finderTotal(Number(counted[0]?.counted ?? 0), groupValues.offset);
  return {
    groups: rows.map(({ id, name, areaId, languages, startsAt, endsAt, mode }) => ({
      id,
      name,
      areaId,
      languages,
      next: startsAt && endsAt && mode ? { startsAt, endsAt, mode } : null,
    })),
    total,
  };
}

// The finder's statements, compiled once (compiled-query.server.ts): every filter is a value,
// and a filter not chosen is null, which its condition lets through.
type FinderValues = { areaId: string | null; language: string | null; offset: number };
type MeetingFinderValues = FinderValues & { weekday: number | null; from: string | null; to: string | null; format: string | null };

function finderGroupWhere<V extends FinderValues>(value: ValueSlot<V>) {
  return sql`g.status = 'active'
        and (${value("areaId")}::uuid is null or g.area_id in (select id from below))
        and (${value("language")}::text is null or ${value("language")}::text = any (g.languages))`;
}

/** How many groups a statement counted, and a group of the page (none when the page is past the end). */
type CountedRow = { counted: string } & (FinderRow | { [K in keyof FinderRow]: null });

// The groups in the finder's order as far as the count goes past the page (FINDER_COUNT_AHEAD:
// a full count reads every group), read from the index alone and counted; the page's groups
// among them, each row with the count.
const finderAhead = compiledQuery<CountedRow, FinderValues>(
  (_db, value) => sql`${withAreaAndBelow(value("areaId"))},
      ahead as (
        select g.id, g.next_starts_at, g.name from public.groups g where ${finderGroupWhere(value)}
        order by g.next_starts_at nulls last, g.name, g.id
        limit ${value("offset")}::integer + ${FINDER_COUNT_AHEAD + 1}::integer
      )
      select (select count(*) from ahead)::text as counted, g.id, g.name, g.area_id as "areaId", g.languages,
             g.next_starts_at as "startsAt", g.next_ends_at as "endsAt", m.attendance_mode as mode
      from (select) one
      left join ((select id from ahead order by next_starts_at nulls last, name, id limit ${FINDER_PAGE_SIZE} offset ${value("offset")}) p
                 join public.groups g on g.id = p.id
                 left join public.meetings m on m.id = g.next_meeting_id) on true
      order by g.next_starts_at nulls last, g.name, g.id`,
);

function meetingWhere<V extends MeetingFinderValues>(value: ValueSlot<V>) {
  return sql`m.next_starts_at is not null
          and (${value("weekday")}::smallint is null or m.weekday = ${value("weekday")}::smallint)
          and (${value("from")}::time is null or m.start_time >= ${value("from")}::time)
          and (${value("to")}::time is null or m.start_time < ${value("to")}::time)
          and (${value("format")}::text is null or m.attendance_mode = ${value("format")}::text)`;
}

/** How many meetings the walk saw, how many groups, and a group of the page (none when the page is past the end). */
type WalkRow = { walked: string } & CountedRow;

// The first `walk` matching meetings in time order (migration 0061's indexes; all of them when
// null) and their groups, each at its first (soonest) meeting there; one page of those groups,
// each row with the counts.
const finderWalk = compiledQuery<WalkRow, MeetingFinderValues & { walk: number | null }>(
  (_db, value) => sql`${withAreaAndBelow(value("areaId"))},
      walked as (
        select m.id as meeting_id, g.id, g.name, g.area_id, g.languages, m.next_starts_at, m.next_ends_at, m.attendance_mode
        from public.meetings m join public.groups g on g.id = m.group_id
        where ${meetingWhere(value)} and ${finderGroupWhere(value)}
        order by m.next_starts_at, m.id
        limit ${value("walk")}
      ),
      found as (select distinct on (id) * from walked order by id, next_starts_at, meeting_id),
      seen as (select (select count(*) from walked) as walked, (select count(*) from found) as counted)
      select seen.walked::text as walked, seen.counted::text as counted, p.id, p.name, p.area_id as "areaId", p.languages,
             p.next_starts_at as "startsAt", p.next_ends_at as "endsAt", p.attendance_mode as mode
      from seen left join (select * from found order by next_starts_at, meeting_id limit ${FINDER_PAGE_SIZE} offset ${value("offset")}) p on true
      order by p.next_starts_at, p.meeting_id`,
);

async function listLeaderHandles(trx: MemberTx, groupIds: string[]): Promise<LeaderHandle[]> {
  if (groupIds.length === 0) return [];
  const result = await sql<LeaderHandle>`
    select group_id as "groupId", member_id as "memberId", handle, kind
    from private.group_leader_handles(${sql.val(groupIds)}::uuid[])`.execute(trx);
  return result.rows;
}

export interface RosterEntry {
  memberId: string;
  handle: string;
  status: MembershipStatus;
  requestNote: string;
  decisionReason: string;
  requestedAt: Date;
}

export interface OwnMembership {
  status: MembershipStatus;
  requestNote: string;
  decisionReason: string;
  decidedAt: Date | null;
}

export interface GroupPage {
  group: GroupSummary;
  leaders: LeaderHandle[];
  series: SeriesRow[];
  membership: OwnMembership | null;
  isLeader: boolean;
  /** A leader sees every request and answer; an approved member the approved members; others nobody. */
  roster: RosterEntry[];
}

/**
 * A group as the caller may see it; null when it does not exist for them (RLS). Every read is
 * sent at once (one round trip); when RLS hides the group, the others find nothing either.
 */
export async function getGroupPage(trx: MemberTx, groupId: string): Promise<GroupPage | null> {
  const [group, leaders, series, membership, roster, isLeader] = await Promise.all([
    trx.selectFrom("groups as g").select(groupColumns).where("g.id", "=", groupId).executeTakeFirst(),
    listLeaderHandles(trx, [groupId]),
    listSeriesOfGroups(trx, [groupId]),
    trx
      .selectFrom("group_memberships")
      .select(["status", "request_note as requestNote", "decision_reason as decisionReason", "decided_at as decidedAt"])
      .where("group_id", "=", groupId)
      .where("member_id", "=", callerId)
      .executeTakeFirst(),
    listRoster(trx, groupId),
    leadsGroup(trx, groupId),
  ]);
  if (!group) return null;
  return { group, leaders, series, membership: membership ?? null, isLeader, roster };
}

/** The group's roster as the caller may see it (see GroupPage.roster). */
export async function listRoster(trx: MemberTx, groupId: string): Promise<RosterEntry[]> {
  const roster = await sql<RosterEntry>`
    select member_id as "memberId", handle, status, request_note as "requestNote",
           decision_reason as "decisionReason", requested_at as "requestedAt"
    from private.group_roster(${groupId}::uuid)`.execute(trx);
  return roster.rows;
}

export type JoinResult = { ok: true } | { ok: false; reason: "not-found" | "already" | "removed" };

export async function requestToJoin(trx: MemberTx, groupId: string, note: string): Promise<JoinResult> {
  const word = await callWord(trx, sql<{ word: string }>`select private.request_to_join(${groupId}::uuid, ${note}) as word`);
  if (word === "requested") return { ok: true };
  return { ok: false, reason: word === "already" ? "already" : word === "removed" ? "removed" : "not-found" };
}

export async function leaveGroup(trx: MemberTx, groupId: string): Promise<{ ok: boolean }> {
  const word = await callWord(trx, sql<{ word: string }>`select private.leave_group(${groupId}::uuid) as word`);
  return { ok: word === "left" };
}

export type Decision = "approved" | "declined" | "removed";
export type DecideResult = { ok: true } | { ok: false; reason: "not-allowed" | "not-found" };

/** A leader answers a join request, or removes a member with a reason the member sees. */
export async function decideMembership(trx: MemberTx, change: { groupId: string; memberId: string; decision: Decision; reason: string }): Promise<DecideResult> {
  const word = await callWord(
    trx,
    sql<{ word: string }>`select private.decide_membership(${change.groupId}::uuid, ${change.memberId}::uuid, ${change.decision}, ${change.reason}) as word`,
  );
  if (word === change.decision) return { ok: true };
  return { ok: false, reason: word === "not_allowed" ? "not-allowed" : "not-found" };
}

export async function addCoLeader(trx: MemberTx, groupId: string, memberId: string): Promise<{ ok: true } | { ok: false; reason: "not-allowed" | "not-member" }> {
  const word = await callWord(trx, sql<{ word: string }>`select private.add_co_leader(${groupId}::uuid, ${memberId}::uuid) as word`);
  if (word === "added") return { ok: true };
  return { ok: false, reason: word === "not_allowed" ? "not-allowed" : "not-member" };
}

/** A leader ends a co-leader's part (or a co-leader steps down); they stay a member. */
export async function removeCoLeader(trx: MemberTx, groupId: string, memberId: string): Promise<{ ok: true } | { ok: false; reason: "not-allowed" | "not-found" }> {
  const word = await callWord(trx, sql<{ word: string }>`select private.remove_co_leader(${groupId}::uuid, ${memberId}::uuid) as word`);
  if (word === "removed") return { ok: true };
  return { ok: false, reason: word === "not_allowed" ? "not-allowed" : "not-found" };
}

export type CreateGroupResult = { ok: true; id: string } | { ok: false; reason: "not-allowed" };

/** A leader of an area covering `areaId` (or an admin) opens a group and becomes its leader. */
export async function createGroup(
  trx: MemberTx,
  group: { name: string; description: string; areaId: string; languages: GroupLanguage[] },
): Promise<CreateGroupResult> {
  const created = await sql<{ id: string }>`
    select private.create_group(${group.name}, ${group.description}, ${group.areaId}::uuid, ${sql.val(group.languages)}::text[]) as id`.execute(trx);
  const id = created.rows[0]?.id;
  return id ? { ok: true, id } : { ok: false, reason: "not-allowed" };
}

/** The page of a group the caller leads (to plan its meetings or change its words); null for anyone else or an id that is none. */
export async function getLedGroup(trx: MemberTx, groupId: string | undefined): Promise<GroupPage | null> {
  if (!groupId || !isUuid(groupId)) return null;
  const page = await getGroupPage(trx, groupId);
  return page?.isLeader ? page : null;
}

/**
 * A leader changes their group's words, or closes or reopens it. RLS lets only the group's
 * leaders change it; anyone else changes nothing and gets "not-allowed".
 */
export async function updateGroup(
  trx: MemberTx,
  groupId: string,
  change: { name: string; description: string; languages: GroupLanguage[]; status: "active" | "closed" },
): Promise<{ ok: true } | { ok: false; reason: "not-allowed" }> {
  const updated = await trx.updateTable("groups").set(change).where("id", "=", groupId).executeTakeFirst();
  return updated.numUpdatedRows > 0n ? { ok: true } : { ok: false, reason: "not-allowed" };
}

/** Areas the caller may open groups in (their leader grants; an admin's null = every area). */
export async function listOwnLeaderAreas(trx: MemberTx): Promise<(string | null)[]> {
  const rows = await trx.selectFrom("role_grants").select("area_id").where("user_id", "=", callerId).where("role", "=", "leader").execute();
  const admin = await sql<{ is_admin: boolean }>`select private.is_admin() as is_admin`.execute(trx);
  return admin.rows[0]?.is_admin ? [null] : rows.map((row) => row.area_id);
}

