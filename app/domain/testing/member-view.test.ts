import { describe, expect, it } from "vitest";
import { checkChange } from "./booking-rules";
import { changeDeadline, groupSlotsByDayAndSite, currentBookings, isCurrentBooking, readSlotWeeks, slotClock, slotQuery, type ListedSlot } from "./member-view";

const at = (iso: string) => new Date(iso);
function slot(slotId: string, siteId: string, startsAt: string, timeZone = "Asia/Shanghai"): ListedSlot {
  const start = at(startsAt);
  return { slotId, siteId, siteName: `site ${siteId}`, timeZone, startsAt: start, endsAt: new Date(start.getTime() + 30 * 60_000), placesLeft: 2 };
}

describe("open slots grouped for a member", () => {
  it("go by the day at the site, then by site, each site's times soonest first", () => {
    const days = groupSlotsByDayAndSite([
      slot("b2", "B", "2027-01-05T02:00:00Z"),
      slot("a1", "A", "2027-01-05T01:00:00Z"),
      slot("b1", "B", "2027-01-05T01:30:00Z"),
      // 23:30 UTC on the 5th is 07:30 on the 6th in Shanghai.
      slot("a2", "A", "2027-01-05T23:30:00Z"),
    ]);
    expect(days).toEqual([
      {
        date: "2027-01-05",
        sites: [
          { siteId: "B", siteName: "site B", slots: [{ slotId: "b1", start: "09:30", end: "10:00", placesLeft: 2 }, { slotId: "b2", start: "10:00", end: "10:30", placesLeft: 2 }] },
          { siteId: "A", siteName: "site A", slots: [{ slotId: "a1", start: "09:00", end: "09:30", placesLeft: 2 }] },
        ],
      },
      { date: "2027-01-06", sites: [{ siteId: "A", siteName: "site A", slots: [{ slotId: "a2", start: "07:30", end: "08:00", placesLeft: 2 }] }] },
    ]);
  });

  it("read each site's own zone", () => {
    const [day] = groupSlotsByDayAndSite([slot("n", "N", "2027-01-05T15:00:00Z", "America/New_York")]);
    expect(day).toEqual({ date: "2027-01-05", sites: [{ siteId: "N", siteName: "site N", slots: [{ slotId: "n", start: "10:00", end: "10:30", placesLeft: 2 }] }] });
  });

  it("are nothing when there is nothing", () => {
    expect(groupSlotsByDayAndSite([])).toEqual([]);
  });
});

describe("how far ahead a member looks", () => {
  it("is 1, 2 or 4 weeks, 2 unless asked otherwise", () => {
    expect(["1", "2", "4"].map(readSlotWeeks)).toEqual([1, 2, 4]);
    expect([null, "", "3", "52", "2.0", "-1"].map(readSlotWeeks)).toEqual([2, 2, 2, 2, 2, 2]);
  });
});

describe("where a member looks for open slots", () => {
  const home = "a0000000-0000-4000-8000-000000440106";
  const away = "a0000000-0000-4000-8000-000000420106";
  it("is the area asked for, else their own area, else none", () => {
    expect(slotQuery(new URLSearchParams({ area: away, weeks: "4" }), home)).toEqual({ areaId: away, weeks: 4 });
    expect(slotQuery(new URLSearchParams(), home)).toEqual({ areaId: home, weeks: 2 });
    expect(slotQuery(new URLSearchParams({ area: "nonsense" }), home)).toEqual({ areaId: home, weeks: 2 });
    expect(slotQuery(new URLSearchParams({ area: "" }), null)).toEqual({ areaId: null, weeks: 2 });
  });
});

describe("a slot's clock", () => {
  it("is its date and times at the site", () => {
    expect(slotClock({ startsAt: at("2027-01-05T23:30:00Z"), endsAt: at("2027-01-06T00:00:00Z"), timeZone: "Asia/Shanghai" })).toEqual({ date: "2027-01-06", start: "07:30", end: "08:00" });
  });
});

describe("a member's bookings ahead", () => {
  const now = at("2027-01-05T02:00:00Z");
  it("are those booked or checked in whose slot is not over", () => {
    const endsAt = at("2027-01-05T02:30:00Z");
    expect(isCurrentBooking({ status: "booked", endsAt }, now)).toBe(true);
    expect(isCurrentBooking({ status: "checked_in", endsAt }, now)).toBe(true);
    for (const status of ["cancelled", "no_show", "done"] as const) expect(isCurrentBooking({ status, endsAt }, now)).toBe(false);
    expect(isCurrentBooking({ status: "booked", endsAt: now }, now)).toBe(false);
  });
});

describe("the deadline for changing a booking", () => {
  it("is the notice before the slot, the last moment checkChange still allows", () => {
    const startsAt = at("2027-01-05T10:00:00Z");
    const deadline = changeDeadline(startsAt, 120);
    expect(deadline).toEqual(at("2027-01-05T08:00:00Z"));
    expect(checkChange({ startsAt, now: deadline, noticeMinutes: 120 })).toBeNull();
    expect(checkChange({ startsAt, now: new Date(deadline.getTime() + 1), noticeMinutes: 120 })).toBe("tooLate");
  });
});

describe("the bookings a member's page shows", () => {
  const now = at("2027-01-05T00:00:00Z");
  const row = (id: string, startsAt: string, status: "booked" | "checked_in" | "cancelled" = "booked") => ({
    id,
    code: "ABCD-EFGH",
    status,
    siteName: "东门",
    timeZone: "Asia/Shanghai",
    address: "东门路 3 号",
    startsAt: at(startsAt),
    endsAt: new Date(at(startsAt).getTime() + 30 * 60_000),
  });

  it("are the current ones, soonest first, on the site's clock, changeable until the notice", () => {
    const shown = currentBookings([row("later", "2027-01-07T02:00:00Z"), row("gone", "2027-01-06T02:00:00Z", "cancelled"), row("soon", "2027-01-05T01:00:00Z"), row("past", "2027-01-04T01:00:00Z")], now, 120);
    expect(shown.map((booking) => booking.id)).toEqual(["soon", "later"]);
    expect(shown[0]).toEqual({ id: "soon", code: "ABCD-EFGH", status: "booked", siteName: "东门", address: "东门路 3 号", clock: { date: "2027-01-05", start: "09:00", end: "09:30" }, changeUntil: null });
    expect(shown[1]?.changeUntil).toEqual({ date: "2027-01-07", time: "08:00" });
  });

  it("cannot be changed once checked in", () => {
    expect(currentBookings([row("in", "2027-01-07T02:00:00Z", "checked_in")], now, 120)).toEqual([expect.objectContaining({ status: "checked_in", changeUntil: null })]);
  });
});
