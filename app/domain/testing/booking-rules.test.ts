import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BOOKING_CODE_BYTES,
  BOOKING_NOTICE_MINUTES_DEFAULT,
  BOOKING_STATUSES,
  checkBooking,
  checkChange,
  MAX_FUTURE_BOOKINGS_PER_DAY_DEFAULT,
  newBookingCode,
  nextBookingStatus,
  normaliseBookingCode,
  TEST_OUTCOMES,
  type BookableSlot,
  type BookingEvent,
  type BookingStatus,
} from "./booking-rules";

const NOW = new Date("2027-01-04T02:00:00Z");
const slot: BookableSlot = { startsAt: new Date("2027-01-05T01:00:00Z"), status: "open", date: "2027-01-05" };
const request = { slot, now: NOW, ownFutureBookingDates: [] as string[], maxPerDay: MAX_FUTURE_BOOKINGS_PER_DAY_DEFAULT };

describe("booking a slot", () => {
  it("is allowed for an open slot still to come, with no other booking that day", () => {
    expect(checkBooking(request)).toBeNull();
    expect(checkBooking({ ...request, ownFutureBookingDates: ["2027-01-04", "2027-01-06"] })).toBeNull();
  });

  it("is refused once the slot has started, then for a closed slot, then for a day already booked", () => {
    expect(checkBooking({ ...request, now: slot.startsAt })).toBe("past");
    expect(checkBooking({ ...request, now: new Date(slot.startsAt.getTime() - 1) })).toBeNull();
    expect(checkBooking({ ...request, now: slot.startsAt, slot: { ...slot, status: "closed" } })).toBe("past");
    expect(checkBooking({ ...request, slot: { ...slot, status: "closed" }, ownFutureBookingDates: [slot.date] })).toBe("closed");
    expect(checkBooking({ ...request, ownFutureBookingDates: [slot.date] })).toBe("sameDay");
  });

  it("counts bookings on the slot's date up to the allowed number", () => {
    expect(checkBooking({ ...request, maxPerDay: 2, ownFutureBookingDates: [slot.date] })).toBeNull();
    expect(checkBooking({ ...request, maxPerDay: 2, ownFutureBookingDates: [slot.date, slot.date] })).toBe("sameDay");
  });
});

describe("cancelling or moving a booking", () => {
  const notice = BOOKING_NOTICE_MINUTES_DEFAULT;
  const startsAt = slot.startsAt;

  it("is allowed up to exactly the notice before the slot, and not a moment later", () => {
    expect(notice).toBe(120);
    expect(checkChange({ startsAt, now: new Date(startsAt.getTime() - notice * 60_000), noticeMinutes: notice })).toBeNull();
    expect(checkChange({ startsAt, now: new Date(startsAt.getTime() - notice * 60_000 + 1), noticeMinutes: notice })).toBe("tooLate");
    expect(checkChange({ startsAt, now: new Date(startsAt.getTime() + 60_000), noticeMinutes: notice })).toBe("tooLate");
    expect(checkChange({ startsAt, now: new Date(startsAt.getTime() - 1), noticeMinutes: 0 })).toBeNull();
  });
});

describe("a booking's status", () => {
  const events: BookingEvent[] = ["cancel", "checkIn", "noShow", "record"];

  it("moves from booked to cancelled, checked in or no-show, and from checked in to done", () => {
    expect(events.map((event) => nextBookingStatus("booked", event))).toEqual(["cancelled", "checked_in", "no_show", null]);
    expect(events.map((event) => nextBookingStatus("checked_in", event))).toEqual([null, null, null, "done"]);
  });

  it("ends in cancelled, no-show or done: nothing moves it on", () => {
    for (const status of ["cancelled", "no_show", "done"] as const) expect(events.map((event) => nextBookingStatus(status, event))).toEqual([null, null, null, null]);
  });

  it("never goes back to booked, whatever happens", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...events), { maxLength: 8 }), (happened) => {
        let status: BookingStatus = "booked";
        for (const event of happened) {
          const next = nextBookingStatus(status, event);
          if (next === null) continue;
          expect(next).not.toBe("booked");
          expect(BOOKING_STATUSES).toContain(next);
          status = next;
        }
      }),
    );
  });

  it("has outcomes for the site to record, a negative one among them", () => {
    expect(TEST_OUTCOMES).toEqual(["negative", "positive", "invalid", "not_tested"]);
  });
});

describe("booking codes", () => {
  it("are 8 characters (40 bits) in two groups, typed back however they are read", () => {
    expect(BOOKING_CODE_BYTES).toBe(5);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: BOOKING_CODE_BYTES, maxLength: BOOKING_CODE_BYTES }), (bytes) => {
        const code = newBookingCode(bytes);
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
        expect(normaliseBookingCode(code.toLowerCase().replace("-", "　"))).toBe(code);
      }),
    );
    expect(normaliseBookingCode("0000-0000-0000")).toBeNull();
    expect(() => newBookingCode(new Uint8Array(4))).toThrow(RangeError);
  });
});
