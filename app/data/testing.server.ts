/**
 * Discreet drug testing for members (migration 0029): they find open slots anywhere and book
 * them under a short code; the staff's side is testing-staff.server.ts. Everything runs as
 * the member (asMember): RLS decides what they read; booking and cancelling go through the
 * private functions, which answer with a word these functions pass on as a typed result.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { isUuid } from "~/domain/formats/uuid";
import {
  BOOKING_CODE_BYTES,
  BOOKING_NOTICE_MINUTES_DEFAULT,
  newBookingCode,
  type BookingRefusal,
  type BookingStatus,
  type TestOutcome,
} from "~/domain/testing/booking-rules";
import { withAreaAndBelow } from "./area-tree.server";
import { callWord } from "./private-calls.server";
import { callerId, type MemberTx } from "./rls.server";

/** A 40-bit code clashes about once in a trillion bookings; a few fresh draws are plenty. */
const CODE_ATTEMPTS = 5;
/** The most slots one listing returns (a city's next weeks fit well within it). */
export const OPEN_SLOTS_LIMIT = 500;

export type NotAllowed = { ok: false; reason: "not-allowed" };
export type NotFound = { ok: false; reason: "not-found" };

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
