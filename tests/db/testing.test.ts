/**
 * Discreet testing (migration 0029) on every engine, persona by persona: who reads sites,
 * slots, the address, bookings and results; the booking rules (full, closed, past, same day,
 * a repeated request); cancelling; the staff's steps at the site by code; and, on the
 * PostgreSQL server, capacity under concurrent bookings. The table-by-table matrix is in
 * rls-matrix.test.ts.
 */
import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "~/data/db.server";
import { asMember, asSystem, type MemberTx } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { bookSlot, cancelBooking, listOpenSlots, listOwnBookings, listOwnResults } from "~/data/testing.server";
import { checkIn, closeSlot, createSlotSeries, createTestingSite, listSiteSlots, listSlotBookings, markNoShow, recordResult, setTestingSiteAddress, updateTestingSite } from "~/data/testing-staff.server";
import { addDays } from "~/domain/groups/local-time";
import { singleSlot, type SlotSeries } from "~/domain/testing/slot-series";
import { createTestAccount, grantTestRole, probe, type Persona, type PersonaName, type Who } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { today } from "../support/group-fixture";

const ADDRESS_X = "阳光路 8 号 2 楼";
const STAFF: readonly PersonaName[] = ["admin", "socialWorkerX", "socialWorkerY"];

/** One 30-minute slot at 10:00 on `date` (the site's zone is filled in by createSlotSeries). */
function oneSlot(date: string, capacity = 1): Omit<SlotSeries, "timeZone"> {
  const { timeZone: _zone, ...series } = singleSlot(date, "10:00", 30, capacity, "Asia/Shanghai");
  return series;
}

describeOnEveryEngine("discreet testing", { personas: true }, ({ db, p, engineOptions }) => {
  let siteX: string;
  let siteY: string;
  let day = 1;

  const as = <T>(who: PersonaName | Persona, fn: (trx: MemberTx) => Promise<T>) => asMember(db, typeof who === "string" ? p[who].id : who.id, fn);

  /** A new slot at the site on a date no other test uses (so the same-day rule stays out of the way). */
  async function newSlot(site: string, capacity = 1, worker: PersonaName = site === siteX ? "socialWorkerX" : "socialWorkerY"): Promise<string> {
    day += 1;
    const made = await as(worker, (trx) => createSlotSeries(trx, site, oneSlot(addDays(today(), day), capacity)));
    if (!made.ok || made.slotIds.length !== 1) throw new Error(`slot: ${JSON.stringify(made)}`);
    return made.slotIds[0] ?? "";
  }

  async function book(who: PersonaName | Persona, slotId: string, key = randomUUID()) {
    return as(who, (trx) => bookSlot(trx, slotId, key));
  }

  async function bookedCount(slotId: string): Promise<number> {
    const row = await asSystem(db, "test: read booked", (trx) => trx.selectFrom("testing_slots").select("booked").where("id", "=", slotId).executeTakeFirstOrThrow());
    return row.booked;
  }

  const readAddresses = (who: Who | Persona) =>
    probe(db, p, who, async (trx) => (await trx.selectFrom("testing_site_addresses").select(["site_id", "address"]).execute()).map((row) => row.address));

  beforeAll(async () => {
    const x = await as("socialWorkerX", (trx) => createTestingSite(trx, { areaId: p.areas.districtX, publicName: "城东健康服务点", openingNotes: "周一至周五", accessibilityNotes: "有坡道", timeZone: "Asia/Shanghai" }));
    const y = await as("socialWorkerY", (trx) => createTestingSite(trx, { areaId: p.areas.districtY, publicName: "江北服务点", openingNotes: "", accessibilityNotes: "", timeZone: "Asia/Shanghai" }));
    if (!x.ok || !y.ok) throw new Error("sites");
    siteX = x.id;
    siteY = y.id;
    await as("socialWorkerX", (trx) => setTestingSiteAddress(trx, siteX, ADDRESS_X));
    await as("socialWorkerY", (trx) => setTestingSiteAddress(trx, siteY, "江北路 1 号"));
  });

  describe("sites", () => {
    it("only social workers serving the area (or a city above it) open and change sites there", async () => {
      const site = { areaId: p.areas.districtX, publicName: "服务点", openingNotes: "", accessibilityNotes: "", timeZone: "Asia/Shanghai" };
      for (const who of ["memberA", "memberB", "admin", "socialWorkerY"] as const) {
        expect(await as(who, (trx) => createTestingSite(trx, site)), who).toEqual({ ok: false, reason: "not-allowed" });
        expect(await as(who, (trx) => updateTestingSite(trx, siteX, { publicName: "改名" })), who).toEqual({ ok: false, reason: "not-allowed" });
        const direct = await probe(db, p, who, async (trx) => (await trx.updateTable("testing_sites").set({ public_name: "改名" }).where("id", "=", siteX).executeTakeFirst()).numUpdatedRows);
        expect(direct === "refused" || direct === 0n, who).toBe(true);
      }
      const cityWorker = await createTestAccount(db, "socialWorkerX");
      await grantTestRole(db, cityWorker.id, "social_worker", p.areas.cityX);
      const made = await as(cityWorker, (trx) => createTestingSite(trx, site));
      expect(made.ok).toBe(true);
      expect(await as("socialWorkerX", (trx) => createTestingSite(trx, { ...site, publicName: " " }))).toEqual({ ok: false, reason: "invalid" });
      expect(await as("socialWorkerX", (trx) => createTestingSite(trx, { ...site, timeZone: "Mars/Base" }))).toEqual({ ok: false, reason: "invalid" });
    });

    it("every signed-in member reads open sites anywhere; a closed one only its serving workers", async () => {
      const closing = await as("socialWorkerY", (trx) => createTestingSite(trx, { areaId: p.areas.districtY, publicName: "暂停服务点", openingNotes: "", accessibilityNotes: "", timeZone: "Asia/Shanghai" }));
      if (!closing.ok) throw new Error("site");
      expect(await as("socialWorkerY", (trx) => updateTestingSite(trx, closing.id, { status: "closed" }))).toEqual({ ok: true });
      for (const who of ["memberA", "memberB", "admin", "socialWorkerX", "socialWorkerY"] as const) {
        const seen = await as(who, (trx) => trx.selectFrom("testing_sites").select("id").execute());
        const ids = seen.map((row) => row.id);
        expect(ids, who).toEqual(expect.arrayContaining([siteX, siteY]));
        expect(ids.includes(closing.id), who).toBe(who === "socialWorkerY");
      }
      expect(await probe(db, p, "anon", (trx) => trx.selectFrom("testing_sites").select("id").execute())).toBe("refused");
    });
  });

  describe("slots", () => {
    it("members list open slots with places left in an area and its sub-areas; closed and full ones drop out", async () => {
      const open = await newSlot(siteX, 2);
      const closed = await newSlot(siteX);
      const full = await newSlot(siteX);
      expect((await book("memberB", full)).ok).toBe(true);
      expect(await as("socialWorkerX", (trx) => closeSlot(trx, closed))).toEqual({ ok: true });
      const listed = await as("memberB", (trx) => listOpenSlots(trx, { areaId: p.areas.provinceX, days: 60 }));
      const mine = listed.filter((slot) => [open, closed, full].includes(slot.slotId));
      expect(mine).toEqual([expect.objectContaining({ slotId: open, siteId: siteX, siteName: "城东健康服务点", placesLeft: 2, areaId: p.areas.districtX })]);
      expect(listed.some((slot) => slot.siteId === siteY)).toBe(false);
      expect(await as("memberB", (trx) => listOpenSlots(trx, { areaId: p.areas.districtZ, days: 60 }))).toEqual([]);
      // The serving worker still sees the closed one; the other area's worker does not.
      expect((await as("socialWorkerX", (trx) => listSiteSlots(trx, siteX, new Date()))).map((slot) => slot.id)).toEqual(expect.arrayContaining([open, closed, full]));
      expect(await as("socialWorkerY", (trx) => listSiteSlots(trx, siteX, new Date()))).toEqual([]);
      const directly = await as("socialWorkerY", (trx) => trx.selectFrom("testing_slots").select("id").where("id", "=", closed).execute());
      expect(directly).toEqual([]);
    });

    it("only serving workers add and close slots; a series is written in one go", async () => {
      const series = { ...oneSlot(addDays(today(), 70), 3), endsOn: addDays(today(), 76), weekdays: [0, 1, 2, 3, 4, 5, 6], endTime: "11:00" };
      for (const who of ["memberA", "admin", "socialWorkerY"] as const) {
        expect(await as(who, (trx) => createSlotSeries(trx, siteX, series)), who).toEqual({ ok: false, reason: "not-allowed" });
      }
      const direct = await probe(db, p, "socialWorkerY", (trx) =>
        trx.insertInto("testing_slots").values({ site_id: siteX, starts_at: new Date(Date.now() + 86_400_000), ends_at: new Date(Date.now() + 90_000_000), local_date: addDays(today(), 1), capacity: 1 }).execute(),
      );
      expect(direct).toBe("refused");
      const made = await as("socialWorkerX", (trx) => createSlotSeries(trx, siteX, series));
      expect(made.ok && made.slotIds.length).toBe(14);
      const past = await as("socialWorkerX", (trx) => createSlotSeries(trx, siteX, oneSlot(addDays(today(), -1))));
      expect(past).toEqual({ ok: false, reason: "invalid", problems: [{ field: "startsOn", problem: "past" }] });
      const slot = made.ok ? (made.slotIds[0] ?? "") : "";
      for (const who of ["memberA", "admin", "socialWorkerY"] as const) {
        expect(await as(who, (trx) => closeSlot(trx, slot)), who).toEqual({ ok: false, reason: "not-found" });
      }
      expect(await as("socialWorkerX", (trx) => closeSlot(trx, slot))).toEqual({ ok: true });
    });
  });

  describe("bookings and addresses", () => {
    it("a member reads only their own booking, never anyone's member_id; staff read no booking rows", async () => {
      const slot = await newSlot(siteX, 5);
      const a = await book("memberA", slot);
      const b = await book("memberB", slot);
      if (!a.ok || !b.ok) throw new Error("bookings");
      expect(a.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      const seenBy = (who: PersonaName) => as(who, (trx) => trx.selectFrom("testing_bookings").select(["id", "member_id"]).where("slot_id", "=", slot).execute());
      expect(await seenBy("memberA")).toEqual([{ id: a.bookingId, member_id: p.memberA.id }]);
      expect(await seenBy("memberB")).toEqual([{ id: b.bookingId, member_id: p.memberB.id }]);
      for (const who of STAFF) expect(await seenBy(who), who).toEqual([]);
      // Staff of the site get codes and statuses, nothing that names anyone.
      const listed = await as("socialWorkerX", (trx) => listSlotBookings(trx, slot));
      expect(listed.map((row) => row.code).sort()).toEqual([a.code, b.code].sort());
      for (const row of listed) expect(Object.keys(row).sort()).toEqual(["changedAt", "code", "outcome", "status"]);
      const raw = await as("socialWorkerX", (trx) => sql<Record<string, unknown>>`select * from private.slot_bookings(${slot}::uuid)`.execute(trx));
      expect(JSON.stringify(raw.rows)).not.toContain(p.memberA.id);
      expect(JSON.stringify(raw.rows)).not.toContain(p.memberA.handle);
      for (const who of ["memberA", "memberB", "admin", "socialWorkerY"] as const) {
        expect(await as(who, (trx) => listSlotBookings(trx, slot)), who).toEqual([]);
      }
      expect(await probe(db, p, "anon", (trx) => sql`select * from private.slot_bookings(${slot}::uuid)`.execute(trx))).toBe("refused");
    });

    it("the address is read only by workers serving the site and members holding a current booking there", async () => {
      const member = await createTestAccount(db, "memberA");
      const slot = await newSlot(siteX);
      expect(await readAddresses(member)).toEqual([]);
      const booked = await book(member, slot);
      if (!booked.ok) throw new Error("booking");
      expect(await readAddresses(member)).toEqual([ADDRESS_X]);
      const own = await as(member, (trx) => listOwnBookings(trx));
      expect(own).toEqual([expect.objectContaining({ id: booked.bookingId, code: booked.code, status: "booked", siteName: "城东健康服务点", address: ADDRESS_X })]);
      expect(await readAddresses("socialWorkerX")).toEqual([ADDRESS_X]);
      expect(await readAddresses("socialWorkerY")).toEqual(["江北路 1 号"]);
      expect(await readAddresses("admin")).toEqual([]);
      expect(await readAddresses("anon")).toBe("refused");
      // Once cancelled, the booking stays listed but the address goes.
      expect(await as(member, (trx) => cancelBooking(trx, booked.bookingId))).toEqual({ ok: true });
      expect(await readAddresses(member)).toEqual([]);
      expect(await as(member, (trx) => listOwnBookings(trx))).toEqual([expect.objectContaining({ id: booked.bookingId, status: "cancelled", address: null })]);
      // Only serving workers write it.
      for (const who of ["memberA", "admin", "socialWorkerY"] as const) {
        expect(await as(who, (trx) => setTestingSiteAddress(trx, siteX, "别处")), who).toEqual({ ok: false, reason: "not-allowed" });
      }
    });
  });

  describe("booking rules", () => {
    it("full, closed, past, same day and unknown slots are refused; places are never over-booked", async () => {
      const single = await newSlot(siteY);
      expect((await book("memberA", single)).ok).toBe(true);
      expect(await book("memberB", single)).toEqual({ ok: false, reason: "full" });
      expect(await bookedCount(single)).toBe(1);

      const closed = await newSlot(siteY);
      await as("socialWorkerY", (trx) => closeSlot(trx, closed));
      expect(await book("memberB", closed)).toEqual({ ok: false, reason: "closed" });

      const started = await newSlot(siteY);
      await asSystem(db, "test: slot started", (trx) => sql`update public.testing_slots set starts_at = now() - interval '5 minutes' where id = ${started}::uuid`.execute(trx));
      expect(await book("memberB", started)).toEqual({ ok: false, reason: "past" });

      const first = await newSlot(siteX, 3);
      const sameDay = await as("socialWorkerX", async (trx) => {
        const date = (await trx.selectFrom("testing_slots").select("local_date").where("id", "=", first).executeTakeFirstOrThrow()).local_date;
        const made = await createSlotSeries(trx, siteX, { ...oneSlot(date, 3), startTime: "15:00", endTime: "15:30" });
        return made.ok ? (made.slotIds[0] ?? "") : "";
      });
      expect((await book("memberB", first)).ok).toBe(true);
      expect(await book("memberB", sameDay)).toEqual({ ok: false, reason: "sameDay" });
      expect((await book("memberA", sameDay)).ok).toBe(true);

      expect(await book("memberB", randomUUID())).toEqual({ ok: false, reason: "not-found" });
      expect(await book("memberB", "not a uuid")).toEqual({ ok: false, reason: "not-found" });
    });

    it("the same idempotency key again gives back the first booking and books nothing more", async () => {
      const slot = await newSlot(siteX, 5);
      const key = randomUUID();
      const first = await book("memberA", slot, key);
      const again = await book("memberA", slot, key);
      if (!first.ok) throw new Error("booking");
      expect(first.repeated).toBe(false);
      expect(again).toEqual({ ok: true, bookingId: first.bookingId, code: first.code, repeated: true });
      expect(await bookedCount(slot)).toBe(1);
      // Another member's request with the same key is theirs alone.
      expect((await book("memberB", slot, key)).ok).toBe(true);
      expect(await bookedCount(slot)).toBe(2);
    });

    it("cancelling frees the place, only for the member's own booked booking and only until the notice", async () => {
      const slot = await newSlot(siteX);
      const a = await book("memberA", slot);
      if (!a.ok) throw new Error("booking");
      for (const who of ["memberB", "socialWorkerX", "admin"] as const) {
        expect(await as(who, (trx) => cancelBooking(trx, a.bookingId)), who).toEqual({ ok: false, reason: "not-found" });
      }
      expect(await bookedCount(slot)).toBe(1);
      expect(await as("memberA", (trx) => cancelBooking(trx, a.bookingId))).toEqual({ ok: true });
      expect(await bookedCount(slot)).toBe(0);
      expect(await as("memberA", (trx) => cancelBooking(trx, a.bookingId))).toEqual({ ok: false, reason: "not-found" });
      expect(await bookedCount(slot)).toBe(0);
      expect((await book("memberB", slot)).ok).toBe(true);

      const soon = await newSlot(siteX);
      const late = await book("memberA", soon);
      if (!late.ok) throw new Error("booking");
      await asSystem(db, "test: slot soon", (trx) =>
        sql`update public.testing_slots set starts_at = now() + interval '60 minutes', ends_at = now() + interval '90 minutes' where id = ${soon}::uuid`.execute(trx),
      );
      expect(await as("memberA", (trx) => cancelBooking(trx, late.bookingId))).toEqual({ ok: false, reason: "tooLate" });
      expect(await as("memberA", (trx) => cancelBooking(trx, late.bookingId, 30))).toEqual({ ok: true });
    });
  });

  describe("at the site", () => {
    it("only workers serving the site check in, mark no-shows and record results, by code", async () => {
      const slot = await newSlot(siteX, 3);
      const a = await book("memberA", slot);
      const b = await book("memberB", slot);
      if (!a.ok || !b.ok) throw new Error("bookings");
      for (const who of ["memberA", "memberB", "admin", "socialWorkerY"] as const) {
        expect(await as(who, (trx) => checkIn(trx, a.code)), who).toEqual({ ok: false, reason: "not-found" });
        expect(await as(who, (trx) => markNoShow(trx, b.code)), who).toEqual({ ok: false, reason: "not-found" });
      }
      expect(await as("socialWorkerX", (trx) => recordResult(trx, a.code, "negative"))).toEqual({ ok: false, reason: "wrong-status" });
      // Typed as read out: lower case, a space for the dash.
      expect(await as("socialWorkerX", (trx) => checkIn(trx, a.code.toLowerCase().replace("-", " ")))).toEqual({ ok: true });
      expect(await as("socialWorkerX", (trx) => checkIn(trx, "nonsense"))).toEqual({ ok: false, reason: "not-found" });
      expect(await as("socialWorkerX", (trx) => markNoShow(trx, b.code))).toEqual({ ok: true });
      expect(await as("socialWorkerX", (trx) => checkIn(trx, b.code))).toEqual({ ok: false, reason: "wrong-status" });
      for (const who of ["memberA", "admin", "socialWorkerY"] as const) {
        expect(await as(who, (trx) => recordResult(trx, a.code, "positive")), who).toEqual({ ok: false, reason: "not-found" });
      }
      expect(await as("socialWorkerX", (trx) => recordResult(trx, a.code, "negative"))).toEqual({ ok: true });
      expect(await as("socialWorkerX", (trx) => recordResult(trx, a.code, "positive"))).toEqual({ ok: false, reason: "wrong-status" });
      expect(await as("socialWorkerX", (trx) => listSlotBookings(trx, slot))).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: a.code, status: "done", outcome: "negative" }),
          expect.objectContaining({ code: b.code, status: "no_show", outcome: null }),
        ]),
      );
      // A no-show or a checked-in booking still holds its place.
      expect(await bookedCount(slot)).toBe(2);

      // The result: its member and the site's workers read it; nobody else.
      expect(await as("memberA", (trx) => listOwnResults(trx))).toEqual([expect.objectContaining({ bookingId: a.bookingId, code: a.code, outcome: "negative", siteName: "城东健康服务点" })]);
      expect(await as("memberB", (trx) => listOwnResults(trx))).toEqual([]);
      const results = (who: PersonaName) => probe(db, p, who, async (trx) => (await trx.selectFrom("testing_results").select(["booking_id", "outcome"]).execute()).map((row) => row.booking_id));
      expect(await results("memberA")).toEqual([a.bookingId]);
      expect(await results("memberB")).toEqual([]);
      expect(await results("socialWorkerX")).toEqual([a.bookingId]);
      expect(await results("socialWorkerY")).toEqual([]);
      expect(await results("admin")).toEqual([]);
      expect(await probe(db, p, "anon", (trx) => trx.selectFrom("testing_results").select("booking_id").execute())).toBe("refused");
      // Still no way from the result to the member for staff.
      expect(await as("socialWorkerX", (trx) => trx.selectFrom("testing_bookings").select("member_id").where("id", "=", a.bookingId).execute())).toEqual([]);
    });

    it("nobody writes bookings or results by hand", async () => {
      const slot = await newSlot(siteX);
      for (const who of ["memberA", "admin", "socialWorkerX"] as const) {
        expect(
          await probe(db, p, who, (trx) => sql`insert into public.testing_bookings (slot_id, code, idempotency_key) values (${slot}::uuid, 'AAAA-AAAA', ${randomUUID()}::uuid)`.execute(trx)),
          who,
        ).toBe("refused");
        expect(await probe(db, p, who, (trx) => sql`update public.testing_slots set booked = 0 where id = ${slot}::uuid`.execute(trx)), who).toBe("refused");
      }
    });
  });

  describe("concurrent bookings", () => {
    // On the PostgreSQL server through 24 connections at once (PGlite has one connection and
    // takes transactions one by one, so there it checks the arithmetic only).
    it("100 members at once on one place give one booking; 1,000 attempts on 50 slots of 3 never more than 3 each", async () => {
      const wide: Kysely<Database> = engineOptions.kind === "postgres" ? await connectDatabase({ ...engineOptions, maxConnections: 24 }) : db;
      try {
        const members: Persona[] = [];
        for (let index = 0; index < 100; index += 1) members.push(await createTestAccount(db, "memberB"));

        const single = await newSlot(siteX, 1);
        const answers = await Promise.all(members.map((member) => asMember(wide, member.id, (trx) => bookSlot(trx, single, randomUUID()))));
        expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
        expect(answers.filter((answer) => !answer.ok && answer.reason === "full")).toHaveLength(99);
        expect(await bookedCount(single)).toBe(1);

        day += 1;
        const from = addDays(today(), day);
        day += 49;
        const series = { ...oneSlot(from, 3), endsOn: addDays(from, 49), weekdays: [0, 1, 2, 3, 4, 5, 6] };
        const made = await asMember(db, p.socialWorkerY.id, (trx) => createSlotSeries(trx, siteY, series));
        if (!made.ok) throw new Error("series");
        const slots = made.slotIds;
        expect(slots).toHaveLength(50);
        // Each member tries ten slots on ten different days: 1,000 attempts, twenty a slot.
        const offsets = Array.from({ length: 10 }, (_, step) => step * 5);
        const attempts = members.flatMap((member, index) => offsets.map((offset) => ({ member, slot: slots[(index + offset) % 50] ?? "" })));
        expect(attempts).toHaveLength(1000);
        await Promise.all(attempts.map(({ member, slot }) => asMember(wide, member.id, (trx) => bookSlot(trx, slot, randomUUID()))));
        const counts = await asSystem(db, "test: count bookings", (trx) =>
          sql<{ id: string; booked: number; rows: number }>`
            select s.id, s.booked, (select count(*)::integer from public.testing_bookings b where b.slot_id = s.id and b.status = 'booked') as rows
            from public.testing_slots s where s.id = any (${slots}::uuid[])`.execute(trx),
        );
        expect(counts.rows).toHaveLength(50);
        for (const row of counts.rows) {
          expect(row.rows).toBeLessThanOrEqual(3);
          expect(row.booked).toBe(row.rows);
        }
        // Twenty attempts a slot with room for three: every slot filled.
        expect(counts.rows.every((row) => row.booked === 3)).toBe(true);
      } finally {
        if (wide !== db) await wide.destroy();
      }
    }, 120_000);
  });
});
