/**
 * The identity shared for one help request (migration 0036) on every engine: a member shares
 * only for their own open request and only with the worker assigned to it; that worker opens
 * it (logged) while it lasts; and it ends by itself, its row and sealed key gone and the
 * reason kept, when the request is resolved or withdrawn, given to another worker or handed
 * over to another area. The access log keeps the openings from before.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { actOnRequest, askForHelp, assignRequest, transferRequest } from "~/data/help-requests.server";
import { listOwnEndedShares, listOwnShares, revokeShare, saveOwnVault, type VaultRecord } from "~/data/identity.server";
import { openSharedIdentity } from "~/data/identity-openings.server";
import {
  createRequestShare,
  getEndedRequestShare,
  getLiveRequestShare,
  getRequestShareForMe,
  getRequestShareRecipient,
} from "~/data/request-identity-shares.server";
import { allSharesForMe } from "../support/identity-fixture";
import { asMember, asSystem } from "~/data/rls.server";
import { createTestAccount, fakeOwnerKey, fakeSealedKey, fakeVaultCiphertext, grantTestRole, probe, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

const newVault = (): VaultRecord => ({ ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), keyVersion: 1 });

describeOnEveryEngine("identity shared for a help request", { personas: true }, ({ db, p }) => {
  /** A member of area X with a saved vault and an open request, and a worker of X assigned to it. */
  async function assignedRequest(): Promise<{ member: Persona; worker: Persona; requestId: string }> {
    const member = await createTestAccount(db, "memberA");
    await asSystem(db, "test: place member", (trx) => trx.updateTable("profiles").set({ area_id: p.areas.districtX }).where("id", "=", member.id).execute());
    const saved = await asMember(db, member.id, (trx) => saveOwnVault(trx, newVault()));
    if (!saved.ok) throw new Error("could not save the vault");
    const asked = await asMember(db, member.id, (trx) =>
      askForHelp(trx, { category: "welfare", urgency: "soon", contactWay: "phone_via_vault", description: "想申请低保", idempotencyKey: randomUUID() }),
    );
    if (!asked.ok) throw new Error(`could not ask: ${asked.reason}`);
    const worker = await newWorker();
    expect(await asMember(db, worker.id, (trx) => assignRequest(trx, asked.id, worker.id))).toEqual({ ok: true });
    return { member, worker, requestId: asked.id };
  }

  async function newWorker(areaId: string = p.areas.districtX): Promise<Persona> {
    const worker = await createTestAccount(db, "socialWorkerX");
    await grantTestRole(db, worker.id, "social_worker", areaId);
    return worker;
  }

  async function currentVault(member: Persona): Promise<VaultRecord> {
    const row = await asSystem(db, "test: read vault", (trx) => trx.selectFrom("identity_vaults").selectAll().where("user_id", "=", member.id).executeTakeFirstOrThrow());
    return { ciphertext: fakeVaultCiphertext(), ownerSealedKey: row.owner_sealed_key, keyVersion: row.key_version };
  }

  async function shareFor(member: Persona, requestId: string, recipient: Persona) {
    const vault = await currentVault(member);
    return asMember(db, member.id, (trx) => createRequestShare(trx, requestId, { recipientId: recipient.id, sealedKey: fakeSealedKey(), vault }));
  }

  async function sharedRequest() {
    const fixture = await assignedRequest();
    const created = await shareFor(fixture.member, fixture.requestId, fixture.worker);
    if (!created.ok) throw new Error(`could not share: ${created.reason}`);
    return { ...fixture, shareId: created.id };
  }

  const open = (worker: Persona, shareId: string) => asMember(db, worker.id, (trx) => openSharedIdentity(trx, shareId));
  const shareRow = (shareId: string) => asSystem(db, "test: read share", (trx) => trx.selectFrom("identity_shares").select("id").where("id", "=", shareId).executeTakeFirst());
  const accessCount = async (shareId: string) =>
    Number(
      (await asSystem(db, "test: count access", (trx) => trx.selectFrom("identity_access_log").select((eb) => eb.fn.countAll<string>().as("n")).where("share_id", "=", shareId).executeTakeFirstOrThrow())).n,
    );

  describe("who may share", () => {
    it("the owner shares with the worker assigned to their open request; the page's lookups see it from both sides", async () => {
      const { member, worker, requestId } = await assignedRequest();
      expect(await asMember(db, member.id, (trx) => getRequestShareRecipient(trx, requestId))).toEqual({
        userId: worker.id,
        handle: worker.handle,
        publicKey: expect.any(String),
        card: null,
      });
      const created = await shareFor(member, requestId, worker);
      expect(created).toEqual({ ok: true, id: expect.any(String) });
      const shareId = created.ok ? created.id : "";
      expect(await asMember(db, member.id, (trx) => getLiveRequestShare(trx, requestId))).toEqual({ id: shareId, recipientId: worker.id, expiresAt: expect.any(Date) });
      expect(await asMember(db, worker.id, (trx) => getLiveRequestShare(trx, requestId))).toEqual({ id: shareId, recipientId: worker.id, expiresAt: expect.any(Date) });
      expect(await asMember(db, worker.id, (trx) => getRequestShareForMe(trx, requestId))).toEqual({ id: shareId, ownerHandle: member.handle, expiresAt: expect.any(Date) });
      const own = await asMember(db, member.id, (trx) => listOwnShares(trx));
      expect(own).toEqual([expect.objectContaining({ id: shareId, purpose: "help_request", live: true })]);
      // Sharing again for the same request with the same worker is "exists".
      expect(await shareFor(member, requestId, worker)).toEqual({ ok: false, reason: "exists" });
      // Nobody else learns of it.
      for (const who of [p.socialWorkerX, p.memberB, p.admin]) {
        expect(await asMember(db, who.id, (trx) => getLiveRequestShare(trx, requestId)), who.name).toBeUndefined();
        expect(await asMember(db, who.id, (trx) => getRequestShareForMe(trx, requestId)), who.name).toBeUndefined();
        expect(await asMember(db, who.id, (trx) => getRequestShareRecipient(trx, requestId)), who.name).toBeUndefined();
      }
    });

    it("refuses another worker of the area, an unassigned request, a closed request and someone else's request", async () => {
      const { member, worker, requestId } = await assignedRequest();
      expect(await shareFor(member, requestId, p.socialWorkerX)).toEqual({ ok: false, reason: "not-allowed" });

      const unassigned = await asMember(db, member.id, (trx) =>
        askForHelp(trx, { category: "jobs", urgency: "routine", contactWay: "portal", description: "找工作", idempotencyKey: randomUUID() }),
      );
      const unassignedId = unassigned.ok ? unassigned.id : "";
      expect(await asMember(db, member.id, (trx) => getRequestShareRecipient(trx, unassignedId))).toBeUndefined();
      expect(await shareFor(member, unassignedId, worker)).toEqual({ ok: false, reason: "not-allowed" });

      const other = await assignedRequest();
      expect(await shareFor(member, other.requestId, other.worker)).toEqual({ ok: false, reason: "not-allowed" });

      expect(await asMember(db, worker.id, (trx) => actOnRequest(trx, requestId, "start"))).toEqual({ ok: true });
      expect(await asMember(db, worker.id, (trx) => actOnRequest(trx, requestId, "resolve"))).toEqual({ ok: true });
      expect(await asMember(db, member.id, (trx) => getRequestShareRecipient(trx, requestId))).toBeUndefined();
      expect(await shareFor(member, requestId, worker)).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, member.id, (trx) => listOwnShares(trx))).toEqual([]);
    });

    it("the insert policy refuses the same rows written by hand: no request, the wrong request, a closed one", async () => {
      const { member, worker, requestId } = await assignedRequest();
      const other = await assignedRequest();
      const insert = (purpose: string, helpRequestId: string | null, recipientId = worker.id) =>
        probe(db, p, member, (trx) =>
          sql`insert into public.identity_shares (owner_id, recipient_id, purpose, help_request_id, sealed_key, key_version, expires_at)
              values (${member.id}, ${recipientId}, ${purpose}, ${helpRequestId}, ${fakeSealedKey()}, 1, now() + interval '30 days')`.execute(trx),
        );
      expect(await insert("help_request", requestId)).not.toBe("refused");
      expect(await insert("help_request", other.requestId, other.worker.id)).toBe("refused");
      expect(await insert("help_request", requestId, p.socialWorkerX.id)).toBe("refused");
      expect(await insert("help_request", null)).toBe("refused");
      // A request on an area-support share breaks the table's own rule.
      await expect(insert("area_support", requestId)).rejects.toThrow();
    });
  });

  describe("reading and ending", () => {
    it("the worker opens it through the logged opening, and lists it with their shares", async () => {
      const { worker, shareId } = await sharedRequest();
      expect(await open(worker, shareId)).toEqual(expect.objectContaining({ purpose: "help_request", sealedKey: expect.any(String) }));
      expect(await accessCount(shareId)).toBe(1);
      expect((await allSharesForMe(db, worker)).map((s) => s.id)).toContain(shareId);
      expect(await open(p.socialWorkerX, shareId)).toBeUndefined();
    });

    const endings = [
      {
        what: "resolved",
        reason: "request_closed",
        end: async ({ worker, requestId }: { worker: Persona; member: Persona; requestId: string }) => {
          expect(await asMember(db, worker.id, (trx) => actOnRequest(trx, requestId, "start"))).toEqual({ ok: true });
          expect(await asMember(db, worker.id, (trx) => actOnRequest(trx, requestId, "resolve"))).toEqual({ ok: true });
        },
      },
      {
        what: "withdrawn by the member",
        reason: "request_closed",
        end: async ({ member, requestId }: { worker: Persona; member: Persona; requestId: string }) => {
          expect(await asMember(db, member.id, (trx) => actOnRequest(trx, requestId, "withdraw"))).toEqual({ ok: true });
        },
      },
      {
        what: "given to another worker",
        reason: "worker_changed",
        end: async ({ worker, requestId }: { worker: Persona; member: Persona; requestId: string }) => {
          expect(await asMember(db, worker.id, (trx) => assignRequest(trx, requestId, p.socialWorkerX.id))).toEqual({ ok: true });
        },
      },
      {
        what: "handed over to another area",
        reason: "request_transferred",
        end: async ({ worker, requestId }: { worker: Persona; member: Persona; requestId: string }) => {
          expect(await asMember(db, worker.id, (trx) => transferRequest(trx, requestId, p.areas.districtY, "搬到了别的区"))).toEqual({ ok: true });
        },
      },
    ] as const;

    for (const ending of endings) {
      it(`ends when the request is ${ending.what}: the row and its key are gone, the reason is ${ending.reason}, the log keeps the opening`, async () => {
        const fixture = await sharedRequest();
        const { member, worker, requestId, shareId } = fixture;
        expect(await open(worker, shareId)).toBeDefined();
        await ending.end(fixture);

        expect(await shareRow(shareId)).toBeUndefined();
        expect(await open(worker, shareId)).toBeUndefined();
        expect(await asMember(db, worker.id, (trx) => getRequestShareForMe(trx, requestId))).toBeUndefined();
        expect(await asMember(db, member.id, (trx) => getLiveRequestShare(trx, requestId))).toBeUndefined();
        expect(await asMember(db, member.id, (trx) => getEndedRequestShare(trx, requestId))).toEqual({ endedAt: expect.any(Date), reason: ending.reason });
        expect(await asMember(db, member.id, (trx) => listOwnEndedShares(trx))).toEqual([
          expect.objectContaining({ id: shareId, recipientHandle: worker.handle, purpose: "help_request", reason: ending.reason }),
        ]);
        expect(await accessCount(shareId)).toBe(1);
      });
    }

    it("a change that keeps the same worker on an open request ends nothing; the owner's other shares stay", async () => {
      const { member, worker, requestId, shareId } = await sharedRequest();
      expect(await asMember(db, worker.id, (trx) => actOnRequest(trx, requestId, "triage"))).toEqual({ ok: true });
      expect(await asMember(db, worker.id, (trx) => assignRequest(trx, requestId, worker.id))).toEqual({ ok: true });
      expect(await shareRow(shareId)).toEqual({ id: shareId });
      expect(await open(worker, shareId)).toBeDefined();
      // The member takes it back themselves: a rotation, ended as revoked.
      const revoked = await asMember(db, member.id, (trx) =>
        revokeShare(trx, { shareId, ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), newKeyVersion: 2, reseals: [] }),
      );
      expect(revoked).toEqual({ ok: true });
      expect(await asMember(db, member.id, (trx) => getEndedRequestShare(trx, requestId))).toEqual({ endedAt: expect.any(Date), reason: "revoked" });
    });

    it("stops opening when the worker no longer serves the request's area, and when it expires", async () => {
      const first = await sharedRequest();
      await asSystem(db, "test: move worker", (trx) => trx.updateTable("role_grants").set({ area_id: p.areas.districtY }).where("user_id", "=", first.worker.id).execute());
      expect(await open(first.worker, first.shareId)).toBeUndefined();
      expect(await asMember(db, first.member.id, (trx) => getLiveRequestShare(trx, first.requestId))).toBeUndefined();

      const second = await sharedRequest();
      await asSystem(db, "test: expire share", (trx) =>
        sql`update public.identity_shares set created_at = now() - interval '10 days', expires_at = now() - interval '1 second' where id = ${second.shareId}`.execute(trx),
      );
      expect(await open(second.worker, second.shareId)).toBeUndefined();
    });
  });
});
