/**
 * The colleagues a social worker sees on the help pages (migration 0038) on every engine:
 * whom a request may be assigned to, by staff-card name, and the names of the workers queued
 * requests are assigned to. Only for requests the caller handles: another area's worker and
 * members get nothing.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { listAssigneeNames, listRequestColleagues } from "~/data/help-colleagues.server";
import { askForHelp, assignRequest, transferRequest } from "~/data/help-requests.server";
import { asMember, asSystem, type MemberTx } from "~/data/rls.server";
import { createTestAccount, grantTestRole, type Persona, type PersonaName } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

describeOnEveryEngine("help staff colleagues", { personas: true }, ({ db, p }) => {
  const as = <T>(who: PersonaName | Persona, fn: (trx: MemberTx) => Promise<T>) => asMember(db, typeof who === "string" ? p[who].id : who.id, fn);
  /** A social worker of the whole city X (so of area X too), with a staff card. */
  let cityWorker: Persona;

  async function ask(who: PersonaName | Persona): Promise<string> {
    const asked = await as(who, (trx) => askForHelp(trx, { category: "housing", urgency: "soon", contactWay: "portal", description: "房租快交不上了", idempotencyKey: randomUUID() }));
    if (!asked.ok) throw new Error(`ask: ${asked.reason}`);
    return asked.id;
  }

  beforeAll(async () => {
    cityWorker = await createTestAccount(db, "socialWorkerX");
    await grantTestRole(db, cityWorker.id, "social_worker", p.areas.cityX);
    await asSystem(db, "test: a staff card and a home area", async (trx) => {
      await trx.insertInto("staff_cards").values({ user_id: cityWorker.id, display_name: "王芳", organisation: "测试社工站", updated_by: null }).execute();
      await trx.updateTable("profiles").set({ area_id: p.areas.districtX }).where("id", "=", cityWorker.id).execute();
    });
  });

  it("the area's workers see whom a request may go to, with the names on their cards; nobody else sees anyone", async () => {
    const requestId = await ask("memberA");
    const expected = [
      { workerId: cityWorker.id, displayName: "王芳" },
      { workerId: p.socialWorkerX.id, displayName: null },
    ];
    expect(await as("socialWorkerX", (trx) => listRequestColleagues(trx, requestId))).toEqual(expected);
    expect(await as(cityWorker, (trx) => listRequestColleagues(trx, requestId))).toEqual(expected);
    for (const who of ["socialWorkerY", "memberA", "memberB", "admin"] as const) {
      expect(await as(who, (trx) => listRequestColleagues(trx, requestId)), who).toEqual([]);
    }
    expect(await as("socialWorkerX", (trx) => listRequestColleagues(trx, randomUUID()))).toEqual([]);
    expect(await as("socialWorkerX", (trx) => listRequestColleagues(trx, "not-an-id"))).toEqual([]);
  });

  it("a worker who asked for help is never offered their own request, nor sees whom it may go to", async () => {
    const ownRequest = await ask(cityWorker);
    expect(await as("socialWorkerX", (trx) => listRequestColleagues(trx, ownRequest))).toEqual([{ workerId: p.socialWorkerX.id, displayName: null }]);
    expect(await as(cityWorker, (trx) => listRequestColleagues(trx, ownRequest))).toEqual([]);
  });

  it("names the assignee for those who handle the request, until it is handed to an area the assignee does not serve", async () => {
    const named = await ask("memberA");
    const unnamed = await ask("memberA");
    expect(await as("socialWorkerX", (trx) => assignRequest(trx, named, cityWorker.id))).toEqual({ ok: true });
    expect(await as("socialWorkerX", (trx) => assignRequest(trx, unnamed, p.socialWorkerX.id))).toEqual({ ok: true });
    // A worker without a staff card has no name to show: the page says "another social worker" (or "you").
    expect(await as("socialWorkerX", (trx) => listAssigneeNames(trx, [named, unnamed, "not-an-id"]))).toEqual(new Map([[cityWorker.id, "王芳"]]));
    for (const who of ["socialWorkerY", "memberA", "memberB"] as const) {
      expect(await as(who, (trx) => listAssigneeNames(trx, [named, unnamed])), who).toEqual(new Map());
    }
    expect(await as("socialWorkerX", (trx) => transferRequest(trx, named, p.areas.districtY, "搬到了Y区"))).toEqual({ ok: true });
    expect(await as("socialWorkerY", (trx) => assignRequest(trx, named, p.socialWorkerY.id))).toEqual({ ok: true });
    expect(await as("socialWorkerY", (trx) => listAssigneeNames(trx, [named]))).toEqual(new Map());
    expect(await as("socialWorkerX", (trx) => listAssigneeNames(trx, [named]))).toEqual(new Map());
    expect(await as("socialWorkerY", (trx) => listRequestColleagues(trx, named))).toEqual([{ workerId: p.socialWorkerY.id, displayName: null }]);
    expect(await as("socialWorkerX", (trx) => listAssigneeNames(trx, []))).toEqual(new Map());
  });
});
