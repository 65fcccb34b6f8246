/**
 * Discreet testing at scale (issue 17's open-slots benchmark), next to the demo data: 100,000
 * slots at partner sites. Most are at sites in 200 districts of their own (under the demo
 * cities) that the demo member does not live in; the demo member's own district (Tianhe) has
 * three sites with four slots a day, which is what a district would offer. Every site has
 * slots from two months back to two months ahead, so the listing has past and later slots to
 * pass over. No slot is booked. Values only have to pass the tables' checks.
 *
 * Measure the member's open-slots page with server-cost's --testing-scale and
 *   --pages "/testing,/testing?area=<OTHER_AREA>"
 * (the second looks in one of the other districts: two sites, about two slots a day each).
 */
import { DEMO_WORKER, TIANHE } from "./seed-scale";

export const TESTING_SCALE_SLOTS = 100_000;
/** One of the seeded districts away from the demo member's. */
export const OTHER_AREA = "c1000000-0000-4000-8000-000000000001";
/** The start of the ids of the sites this seeds (the demo data has sites of its own). */
export const SEEDED_SITE_PREFIXES = ["c2000000-", "c3000000-"] as const;

const CITIES = ["440100", "513400", "420100"].map((code) => `'a0000000-0000-4000-8000-000000${code}'::uuid`);
const OTHER_AREAS = 200;
const SITES_PER_OTHER_AREA = 2;
const MEMBER_AREA_SITES = 3;
const MEMBER_AREA_SLOTS_PER_DAY = 4;
/** Slots run from DAYS_BACK days ago to DAYS_AHEAD days ahead (today included). */
const DAYS_BACK = 60;
const DAYS_AHEAD = 55;
const DAYS = DAYS_BACK + 1 + DAYS_AHEAD;

export type TestingScaleSummary = { areas: number; sites: number; slots: number; memberAreaSlots: number };

export function testingScaleSummary(totalSlots = TESTING_SCALE_SLOTS): TestingScaleSummary {
  const memberAreaSlots = MEMBER_AREA_SITES * DAYS * MEMBER_AREA_SLOTS_PER_DAY;
  if (totalSlots < memberAreaSlots) throw new RangeError(`testing scale: at least ${memberAreaSlots} slots`);
  return { areas: OTHER_AREAS, sites: OTHER_AREAS * SITES_PER_OTHER_AREA + MEMBER_AREA_SITES, slots: totalSlots, memberAreaSlots };
}

export function testingScaleStatements(totalSlots = TESTING_SCALE_SLOTS): string[] {
  const { memberAreaSlots } = testingScaleSummary(totalSlots);
  const otherSites = OTHER_AREAS * SITES_PER_OTHER_AREA;
  const areaId = (n: string) => `('c1000000-0000-4000-8000-' || lpad(${n}::text, 12, '0'))::uuid`;
  const otherSiteId = (n: string) => `('c2000000-0000-4000-8000-' || lpad(${n}::text, 12, '0'))::uuid`;
  const memberSiteId = (n: string) => `('c3000000-0000-4000-8000-' || lpad(${n}::text, 12, '0'))::uuid`;
  const today = `(now() at time zone 'Asia/Shanghai')::date`;
  // A slot on `day` at `clock` in the sites' zone, half an hour long.
  const slotTimes = (day: string, clock: string) =>
    `(${day} + ${clock}) at time zone 'Asia/Shanghai', (${day} + ${clock} + interval '30 minutes') at time zone 'Asia/Shanghai', ${day}`;
  return [
    `insert into public.areas (id, parent_id, level, code, name_zh, name_en)
     select ${areaId("n")}, (array[${CITIES.join(", ")}])[1 + n % ${CITIES.length}], 'district', 'bench-' || n, '测试区 ' || n, 'Bench district ' || n
     from generate_series(1, ${OTHER_AREAS}) n`,
    `insert into public.testing_sites (id, area_id, public_name, opening_notes, created_by)
     select ${otherSiteId("n")}, ${areaId(`(1 + (n - 1) / ${SITES_PER_OTHER_AREA})`)}, '健康服务点 ' || n, '工作日 9:00–17:00', '${DEMO_WORKER}'::uuid
     from generate_series(1, ${otherSites}) n`,
    `insert into public.testing_sites (id, area_id, public_name, opening_notes, created_by)
     select ${memberSiteId("n")}, '${TIANHE}'::uuid, '天河健康服务点 ' || n, '工作日 9:00–17:00', '${DEMO_WORKER}'::uuid
     from generate_series(1, ${MEMBER_AREA_SITES}) n`,
    `insert into public.testing_site_addresses (site_id, address, updated_by)
     select id, '某街道 ' || row_number() over (order by id) || ' 号', '${DEMO_WORKER}'::uuid from public.testing_sites where ${SEEDED_SITE_PREFIXES.map((prefix) => `id::text like '${prefix}%'`).join(" or ")}`,
    // The member's district: every site, every day, at 09:00, 11:00, 14:00 and 16:00.
    `insert into public.testing_slots (site_id, starts_at, ends_at, local_date, capacity, created_by)
     select ${memberSiteId("site")}, ${slotTimes("day", "(array[time '09:00', time '11:00', time '14:00', time '16:00'])[k]")}, 4, '${DEMO_WORKER}'::uuid
     from generate_series(1, ${MEMBER_AREA_SITES}) site, generate_series(1, ${MEMBER_AREA_SLOTS_PER_DAY}) k,
          lateral (select ${today} - ${DAYS_BACK} + d as day from generate_series(0, ${DAYS - 1}) d) days`,
    // Everywhere else: slot n at site 1 + n % sites, its day cycling through the window, then its hour.
    `insert into public.testing_slots (site_id, starts_at, ends_at, local_date, capacity, created_by)
     select ${otherSiteId(`(1 + n % ${otherSites})`)}, ${slotTimes("day", `time '08:00' + ((n / ${otherSites * DAYS}) % 20) * interval '30 minutes'`)},
            1 + n % 6, '${DEMO_WORKER}'::uuid
     from generate_series(0, ${totalSlots - memberAreaSlots - 1}) n,
          lateral (select ${today} - ${DAYS_BACK} + (n / ${otherSites}) % ${DAYS} as day) days`,
  ];
}
