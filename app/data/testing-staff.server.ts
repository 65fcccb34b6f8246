/**
 * Discreet drug testing for the social workers serving a site's area (migration 0029): they
 * open sites and run their slots and, at the site, know a booking only by its code. The
 * members' side is testing.server.ts. Everything runs as the member (asMember): RLS decides
 * what they read; the steps at the site go through the private functions, whose answering
 * word these functions pass on as a typed result.
 */
import { sql, type RawBuilder } from "kysely";
import { isUuid } from "~/domain/formats/uuid";
import { isKnownTimeZone, todayIn } from "~/domain/groups/local-time";
import { normaliseBookingCode, type BookingStatus, type TestOutcome } from "~/domain/testing/booking-rules";
import { SITE_LIMITS } from "~/domain/testing/site-fields";
import { checkSlotSeries, expandSlots, type SlotSeries, type SlotSeriesProblem } from "~/domain/testing/slot-series";
import { callWord, callYes } from "./private-calls.server";
import { callerId, type MemberTx } from "./rls.server";
import { OPEN_SLOTS_LIMIT, type NotAllowed, type NotFound } from "./testing.server";

const PUBLIC_NAME_MAX = SITE_LIMITS.publicName;
const NOTES_MAX = SITE_LIMITS.notes;
const ADDRESS_MAX = SITE_LIMITS.address;

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
