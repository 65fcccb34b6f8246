/**
 * Staff cards (migration 0020): an admin sets the name and organisation members see beside a
 * worker's handle. Members see the cards of the staff they deal with (the workers serving
 * their area, those they shared with or who opened their identity) and no others.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { askForHelp, postToRequest, transferRequest } from "~/data/help-requests.server";
import { createShare, deleteSharesTo, listOwnEndedShares, listOwnShares, listShareRecipients, saveOwnVault } from "~/data/identity.server";
import { listOwnAccessLog, openSharedIdentity } from "~/data/identity-openings.server";
import { asMember, asSystem } from "~/data/rls.server";
import { getOwnStaffCard, listStaffCards, setStaffCardByHandle } from "~/data/staff-cards.server";
import { STAFF_CARD_MAX_LENGTH, type StaffCard } from "~/domain/accounts/staff-card";
import { createTestAccount, fakeOwnerKey, fakeSealedKey, fakeVaultCiphertext, grantTestRole, probe, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

const card = (name: string): StaffCard => ({ displayName: `社工${name}`, organisation: "阳光社工站" });

describeOnEveryEngine("staff cards", { personas: true }, ({ db, p }) => {
  async function newWorker(areaId: string): Promise<Persona> {
    const worker = await createTestAccount(db, "socialWorkerX");
    await grantTestRole(db, worker.id, "social_worker", areaId);
    return worker;
  }

  async function newMemberOf(areaId: string): Promise<Persona> {
    const member = await createTestAccount(db, "memberA");
    await asSystem(db, "test: place member", (trx) => trx.updateTable("profiles").set({ area_id: areaId }).where("id", "=", member.id).execute());
    return member;
  }

  const setCard = (by: Persona, of: Persona, value: StaffCard) => asMember(db, by.id, (trx) => setStaffCardByHandle(trx, { handleKey: of.handleKey, card: value }));
  const cardsSeenBy = async (who: Persona) =>
    (await asMember(db, who.id, (trx) => trx.selectFrom("staff_cards").select("user_id").execute())).map((row) => row.user_id);

  it("an admin sets and changes a staff member's card, recorded in the audit log; nobody else can", async () => {
    const worker = await newWorker(p.areas.districtX);
    expect(await setCard(p.admin, worker, card("王"))).toEqual({ ok: true });
    expect(await setCard(p.admin, worker, card("王芳"))).toEqual({ ok: true });
    const listed = await asMember(db, p.admin.id, (trx) => listStaffCards(trx));
    expect(listed.find((row) => row.userId === worker.id)).toEqual({ userId: worker.id, handle: worker.handle, ...card("王芳") });
    expect(await asMember(db, worker.id, (trx) => getOwnStaffCard(trx))).toEqual(card("王芳"));
    const audited = await asSystem(db, "test: read audit", (trx) =>
      trx.selectFrom("audit_log").select(["actor_id", "action"]).where("subject_id", "=", worker.id).where("action", "=", "staff_card.set").execute(),
    );
    expect(audited).toEqual([
      { actor_id: p.admin.id, action: "staff_card.set" },
      { actor_id: p.admin.id, action: "staff_card.set" },
    ]);

    // A worker, a member: refused by the function, and by the table's policies underneath.
    for (const who of [p.socialWorkerX, p.memberA]) {
      expect(await setCard(who, worker, card("假"))).toEqual({ ok: false, reason: "not-allowed" });
      const written = await probe(db, p, who.name, (trx) => trx.updateTable("staff_cards").set({ display_name: "假" }).where("user_id", "=", worker.id).executeTakeFirst());
      expect(written === "refused" ? 0n : written.numUpdatedRows).toBe(0n);
    }
    expect(await asMember(db, worker.id, (trx) => getOwnStaffCard(trx))).toEqual(card("王芳"));
  });

  it("refuses an unknown handle and an account without a staff role; the database holds the limits", async () => {
    const member = await newMemberOf(p.areas.districtX);
    expect(await asMember(db, p.admin.id, (trx) => setStaffCardByHandle(trx, { handleKey: `nobody_${randomBytes(4).toString("hex")}`, card: card("无") }))).toEqual({
      ok: false,
      reason: "unknown-handle",
    });
    expect(await setCard(p.admin, member, card("冒"))).toEqual({ ok: false, reason: "not-staff" });

    const worker = await newWorker(p.areas.districtX);
    for (const bad of [
      { displayName: "x".repeat(STAFF_CARD_MAX_LENGTH.displayName + 1), organisation: "站" },
      { displayName: "王", organisation: "x".repeat(STAFF_CARD_MAX_LENGTH.organisation + 1) },
      { displayName: "   ", organisation: "站" },
    ]) {
      await expect(setCard(p.admin, worker, bad)).rejects.toThrow(/staff_cards_(display_name|organisation)_length/);
    }
    const longest = { displayName: "王".repeat(STAFF_CARD_MAX_LENGTH.displayName), organisation: "站".repeat(STAFF_CARD_MAX_LENGTH.organisation) };
    expect(await setCard(p.admin, worker, longest)).toEqual({ ok: true });
  });

  it("a member sees the cards of the workers serving their area, not of others", async () => {
    const ofX = await newWorker(p.areas.cityX);
    const ofY = await newWorker(p.areas.districtY);
    await setCard(p.admin, ofX, card("张"));
    await setCard(p.admin, ofY, card("李"));
    const withoutCard = await newWorker(p.areas.districtX);
    const member = await newMemberOf(p.areas.districtX);

    const recipients = await asMember(db, member.id, (trx) => listShareRecipients(trx));
    expect(recipients.find((r) => r.userId === ofX.id)?.card).toEqual(card("张"));
    expect(recipients.find((r) => r.userId === withoutCard.id)).toMatchObject({ card: null });
    expect(recipients.map((r) => r.userId)).not.toContain(ofY.id);
    const seen = await cardsSeenBy(member);
    expect(seen).toContain(ofX.id);
    expect(seen).not.toContain(ofY.id);
    // Another worker does not see a colleague's card either.
    expect(await cardsSeenBy(ofY)).toEqual([ofY.id]);
  });

  it("a member keeps seeing the card of a worker they shared with, on the share, when it ended, and in the access log", async () => {
    const worker = await newWorker(p.areas.districtX);
    await setCard(p.admin, worker, card("赵"));
    const member = await newMemberOf(p.areas.districtX);
    const shareId = await asMember(db, member.id, async (trx) => {
      await saveOwnVault(trx, { ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), keyVersion: 1 });
      const created = await createShare(trx, { recipientId: worker.id, purpose: "area_support", sealedKey: fakeSealedKey(), keyVersion: 1, expiresAt: new Date(Date.now() + 86_400_000) });
      if (!created.ok) throw new Error(created.reason);
      return created.id;
    });
    expect(await asMember(db, worker.id, (trx) => openSharedIdentity(trx, shareId))).toBeDefined();
    expect((await asMember(db, member.id, (trx) => listOwnShares(trx)))[0]?.recipientCard).toEqual(card("赵"));
    expect((await asMember(db, member.id, (trx) => listOwnAccessLog(trx)))[0]?.accessorCard).toEqual(card("赵"));

    // The member moves away and the share ends: the worker no longer serves them, but the
    // member still sees whom they had trusted.
    await asSystem(db, "test: end the share", (trx) => deleteSharesTo(trx, worker.id));
    await asSystem(db, "test: move member", (trx) => trx.updateTable("profiles").set({ area_id: p.areas.districtY }).where("id", "=", member.id).execute());
    expect((await asMember(db, member.id, (trx) => listOwnEndedShares(trx)))[0]?.recipientCard).toEqual(card("赵"));
    expect((await asMember(db, member.id, (trx) => listOwnAccessLog(trx)))[0]?.accessorCard).toEqual(card("赵"));
    // A member who never dealt with the worker, in the same new area, does not.
    expect(await cardsSeenBy(await newMemberOf(p.areas.districtY))).not.toContain(worker.id);
  });

  it("a member sees the cards of the workers on their help requests, also after a hand-over to another area; not of one who only wrote an internal note", async () => {
    const member = await newMemberOf(p.areas.districtX);
    const ofX = await newWorker(p.areas.districtX);
    const ofY = await newWorker(p.areas.districtY);
    const notesOnly = await newWorker(p.areas.districtY);
    for (const [worker, name] of [[ofX, "张"], [ofY, "李"], [notesOnly, "王"]] as const) await setCard(p.admin, worker, card(name));
    const asked = await asMember(db, member.id, (trx) =>
      askForHelp(trx, { category: "jobs", urgency: "routine", contactWay: "portal", description: "想找工作", idempotencyKey: crypto.randomUUID() }),
    );
    if (!asked.ok) throw new Error("the request was not made");
    expect(await cardsSeenBy(member)).not.toContain(ofY.id);
    expect(await asMember(db, ofX.id, (trx) => transferRequest(trx, asked.id, p.areas.districtY, "搬到了Y区"))).toEqual({ ok: true });
    await asMember(db, notesOnly.id, (trx) => postToRequest(trx, asked.id, { body: "只给社工看", internal: true, idempotencyKey: crypto.randomUUID() }));
    expect(await cardsSeenBy(member)).not.toContain(ofY.id);
    expect(await asMember(db, ofY.id, (trx) => postToRequest(trx, asked.id, { body: "你好，我是李社工", internal: false, idempotencyKey: crypto.randomUUID() }))).toEqual({ ok: true });
    const seen = await cardsSeenBy(member);
    expect(seen).toContain(ofY.id);
    expect(seen).toContain(ofX.id);
    expect(seen).not.toContain(notesOnly.id);
  });

  it("goes with the staff account when it is deleted", async () => {
    const worker = await newWorker(p.areas.districtX);
    await setCard(p.admin, worker, card("钱"));
    await asSystem(db, "test: delete worker", (trx) => sql`delete from auth.users where id = ${worker.id}`.execute(trx));
    expect((await asMember(db, p.admin.id, (trx) => listStaffCards(trx))).map((row) => row.userId)).not.toContain(worker.id);
  });
});
