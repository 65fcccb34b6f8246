// Bookings per second on a PostgreSQL server, through the real data layer, with the capacity
// and count checked in SQL afterwards (issue 17: goal ≥ 500 bookings/s with 50 clients).
//
// Starts a throwaway PostgreSQL cluster, makes the app's database as the app does (shim,
// migrations, demo data; connected as the owner role through the app's own pool and its
// default size), seeds members and partner sites with small-capacity slots over the next
// weeks, then runs two closed loops with the same clients, one after the other:
//   reference: a trivial member transaction (asMember with `select 1`), what any request pays;
//   bookings:  asMember(db, member, trx => bookSlot(trx, slot, randomUUID())), a random member
//              and a random slot each time, so slots fill up ("full") and clients meet on them.
// Members are many and slots spread over the weeks, so the one-booking-a-day rule seldom
// refuses; when it does, it is counted as "sameDay" apart from the bookings.
// Prints bookings/s, refusals by reason, latency, the reference and the ratio, then checks in
// SQL that no slot holds more bookings than places and that testing_slots.booked is the count
// of its current bookings; exits non-zero if not.
//
// Run:  npx tsx bench/testing-bookings.ts [--seconds 10] [--clients 50] [--slots 4000]
//         [--capacity 3] [--members 20000] [--pool N (default: the app's DATABASE_POOL_SIZE default)]
//         [--statements N]  (prints the N statements that took the most server time during the
//                            booking run, from pg_stat_statements)
import { randomInt, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql, type Kysely } from "kysely";
import type { Database } from "~/data/schema";
import { appModules } from "./support/app-modules";
import { createOwnedDatabase, findPostgresBinDir, prepareCluster, startPostgresCluster } from "../tests/support/postgres-cluster";
import { benchMemberId, DEMO_WORKER, memberStatements, runSeedStatements, TIANHE } from "./support/seed-scale";
import { integrityProblems, summariseAttempts, summariseOutcome, type Attempt, type BookingIntegrity } from "./support/attempts";
import { printTopStatements, resetStatementStatistics, withClient } from "./support/statements";

const { values: options } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    clients: { type: "string", default: "50" },
    slots: { type: "string", default: "4000" },
    capacity: { type: "string", default: "3" },
    members: { type: "string", default: "20000" },
    pool: { type: "string" },
    statements: { type: "string" },
  },
});

const seconds = Number(options.seconds);
const clients = Number(options.clients);
const slotCount = Number(options.slots);
const capacity = Number(options.capacity);
const memberCount = Number(options.members);
const topStatements = Number(options.statements ?? 0);
const GOAL_BOOKINGS_PER_SECOND = 500;
/** The share of all places taken beyond which bookings/s says more about the places than the speed. */
const PLACES_RAN_OUT = 0.9;
/** Sites in the members' district, and the days ahead the slots spread over. */
const SITES = 10;
const DAYS = 28;

const slotId = (n: number) => `e2000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/**
 * Members who can book (nobody can sign in as them) and open sites in their district with
 * `slots` slots of `capacity` places over the next weeks, at the sites' wall-clock times.
 */
function seedStatements(): string[] {
  const siteId = (n: string) => `('e1000000-0000-4000-8000-' || lpad(${n}::text, 12, '0'))::uuid`;
  const today = `(now() at time zone 'Asia/Shanghai')::date`;
  return [
    ...memberStatements(memberCount),
    `insert into public.testing_sites (id, area_id, public_name, created_by)
     select ${siteId("n")}, '${TIANHE}'::uuid, '检测服务点 ' || n, '${DEMO_WORKER}'::uuid from generate_series(1, ${SITES}) n`,
    // Slot n: site 1 + n % SITES, day 1 + n % DAYS ahead, at a quarter hour from 08:00 on.
    `insert into public.testing_slots (id, site_id, starts_at, ends_at, local_date, capacity, created_by)
     select ('e2000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, ${siteId(`(1 + n % ${SITES})`)},
            (day + time '08:00' + (n / ${SITES * DAYS}) * interval '15 minutes') at time zone 'Asia/Shanghai',
            (day + time '08:15' + (n / ${SITES * DAYS}) * interval '15 minutes') at time zone 'Asia/Shanghai',
            day, ${capacity}, '${DEMO_WORKER}'::uuid
     from generate_series(1, ${slotCount}) n, lateral (select ${today} + 1 + n % ${DAYS} as day) d`,
  ];
}

/** Over every slot; the bookings made and places taken over the bench's own slots (the demo data has some too). */
const INTEGRITY_SQL = `
  with current_bookings as (
    -- A place stays taken until the booking is cancelled (checking in or a result keeps it).
    select slot_id, count(*)::integer as n from public.testing_bookings where status <> 'cancelled' group by slot_id
  ), held as (
    select s.id, s.capacity, s.booked, coalesce(c.n, 0) as n from public.testing_slots s left join current_bookings c on c.slot_id = s.id
  )
  select (select count(*)::integer from held where n > capacity or booked > capacity) as "overbookedSlots",
         (select count(*)::integer from held where booked <> n) as "miscountedSlots",
         (select count(*)::integer from (
            select b.member_id from public.testing_bookings b join public.testing_slots s on s.id = b.slot_id
            where b.status = 'booked' group by b.member_id, s.local_date having count(*) > 1) d) as "sameDayDoubles",
         (select count(*)::integer from public.testing_bookings where status <> 'cancelled' and slot_id::text like 'e2000000-%') as "bookingsStored",
         (select coalesce(sum(booked), 0)::integer from public.testing_slots where id::text like 'e2000000-%') as "placesTaken"`;

/** `clients` closed loops for `seconds`: each runs `attempt` and waits for it before the next. */
async function closedLoops(attempt: () => Promise<string>): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        const outcome = await attempt();
        attempts.push({ outcome, ms: performance.now() - started });
      }
    }),
  );
  return attempts;
}

const randomMember = () => benchMemberId(1 + randomInt(memberCount));

const app = await appModules();
const { createDatabase, databaseOptionsFromEnv } = await app.load<typeof import("~/data/db.server")>("/app/data/db.server.ts");
const { SHIM_STATEMENTS } = await app.load<typeof import("~/data/migrate.server")>("/app/data/migrate.server.ts");
const { asMember } = await app.load<typeof import("~/data/rls.server")>("/app/data/rls.server.ts");
const { bookSlot } = await app.load<typeof import("~/data/testing.server")>("/app/data/testing.server.ts");

async function referenceRun(db: Kysely<Database>) {
  return closedLoops(async () => {
    await asMember(db, randomMember(), (trx) => sql`select 1`.execute(trx));
    return "done";
  });
}

async function bookingRun(db: Kysely<Database>) {
  return closedLoops(async () => {
    const booked = await asMember(db, randomMember(), (trx) => bookSlot(trx, slotId(1 + randomInt(slotCount)), randomUUID()));
    return booked.ok ? "booked" : booked.reason;
  });
}

async function main() {
  const bin = findPostgresBinDir();
  if (!bin) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)");
  const statisticsSettings = topStatements > 0 ? ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all"] : [];
  const cluster = await startPostgresCluster(bin, statisticsSettings);
  try {
    await prepareCluster(cluster.url("postgres"), SHIM_STATEMENTS);
    const ownerUrl = await createOwnedDatabase(cluster, "bench_testing");
    const superuserUrl = cluster.url("bench_testing");
    // The app's own factory and pool, as the portal opens them from its environment.
    const db = await createDatabase(databaseOptionsFromEnv({ DATABASE_URL: ownerUrl, DEMO_DATA: "on", ...(options.pool ? { DATABASE_POOL_SIZE: options.pool } : {}) }));
    try {
      await runSeedStatements({ kind: "postgres", url: superuserUrl }, seedStatements());
      const pool = databaseOptionsFromEnv({ DATABASE_URL: ownerUrl, ...(options.pool ? { DATABASE_POOL_SIZE: options.pool } : {}) }).engine;
      console.log(
        `bench: postgresql ${cluster.version}, ${clients} clients, ${seconds} s per run, pool of ${pool.kind === "postgres" ? pool.maxConnections : "?"} connections; ` +
          `${memberCount} members, ${slotCount} slots of ${capacity} places at ${SITES} sites over ${DAYS} days; cores: 2, shared with the clients`,
      );

      const reference = summariseAttempts(await referenceRun(db), seconds);
      if (topStatements > 0) await resetStatementStatistics(superuserUrl);
      const attempts = await bookingRun(db);
      const all = summariseAttempts(attempts, seconds);
      const booked = summariseOutcome(attempts, "booked", seconds);

      console.log("\nbooking attempts by outcome:");
      console.table(all.byOutcome.map((o) => ({ outcome: o.outcome, count: o.count, "per s": Math.round(o.perSecond) })));
      console.table([
        { run: "reference: asMember select 1", "per s": Math.round(reference.attemptsPerSecond), "p50 ms": reference.p50, "p95 ms": reference.p95, "p99 ms": reference.p99 },
        { run: "booking attempts (all outcomes)", "per s": Math.round(all.attemptsPerSecond), "p50 ms": all.p50, "p95 ms": all.p95, "p99 ms": all.p99 },
        { run: "bookings made", "per s": Math.round(booked.attemptsPerSecond), "p50 ms": booked.p50, "p95 ms": booked.p95, "p99 ms": booked.p99 },
      ]);
      const ratio = booked.attemptsPerSecond / reference.attemptsPerSecond;
      console.log(`bookings/s × reference transactions/s: ${(ratio * 100).toFixed(0)}%`);
      // Once most places are gone the run measures refusals, not bookings: say so beside the figure.
      const placesRanOut = booked.attempts >= PLACES_RAN_OUT * slotCount * capacity;
      console.log(
        `goal ≥ ${GOAL_BOOKINGS_PER_SECOND} bookings/s: ${booked.attemptsPerSecond >= GOAL_BOOKINGS_PER_SECOND ? "met" : "NOT met"} (${Math.round(booked.attemptsPerSecond)}/s)` +
          (placesRanOut ? `; the places ran out during the run, so this counts places, not speed: raise --slots or --capacity` : ""),
      );
      if (topStatements > 0) await printTopStatements(superuserUrl, topStatements, "during the booking run");

      const stored = await withClient(superuserUrl, async (client) => (await client.query<Omit<BookingIntegrity, "bookingsReported"> & { placesTaken: number }>(INTEGRITY_SQL)).rows[0]);
      if (!stored) throw new Error("the integrity query returned no row");
      const { placesTaken, ...counts } = stored;
      const check: BookingIntegrity = { ...counts, bookingsReported: booked.attempts };
      console.log(
        `\nafter the run (SQL): ${check.overbookedSlots} overbooked slots, ${check.miscountedSlots} slots whose booked ≠ their current bookings, ` +
          `${check.sameDayDoubles} members with two bookings on a day; ${check.bookingsStored} bookings stored, ${check.bookingsReported} reported; ` +
          `${placesTaken} of ${slotCount * capacity} places taken`,
      );
      const problems = integrityProblems(check);
      if (problems.length > 0) {
        console.error(`CHECK FAILED: ${problems.join("; ")}`);
        process.exitCode = 1;
      } else {
        console.log("check passed: no slot over capacity, every count matches its bookings");
      }
    } finally {
      await db.destroy();
    }
  } finally {
    await cluster.stop();
    await app.close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
