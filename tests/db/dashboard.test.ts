/**
 * The dashboard's figures (migration 0034) on every engine: each worker's figures cover the
 * areas they serve and nothing else; the counts, waits, meetings, testing use and groups
 * are the database's own aggregates of what happened.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { readDashboard, type DashboardFigures } from "~/data/dashboard.server";
import { actOnRequest, askForHelp, postToRequest } from "~/data/help-requests.server";
import { asMember, asSystem, type MemberTx } from "~/data/rls.server";
import { createTestAccount, grantTestRole, type Persona, type PersonaName } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { createGroupFixture } from "../support/group-fixture";
import { createTestingFixture, type TestingFixture } from "../support/testing-fixture";

const LONG_AGO = new Date("2020-01-01T00:00:00Z");

describeOnEveryEngine("dashboard figures", { personas: true }, ({ db, p }) => {
  const as = <T>(who: PersonaName | Persona, fn: (trx: MemberTx) => Promise<T>) => asMember(db, typeof who === "string" ? p[who].id : who.id, fn);
  const figures = (who: PersonaName | Persona, areaId: string | null = null): Promise<DashboardFigures> => as(who, (trx) => readDashboard(trx, { areaId, since: LONG_AGO }));
  let testing: TestingFixture;

  async function ask(who: PersonaName, category: "jobs" | "welfare"): Promise<string> {
    const asked = await as(who, (trx) => askForHelp(trx, { category, urgency: "soon", contactWay: "portal", description: "需要帮助", idempotencyKey: randomUUID() }));
    if (!asked.ok) throw new Error(asked.reason);
    return asked.id;
  }

  beforeAll(async () => {
    await createGroupFixture(db, p);
    testing = await createTestingFixture(db, p);
    // A slot at SX that began an hour ago: one member tested, one did not come.
    await asSystem(db, "test: a past slot", async (trx) => {
      const slot = await sql<{ id: string }>`
        insert into public.testing_slots (site_id, starts_at, ends_at, local_date, capacity, booked)
        values (${testing.siteX}::uuid, now() - interval '1 hour', now() - interval '30 minutes', private.portal_today(), 3, 2) returning id`.execute(trx);
      const slotId = slot.rows[0]?.id ?? "";
      await sql`insert into public.testing_bookings (slot_id, member_id, code, status, idempotency_key) values
        (${slotId}::uuid, ${p.memberA.id}::uuid, 'DASH-0001', 'done', gen_random_uuid()),
        (${slotId}::uuid, ${p.memberB.id}::uuid, 'DASH-0002', 'no_show', gen_random_uuid())`.execute(trx);
    });
    const jobs = await ask("memberA", "jobs");
    await ask("memberA", "welfare");
    await ask("memberB", "jobs");
    await as("socialWorkerX", (trx) => postToRequest(trx, jobs, { body: "你好", internal: false, idempotencyKey: crypto.randomUUID() }));
    await as("socialWorkerX", (trx) => actOnRequest(trx, jobs, "triage"));
    const resolved = await as("socialWorkerX", (trx) => actOnRequest(trx, jobs, "resolve"));
    if (!resolved.ok) throw new Error(resolved.reason);
  });

  it("counts the requests of the worker's own areas by category and status, with their waits", async () => {
    const x = await figures("socialWorkerX");
    expect(x.requests).toEqual(expect.arrayContaining([
      { category: "jobs", status: "resolved", requests: 1 },
      { category: "welfare", status: "submitted", requests: 1 },
    ]));
    expect(x.requests.reduce((sum, row) => sum + row.requests, 0)).toBe(2);
    expect(x.openByAge).toEqual([{ age: "day", requests: 1 }]);
    expect(x.responseTimes).toEqual({ responded: 1, medianFirstResponseSeconds: expect.any(Number), resolved: 1, medianResolutionSeconds: expect.any(Number) });
    const y = await figures("socialWorkerY");
    expect(y.requests).toEqual([{ category: "jobs", status: "submitted", requests: 1 }]);
    // A period that starts after they were asked counts none of them.
    const later = await as("socialWorkerX", (trx) => readDashboard(trx, { areaId: null, since: new Date(Date.now() + 60_000) }));
    expect(later.requests).toEqual([]);
  });

  it("counts the meetings held, the testing slots used and the active groups of the worker's areas", async () => {
    const x = await figures("socialWorkerX");
    // The group fixture marked B present at one meeting in district X.
    expect(x.meetings).toEqual({ meetings: 1, present: 1 });
    expect(x.testing).toEqual({ slots: 1, places: 3, booked: 2, noShows: 1, tested: 1 });
    expect(x.activeGroups).toEqual([{ areaId: p.areas.districtX, groups: 1 }]);
    const y = await figures("socialWorkerY");
    expect(y.meetings).toEqual({ meetings: 0, present: 0 });
    expect(y.testing).toEqual({ slots: 0, places: 0, booked: 0, noShows: 0, tested: 0 });
    expect(y.activeGroups).toEqual([]);
  });

  it("gives members, the admin and a worker asking about another area nothing; a city's worker its districts", async () => {
    for (const who of ["memberA", "memberB", "admin"] as const) {
      const none = await figures(who);
      expect(none.requests, who).toEqual([]);
      expect(none.testing.slots, who).toBe(0);
      expect(none.activeGroups, who).toEqual([]);
    }
    expect((await figures("socialWorkerX", p.areas.districtY)).requests).toEqual([]);
    expect((await figures("socialWorkerX", p.areas.districtX)).requests).toHaveLength(2);
    const cityWorker = await createTestAccount(db, "socialWorkerX");
    await grantTestRole(db, cityWorker.id, "social_worker", p.areas.cityX);
    expect((await figures(cityWorker)).requests).toHaveLength(2);
    expect((await figures(cityWorker, p.areas.districtX)).activeGroups).toEqual([{ areaId: p.areas.districtX, groups: 1 }]);
  });
});
