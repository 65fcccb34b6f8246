/**
 * A member's own testing bookings on every engine (issue 17, member side): reading one booking
 * back, and moving a booking to another slot in one transaction: moved; a refused new slot
 * keeps the old booking as it was; someone else's booking is not found; within the same day
 * despite the one-a-day rule; a form sent twice moves once.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { asMember, asSystem, type MemberTx } from "~/data/rls.server";
import { bookSlot, getOwnBooking, listOpenSlots, listOwnBookings, moveBooking } from "~/data/testing.server";
import { closeSlot, createSlotSeries, createTestingSite, setTestingSiteAddress } from "~/data/testing-staff.server";
import { addDays } from "~/domain/groups/local-time";
import { BOOKING_NOTICE_MINUTES_DEFAULT } from "~/domain/testing/booking-rules";
import { singleSlot } from "~/domain/testing/slot-series";
import type { PersonaName } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { today } from "../support/group-fixture";

const NOTICE = BOOKING_NOTICE_MINUTES_DEFAULT;

describeOnEveryEngine("a member's testing bookings", { personas: true }, ({ db, p }) => {
  let site: string;
  let day = 1;

  const as = <T>(who: PersonaName, fn: (trx: MemberTx) => Promise<T>) => asMember(db, p[who].id, fn);

  /** Slots at the site on a date no other test uses, one per start time. */
  async function slotsOnNewDay(times: string[], capacity = 2): Promise<string[]> {
    day += 1;
    const date = addDays(today(), day);
    const ids: string[] = [];
    for (const time of times) {
      const { timeZone: _zone, ...series } = singleSlot(date, time, 30, capacity, "Asia/Shanghai");
      const made = await as("socialWorkerX", (trx) => createSlotSeries(trx, site, series));
      if (!made.ok || !made.slotIds[0]) throw new Error(`slot: ${JSON.stringify(made)}`);
      ids.push(made.slotIds[0]);
    }
    return ids;
  }

  async function book(who: PersonaName, slotId: string) {
    const booked = await as(who, (trx) => bookSlot(trx, slotId, randomUUID()));
    if (!booked.ok) throw new Error(`booking: ${booked.reason}`);
    return booked;
  }

  const booked = (slotId: string) =>
    asSystem(db, "test: read booked", async (trx) => (await trx.selectFrom("testing_slots").select("booked").where("id", "=", slotId).executeTakeFirstOrThrow()).booked);
  const statusOf = async (who: PersonaName, bookingId: string) => (await as(who, (trx) => getOwnBooking(trx, bookingId)))?.status;
  const move = (who: PersonaName, bookingId: string, slotId: string, idempotencyKey = randomUUID()) =>
    as(who, (trx) => moveBooking(trx, { bookingId, slotId, idempotencyKey, noticeMinutes: NOTICE }));

  beforeAll(async () => {
    const made = await as("socialWorkerX", (trx) => createTestingSite(trx, { areaId: p.areas.districtX, publicName: "东门服务点", openingNotes: "", accessibilityNotes: "", timeZone: "Asia/Shanghai" }));
    if (!made.ok) throw new Error("site");
    site = made.id;
    await as("socialWorkerX", (trx) => setTestingSiteAddress(trx, site, "东门路 3 号"));
  });

  it("reads one of the member's own bookings back with its site's zone and address, and nobody else's", async () => {
    const [slot = ""] = await slotsOnNewDay(["10:00"]);
    const mine = await book("memberA", slot);
    expect(await as("memberA", (trx) => getOwnBooking(trx, mine.bookingId))).toEqual(
      expect.objectContaining({ id: mine.bookingId, code: mine.code, status: "booked", siteName: "东门服务点", timeZone: "Asia/Shanghai", address: "东门路 3 号" }),
    );
    expect(await as("memberB", (trx) => getOwnBooking(trx, mine.bookingId))).toBeUndefined();
    expect(await as("memberA", (trx) => getOwnBooking(trx, "not a uuid"))).toBeUndefined();
    expect(await as("memberA", (trx) => listOpenSlots(trx, { areaId: p.areas.districtX, days: 60 }))).toEqual(
      expect.arrayContaining([expect.objectContaining({ slotId: slot, timeZone: "Asia/Shanghai", placesLeft: 1 })]),
    );
  });

  it("moves a booking: the old one cancelled and its place free, the new one booked under a new code", async () => {
    const [from = ""] = await slotsOnNewDay(["10:00"]);
    const [to = ""] = await slotsOnNewDay(["15:00"]);
    const old = await book("memberA", from);
    const moved = await move("memberA", old.bookingId, to);
    if (!moved.ok) throw new Error(moved.reason);
    expect(moved.repeated).toBe(false);
    expect(moved.code).not.toBe(old.code);
    expect(await statusOf("memberA", old.bookingId)).toBe("cancelled");
    expect(await statusOf("memberA", moved.bookingId)).toBe("booked");
    expect([await booked(from), await booked(to)]).toEqual([0, 1]);
  });

  it("moves within the same day although a member holds one booking a day", async () => {
    const [morning = "", afternoon = ""] = await slotsOnNewDay(["09:00", "14:00"]);
    const old = await book("memberA", morning);
    expect(await as("memberA", (trx) => bookSlot(trx, afternoon, randomUUID()))).toEqual({ ok: false, reason: "sameDay" });
    const moved = await move("memberA", old.bookingId, afternoon);
    expect(moved).toEqual(expect.objectContaining({ ok: true, repeated: false }));
    expect([await booked(morning), await booked(afternoon)]).toEqual([0, 1]);
  });

  it("keeps the old booking as it was when the new slot is refused", async () => {
    const [from = ""] = await slotsOnNewDay(["10:00"]);
    const [full = "", closed = ""] = await slotsOnNewDay(["09:00", "11:00"], 1);
    await book("memberB", full);
    await as("socialWorkerX", (trx) => closeSlot(trx, closed));
    const old = await book("memberA", from);
    const cases: Array<[string, string]> = [
      [full, "full"],
      [closed, "closed"],
      [randomUUID(), "not-found"],
    ];
    for (const [slotId, reason] of cases) {
      expect(await move("memberA", old.bookingId, slotId), reason).toEqual({ ok: false, reason });
      expect(await statusOf("memberA", old.bookingId), reason).toBe("booked");
      expect(await booked(from), reason).toBe(1);
    }
    expect([await booked(full), await booked(closed)]).toEqual([1, 0]);
  });

  it("refuses a second booking on a day already booked, keeping the old one", async () => {
    const [from = ""] = await slotsOnNewDay(["10:00"]);
    const [heldMorning = "", afternoon = ""] = await slotsOnNewDay(["09:00", "15:00"]);
    await book("memberA", heldMorning);
    const old = await book("memberA", from);
    expect(await move("memberA", old.bookingId, afternoon)).toEqual({ ok: false, reason: "sameDay" });
    expect(await statusOf("memberA", old.bookingId)).toBe("booked");
    expect([await booked(from), await booked(afternoon)]).toEqual([1, 0]);
  });

  it("finds no booking of someone else's, or a made-up one, and changes nothing", async () => {
    const [from = "", to = ""] = await slotsOnNewDay(["10:00", "11:00"]);
    const theirs = await book("memberA", from);
    for (const bookingId of [theirs.bookingId, randomUUID(), "made-up"]) {
      const refused = await move("memberB", bookingId, to);
      expect(refused, bookingId).toEqual(bookingId === "made-up" ? { ok: false, reason: "not-found" } : { ok: false, reason: "no-booking" });
    }
    expect(await statusOf("memberA", theirs.bookingId)).toBe("booked");
    expect([await booked(from), await booked(to)]).toEqual([1, 0]);
    expect((await as("memberB", (trx) => listOwnBookings(trx))).some((booking) => booking.id === theirs.bookingId)).toBe(false);
  });

  it("moves once for a form sent twice, and not a cancelled booking", async () => {
    const [from = "", to = ""] = await slotsOnNewDay(["10:00", "11:00"]);
    const old = await book("memberA", from);
    const key = randomUUID();
    const first = await move("memberA", old.bookingId, to, key);
    const again = await move("memberA", old.bookingId, to, key);
    if (!first.ok) throw new Error(first.reason);
    expect(again).toEqual({ ...first, repeated: true });
    expect([await booked(from), await booked(to)]).toEqual([0, 1]);
    expect(await move("memberA", old.bookingId, from)).toEqual({ ok: false, reason: "no-booking" });
  });

  it("refuses to move a booking once the notice before its slot has begun", async () => {
    const [from = "", to = ""] = await slotsOnNewDay(["10:00", "11:00"]);
    const old = await book("memberA", from);
    // A notice longer than the time left until the slot: too late.
    const late = await as("memberA", (trx) => moveBooking(trx, { bookingId: old.bookingId, slotId: to, idempotencyKey: randomUUID(), noticeMinutes: 60 * 24 * 400 }));
    expect(late).toEqual({ ok: false, reason: "tooLate" });
    expect(await statusOf("memberA", old.bookingId)).toBe("booked");
    expect([await booked(from), await booked(to)]).toEqual([1, 0]);
  });
});
