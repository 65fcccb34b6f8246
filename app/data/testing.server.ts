/**
 * Discreet drug testing (migration 0029): members find open slots anywhere and book them
 * under a short code; social workers serving a site's area run its slots and, at the site,
 * know a booking only by that code. Everything runs as the member (asMember): RLS decides
 * what they read; booking, cancelling and the steps at the site go through the private
 * functions, which answer with a word these functions pass on as a typed result.
 */
import { randomBytes } from "node:crypto";
import { sql, type RawBuilder } from "kysely";
import { isUuid } from "~/domain/formats/uuid";
import { isKnownTimeZone, todayIn } from "~/domain/groups/local-time";
import {
  BOOKING_CODE_BYTES,
  BOOKING_NOTICE_MINUTES_DEFAULT,
  newBookingCode,
  normaliseBookingCode,
  type BookingRefusal,
  type BookingStatus,
  type TestOutcome,
} from "~/domain/testing/booking-rules";
import { SITE_LIMITS } from "~/domain/testing/site-fields";
import { checkSlotSeries, expandSlots, type SlotSeries, type SlotSeriesProblem } from "~/domain/testing/slot-series";
import { withAreaAndBelow } from "./area-tree.server";
import { callWord, callYes } from "./private-calls.server";
import { callerId, type MemberTx } from "./rls.server";

/** A 40-bit code clashes about once in a trillion bookings; a few fresh draws are plenty. */
const CODE_ATTEMPTS = 5;
const PUBLIC_NAME_MAX = SITE_LIMITS.publicName;
const NOTES_MAX = SITE_LIMITS.notes;
const ADDRESS_MAX = SITE_LIMITS.address;
/** The most slots one listing returns (a city's next weeks fit well within it). */
const OPEN_SLOTS_LIMIT = 500;

export type NotAllowed = { ok: false; reason: "not-allowed" };
export type NotFound = { ok: false; reason: "not-found" };

// ── Members ──────────────────────────────────────────────────────────────────────────────

export interface OpenSlot {
  slotId: string;
  siteId: string;
  siteName: string;
  /** The site's zone: its slots are read in the site's wall-clock time. */
  timeZone: string;
  areaId: string;
  openingNotes: string;
  accessibilityNotes: string;
  startsAt: Date;
  endsAt: Date;
  localDate: string;
  placesLeft: number;
}

/** Open slots with places left at open sites in the area and its sub-areas, from now for `days` days, soonest first. */
export async function listOpenSlots(trx: MemberTx, query: { areaId: string; days: number }): Promise<OpenSlot[]> {
  if (!isUuid(query.areaId)) return [];
  const result = await sql<OpenSlot>`${withAreaAndBelow(query.areaId)}
    select s.id as "slotId", t.id as "siteId", t.public_name as "siteName", t.time_zone as "timeZone", t.area_id as "areaId",
           t.opening_notes as "openingNotes", t.accessibility_notes as "accessibilityNotes",
           s.starts_at as "startsAt", s.ends_at as "endsAt", s.local_date::text as "localDate", s.capacity - s.booked as "placesLeft"
    from public.testing_sites t
      -- Site by site along (site_id, starts_at): only the area's sites' weeks are read.
      cross join lateral (
        select * from public.testing_slots s
        where s.site_id = t.id and s.status = 'open' and s.booked < s.capacity
          and s.starts_at > now() and s.starts_at < now() + make_interval(days => ${query.days}::integer)
        order by s.starts_at
        limit ${OPEN_SLOTS_LIMIT}) s
    where t.area_id in (select id from below) and t.status = 'open'
    order by s.starts_at, t.public_name, s.id
    limit ${OPEN_SLOTS_LIMIT}`.execute(trx);
  return result.rows;
}

export type BookResult = { ok: true; bookingId: string; code: string; repeated: boolean } | { ok: false; reason: BookingRefusal | "not-found" };

/**
 * Books a place for the caller under a new code. The same `idempotencyKey` again (a form sent
 * twice) gives back the first booking, `repeated`, and books nothing more.
 */
export async function bookSlot(trx: MemberTx, slotId: string, idempotencyKey: string): Promise<BookResult> {
  if (!isUuid(slotId) || !isUuid(idempotencyKey)) return { ok: false, reason: "not-found" };
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt += 1) {
    const code = newBookingCode(randomBytes(BOOKING_CODE_BYTES));
    const result = await sql<{ outcome: string; booking_id: string | null }>`
      select outcome, booking_id from private.book_slot(${slotId}::uuid, ${code}, ${idempotencyKey}::uuid)`.execute(trx);
    const row = result.rows[0];
    switch (row?.outcome) {
      case "booked":
        if (!row.booking_id) break;
        return { ok: true, bookingId: row.booking_id, code, repeated: false };
      case "duplicate": {
        // The first request's booking, under the code it was given then.
        if (!row.booking_id) break;
        const booking = await trx.selectFrom("testing_bookings").select("code").where("id", "=", row.booking_id).executeTakeFirstOrThrow();
        return { ok: true, bookingId: row.booking_id, code: booking.code, repeated: true };
      }
      case "past":
      case "closed":
      case "sameDay":
      case "full":
        return { ok: false, reason: row.outcome };
      case "code_taken":
        continue;
    }
    return { ok: false, reason: "not-found" };
  }
  throw new Error(`bookSlot: ${CODE_ATTEMPTS} booking codes in a row were taken`);
}

/** Cancels the caller's own booking up to `noticeMinutes` before its slot; the place is free again. */
export async function cancelBooking(
  trx: MemberTx,
  bookingId: string,
  noticeMinutes = BOOKING_NOTICE_MINUTES_DEFAULT,
): Promise<{ ok: true } | NotFound | { ok: false; reason: "tooLate" }> {
  if (!isUuid(bookingId)) return { ok: false, reason: "not-found" };
  const word = await callWord(trx, sql<{ word: string }>`select private.cancel_booking(${bookingId}::uuid, ${noticeMinutes}::integer) as word`);
  if (word === "cancelled") return { ok: true };
  return word === "tooLate" ? { ok: false, reason: "tooLate" } : { ok: false, reason: "not-found" };
}

export interface OwnBooking {
  id: string;
  code: string;
  status: BookingStatus;
  slotId: string;
  siteId: string;
  siteName: string;
  /** The site's zone: the slot is read in the site's wall-clock time. */
  timeZone: string;
  /** Only while the booking is current ('booked' or 'checked_in'): RLS gives it then and not after. */
  address: string | null;
  startsAt: Date;
  endsAt: Date;
  localDate: string;
}

/** The caller's bookings with their slot and site (RLS keeps them to the caller's own; the filter says so too). */
function ownBookings(trx: MemberTx) {
  return trx
    .selectFrom("testing_bookings as b")
    .innerJoin("testing_slots as s", "s.id", "b.slot_id")
    .innerJoin("testing_sites as t", "t.id", "s.site_id")
    .leftJoin("testing_site_addresses as a", "a.site_id", "t.id")
    .select(["b.id", "b.code", "b.status", "s.id as slotId", "t.id as siteId", "t.public_name as siteName", "t.time_zone as timeZone", "a.address", "s.starts_at as startsAt", "s.ends_at as endsAt", "s.local_date as localDate"])
    .where("b.member_id", "=", callerId);
}

/** The caller's bookings, latest slot first. */
export async function listOwnBookings(trx: MemberTx): Promise<OwnBooking[]> {
  return ownBookings(trx).orderBy("s.starts_at", "desc").orderBy("b.created_at", "desc").limit(200).execute();
}

/** One of the caller's own bookings; undefined for anyone else's, or none. */
export async function getOwnBooking(trx: MemberTx, bookingId: string): Promise<OwnBooking | undefined> {
  if (!isUuid(bookingId)) return undefined;
  return ownBookings(trx).where("b.id", "=", bookingId).executeTakeFirst();
}

/** "no-booking": the booking to move is not the caller's, or no longer booked; "not-found" is the new slot. */
export type MoveResult = BookResult | { ok: false; reason: "no-booking" | "tooLate" };

/**
 * Moves the caller's booking to another slot: the old one is cancelled (up to `noticeMinutes`
 * before its slot) and the new one booked within the caller's transaction, so that a
 * one-a-day rule lets a member move within the same day. When the new slot is refused, the
 * cancellation is undone and the old booking stays as it was. The same `idempotencyKey` again
 * (a form sent twice) gives back the booking the first request made.
 */
export async function moveBooking(trx: MemberTx, move: { bookingId: string; slotId: string; idempotencyKey: string; noticeMinutes: number }): Promise<MoveResult> {
  if (!isUuid(move.bookingId) || !isUuid(move.slotId) || !isUuid(move.idempotencyKey)) return { ok: false, reason: "not-found" };
  const earlier = await trx.selectFrom("testing_bookings").select(["id", "code"]).where("idempotency_key", "=", move.idempotencyKey).where("member_id", "=", callerId).executeTakeFirst();
  if (earlier) return { ok: true, bookingId: earlier.id, code: earlier.code, repeated: true };
  await sql`savepoint move_booking`.execute(trx);
  const cancelled = await cancelBooking(trx, move.bookingId, move.noticeMinutes);
  const booked: MoveResult = cancelled.ok
    ? await bookSlot(trx, move.slotId, move.idempotencyKey)
    : { ok: false, reason: cancelled.reason === "tooLate" ? "tooLate" : "no-booking" };
  await (booked.ok ? sql`release savepoint move_booking` : sql`rollback to savepoint move_booking`).execute(trx);
  return booked;
}

export interface OwnResult {
  bookingId: string;
  code: string;
  siteName: string;
  startsAt: Date;
  /** The test's date at its site. */
  localDate: string;
  outcome: TestOutcome;
  recordedAt: Date;
}

/** The caller's test results, newest first. */
export async function listOwnResults(trx: MemberTx): Promise<OwnResult[]> {
  return trx
    .selectFrom("testing_results as r")
    .innerJoin("testing_bookings as b", "b.id", "r.booking_id")
    .innerJoin("testing_slots as s", "s.id", "b.slot_id")
    .innerJoin("testing_sites as t", "t.id", "s.site_id")
    .select(["r.booking_id as bookingId", "b.code", "t.public_name as siteName", "s.starts_at as startsAt", "s.local_date as localDate", "r.outcome", "r.recorded_at as recordedAt"])
    .where("b.member_id", "=", callerId)
    .orderBy("r.recorded_at", "desc")
    .limit(200)
    .execute();
}

// ── Staff of the site's area ──────────────────────────────────────────────────────────────

export interface SiteFields {
  publicName: string;
  openingNotes: string;
  accessibilityNotes: string;
}

export type Invalid = { ok: false; reason: "invalid" };

function siteFieldsValid(fields: Partial<SiteFields>): boolean {
  const name = fields.publicName?.trim();
  return (
    (name === undefined || (name.length >= 1 && name.length <= PUBLIC_NAME_MAX)) &&
    (fields.openingNotes === undefined || fields.openingNotes.length <= NOTES_MAX) &&
    (fields.accessibilityNotes === undefined || fields.accessibilityNotes.length <= NOTES_MAX)
  );
}

const servesArea = (trx: MemberTx, areaId: string) => callYes(trx, sql<{ yes: boolean }>`select private.serves_testing_area(${areaId}::uuid) as yes`);
const servesSite = (trx: MemberTx, siteId: string) => callYes(trx, sql<{ yes: boolean }>`select private.serves_testing_site(${siteId}::uuid) as yes`);

export interface ServedSite extends SiteFields {
  id: string;
  areaId: string;
  status: "open" | "closed";
  timeZone: string;
  address: string | null;
}

/** The sites in the areas the caller serves as a social worker, with their addresses; open ones first. */
export async function listServedSites(trx: MemberTx): Promise<ServedSite[]> {
  return trx
    .selectFrom("testing_sites as s")
    .leftJoin("testing_site_addresses as a", "a.site_id", "s.id")
    .select([
      "s.id",
      "s.area_id as areaId",
      "s.public_name as publicName",
      "s.opening_notes as openingNotes",
      "s.accessibility_notes as accessibilityNotes",
      "s.status",
      "s.time_zone as timeZone",
      "a.address",
    ])
    .where("s.id", "in", sql<string>`(select private.served_testing_sites())`)
    .orderBy(sql`s.status = 'open'`, "desc")
    .orderBy("s.public_name")
    .limit(OPEN_SLOTS_LIMIT)
    .execute();
}

/** The areas where the caller may open testing sites (the areas they serve and those below). */
export async function listServedAreaIds(trx: MemberTx): Promise<string[]> {
  const result = await sql<{ id: string }>`select id from private.served_areas() as served (id)`.execute(trx);
  return result.rows.map((row) => row.id);
}

/** A social worker serving the area opens a site there (open from the start). */
export async function createTestingSite(
  trx: MemberTx,
  site: SiteFields & { areaId: string; timeZone: string },
): Promise<{ ok: true; id: string } | NotAllowed | Invalid> {
  if (!isUuid(site.areaId) || !(await servesArea(trx, site.areaId))) return { ok: false, reason: "not-allowed" };
  if (!siteFieldsValid(site) || !isKnownTimeZone(site.timeZone)) return { ok: false, reason: "invalid" };
  const created = await trx
    .insertInto("testing_sites")
    .values({ area_id: site.areaId, public_name: site.publicName.trim(), opening_notes: site.openingNotes, accessibility_notes: site.accessibilityNotes, time_zone: site.timeZone })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ok: true, id: created.id };
}

/** A serving worker changes a site's public fields, or opens or closes it. */
export async function updateTestingSite(
  trx: MemberTx,
  siteId: string,
  changes: Partial<SiteFields> & { status?: "open" | "closed" },
): Promise<{ ok: true } | NotAllowed | Invalid> {
  if (!isUuid(siteId) || !(await servesSite(trx, siteId))) return { ok: false, reason: "not-allowed" };
  if (!siteFieldsValid(changes)) return { ok: false, reason: "invalid" };
  await trx
    .updateTable("testing_sites")
    .set({
      ...(changes.publicName === undefined ? {} : { public_name: changes.publicName.trim() }),
      ...(changes.openingNotes === undefined ? {} : { opening_notes: changes.openingNotes }),
      ...(changes.accessibilityNotes === undefined ? {} : { accessibility_notes: changes.accessibilityNotes }),
      ...(changes.status === undefined ? {} : { status: changes.status }),
    })
    .where("id", "=", siteId)
    .execute();
  return { ok: true };
}

/** A serving worker sets (or replaces) where the site is. */
export async function setTestingSiteAddress(trx: MemberTx, siteId: string, address: string): Promise<{ ok: true } | NotAllowed | Invalid> {
  if (!isUuid(siteId) || !(await servesSite(trx, siteId))) return { ok: false, reason: "not-allowed" };
  const trimmed = address.trim();
  if (trimmed.length < 1 || trimmed.length > ADDRESS_MAX) return { ok: false, reason: "invalid" };
  await trx
    .insertInto("testing_site_addresses")
    .values({ site_id: siteId, address: trimmed })
    .onConflict((oc) => oc.column("site_id").doUpdateSet({ address: trimmed, updated_by: callerId, updated_at: sql<Date>`now()` }))
    .execute();
  return { ok: true };
}

export type SlotSeriesResult = { ok: true; slotIds: string[] } | NotAllowed | { ok: false; reason: "invalid"; problems: SlotSeriesProblem[] };

/**
 * A serving worker opens a series of slots at the site, in the site's time zone, checked
 * against the site's today; every slot is written by one statement.
 */
export async function createSlotSeries(trx: MemberTx, siteId: string, series: Omit<SlotSeries, "timeZone">, now = new Date()): Promise<SlotSeriesResult> {
  if (!isUuid(siteId) || !(await servesSite(trx, siteId))) return { ok: false, reason: "not-allowed" };
  const site = await trx.selectFrom("testing_sites").select("time_zone").where("id", "=", siteId).executeTakeFirstOrThrow();
  const zoned: SlotSeries = { ...series, timeZone: site.time_zone };
  const problems = checkSlotSeries(zoned, todayIn(site.time_zone, now));
  if (problems.length > 0) return { ok: false, reason: "invalid", problems };
  const slots = expandSlots(zoned);
  if (slots.length === 0) return { ok: true, slotIds: [] };
  const inserted = await sql<{ id: string }>`
    insert into public.testing_slots (site_id, starts_at, ends_at, local_date, capacity)
    select ${siteId}::uuid, slot.starts_at, slot.ends_at, slot.local_date, ${series.capacity}::integer
    from unnest(${slots.map((slot) => slot.startsAt.toISOString())}::timestamptz[],
                ${slots.map((slot) => slot.endsAt.toISOString())}::timestamptz[],
                ${slots.map((slot) => slot.date)}::date[]) as slot (starts_at, ends_at, local_date)
    order by slot.starts_at
    returning id`.execute(trx);
  return { ok: true, slotIds: inserted.rows.map((row) => row.id) };
}

export interface ServedSlot {
  id: string;
  startsAt: Date;
  endsAt: Date;
  localDate: string;
  capacity: number;
  booked: number;
  status: "open" | "closed";
}

/** A site's slots from `from` on, for a worker serving it (nobody else sees closed ones). */
export async function listSiteSlots(trx: MemberTx, siteId: string, from: Date): Promise<ServedSlot[]> {
  if (!isUuid(siteId) || !(await servesSite(trx, siteId))) return [];
  return trx
    .selectFrom("testing_slots")
    .select(["id", "starts_at as startsAt", "ends_at as endsAt", "local_date as localDate", "capacity", "booked", "status"])
    .where("site_id", "=", siteId)
    .where("starts_at", ">=", from)
    .orderBy("starts_at")
    .limit(OPEN_SLOTS_LIMIT)
    .execute();
}

/** A serving worker closes a slot: nobody books it any more; bookings made stand. */
export async function closeSlot(trx: MemberTx, slotId: string): Promise<{ ok: true } | NotFound> {
  if (!isUuid(slotId)) return { ok: false, reason: "not-found" };
  const closed = await trx.updateTable("testing_slots").set({ status: "closed" }).where("id", "=", slotId).returning("id").executeTakeFirst();
  return closed ? { ok: true } : { ok: false, reason: "not-found" };
}

export interface SlotBooking {
  code: string;
  status: BookingStatus;
  outcome: TestOutcome | null;
  changedAt: Date;
}

/** A slot's bookings for the staff serving its site: codes, statuses, outcomes, never who. */
export async function listSlotBookings(trx: MemberTx, slotId: string): Promise<SlotBooking[]> {
  if (!isUuid(slotId)) return [];
  const result = await sql<SlotBooking>`
    select code, status, outcome, changed_at as "changedAt" from private.slot_bookings(${slotId}::uuid)`.execute(trx);
  return result.rows;
}

export type StepResult = { ok: true } | NotFound | { ok: false; reason: "wrong-status" };

/**
 * One step at the site, by the code as typed: the private function's word as a result; a
 * code another area's worker types is "not-found".
 */
async function stepAtSite(trx: MemberTx, typedCode: string, done: string, call: (code: string) => RawBuilder<{ word: string }>): Promise<StepResult> {
  const code = normaliseBookingCode(typedCode);
  if (code === null) return { ok: false, reason: "not-found" };
  const word = await callWord(trx, call(code));
  if (word === done) return { ok: true };
  return word === "wrong_status" ? { ok: false, reason: "wrong-status" } : { ok: false, reason: "not-found" };
}

/** The member showed their code at the site: booked → checked in. */
export function checkIn(trx: MemberTx, typedCode: string): Promise<StepResult> {
  return stepAtSite(trx, typedCode, "checked_in", (code) => sql<{ word: string }>`select private.check_in(${code}) as word`);
}

/** Nobody came for a booking: booked → no-show. Recorded for the site's planning only; never reported. */
export function markNoShow(trx: MemberTx, typedCode: string): Promise<StepResult> {
  return stepAtSite(trx, typedCode, "no_show", (code) => sql<{ word: string }>`select private.mark_no_show(${code}) as word`);
}

/** The outcome for someone checked in: checked in → done, with the result. */
export function recordResult(trx: MemberTx, typedCode: string, outcome: TestOutcome): Promise<StepResult> {
  return stepAtSite(trx, typedCode, "done", (code) => sql<{ word: string }>`select private.record_result(${code}, ${outcome}) as word`);
}
