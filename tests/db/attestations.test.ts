/**
 * Member-held attestations (migration 0032) on every engine: the server signs only the
 * caller's own negative result; only its member stores, lists and revokes a link; a link
 * opens (and the opening is noted) only while it holds. The table-by-table matrix is in
 * rls-matrix.test.ts.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { listOwnAttestations, openAttestation, revokeOwnAttestation, signOwnAttestation, storeOwnAttestation } from "~/data/attestations.server";
import { asMember, asSystem, type MemberTx } from "~/data/rls.server";
import { verifyPayload } from "~/data/signing-keys.server";
import { bookSlot } from "~/data/testing.server";
import { checkIn, createSlotSeries, recordResult } from "~/data/testing-staff.server";
import { addDays } from "~/domain/groups/local-time";
import { attestationSigningPayload } from "~/domain/testing/attestation";
import { singleSlot } from "~/domain/testing/slot-series";
import type { PersonaName } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { today } from "../support/group-fixture";
import { createTestingFixture, type TestingFixture } from "../support/testing-fixture";

const SECRET = "5a".repeat(32);

describeOnEveryEngine("test attestations", { personas: true }, ({ db, p }) => {
  let fixture: TestingFixture;
  /** B's booking at SX whose result is positive. */
  let positiveBookingId: string;

  const as = <T>(who: PersonaName, fn: (trx: MemberTx) => Promise<T>) => asMember(db, p[who].id, fn);
  const expiresOn = () => addDays(today(), 30);
  const store = (who: PersonaName, bookingId: string, id = randomUUID()) =>
    as(who, (trx) => storeOwnAttestation(trx, { id, bookingId, expiresOn: expiresOn(), sealed: "v1.xc20p.sealed" }));
  const openings = async (id: string) =>
    (await asSystem(db, "test: count openings", (trx) => trx.selectFrom("test_attestation_openings").select("id").where("attestation_id", "=", id).execute())).length;

  beforeAll(async () => {
    fixture = await createTestingFixture(db, p);
    const { timeZone: _zone, ...series } = singleSlot(addDays(today(), 3), "09:00", 30, 2, "Asia/Shanghai");
    const made = await as("socialWorkerX", (trx) => createSlotSeries(trx, fixture.siteX, series));
    if (!made.ok || !made.slotIds[0]) throw new Error("slot");
    const slotId = made.slotIds[0];
    const booked = await as("memberB", (trx) => bookSlot(trx, slotId, randomUUID()));
    if (!booked.ok) throw new Error("booking");
    await as("socialWorkerX", (trx) => checkIn(trx, booked.code));
    await as("socialWorkerX", (trx) => recordResult(trx, booked.code, "positive"));
    positiveBookingId = booked.bookingId;
  });

  describe("signing", () => {
    it("signs the minimal facts of the caller's own negative result, which the server's key verifies", async () => {
      const signed = await as("memberA", (trx) => signOwnAttestation(trx, SECRET, { bookingId: fixture.resultBookingId, expiresOn: expiresOn() }));
      if (!signed.ok) throw new Error(signed.reason);
      const { facts, signature } = signed.signed;
      // The fixture's tested slot was tomorrow (Beijing day).
      expect(facts).toEqual({ id: expect.any(String), outcome: "negative", testedOn: addDays(today(), 1), issuedOn: today(), expiresOn: expiresOn() });
      expect(verifyPayload(SECRET, "testAttestations", attestationSigningPayload(facts), signature)).toBe(true);
      expect(verifyPayload(SECRET, "attendanceStatements", attestationSigningPayload(facts), signature)).toBe(false);
      expect(verifyPayload(SECRET, "testAttestations", attestationSigningPayload({ ...facts, testedOn: today() }), signature)).toBe(false);
    });

    it("signs nothing for someone else's result, a result that is not negative, an unknown booking or a bad expiry", async () => {
      const sign = (who: PersonaName, bookingId: string, expires = expiresOn()) => as(who, (trx) => signOwnAttestation(trx, SECRET, { bookingId, expiresOn: expires }));
      for (const who of ["memberB", "socialWorkerX", "admin"] as const) {
        expect(await sign(who, fixture.resultBookingId), who).toEqual({ ok: false, reason: "not-negative" });
      }
      expect(await sign("memberB", positiveBookingId)).toEqual({ ok: false, reason: "not-negative" });
      expect(await sign("memberA", randomUUID())).toEqual({ ok: false, reason: "not-negative" });
      expect(await sign("memberA", "not-a-uuid")).toEqual({ ok: false, reason: "not-negative" });
      expect(await sign("memberA", fixture.resultBookingId, today())).toEqual({ ok: false, reason: "invalid", problems: [{ field: "expiresOn", problem: "past", days: 90 }] });
      expect(await sign("memberA", fixture.resultBookingId, addDays(today(), 91))).toEqual({
        ok: false,
        reason: "invalid",
        problems: [{ field: "expiresOn", problem: "tooLong", days: 90 }],
      });
    });
  });

  describe("links", () => {
    it("only the member stores a link of their own negative result, once per id", async () => {
      const id = randomUUID();
      expect(await store("memberB", fixture.resultBookingId, id)).toEqual({ ok: false, reason: "not-negative" });
      expect(await store("memberB", positiveBookingId, id)).toEqual({ ok: false, reason: "not-negative" });
      expect(await store("memberA", fixture.resultBookingId, id)).toEqual({ ok: true });
      expect(await store("memberA", fixture.resultBookingId, id)).toEqual({ ok: false, reason: "taken" });
      const listed = await as("memberA", listOwnAttestations);
      expect(listed.find((link) => link.id === id)).toEqual(
        expect.objectContaining({ bookingId: fixture.resultBookingId, testedOn: addDays(today(), 1), expiresOn: expiresOn(), revokedAt: null, openings: [] }),
      );
      for (const who of ["memberB", "socialWorkerX", "admin"] as const) {
        expect(await as(who, listOwnAttestations), who).toEqual([]);
      }
    });

    it("opens while it holds, noting each opening for its member only; revoked or expired, it gives nothing", async () => {
      const id = randomUUID();
      expect(await store("memberA", fixture.resultBookingId, id)).toEqual({ ok: true });
      expect(await asSystem(db, "test: open", (trx) => openAttestation(trx, id))).toEqual({ status: "valid", expiresOn: expiresOn(), sealed: "v1.xc20p.sealed" });
      expect(await asSystem(db, "test: open", (trx) => openAttestation(trx, id))).toEqual(expect.objectContaining({ status: "valid" }));
      expect(await openings(id)).toBe(2);
      const seen = (await as("memberA", listOwnAttestations)).find((link) => link.id === id);
      expect(seen?.openings).toHaveLength(2);

      expect(await as("memberB", (trx) => revokeOwnAttestation(trx, id))).toEqual({ ok: false });
      expect(await as("memberA", (trx) => revokeOwnAttestation(trx, id))).toEqual({ ok: true });
      expect(await as("memberA", (trx) => revokeOwnAttestation(trx, id))).toEqual({ ok: false });
      expect(await asSystem(db, "test: open", (trx) => openAttestation(trx, id))).toEqual({ status: "revoked", expiresOn: expiresOn() });
      expect(await openings(id)).toBe(2);

      const expiring = randomUUID();
      expect(await store("memberA", fixture.resultBookingId, expiring)).toEqual({ ok: true });
      await asSystem(db, "test: expire a link", (trx) => sql`update public.test_attestations set expires_on = private.portal_today() where id = ${expiring}::uuid`.execute(trx));
      expect(await asSystem(db, "test: open", (trx) => openAttestation(trx, expiring))).toEqual({ status: "expired", expiresOn: today() });
      expect(await openings(expiring)).toBe(0);

      expect(await asSystem(db, "test: open", (trx) => openAttestation(trx, randomUUID()))).toEqual({ status: "not-found" });
      expect(await asSystem(db, "test: open", (trx) => openAttestation(trx, "nope"))).toEqual({ status: "not-found" });
    });

    it("holds at most 20 live links per member", async () => {
      let stored = 0;
      let refusal: unknown = null;
      for (let attempt = 0; attempt < 25 && refusal === null; attempt += 1) {
        const result = await store("memberA", fixture.resultBookingId);
        if (result.ok) stored += 1;
        else refusal = result;
      }
      expect(refusal).toEqual({ ok: false, reason: "too-many" });
      const live = (await as("memberA", listOwnAttestations)).filter((link) => link.revokedAt === null && link.expiresOn > today());
      expect(live).toHaveLength(20);
      expect(stored).toBeGreaterThan(0);
    });
  });
});
