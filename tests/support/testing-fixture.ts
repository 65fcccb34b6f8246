/**
 * Testing sites as the RLS matrix needs them, built through the data functions as the people
 * involved would: worker X runs site SX in district X (with an address) and a second site
 * without one; worker Y runs SY in district Y (with an address); each site has slots. A holds
 * a booking at SX and has a result from another (checked in and tested); B booked at SX and
 * cancelled. A made an attestation link of that result, opened once.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { openAttestation, storeOwnAttestation } from "~/data/attestations.server";
import { asMember, asSystem } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { bookSlot, cancelBooking } from "~/data/testing.server";
import { checkIn, createSlotSeries, createTestingSite, recordResult, setTestingSiteAddress } from "~/data/testing-staff.server";
import { addDays } from "~/domain/groups/local-time";
import { singleSlot } from "~/domain/testing/slot-series";
import type { Personas } from "./db-personas";
import { today } from "./group-fixture";

export interface TestingFixture {
  siteX: string;
  /** A site of worker X's without an address yet. */
  bareSiteX: string;
  siteY: string;
  /** A's current booking at SX. */
  slotX: string;
  /** A's tested booking (its result is the fixture's one result). */
  resultBookingId: string;
  /** A's attestation of that result, opened once. */
  attestationId: string;
}

export async function createTestingFixture(db: Kysely<Database>, p: Personas): Promise<TestingFixture> {
  const site = async (workerId: string, areaId: string, publicName: string) => {
    const made = await asMember(db, workerId, (trx) => createTestingSite(trx, { areaId, publicName, openingNotes: "", accessibilityNotes: "", timeZone: "Asia/Shanghai" }));
    if (!made.ok) throw new Error(`fixture: site ${publicName}`);
    return made.id;
  };
  const slot = async (workerId: string, siteId: string, inDays: number) => {
    const { timeZone: _zone, ...series } = singleSlot(addDays(today(), inDays), "10:00", 30, 3, "Asia/Shanghai");
    const made = await asMember(db, workerId, (trx) => createSlotSeries(trx, siteId, series));
    if (!made.ok || !made.slotIds[0]) throw new Error("fixture: slot");
    return made.slotIds[0];
  };
  const book = async (memberId: string, slotId: string) => {
    const booked = await asMember(db, memberId, (trx) => bookSlot(trx, slotId, randomUUID()));
    if (!booked.ok) throw new Error(`fixture: booking ${booked.reason}`);
    return booked;
  };
  const siteX = await site(p.socialWorkerX.id, p.areas.districtX, "城东服务点");
  const bareSiteX = await site(p.socialWorkerX.id, p.areas.districtX, "城西服务点");
  const siteY = await site(p.socialWorkerY.id, p.areas.districtY, "江北服务点");
  await asMember(db, p.socialWorkerX.id, (trx) => setTestingSiteAddress(trx, siteX, "阳光路 8 号"));
  await asMember(db, p.socialWorkerY.id, (trx) => setTestingSiteAddress(trx, siteY, "江北路 1 号"));
  const slotX = await slot(p.socialWorkerX.id, siteX, 2);
  const testedSlot = await slot(p.socialWorkerX.id, siteX, 1);
  await slot(p.socialWorkerY.id, siteY, 1);
  await book(p.memberA.id, slotX);
  const tested = await book(p.memberA.id, testedSlot);
  await asMember(db, p.socialWorkerX.id, (trx) => checkIn(trx, tested.code));
  const recorded = await asMember(db, p.socialWorkerX.id, (trx) => recordResult(trx, tested.code, "negative"));
  if (!recorded.ok) throw new Error("fixture: result");
  const cancelled = await book(p.memberB.id, slotX);
  await asMember(db, p.memberB.id, (trx) => cancelBooking(trx, cancelled.bookingId));
  const attestationId = randomUUID();
  const stored = await asMember(db, p.memberA.id, (trx) =>
    storeOwnAttestation(trx, { id: attestationId, bookingId: tested.bookingId, expiresOn: addDays(today(), 30), sealed: "v1.xc20p.fixture" }),
  );
  if (!stored.ok) throw new Error(`fixture: attestation ${stored.reason}`);
  await asSystem(db, "test: open an attestation", (trx) => openAttestation(trx, attestationId));
  return { siteX, bareSiteX, siteY, slotX, resultBookingId: tested.bookingId, attestationId };
}
