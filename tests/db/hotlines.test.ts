/**
 * The crisis page's hotlines (migration 0052): everyone reads them, signed out too; only
 * admins add, change and remove them, through functions that write an audit row naming the
 * hotline's id; nobody writes the table directly. The number rule is the domain's.
 */
import { sql, type Transaction } from "kysely";
import type { Database } from "~/data/schema";
import { expect, it } from "vitest";
import { addHotline, changeHotline, listAllHotlines, listHotlinesFor, removeHotline } from "~/data/hotlines.server";
import { asAnon, asMember, asSystem } from "~/data/rls.server";
import { checkHotlineNumber, type HotlineFields } from "~/domain/crisis/hotlines";
import { probe, sqlState, type PersonaName } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

const line = (overrides: Partial<HotlineFields> = {}): HotlineFields => ({
  areaId: null,
  name: "测试热线",
  number: "020-0000 1234",
  hours: "24 小时",
  languages: ["zh-CN", "yue"],
  note: "",
  sortOrder: 100,
  ...overrides,
});

describeOnEveryEngine("hotlines", { personas: true }, ({ db, p }) => {
  const audited = (subject: string) =>
    asSystem(db, "test: read audit", (trx) =>
      trx.selectFrom("audit_log").select(["actor_id", "action"]).where("subject_id", "=", subject).orderBy("id").execute(),
    );
  const findByName = async (name: string) => (await asAnon(db, (trx) => listAllHotlines(trx))).find((hotline) => hotline.name === name);

  it("an admin adds, changes and removes a hotline, each step in the audit log by the hotline's id only", async () => {
    const name = `热线${Date.now()}`;
    expect(await asMember(db, p.admin.id, (trx) => addHotline(trx, line({ name, areaId: p.areas.districtX, note: "  晚上也有人接  " })))).toEqual({ ok: true });
    const added = await findByName(name);
    expect(added).toMatchObject({ areaId: p.areas.districtX, number: "020-0000 1234", languages: ["zh-CN", "yue"], note: "晚上也有人接", sortOrder: 100 });
    if (!added) throw new Error("not added");

    expect(await asMember(db, p.admin.id, (trx) => changeHotline(trx, added.id, line({ name, number: "12356", areaId: null, languages: ["en"], sortOrder: 5 })))).toEqual({ ok: true });
    expect(await findByName(name)).toMatchObject({ id: added.id, areaId: null, number: "12356", languages: ["en"], sortOrder: 5 });

    expect(await asMember(db, p.admin.id, (trx) => removeHotline(trx, added.id))).toEqual({ ok: true });
    expect(await findByName(name)).toBeUndefined();
    expect(await asMember(db, p.admin.id, (trx) => removeHotline(trx, added.id))).toEqual({ ok: false, reason: "not-found" });
    expect(await asMember(db, p.admin.id, (trx) => changeHotline(trx, added.id, line()))).toEqual({ ok: false, reason: "not-found" });

    expect(await audited(added.id)).toEqual([
      { actor_id: p.admin.id, action: "hotline.added" },
      { actor_id: p.admin.id, action: "hotline.changed" },
      { actor_id: p.admin.id, action: "hotline.removed" },
    ]);
  });

  it("an unknown area is refused as a word, not an error, and changes nothing", async () => {
    const nowhere = "00000000-0000-4000-8000-00000000dead";
    expect(await asMember(db, p.admin.id, (trx) => addHotline(trx, line({ name: "无处", areaId: nowhere })))).toEqual({ ok: false, reason: "unknown-area" });
    expect(await findByName("无处")).toBeUndefined();
  });

  it("members and social workers cannot add, change or remove one, by the functions or the table", async () => {
    const name = `留着${Date.now()}`;
    await asMember(db, p.admin.id, (trx) => addHotline(trx, line({ name })));
    const kept = await findByName(name);
    if (!kept) throw new Error("not added");
    for (const who of ["memberA", "socialWorkerX"] as const satisfies readonly PersonaName[]) {
      const persona = p[who];
      expect(await asMember(db, persona.id, (trx) => addHotline(trx, line({ name: `${who} 的` })))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, persona.id, (trx) => changeHotline(trx, kept.id, line({ name: "改了" })))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, persona.id, (trx) => removeHotline(trx, kept.id))).toEqual({ ok: false, reason: "not-allowed" });
      for (const write of [
        async (trx: Transaction<Database>): Promise<unknown> => trx.insertInto("hotlines").values({ name: "直接写", number: "110" }).execute(),
        async (trx: Transaction<Database>): Promise<unknown> => trx.updateTable("hotlines").set({ name: "直接改" }).where("id", "=", kept.id).execute(),
        async (trx: Transaction<Database>): Promise<unknown> => trx.deleteFrom("hotlines").where("id", "=", kept.id).execute(),
      ]) {
        expect(await probe(db, p, who, write)).toBe("refused");
      }
    }
    expect(await findByName(name)).toMatchObject({ id: kept.id, name });
    expect(await findByName(`memberA 的`)).toBeUndefined();
    // Not even an admin writes the table except through the functions (which audit).
    expect(await probe(db, p, "admin", (trx) => trx.deleteFrom("hotlines").where("id", "=", kept.id).execute())).toBe("refused");
    // Signed-out visitors cannot call the functions at all.
    expect(await probe(db, p, "anon", (trx) => sql`select private.remove_hotline(${kept.id}::uuid)`.execute(trx))).toBe("refused");
  });

  it("everyone reads them: signed out (anon), members, workers, admins; an area's and the national ones", async () => {
    const name = `区里的${Date.now()}`;
    await asMember(db, p.admin.id, (trx) => addHotline(trx, line({ name, areaId: p.areas.districtY })));
    const national = `全国的${Date.now()}`;
    await asMember(db, p.admin.id, (trx) => addHotline(trx, line({ name: national })));
    for (const who of ["anon", "memberA", "memberB", "socialWorkerX", "admin"] as const) {
      const seen = await probe(db, p, who, (trx) => trx.selectFrom("hotlines").select("name").execute());
      expect(seen === "refused" ? who : seen.map((row) => row.name)).toEqual(expect.arrayContaining([name, national]));
    }
    const forY = (await asAnon(db, (trx) => listHotlinesFor(trx, [p.areas.districtY, p.areas.cityY, p.areas.provinceY]))).map((h) => h.name);
    expect(forY).toEqual(expect.arrayContaining([name, national]));
    const forX = (await asAnon(db, (trx) => listHotlinesFor(trx, [p.areas.districtX]))).map((h) => h.name);
    expect(forX).toContain(national);
    expect(forX).not.toContain(name);
    const nationalOnly = await asAnon(db, (trx) => listHotlinesFor(trx, []));
    expect(nationalOnly.every((hotline) => hotline.areaId === null)).toBe(true);
  });

  it("the table's number rule agrees with the domain's", async () => {
    const samples = ["110", "12356", "+86 20 1234 5678", "020-0000 1234", "12", "12a45", "-0201234", "0201234-", "++8612345", "86+12345", "(020) 1234", "１２３", "1 2 3 4 5 6 7 8 9 0 1 2 3", "+1234567890123456789012", "020\u00a01234", ""];
    class Stored extends Error {}
    // Each sample in a transaction of its own, rolled back either way.
    const storedAs = async (number: string) => {
      try {
        await asSystem(db, "test: number rule", async (trx) => {
          await trx.insertInto("hotlines").values({ name: "规则", number }).execute();
          throw new Stored();
        });
      } catch (error) {
        if (error instanceof Stored) return "stored";
        if (sqlState(error) === "23514") return "refused";
        throw error;
      }
      throw new Error("unreachable");
    };
    for (const number of samples) {
      expect([number, await storedAs(number)]).toEqual([number, checkHotlineNumber(number) === null ? "stored" : "refused"]);
    }
  });
});
