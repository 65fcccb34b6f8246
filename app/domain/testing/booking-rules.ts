/**
 * A member's booking of a testing slot: when it may be made, changed or cancelled, what it
 * goes through at the site, and the short code the member shows there (no name needed).
 */
import { newReadableCode, normaliseReadableCode, readableCodeBytes } from "~/domain/formats/readable-code";

/** Cancelling or moving a booking closes this long before the slot (the site plans its staff). */
export const BOOKING_NOTICE_MINUTES_DEFAULT = 120;
/** Future bookings one member may hold on one date. */
export const MAX_FUTURE_BOOKINGS_PER_DAY_DEFAULT = 1;

/**
 * Every reason a booking is refused, for one list of messages. "full" is decided by the
 * database as it writes the booking (two members may take the last place at once), never here.
 */
export type BookingRefusal = "past" | "closed" | "sameDay" | "full";

export interface BookableSlot {
  startsAt: Date;
  status: "open" | "closed";
  /** The slot's local date at its site. */
  date: string;
}

/** Whether a member may book the slot now; `ownFutureBookingDates` are the dates of their bookings not yet held. */
export function checkBooking(request: { slot: BookableSlot; now: Date; ownFutureBookingDates: readonly string[]; maxPerDay: number }): BookingRefusal | null {
  const { slot } = request;
  if (slot.startsAt.getTime() <= request.now.getTime()) return "past";
  if (slot.status === "closed") return "closed";
  const sameDay = request.ownFutureBookingDates.filter((date) => date === slot.date).length;
  return sameDay >= request.maxPerDay ? "sameDay" : null;
}

/** Whether a booking may still be cancelled or moved: up to exactly `noticeMinutes` before its slot. */
export function checkChange(change: { startsAt: Date; now: Date; noticeMinutes: number }): "tooLate" | null {
  return change.now.getTime() > change.startsAt.getTime() - change.noticeMinutes * 60_000 ? "tooLate" : null;
}

export const TEST_OUTCOMES = ["negative", "positive", "invalid", "not_tested"] as const;
export type TestOutcome = (typeof TEST_OUTCOMES)[number];

export const BOOKING_STATUSES = ["booked", "cancelled", "checked_in", "no_show", "done"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type BookingEvent = "cancel" | "checkIn" | "noShow" | "record";

const TRANSITIONS: Record<BookingStatus, Partial<Record<BookingEvent, BookingStatus>>> = {
  booked: { cancel: "cancelled", checkIn: "checked_in", noShow: "no_show" },
  // An outcome is recorded only for someone who came; "not_tested" covers leaving before the test.
  checked_in: { record: "done" },
  cancelled: {},
  no_show: {},
  done: {},
};

/** The status a booking takes after an event, or null when the event does not apply to it. */
export function nextBookingStatus(current: BookingStatus, event: BookingEvent): BookingStatus | null {
  return TRANSITIONS[current][event] ?? null;
}

/** 8 characters = 40 bits, as XXXX-XXXX: the member shows it at the site. */
export const BOOKING_CODE_CHARACTERS = 8;
export const BOOKING_CODE_BYTES = readableCodeBytes(BOOKING_CODE_CHARACTERS);

export function newBookingCode(random: Uint8Array): string {
  return newReadableCode(random, BOOKING_CODE_CHARACTERS);
}

export function normaliseBookingCode(typed: string): string | null {
  return normaliseReadableCode(typed, BOOKING_CODE_CHARACTERS);
}
