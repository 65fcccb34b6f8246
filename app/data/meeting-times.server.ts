/**
 * Each meeting's next occurrence, stored so the finder reads an index instead of expanding
 * every series per request (migration 0026). Worked out by the domain's own rules
 * (nextMeeting), on the privileged path: by the meeting-times job, and right after a leader
 * changes a group's schedule.
 */
import { sql, type Kysely } from "kysely";
import { nextMeeting } from "~/domain/groups/schedule";
import { listSeriesOfMeetings } from "./meetings.server";
import { asSystem, type SystemTx } from "./rls.server";
import type { Database } from "./schema";

/** Meetings worked out per round trip: a few milliseconds of expansion each time. */
const BATCH = 500;

/**
 * Works out and stores the next time of every meeting (of one group, if given) whose time is
 * unknown or over by `now`. Returns how many were stored; a meeting changed meanwhile stays
 * unknown for the next pass.
 */
export async function refreshMeetingTimes(trx: SystemTx, now: Date, groupId?: string): Promise<number> {
  let stored = 0;
  for (;;) {
    let due = trx
      .selectFrom("meetings")
      .select(["id", "times_version as version"])
      .where((where) => where.or([where("times_known", "=", false), where("next_ends_at", "<=", now)]));
    if (groupId) due = due.where("group_id", "=", groupId);
    const meetings = await due.orderBy("id").limit(BATCH).execute();
    if (meetings.length === 0) return stored;
    const series = await listSeriesOfMeetings(
      trx,
      meetings.map((meeting) => meeting.id),
    );
    const next = meetings.map((meeting) => {
      const entry = series.find((row) => row.id === meeting.id);
      return entry ? nextMeeting([entry], now) : null;
    });
    const written = await sql<{ stored: number }>`
      select private.store_meeting_times(
        ${sql.val(meetings.map((meeting) => meeting.id))}::uuid[],
        ${sql.val(meetings.map((meeting) => meeting.version))}::bigint[],
        ${sql.val(next.map((occurrence) => occurrence?.startsAt.toISOString() ?? null))}::timestamptz[],
        ${sql.val(next.map((occurrence) => occurrence?.endsAt.toISOString() ?? null))}::timestamptz[]) as stored`.execute(trx);
    const count = written.rows[0]?.stored ?? 0;
    stored += count;
    // A short batch was the last; a batch where nothing could be stored (all changed meanwhile) waits for the next run.
    if (meetings.length < BATCH || count === 0) return stored;
  }
}

/** After a leader's change to a group's meetings (committed as the member), their times at once. */
export function refreshGroupMeetingTimes(db: Kysely<Database>, groupId: string): Promise<number> {
  return asSystem(db, "groups: next times of the meetings a leader just changed", (trx) => refreshMeetingTimes(trx, new Date(), groupId));
}
