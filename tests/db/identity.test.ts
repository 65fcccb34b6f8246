/**
 * The identity vault (decision 003) on every engine: a member's own vault, what RLS and the SQL
 * functions refuse around it, and the area rule that decides which social workers serve a member.
 * Each test makes the accounts whose state it changes, so tests do not depend on one another;
 * the shared personas are only read or used as recipients (tests/support/identity-fixture.ts).
 */

import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { deleteOwnVault, getOwnVault, saveOwnVault } from "~/data/identity.server";
import { asMember, asSystem } from "~/data/rls.server";
import { areaCovers } from "~/domain/areas/areas";
import { fakeOwnerKey, fakeSealedKey, fakeVaultCiphertext, probe } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { identityFixture, newVault } from "../support/identity-fixture";

describeOnEveryEngine("identity vault", { personas: true }, ({ db, p }) => {
  const { newMember, newOwner, share, stored, visibleTo, open } = identityFixture(db, p);

  // --- the vault -----------------------------------------------------------------------

  describe("vault", () => {
    it("a member creates their vault at key version 1, edits it at the current version, and a stale version changes nothing", async () => {
      const owner = await newMember();
      expect(await asMember(db, owner.id, (trx) => getOwnVault(trx))).toBeUndefined();
      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, newVault(2)))).toEqual({ ok: false, reason: "stale" });

      const first = newVault();
      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, first))).toEqual({ ok: true });
      expect(await asMember(db, owner.id, (trx) => getOwnVault(trx))).toEqual(first);

      const edited = newVault();
      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, edited))).toEqual({ ok: true });
      expect(await asMember(db, owner.id, (trx) => getOwnVault(trx))).toEqual(edited);

      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, newVault(2)))).toEqual({ ok: false, reason: "stale" });
      expect(await asMember(db, owner.id, (trx) => getOwnVault(trx))).toEqual(edited);
    });

    it("members cannot read, create, change or delete each other's vaults", async () => {
      const { owner, vault } = await newOwner();
      const other = await newMember();
      expect(await visibleTo(other, owner.id)).toEqual({ vaults: 0, shares: 0 });
      expect(await asMember(db, other.id, (trx) => getOwnVault(trx))).toBeUndefined();
      const writes = [
        sql`insert into public.identity_vaults (user_id, ciphertext, owner_sealed_key, key_version)
            values (${owner.id}, ${fakeVaultCiphertext()}, ${fakeOwnerKey()}, 1)`,
        sql`update public.identity_vaults set ciphertext = ${fakeVaultCiphertext()} where user_id = ${owner.id}`,
        sql`delete from public.identity_vaults where user_id = ${owner.id}`,
      ];
      for (const statement of writes) {
        const outcome = await probe(db, p, other, async (trx) => (await statement.execute(trx)).numAffectedRows ?? 0n);
        expect(outcome === "refused" || outcome === 0n, String(outcome)).toBe(true);
      }
      expect((await stored(owner.id)).vault).toMatchObject({ ciphertext: vault.ciphertext, key_version: 1 });
    });

    it("a new vault starts at key version 1, and stored formats are checked", async () => {
      const owner = await newMember();
      const atTwo = await probe(db, p, owner, (trx) =>
        sql`insert into public.identity_vaults (user_id, ciphertext, owner_sealed_key, key_version)
            values (${owner.id}, ${fakeVaultCiphertext()}, ${fakeOwnerKey()}, 2)`.execute(trx),
      );
      expect(atTwo).toBe("refused");
      for (const bad of [
        { ...newVault(), ciphertext: "plain text identity" },
        { ...newVault(), ciphertext: `v1.${"x".repeat(12_000)}` },
        { ...newVault(), ownerSealedKey: "v2.box.short" },
        { ...newVault(), ownerSealedKey: `v3.box.${fakeOwnerKey().slice(7)}` },
        // The anonymous form anyone who knows the public key can make (migration 0012).
        { ...newVault(), ownerSealedKey: fakeSealedKey() },
      ]) {
        await expect(asMember(db, owner.id, (trx) => saveOwnVault(trx, bad))).rejects.toThrow();
      }
      expect(await asMember(db, owner.id, (trx) => getOwnVault(trx))).toBeUndefined();
    });

    it("deleteOwnVault deletes the member's own vault and its shares, and no one else's", async () => {
      const { owner } = await newOwner();
      const other = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      const othersShare = await share(other.owner, p.socialWorkerX);
      const othersBefore = await stored(other.owner.id);
      expect(await asMember(db, owner.id, (trx) => deleteOwnVault(trx))).toBe(true);
      expect(await stored(owner.id)).toEqual({ vault: undefined, shares: [] });
      expect(await open(p.socialWorkerX, shareId)).toBeUndefined();
      expect(await asMember(db, owner.id, (trx) => deleteOwnVault(trx))).toBe(false);
      // A social worker who holds a share deletes nothing of the owner's with it.
      expect(await asMember(db, p.socialWorkerX.id, (trx) => deleteOwnVault(trx))).toBe(false);
      expect(await stored(other.owner.id)).toEqual(othersBefore);
      expect(await open(p.socialWorkerX, othersShare)).toBeDefined();
      // After deleting, the member starts again at key version 1.
      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, newVault()))).toEqual({ ok: true });
    });

    it("deleting the vault deletes its shares", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      await asMember(db, owner.id, (trx) => trx.deleteFrom("identity_vaults").where("user_id", "=", sql<string>`auth.uid()`).execute());
      expect(await stored(owner.id)).toEqual({ vault: undefined, shares: [] });
      expect(await open(p.socialWorkerX, shareId)).toBeUndefined();
    });
  });

  // --- the area rule --------------------------------------------------------------------

  it("private.area_covers and the domain's areaCovers agree on every pair of areas (and no area), including a loop of parents", async () => {
    // A loop is refused by no constraint, so the rule must end on one.
    const loop = await asSystem(db, "test: a loop of areas", async (trx) => {
      const tag = randomUUID().slice(0, 8);
      const a = await trx.insertInto("areas").values({ level: "city", code: `la${tag}`, name_zh: "环甲", name_en: "Loop A", parent_id: p.areas.provinceX }).returning("id").executeTakeFirstOrThrow();
      const b = await trx.insertInto("areas").values({ level: "city", code: `lb${tag}`, name_zh: "环乙", name_en: "Loop B", parent_id: a.id }).returning("id").executeTakeFirstOrThrow();
      await trx.updateTable("areas").set({ parent_id: b.id }).where("id", "=", a.id).execute();
      return [a.id, b.id];
    });
    // Only the security-definer functions that decide shares call it (as the owner; migration 0018).
    const { parents, pairs } = await asSystem(db, "test: the area rule on every pair", async (trx) => ({
      parents: new Map((await trx.selectFrom("areas").select(["id", "parent_id"]).execute()).map((a) => [a.id, a.parent_id] as const)),
      pairs: (
        await sql<{ grant_area: string | null; area: string | null; covers: boolean }>`
          with ids (id) as (select a.id from public.areas a union all select null::uuid)
          select g.id as grant_area, x.id as area, private.area_covers(g.id, x.id) as covers
          from ids g cross join ids x`.execute(trx)
      ).rows,
    }));
    expect(pairs.length).toBe((parents.size + 1) ** 2);
    const disagreements = pairs.filter((pair) => areaCovers(pair.grant_area, pair.area, parents) !== pair.covers);
    expect(disagreements).toEqual([]);
    // Not vacuous: both answers occur, and the tree rule holds where the test areas are.
    const covers = (grant: string | null, area: string) => pairs.find((x) => x.grant_area === grant && x.area === area)?.covers;
    expect(covers(p.areas.cityX, p.areas.districtX)).toBe(true);
    expect(covers(p.areas.districtX, p.areas.cityX)).toBe(false);
    expect(covers(p.areas.cityY, p.areas.districtX)).toBe(false);
    expect(covers(loop[0] ?? "", loop[1] ?? "")).toBe(true);
    await asSystem(db, "test: remove the loop", async (trx) => {
      await trx.updateTable("areas").set({ parent_id: p.areas.provinceX }).where("id", "in", loop).execute();
      await trx.deleteFrom("areas").where("id", "in", loop).execute();
    });
  });
});
