/**
 * What a member's testing pages show, worked out from rows: open slots grouped by the day at
 * the site and then by site, which bookings are still ahead, and until when a booking can be
 * changed. Times are the site's wall-clock times, as the member will read them on the door.
 */
import { isUuid } from "~/domain/formats/uuid";
import { localPartsOf } from "~/domain/groups/local-time";
import { checkChange, type BookingStatus } from "./booking-rules";

/** How far ahead a member may look for open slots, in weeks; the first is the default. */
export const SLOT_WEEKS = [2, 1, 4] as const;
export type SlotWeeks = (typeof SLOT_WEEKS)[number];

/** The weeks asked for in a query string, or the default for anything else. */
export function readSlotWeeks(value: string | null): SlotWeeks {
  return SLOT_WEEKS.find((weeks) => String(weeks) === value) ?? SLOT_WEEKS[0];
}

export interface ListedSlot {
  slotId: string;
  siteId: string;
  siteName: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  placesLeft: number;
}

export interface SlotTime {
  slotId: string;
  /** "HH:MM" at the site. */
  start: string;
  end: string;
  placesLeft: number;
}

export interface SlotDay {
  /** "YYYY-MM-DD" at the site. */
  date: string;
  sites: { siteId: string; siteName: string; slots: SlotTime[] }[];
}

/**
 * Slots grouped by their date at the site, then by site (in the order each site first comes
 * that day), each site's slots soonest first. Days come in date order.
 */
export function groupSlotsByDayAndSite(slots: readonly ListedSlot[]): SlotDay[] {
  const days = new Map<string, Map<string, { siteId: string; siteName: string; slots: (SlotTime & { at: number })[] }>>();
  for (const slot of slots) {
    const clock = slotClock(slot);
    const sites = days.get(clock.date) ?? new Map();
    days.set(clock.date, sites);
    const site = sites.get(slot.siteId) ?? { siteId: slot.siteId, siteName: slot.siteName, slots: [] };
    sites.set(slot.siteId, site);
    site.slots.push({ slotId: slot.slotId, start: clock.start, end: clock.end, placesLeft: slot.placesLeft, at: slot.startsAt.getTime() });
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, sites]) => ({
      date,
      sites: [...sites.values()].map((site) => ({
        siteId: site.siteId,
        siteName: site.siteName,
        slots: site.slots.sort((a, b) => a.at - b.at).map(({ at: _at, ...slot }) => slot),
      })),
    }));
}

/** A slot's date and times on the site's clock. */
export function slotClock(slot: { startsAt: Date; endsAt: Date; timeZone: string }): { date: string; start: string; end: string } {
  const start = localPartsOf(slot.startsAt, slot.timeZone);
  return { date: start.date, start: start.time, end: localPartsOf(slot.endsAt, slot.timeZone).time };
}

/** Where a member looks for open slots: the area asked for in the query, else their own; none when neither. */
export function slotQuery(params: URLSearchParams, homeAreaId: string | null): { areaId: string | null; weeks: SlotWeeks } {
  const asked = params.get("area");
  return { areaId: asked && isUuid(asked) ? asked : homeAreaId, weeks: readSlotWeeks(params.get("weeks")) };
}

/** A booking the member still has ahead: booked (or checked in) for a slot not yet over. */
export function isCurrentBooking(booking: { status: BookingStatus; endsAt: Date }, now: Date): boolean {
  return (booking.status === "booked" || booking.status === "checked_in") && booking.endsAt.getTime() > now.getTime();
}

/** The last moment a booking may still be cancelled or moved (checkChange allows up to and including it). */
export function changeDeadline(startsAt: Date, noticeMinutes: number): Date {
  return new Date(startsAt.getTime() - noticeMinutes * 60_000);
}

/** A current booking as the member's pages show it: times on the site's clock, ready to render. */
export interface BookingView {
  id: string;
  code: string;
  status: "booked" | "checked_in";
  siteName: string;
  address: string | null;
  clock: { date: string; start: string; end: string };
  /** Until when it may be moved or cancelled (the site's clock); null once that has passed. */
  changeUntil: { date: string; time: string } | null;
}

interface BookingRow {
  id: string;
  code: string;
  status: BookingStatus;
  siteName: string;
  timeZone: string;
  address: string | null;
  startsAt: Date;
  endsAt: Date;
}

/** The member's current bookings, soonest first, as their pages show them. */
export function currentBookings(bookings: readonly BookingRow[], now: Date, noticeMinutes: number): BookingView[] {
  return bookings
    .filter((booking) => isCurrentBooking(booking, now))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((booking) => {
      const deadline = localPartsOf(changeDeadline(booking.startsAt, noticeMinutes), booking.timeZone);
      const open = booking.status === "booked" && checkChange({ startsAt: booking.startsAt, now, noticeMinutes }) === null;
      return {
        id: booking.id,
        code: booking.code,
        status: booking.status === "checked_in" ? "checked_in" : "booked",
        siteName: booking.siteName,
        address: booking.address,
        clock: slotClock(booking),
        changeUntil: open ? { date: deadline.date, time: deadline.time } : null,
      };
    });
}
