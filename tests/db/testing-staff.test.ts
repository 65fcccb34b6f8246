/**
 * The social workers' testing console (issue 17) on every engine: a worker lists only the
 * sites of the areas they serve, with addresses, and only those areas to open sites in;
 * members and workers elsewhere see none of them.
 */
import { beforeAll, expect, it } from "vitest";
import { asMember, type MemberTx } from "~/data/rls.server";
import { createTestingSite, listServedAreaIds, listServedSites, setTestingSiteAddress, updateTestingSite } from "~/data/testing-staff.server";
import type { PersonaName } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

describeOnEveryEngine("testing console for staff", { personas: true }, ({ db, p }) => {
  let siteX: string;
  let closedX: string;

  const as = <T>(who: PersonaName, fn: (trx: MemberTx) => Promise<T>) => asMember(db, p[who].id, fn);
  const site = (areaId: string, publicName: string) => ({ areaId, publicName, openingNotes: "周一至周五", accessibilityNotes: "有坡道", timeZone: "Asia/Shanghai" });

  beforeAll(async () => {
    const open = await as("socialWorkerX", (trx) => createTestingSite(trx, site(p.areas.districtX, "城东健康服务点")));
    const closed = await as("socialWorkerX", (trx) => createTestingSite(trx, site(p.areas.districtX, "阿城东服务点")));
    const y = await as("socialWorkerY", (trx) => createTestingSite(trx, site(p.areas.districtY, "江北服务点")));
    if (!open.ok || !closed.ok || !y.ok) throw new Error("sites");
    siteX = open.id;
    closedX = closed.id;
    await as("socialWorkerX", (trx) => setTestingSiteAddress(trx, siteX, "阳光路 8 号"));
    await as("socialWorkerX", (trx) => updateTestingSite(trx, closedX, { status: "closed" }));
  });

  it("the worker of the area lists its sites, open first, with the address where one is set", async () => {
    const sites = await as("socialWorkerX", listServedSites);
    expect(sites.map((row) => [row.id, row.status, row.address])).toEqual([
      [siteX, "open", "阳光路 8 号"],
      [closedX, "closed", null],
    ]);
    expect(sites[0]).toMatchObject({ areaId: p.areas.districtX, publicName: "城东健康服务点", openingNotes: "周一至周五", accessibilityNotes: "有坡道" });
  });

  it("a member, an admin and a worker of another area list none of these sites", async () => {
    for (const who of ["memberA", "memberB", "admin"] as const) expect(await as(who, listServedSites), who).toEqual([]);
    const elsewhere = await as("socialWorkerY", listServedSites);
    expect(elsewhere.map((row) => row.publicName)).toEqual(["江北服务点"]);
  });

  it("a worker may open sites only in the areas they serve; members in none", async () => {
    expect(await as("socialWorkerX", listServedAreaIds)).toEqual([p.areas.districtX]);
    expect(await as("socialWorkerY", listServedAreaIds)).toEqual([p.areas.districtY]);
    for (const who of ["memberA", "memberB", "admin"] as const) expect(await as(who, listServedAreaIds), who).toEqual([]);
  });
});
