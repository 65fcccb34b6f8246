/**
 * Opening a shared identity vault (decision 003) on every engine: who may open it, when,
 * and the access log every opening leaves for its owner.
 * Each test makes the accounts whose state it changes, so tests do not depend on one another;
 * the shared personas are only read or used as recipients (tests/support/identity-fixture.ts).
 */

import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { deleteExpiredShares, listOwnShares } from "~/data/identity.server";
import { listOwnAccessLog, listSharesForMe } from "~/data/identity-openings.server";
import { asMember, asSystem } from "~/data/rls.server";
import type { KeysetFrom } from "~/domain/navigation/keyset-pages";
import { probe, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { preparedPlan } from "../support/prepared-plans";
import { allSharesForMe, identityFixture } from "../support/identity-fixture";

describeOnEveryEngine("identity openings", { personas: true }, ({ db, p }) => {
  const { newSocialWorker, newOwner, share, expire, logCount, stored, visibleTo, open } = identityFixture(db, p);

  // --- opening and the access log ------------------------------------------------------

  describe("opening a shared vault", () => {
    it("the recipient opens a live share: the vault ciphertext with the share's sealed key, one log row per call, seen by the owner", async () => {
      const { owner, vault } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      const sealedKey = (await stored(owner.id)).shares[0]?.sealed_key;
      for (let i = 1; i <= 3; i++) {
        const opened = await open(p.socialWorkerX, shareId);
        expect(opened).toEqual({
          ownerId: owner.id,
          ciphertext: vault.ciphertext,
          sealedKey,
          keyVersion: 1,
          purpose: "area_support",
          expiresAt: expect.any(Date),
        });
        expect(await logCount({ shareId })).toBe(i);
      }
      const log = await asMember(db, owner.id, (trx) => listOwnAccessLog(trx));
      expect(log).toHaveLength(3);
      for (const entry of log) {
        expect(entry).toEqual({ accessorHandle: p.socialWorkerX.handle, accessorCard: null, purpose: "area_support", accessedAt: expect.any(Date), shareId });
      }
      // Only the owner reads these rows: not the accessor, not another member, not an admin.
      for (const who of [p.socialWorkerX, p.memberB, p.admin]) {
        const rows = await asMember(db, who.id, (trx) => trx.selectFrom("identity_access_log").select("id").where("owner_id", "=", owner.id).execute());
        expect(rows, who.name).toEqual([]);
      }
    });

    it("names every accessor on their own rows, however many people opened the vault and however often", async () => {
      const { owner } = await newOwner();
      const workers = [p.socialWorkerX, await newSocialWorker(), await newSocialWorker()];
      const shares = await Promise.all(workers.map((worker) => share(owner, worker)));
      const openings = [0, 1, 0, 2, 1, 0, 2, 2, 0];
      for (const index of openings) await open(workers[index] as Persona, shares[index] as string);
      const log = await asMember(db, owner.id, (trx) => listOwnAccessLog(trx));
      const byShare = new Map(shares.map((shareId, index) => [shareId, workers[index]?.handle]));
      expect(log).toHaveLength(openings.length);
      for (const entry of log) expect(entry.accessorHandle).toBe(byShare.get(entry.shareId ?? ""));
      expect(new Set(log.map((entry) => entry.accessorHandle))).toEqual(new Set(workers.map((worker) => worker.handle)));
    });

    it("lists the owner's newest openings first, and only as many as asked for", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      for (let i = 0; i < 4; i++) await open(p.socialWorkerX, shareId);
      const all = await asMember(db, owner.id, (trx) => listOwnAccessLog(trx));
      const latest = await asMember(db, owner.id, (trx) => listOwnAccessLog(trx, { limit: 2 }));
      expect(all).toHaveLength(4);
      expect(latest).toEqual(all.slice(0, 2));
      expect(all.map((entry) => entry.accessedAt.getTime())).toEqual([...all.map((entry) => entry.accessedAt.getTime())].sort((a, b) => b - a));
    });

    it("reads a long log's newest rows from its index in time order, not every row of the member's sorted", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      // Far more openings than most owners have (4 each for 500 others here), as after years of
      // a worker's visits: the planner, guessing a few rows for any owner, must still not sort them all.
      await asSystem(db, "test: a long access log", async (trx) => {
        await sql`insert into public.identity_access_log (owner_id, accessor_id, share_id, purpose, accessed_at)
            select ${owner.id}::uuid, ${p.socialWorkerX.id}::uuid, ${shareId}::uuid, 'area_support', now() - n * interval '1 minute'
            from generate_series(1, 400) n`.execute(trx);
        await sql`insert into public.identity_access_log (owner_id, accessor_id, share_id, purpose)
            select others.id, ${p.socialWorkerX.id}::uuid, gen_random_uuid(), 'area_support'
            from (select gen_random_uuid() as id from generate_series(1, 500)) others cross join generate_series(1, 4)`.execute(trx);
      });
      await sql`analyze public.identity_access_log`.execute(db);
      const plan = await asMember(db, owner.id, async (trx) => {
        // Run twice: a statement is prepared, so listed, from its second run on.
        for (let run = 0; run < 2; run++) expect(await listOwnAccessLog(trx, { limit: 51 })).toHaveLength(51);
        return preparedPlan(trx, ['from "identity_access_log"', 'order by "accessed_at" desc'], sql`51`);
      });
      expect(plan).toContain("identity_access_log_owner_newest_idx");
      expect(plan).not.toContain("Bitmap Heap Scan on identity_access_log");
    });

    it("a social worker's shares come a page at a time, soonest expiry first, forward and back, each named by its owner's handle", async () => {
      const worker = await newSocialWorker();
      const owners: Persona[] = [];
      const ids: string[] = [];
      // Seven shares, one per owner, expiring a day apart: pages of three are 3, 3 and 1.
      for (let day = 1; day <= 7; day++) {
        const { owner } = await newOwner();
        owners.push(owner);
        ids.push(await share(owner, worker, { days: day }));
      }
      const page = (from: KeysetFrom<string>) => asMember(db, worker.id, (trx) => listSharesForMe(trx, { from, limit: 3 }));
      const first = await page(null);
      expect(first.shares.map((s) => s.id)).toEqual(ids.slice(0, 3));
      expect(first.shares.map((s) => s.ownerHandle)).toEqual(owners.slice(0, 3).map((o) => o.handle));
      expect([first.previous, first.next]).toEqual([null, ids[2]]);
      const second = await page({ toward: "end", anchor: ids[2] ?? "" });
      expect(second.shares.map((s) => s.id)).toEqual(ids.slice(3, 6));
      expect([second.previous, second.next]).toEqual([ids[3], ids[5]]);
      const last = await page({ toward: "end", anchor: ids[5] ?? "" });
      expect(last.shares.map((s) => s.id)).toEqual(ids.slice(6));
      expect([last.previous, last.next]).toEqual([ids[6], null]);
      // Back from the last page, and back to the first.
      const backToSecond = await page({ toward: "start", anchor: ids[6] ?? "" });
      expect(backToSecond).toEqual(second);
      const backToFirst = await page({ toward: "start", anchor: ids[3] ?? "" });
      expect(backToFirst.shares.map((s) => s.id)).toEqual(ids.slice(0, 3));
      expect([backToFirst.previous, backToFirst.next]).toEqual([null, ids[2]]);
      // A page from a share that has since expired, from another's share or from no share at all starts at the first.
      await expire(ids[0] ?? "");
      const afterExpired = await page({ toward: "end", anchor: ids[0] ?? "" });
      expect(afterExpired.shares.map((s) => s.id)).toEqual(ids.slice(1, 4));
      // Back to the start from a page whose earlier shares expired meanwhile: the first page, full.
      const backToStart = await page({ toward: "start", anchor: ids[3] ?? "" });
      expect(backToStart).toEqual(afterExpired);
      const { owner: stranger } = await newOwner();
      const notForThisWorker = await share(stranger, p.socialWorkerX);
      for (const anchor of [notForThisWorker, crypto.randomUUID(), "not a share"]) {
        expect((await page({ toward: "start", anchor })).shares.map((s) => s.id), anchor).toEqual(ids.slice(1, 4));
      }
    });

    it("a share names its owner only to its recipient, while it is live", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      const handleOf = (who: Persona) =>
        asMember(db, who.id, async (trx) => (await sql<{ handle: string | null }>`select private.shared_owner_handle(${shareId}::uuid) as handle`.execute(trx)).rows[0]?.handle);
      expect(await handleOf(p.socialWorkerX)).toBe(owner.handle);
      for (const who of [owner, p.socialWorkerY, p.admin, p.memberB]) expect(await handleOf(who), who.name).toBeNull();
      for (const who of ["anon", "service_role"] as const) {
        expect(await probe(db, p, who, (trx) => sql`select private.shared_owner_handle(${shareId}::uuid)`.execute(trx)), who).toBe("refused");
      }
      await expire(shareId);
      expect(await handleOf(p.socialWorkerX)).toBeNull();
    });

    it("reads a page of shares in the list's order straight from an index, with no sort of the worker's shares", async () => {
      const worker = await newSocialWorker();
      const anchor = await share((await newOwner()).owner, worker, { days: 1 });
      await share((await newOwner()).owner, worker, { days: 2 });
      const plan = await asMember(db, worker.id, async (trx) => {
        // Too few rows for the planner to prefer an index on its own: the question is whether one gives the order.
        await sql`set local enable_seqscan = off`.execute(trx);
        // Run twice: a statement is prepared, so listed, from its second run on.
        for (let run = 0; run < 2; run++) expect((await listSharesForMe(trx, { from: { toward: "end", anchor }, limit: 3 })).shares).toHaveLength(1);
        return preparedPlan(trx, ['from "identity_shares" as "s"', "(s.expires_at, s.id) >"], sql`${sql.lit(anchor)}::uuid, 4`);
      });
      expect(plan).toContain("identity_shares_recipient_id_expires_at_id_idx");
      expect(plan).not.toMatch(/Sort/);
    });

    it("staff without a live share addressed to them read no vault, no share, open nothing and log nothing", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      const elsewhere = await newSocialWorker(p.areas.districtY);
      for (const who of [p.socialWorkerY, elsewhere, p.admin, p.memberB]) {
        expect(await visibleTo(who, owner.id), who.name).toEqual({ vaults: 0, shares: 0 });
        expect(await open(who, shareId), who.name).toBeUndefined();
        expect((await allSharesForMe(db, who)).map((x) => x.id)).not.toContain(shareId);
        const logged = await asMember(db, who.id, async (trx) =>
          (await sql<{ v: boolean }>`select private.record_identity_access(${shareId}::uuid) as v`.execute(trx)).rows[0]?.v,
        );
        expect(logged).toBe(false);
      }
      for (const who of ["anon", "service_role"] as const) expect(await visibleTo(who, owner.id)).toBe("refused");
      // The recipient sees the share, but not the vault: that only comes through
      // open_shared_identity, which logs the opening.
      expect(await visibleTo(p.socialWorkerX, owner.id)).toEqual({ vaults: 0, shares: 1 });
      expect(await logCount({ ownerId: owner.id })).toBe(0);
      expect(await open(p.socialWorkerX, shareId)).toBeDefined();
      expect(await logCount({ ownerId: owner.id })).toBe(1);
    });

    it("an expired share is refused: the recipient reads no share and no vault, opens nothing, and nothing is logged", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      expect(await open(p.socialWorkerX, shareId)).toBeDefined();
      expect(await logCount({ shareId })).toBe(1);

      await expire(shareId);
      expect(await visibleTo(p.socialWorkerX, owner.id)).toEqual({ vaults: 0, shares: 0 });
      expect(await open(p.socialWorkerX, shareId)).toBeUndefined();
      expect((await allSharesForMe(db, p.socialWorkerX)).map((s) => s.id)).not.toContain(shareId);
      expect(await logCount({ shareId })).toBe(1);
      expect((await asMember(db, owner.id, (trx) => listOwnShares(trx)))[0]).toMatchObject({ id: shareId, expired: true });
    });

    it("a recipient who is no longer a social worker loses access", async () => {
      const { owner } = await newOwner();
      const worker = await newSocialWorker();
      const shareId = await share(owner, worker);
      expect(await open(worker, shareId)).toBeDefined();
      await asSystem(db, "test: revoke role", (trx) => trx.deleteFrom("role_grants").where("user_id", "=", worker.id).execute());
      expect(await visibleTo(worker, owner.id)).toEqual({ vaults: 0, shares: 0 });
      expect(await open(worker, shareId)).toBeUndefined();
      expect(await logCount({ shareId })).toBe(1);
    });

    it("a worker who moves to another area, or whose member moves away, loses access; a city's worker keeps serving its districts", async () => {
      const { owner } = await newOwner();
      const worker = await newSocialWorker();
      const ofCity = await newSocialWorker(p.areas.cityX);
      const shareId = await share(owner, worker);
      const cityShare = await share(owner, ofCity);
      expect(await open(worker, shareId)).toBeDefined();
      expect(await open(ofCity, cityShare)).toBeDefined();
      const moveWorker = (areaId: string) =>
        asSystem(db, "test: move worker", (trx) => trx.updateTable("role_grants").set({ area_id: areaId }).where("user_id", "=", worker.id).execute());
      await moveWorker(p.areas.districtY);
      expect(await visibleTo(worker, owner.id)).toEqual({ vaults: 0, shares: 0 });
      expect(await open(worker, shareId)).toBeUndefined();
      expect(await allSharesForMe(db, worker)).toEqual([]);
      expect(await logCount({ shareId })).toBe(1);
      // Back in the member's area, the share (still at the vault's key version) opens again.
      await moveWorker(p.areas.districtX);
      expect(await open(worker, shareId)).toBeDefined();
      // The member moves to area Y: neither the district's nor the city's worker serves them now.
      await asSystem(db, "test: move member", (trx) => trx.updateTable("profiles").set({ area_id: p.areas.districtY }).where("id", "=", owner.id).execute());
      expect(await open(worker, shareId)).toBeUndefined();
      expect(await open(ofCity, cityShare)).toBeUndefined();
      expect((await asMember(db, owner.id, (trx) => listOwnShares(trx))).map((s) => s.live)).toEqual([false, false]);
    });

    it("nobody reads a share's sealed key with a plain SELECT, not even its recipient or owner: only through the logged opening", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      for (const who of [p.socialWorkerX, owner]) {
        expect(await probe(db, p, who, (trx) => sql`select sealed_key from public.identity_shares where id = ${shareId}`.execute(trx)), who.name).toBe("refused");
        expect(await probe(db, p, who, (trx) => sql`select * from public.identity_shares where id = ${shareId}`.execute(trx)), who.name).toBe("refused");
        // The other columns stay readable to both.
        const row = await probe(db, p, who, (trx) => trx.selectFrom("identity_shares").select(["id", "key_version", "expires_at"]).where("id", "=", shareId).execute());
        expect(row, who.name).toEqual([{ id: shareId, key_version: 1, expires_at: expect.any(Date) }]);
      }
      expect(await logCount({ shareId })).toBe(0);
      expect((await open(p.socialWorkerX, shareId))?.sealedKey).toMatch(/^v1\.sealed\./);
      expect(await logCount({ shareId })).toBe(1);
    });

    it("the scheduled job deletes expired shares and only those", async () => {
      const { owner } = await newOwner();
      const kept = await share(owner, p.socialWorkerX);
      const old = await share(owner, await newSocialWorker());
      await expire(old);
      const deleted = await asSystem(db, "test: prune shares", (trx) => deleteExpiredShares(trx));
      expect(deleted).toBeGreaterThanOrEqual(1);
      expect((await stored(owner.id)).shares.map((s) => s.id)).toEqual([kept]);
    });

    it("nobody inserts, updates, deletes or truncates access-log rows: owner, recipient, admin, API roles, the privileged path", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      await open(p.socialWorkerX, shareId);
      const statements = [
        sql`insert into public.identity_access_log (owner_id, accessor_id, share_id, purpose) values (${owner.id}, ${p.socialWorkerX.id}, ${shareId}, 'area_support')`,
        sql`update public.identity_access_log set purpose = 'changed'`,
        sql`update public.identity_access_log set purpose = 'changed' where false`,
        sql`delete from public.identity_access_log`,
        sql`delete from public.identity_access_log where owner_id = ${owner.id}`,
        sql`truncate public.identity_access_log`,
      ];
      for (const who of [owner, p.socialWorkerX, p.admin, "anon", "service_role"] as const) {
        for (const statement of statements) {
          const label = `${typeof who === "string" ? who : who.name}: ${statement.compile(db).sql}`;
          expect(await probe(db, p, who, (trx) => statement.execute(trx)), label).toBe("refused");
        }
      }
      for (const statement of statements.slice(1)) {
        await expect(asSystem(db, "test: tamper with access log", (trx) => statement.execute(trx))).rejects.toThrow(
          /identity_access_log is append-only/,
        );
      }
      expect(await logCount({ shareId })).toBe(1);
    });
  });
});
