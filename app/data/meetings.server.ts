/**
 * Meetings of groups (migration 0021): series, their exceptions, the gated details, and
 * RSVPs. Run as the member: RLS gives the address and online link only to the group's
 * approved members and leaders, and RSVPs only to their owner and the group's leaders.
 */
import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import type { AttendanceMode, MeetingType } from "~/domain/groups/meeting-fields";
import type { MeetingException, MeetingSeries } from "~/domain/groups/recurrence";
import type { RsvpStatus } from "~/domain/groups/waitlist";
import { callerId, type MemberTx, type SystemTx } from "./rls.server";
import type { Database } from "./schema";
import { callYes, leadsGroup } from "./private-calls.server";
import { compiledQuery, planStatements, type QueryCondition, type ValueSlot } from "./compiled-query.server";

export interface MeetingDetails {
  address: string;
  conferenceLink: string;
  conferencePhone: string;
}

/** What a leader sets for a meeting, besides where it happens. */
export interface MeetingFields {
  name: string;
  series: MeetingSeries;
  attendanceMode: AttendanceMode;
  types: MeetingType[];
  capacity: number | null;
  notes: string;
}

export interface SeriesRow extends MeetingFields {
  id: string;
  groupId: string;
  exceptions: MeetingException[];
  /** Null unless the caller may read them (approved member or leader). */
  details: MeetingDetails | null;
}

type MeetingRow = {
  id: string;
  groupId: string;
  name: string;
  startsOn: string;
  startTime: string;
  durationMinutes: number;
  timeZone: string;
  frequency: MeetingSeries["frequency"];
  monthlyWeek: MeetingSeries["monthlyWeek"];
  untilOn: string | null;
  occurrenceCount: number | null;
  attendanceMode: AttendanceMode;
  types: MeetingType[];
  capacity: number | null;
  notes: string;
};

/** The ids of some groups, as a query that selects them (read in the same round trip). */
export type GroupIdsQuery = SelectQueryBuilder<Database, keyof Database, { group_id: string }>;
/** The ids of some meetings, as a list or as such a query. */
export type MeetingIds = readonly string[] | SelectQueryBuilder<Database, keyof Database, { id: string }>;

/**
 * The ids of the groups the caller leads or belongs to (approved), as a query: from their own
 * leader and membership rows (indexed by member), where a test per group would read every
 * group there is. Other reads take it as a condition, so they need not wait for the list.
 * Built on a member's transaction, or on the compiler of a query compiled once.
 */
export function ownGroupIds(trx: Kysely<Database>): GroupIdsQuery {
  return trx
    .selectFrom("group_leaders")
    .select("group_id")
    .where("member_id", "=", callerId)
    .union(trx.selectFrom("group_memberships").select("group_id").where("member_id", "=", callerId).where("status", "=", "approved"));
}

/** An empty list of ids (a query of them may still find some). */
export const isEmptyIdList = (ids: MeetingIds) => Array.isArray(ids) && ids.length === 0;

/** A group's meetings, as a query, for reads sent together with the group's own. */
export function meetingIdsOfGroup(trx: MemberTx, groupId: string): MeetingIds {
  return trx.selectFrom("meetings").select("id").where("group_id", "=", groupId);
}

/** Every series of these groups the caller may see, with exceptions and (where allowed) details. */
export function listSeriesOfGroups(trx: MemberTx, groupIds: readonly string[]): Promise<SeriesRow[]> {
  return groupIds.length === 0 ? Promise.resolve([]) : seriesOfGroups(trx, { ids: groupIds });
}

/** One meeting's series, the same entry listSeriesOfGroups gives for it; null when RLS hides it. */
export async function getSeries(trx: MemberTx, meetingId: string): Promise<SeriesRow | null> {
  return (await seriesOfMeetings(trx, { ids: [meetingId] }))[0] ?? null;
}

/** These meetings' series with their exceptions, on the privileged path (working out their next times). */
export function listSeriesOfMeetings(trx: SystemTx, meetingIds: readonly string[]): Promise<SeriesRow[]> {
  return meetingIds.length === 0 ? Promise.resolve([]) : seriesOfMeetings(trx, { ids: meetingIds });
}

/**
 * A read of meetings' series, compiled once (compiled-query.server.ts): the meetings, their
 * exceptions and their details, asked for together (one round trip to the database); the
 * last two select their meetings by the same condition as the first.
 */
function seriesReader<V extends Record<string, unknown>>(wanted: QueryCondition<V>) {
  const meetingsQuery = compiledQuery<MeetingRow, V>((db, value) =>
    db
      .selectFrom("meetings as m")
      .select([
        "m.id",
        "m.group_id as groupId",
        "m.name",
        "m.starts_on as startsOn",
        sql<string>`to_char(m.start_time, 'HH24:MI')`.as("startTime"),
        "m.duration_minutes as durationMinutes",
        "m.time_zone as timeZone",
        "m.frequency",
        "m.monthly_week as monthlyWeek",
        "m.until_on as untilOn",
        "m.occurrence_count as occurrenceCount",
        "m.attendance_mode as attendanceMode",
        "m.types",
        "m.capacity",
        "m.notes",
      ])
      .where(wanted(db, value))
      .orderBy("m.starts_on")
      .orderBy("m.start_time")
      .orderBy("m.id"),
  );
  const wantedMeetingIds = (db: Kysely<Database>, value: ValueSlot<V>) =>
    db.selectFrom("meetings as m").select("m.id").where(wanted(db, value));
  const exceptionsQuery = compiledQuery<ExceptionRow, V>((db, value) =>
    db
      .selectFrom("meeting_exceptions")
      .select(["meeting_id as meetingId", "occurrence_on as occurrenceOn", "kind", "moved_to_on as movedToOn", sql<string | null>`to_char(moved_start_time, 'HH24:MI')`.as("movedStartTime")])
      .where("meeting_id", "in", wantedMeetingIds(db, value)),
  );
  const detailsQuery = compiledQuery<DetailRow, V>((db, value) =>
    db
      .selectFrom("meeting_private_details")
      .select(["meeting_id as meetingId", "address", "conference_link as conferenceLink", "conference_phone as conferencePhone"])
      .where("meeting_id", "in", wantedMeetingIds(db, value)),
  );
  return async (trx: MemberTx | SystemTx, values: V): Promise<SeriesRow[]> => {
    // One plan for any list of ids (by index whatever its length): planned for each list, these
    // cost more to plan than to run (decision 043). Then PostgreSQL chooses again, as before.
    const [, meetings, exceptions, details] = await Promise.all([
      planStatements(trx, "force_generic_plan"),
      meetingsQuery(trx, values),
      exceptionsQuery(trx, values),
      detailsQuery(trx, values),
      planStatements(trx, "auto"),
    ]);
    return seriesRows(meetings, exceptions, details);
  };
}

const seriesOfGroups = seriesReader<{ ids: readonly string[] }>((_db, value) => sql<boolean>`m.group_id = any(${value("ids")}::uuid[])`);
const seriesOfMeetings = seriesReader<{ ids: readonly string[] }>((_db, value) => sql<boolean>`m.id = any(${value("ids")}::uuid[])`);

type ExceptionRow = { meetingId: string; occurrenceOn: string; kind: MeetingException["kind"]; movedToOn: string | null; movedStartTime: string | null };
type DetailRow = { meetingId: string } & MeetingDetails;

function seriesRows(meetings: MeetingRow[], exceptions: ExceptionRow[], details: DetailRow[]): SeriesRow[] {
  return meetings.map((row) => {
    const detail = details.find((entry) => entry.meetingId === row.id);
    return {
      id: row.id,
      groupId: row.groupId,
      name: row.name,
      series: seriesOfRow(row),
      attendanceMode: row.attendanceMode,
      types: row.types,
      capacity: row.capacity,
      notes: row.notes,
      exceptions: exceptions.filter((exception) => exception.meetingId === row.id).map(exceptionOfRow),
      details: detail ? { address: detail.address, conferenceLink: detail.conferenceLink, conferencePhone: detail.conferencePhone } : null,
    };
  });
}

type ScheduleColumns = Pick<MeetingRow, "startsOn" | "startTime" | "durationMinutes" | "timeZone" | "frequency" | "monthlyWeek" | "untilOn" | "occurrenceCount">;

function seriesOfRow(row: ScheduleColumns): MeetingSeries {
  return {
    startsOn: row.startsOn,
    startTime: row.startTime,
    durationMinutes: row.durationMinutes,
    timeZone: row.timeZone,
    frequency: row.frequency,
    monthlyWeek: row.monthlyWeek,
    untilOn: row.untilOn,
    occurrenceCount: row.occurrenceCount,
  };
}

function exceptionOfRow(exception: Omit<ExceptionRow, "meetingId">): MeetingException {
  return exception.kind === "moved" && exception.movedToOn && exception.movedStartTime
    ? { occurrenceOn: exception.occurrenceOn, kind: "moved", movedToOn: exception.movedToOn, movedStartTime: exception.movedStartTime }
    : { occurrenceOn: exception.occurrenceOn, kind: "cancelled" };
}

/** A meeting of one of the caller's own groups: its schedule and exceptions, and its group's name. */
export interface OwnMeetingSeries {
  id: string;
  groupId: string;
  groupName: string;
  series: MeetingSeries;
  exceptions: MeetingException[];
}

/**
 * The schedules of the caller's own groups' meetings (ownGroupIds), for their coming
 * meetings on the home page: one statement, the exceptions gathered per meeting. Nothing
 * else of the meetings or groups, and not where they happen.
 */
export async function listOwnMeetingSeries(trx: MemberTx): Promise<OwnMeetingSeries[]> {
  const rows = await ownMeetingSchedules(trx, {});
  return rows.map((row) => ({ id: row.id, groupId: row.groupId, groupName: row.groupName, series: seriesOfRow(row), exceptions: row.exceptions.map(exceptionOfRow) }));
}

const ownMeetingSchedules = compiledQuery<ScheduleColumns & { id: string; groupId: string; groupName: string; exceptions: Omit<ExceptionRow, "meetingId">[] }>(
  (db) => sql`
    select m.id, m.group_id as "groupId", g.name as "groupName",
           m.starts_on as "startsOn", to_char(m.start_time, 'HH24:MI') as "startTime", m.duration_minutes as "durationMinutes",
           m.time_zone as "timeZone", m.frequency, m.monthly_week as "monthlyWeek", m.until_on as "untilOn",
           m.occurrence_count as "occurrenceCount",
           coalesce((
             select json_agg(json_build_object('occurrenceOn', e.occurrence_on, 'kind', e.kind, 'movedToOn', e.moved_to_on,
                                               'movedStartTime', to_char(e.moved_start_time, 'HH24:MI')))
             from public.meeting_exceptions e where e.meeting_id = m.id
           ), '[]') as exceptions
    from public.meetings m join public.groups g on g.id = m.group_id
    where m.group_id in (${ownGroupIds(db)})`,
);

export interface NewMeeting extends MeetingFields {
  groupId: string;
  details: MeetingDetails;
}

/** A leader of the group adds a meeting (the series already passed checkSeries). Null when RLS refuses. */
export async function createMeeting(trx: MemberTx, meeting: NewMeeting): Promise<string | null> {
  if (!(await leadsGroup(trx, meeting.groupId))) return null;
  const { series } = meeting;
  const created = await trx
    .insertInto("meetings")
    .values({
      group_id: meeting.groupId,
      name: meeting.name,
      starts_on: series.startsOn,
      start_time: series.startTime,
      duration_minutes: series.durationMinutes,
      time_zone: series.timeZone,
      frequency: series.frequency,
      monthly_week: series.monthlyWeek,
      until_on: series.untilOn,
      occurrence_count: series.occurrenceCount,
      attendance_mode: meeting.attendanceMode,
      types: sql<MeetingType[]>`${sql.val(meeting.types)}::text[]`,
      capacity: meeting.capacity,
      notes: meeting.notes,
      created_by: callerId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx.insertInto("meeting_private_details").values({ meeting_id: created.id, ...snake(meeting.details) }).execute();
  return created.id;
}

/**
 * A leader changes what a meeting is called, how it meets, its kinds, capacity, notes and where
 * it happens; not its schedule (replaceSeriesFrom). A larger capacity moves people waiting up
 * (migration 0025). RLS lets only the group's leaders change it.
 */
export async function updateMeeting(trx: MemberTx, meetingId: string, meeting: Omit<MeetingFields, "series"> & { details: MeetingDetails }): Promise<{ ok: true } | { ok: false; reason: "not-allowed" }> {
  const changed = await trx
    .updateTable("meetings")
    .set({ name: meeting.name, attendance_mode: meeting.attendanceMode, types: sql<MeetingType[]>`${sql.val(meeting.types)}::text[]`, capacity: meeting.capacity, notes: meeting.notes })
    .where("id", "=", meetingId)
    .executeTakeFirst();
  if (changed.numUpdatedRows === 0n) return { ok: false, reason: "not-allowed" };
  await trx.updateTable("meeting_private_details").set(snake(meeting.details)).where("meeting_id", "=", meetingId).execute();
  return { ok: true };
}

function snake(details: MeetingDetails) {
  return { address: details.address, conference_link: details.conferenceLink, conference_phone: details.conferencePhone };
}

/** The meeting's series (with its group), where the caller leads that group; null otherwise. */
export async function meetingLedByCaller(trx: MemberTx, meetingId: string): Promise<SeriesRow | null> {
  const leads = await callYes(trx, sql<{ yes: boolean }>`select private.is_meeting_leader(${meetingId}::uuid) as yes`);
  return leads ? getSeries(trx, meetingId) : null;
}

/** A leader cancels one occurrence, moves it, or undoes either ("scheduled"). */
export async function setOccurrenceException(
  trx: MemberTx,
  meetingId: string,
  change: { occurrenceOn: string } & ({ kind: "cancelled" } | { kind: "moved"; movedToOn: string; movedStartTime: string } | { kind: "scheduled" }),
): Promise<void> {
  await trx.deleteFrom("meeting_exceptions").where("meeting_id", "=", meetingId).where("occurrence_on", "=", change.occurrenceOn).execute();
  if (change.kind === "scheduled") return;
  await trx
    .insertInto("meeting_exceptions")
    .values({
      meeting_id: meetingId,
      occurrence_on: change.occurrenceOn,
      kind: change.kind,
      moved_to_on: change.kind === "moved" ? change.movedToOn : null,
      moved_start_time: change.kind === "moved" ? change.movedStartTime : null,
    })
    .execute();
}

export type RsvpResult = { ok: true; status: RsvpStatus } | { ok: false; reason: "not-member" };

/** The caller's answer for one occurrence; the database keeps the capacity under a lock. */
export async function answerRsvp(trx: MemberTx, meetingId: string, occurrenceOn: string, going: boolean): Promise<RsvpResult> {
  const result = await sql<{ word: string }>`select private.answer_rsvp(${meetingId}::uuid, ${occurrenceOn}::date, ${going}) as word`.execute(trx);
  const word = result.rows[0]?.word;
  return word === "going" || word === "waitlisted" || word === "not_going" ? { ok: true, status: word } : { ok: false, reason: "not-member" };
}

export interface RsvpRow {
  meetingId: string;
  occurrenceOn: string;
  memberId: string;
  status: RsvpStatus;
  respondedAt: Date;
}

/** RSVPs the caller may read for these meetings from a date on: their own, and all of a group they lead. */
export async function listRsvps(trx: MemberTx, meetingIds: MeetingIds, fromOn: string): Promise<RsvpRow[]> {
  if (isEmptyIdList(meetingIds)) return [];
  return trx
    .selectFrom("meeting_rsvps")
    .select(["meeting_id as meetingId", "occurrence_on as occurrenceOn", "member_id as memberId", "status", "responded_at as respondedAt"])
    .where("meeting_id", "in", meetingIds)
    .where("occurrence_on", ">=", fromOn)
    .orderBy("responded_at")
    .orderBy("member_id")
    .execute();
}

/** The caller's place in line (1 = next) for each occurrence they are waiting for. */
export async function listOwnWaitlistPlaces(trx: MemberTx, meetingIds: MeetingIds, fromOn: string): Promise<{ meetingId: string; occurrenceOn: string; place: number }[]> {
  if (isEmptyIdList(meetingIds)) return [];
  const ids = Array.isArray(meetingIds) ? sql`${sql.val(meetingIds)}::uuid[]` : sql`array${meetingIds}`;
  const result = await sql<{ meetingId: string; occurrenceOn: string; place: number }>`
    select meeting_id as "meetingId", occurrence_on as "occurrenceOn", place
    from private.own_waitlist_places(${ids}, ${fromOn}::date)`.execute(trx);
  return result.rows;
}

export type ChangeFromResult = { ok: true; meetingId: string } | { ok: false; reason: "not-allowed" };

/**
 * "Change the series from this date on" (decision 021): the old series ends the day before
 * (or goes, when nothing of it has happened yet) and a new one, with the same details,
 * takes over. The caller has split it with the domain's splitSeriesFrom and checked `after`.
 */
export async function replaceSeriesFrom(trx: MemberTx, meetingId: string, split: { before: MeetingSeries | null; after: MeetingSeries }): Promise<ChangeFromResult> {
  const current = await meetingLedByCaller(trx, meetingId);
  if (!current) return { ok: false, reason: "not-allowed" };
  const created = await createMeeting(trx, { ...current, series: split.after, details: current.details ?? { address: "", conferenceLink: "", conferencePhone: "" } });
  if (!created) return { ok: false, reason: "not-allowed" };
  if (split.before) {
    await trx.updateTable("meetings").set({ until_on: split.before.untilOn, occurrence_count: null }).where("id", "=", meetingId).execute();
  } else {
    await trx.deleteFrom("meetings").where("id", "=", meetingId).execute();
  }
  return { ok: true, meetingId: created };
}
