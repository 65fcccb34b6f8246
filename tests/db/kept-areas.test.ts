/**
 * The kept area tree (listKeptAreas, decision 041): every area as a visitor reads them, read
 * again once AREAS_KEPT_MS have passed, and a failed read not kept.
 */
import { expect, it } from "vitest";
import { AREAS_KEPT_MS, listKeptAreas } from "~/data/kept-areas.server";
import { asAnon, asSystem } from "~/data/rls.server";
import { listAreas } from "~/data/roles.server";
import { describeOnEveryEngine } from "../support/db-suite";

describeOnEveryEngine("kept areas", { personas: true }, ({ db, p }) => {
  const start = Date.now();

  it("gives every area in listAreas's order, the same list to every page until a minute has passed", async () => {
    const kept = await listKeptAreas(db, start);
    expect(kept).toEqual(await asAnon(db, (trx) => listAreas(trx)));
    expect(kept.map((area) => area.id)).toContain(p.areas.districtX);
    expect(await listKeptAreas(db, start + AREAS_KEPT_MS - 1)).toBe(kept);
  });

  it("shows an area added meanwhile once the minute has passed", async () => {
    const before = await listKeptAreas(db, start);
    const added = await asSystem(db, "test: add an area", (trx) =>
      trx.insertInto("areas").values({ code: `kept-${start}`, level: "province", parent_id: null, name_zh: "新省", name_en: "New province" }).returning("id").executeTakeFirstOrThrow(),
    );
    expect((await listKeptAreas(db, start + AREAS_KEPT_MS - 1)).map((area) => area.id)).not.toContain(added.id);
    const after = await listKeptAreas(db, start + AREAS_KEPT_MS);
    expect(after).not.toBe(before);
    expect(after.map((area) => area.id)).toContain(added.id);
    await asSystem(db, "test: remove the area", (trx) => trx.deleteFrom("areas").where("id", "=", added.id).execute());
  });

});

describeOnEveryEngine("kept areas before the tables exist", { database: "empty" }, ({ db }) => {
  it("asks again after a failed read instead of keeping the failure", async () => {
    const first = listKeptAreas(db);
    await expect(first).rejects.toThrow();
    const second = listKeptAreas(db);
    expect(second).not.toBe(first);
    await expect(second).rejects.toThrow();
  });
});
