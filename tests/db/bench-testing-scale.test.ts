/**
 * bench/support/seed-testing.ts on every engine: the open-slots benchmark's volume lands as
 * it says (100,000 slots, most away from the demo member's district, past and coming ones in
 * it), passes the tables' checks, and the member's own listing finds a district's worth.
 */
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asMember } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { listOpenSlots } from "~/data/testing.server";
import { OTHER_AREA, SEEDED_SITE_PREFIXES, TESTING_SCALE_SLOTS, testingScaleStatements, testingScaleSummary } from "../../bench/support/seed-testing";
import { DEMO_MEMBER, TIANHE } from "../../bench/support/seed-scale";
import { dbEngines } from "../support/db-engines";

const WEEKS = 4;
/** Only the seeded sites: the demo data has testing sites and slots of its own. */
const SEEDED = sql.raw(SEEDED_SITE_PREFIXES.map((prefix) => `t.id::text like '${prefix}%'`).join(" or "));
const seeded = (siteId: string) => SEEDED_SITE_PREFIXES.some((prefix) => siteId.startsWith(prefix));

for (const engine of dbEngines()) {
  describe(`testing bench seeding on ${engine.name}`, () => {
    let db: Kysely<Database>;

    beforeAll(async () => {
      db = await engine.open({ seed: true });
      for (const statement of testingScaleStatements()) await sql.raw(statement).execute(db);
      // As the bench does after seeding (runSeedStatements), so the listing is planned for the volume.
      await sql`analyze`.execute(db);
    });
    afterAll(async () => {
      await db.destroy();
    });

    it("adds the slots, sites and districts it says it does", async () => {
      const summary = testingScaleSummary();
      const counts = await sql<{ slots: number; sites: number; areas: number; memberAreaSlots: number; pastMemberAreaSlots: number }>`
        select (select count(*)::integer from public.testing_slots s join public.testing_sites t on t.id = s.site_id where ${SEEDED}) as slots,
               (select count(*)::integer from public.testing_sites t where ${SEEDED}) as sites,
               (select count(*)::integer from public.areas where code like 'bench-%') as areas,
               (select count(*)::integer from public.testing_slots s join public.testing_sites t on t.id = s.site_id
                 where (${SEEDED}) and t.area_id = ${TIANHE}::uuid) as "memberAreaSlots",
               (select count(*)::integer from public.testing_slots s join public.testing_sites t on t.id = s.site_id
                 where (${SEEDED}) and t.area_id = ${TIANHE}::uuid and s.starts_at < now()) as "pastMemberAreaSlots"`.execute(db);
      expect(counts.rows[0]).toMatchObject({ slots: TESTING_SCALE_SLOTS, sites: summary.sites, areas: summary.areas, memberAreaSlots: summary.memberAreaSlots });
      expect(counts.rows[0]?.pastMemberAreaSlots).toBeGreaterThan(summary.memberAreaSlots / 3);
    });

    it("gives the demo member four weeks of their own district's slots, and another district's when asked", async () => {
      const listed = await asMember(db, DEMO_MEMBER, (trx) => listOpenSlots(trx, { areaId: TIANHE, days: WEEKS * 7 }));
      const own = listed.filter((slot) => seeded(slot.siteId));
      // Three sites, four slots a day, 27 to 29 days of them depending on the hour.
      expect(own.length).toBeGreaterThanOrEqual(3 * 4 * (WEEKS * 7 - 1));
      expect(own.length).toBeLessThanOrEqual(3 * 4 * (WEEKS * 7 + 1));
      expect(new Set(listed.map((slot) => slot.areaId))).toEqual(new Set([TIANHE]));
      const elsewhere = await asMember(db, DEMO_MEMBER, (trx) => listOpenSlots(trx, { areaId: OTHER_AREA, days: WEEKS * 7 }));
      expect(elsewhere.length).toBeGreaterThan(50);
      expect(new Set(elsewhere.map((slot) => slot.areaId))).toEqual(new Set([OTHER_AREA]));
    });
  });
}
