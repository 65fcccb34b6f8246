/**
 * Mentor messages, key pins, disappearing messages and reports (issue 19, migration 0053) on
 * every engine, persona by persona: only the two parties read a conversation; an ended,
 * unanswered or blocked mentorship takes no message; a retried send is stored once; the
 * recipient is told with one neutral notification per conversation; a disappeared message is
 * gone at once and deleted by the job; mentors cannot read their mentees' vaults; reports reach
 * the staff of the reported person's area and nobody else.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { deleteAccount } from "~/data/account-deletion.server";
import { saveOwnVault } from "~/data/identity.server";
import {
  closeReport,
  deleteDisappearedMessages,
  getConversation,
  getOwnPin,
  listConversationMessages,
  listReportsToHandle,
  ownLastSequence,
  readConversation,
  reportMember,
  saveOwnPin,
  sendMessage,
  setDisappearing,
} from "~/data/messages.server";
import { askMentor, blockMember, endMentorship } from "~/data/mentors.server";
import { exportOwnData } from "~/data/own-data-export.server";
import { asAnon, asMember, asSystem } from "~/data/rls.server";
import { listOwnNotifications } from "~/data/talk-requests.server";
import type { MessageEnvelope } from "~/domain/formats/message-shape";
import { fakeOwnerKey, fakeVaultCiphertext, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { acceptedMentorship, makeMentor, member } from "../support/mentor-fixture";

const b64url = (bytes: number) => randomBytes(bytes).toString("base64url");
/** A well-formed envelope (one padded block): the server checks shape only, never content. */
const envelope = (blocks = 1): MessageEnvelope => ({ version: 1, nonce: b64url(24), ciphertext: b64url(16 + 256 * blocks) });

describeOnEveryEngine("mentor messages", { personas: true }, ({ db, p }) => {
  let mentor: Persona;
  let mentee: Persona;
  let mentorshipId: string;

  const send = (who: Persona, sequence: number, sealed = envelope(), conversation = mentorshipId) =>
    asMember(db, who.id, (trx) => sendMessage(trx, { mentorshipId: conversation, sequence, envelope: sealed }));
  const readAs = (who: string, conversation = mentorshipId) => asMember(db, who, (trx) => listConversationMessages(trx, conversation));

  beforeAll(async () => {
    mentor = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id, undefined, 3);
    mentee = await member(db, p.areas.districtY);
    mentorshipId = await acceptedMentorship(db, mentee, mentor);
  });

  describe("who reads and sends", () => {
    it("only the two parties read a conversation: not another member, not staff, not the admin, not anon", async () => {
      const sealed = envelope(2);
      const sent = await send(mentee, 1, sealed);
      expect(sent).toMatchObject({ ok: true });
      for (const party of [mentee.id, mentor.id]) {
        const rows = await readAs(party);
        expect(rows.map((row) => [row.senderId, row.recipientId, row.sequence, row.nonce, row.ciphertext])).toContainEqual([mentee.id, mentor.id, 1, sealed.nonce, sealed.ciphertext]);
      }
      for (const outsider of [p.memberA.id, p.memberB.id, p.socialWorkerX.id, p.socialWorkerY.id, p.admin.id]) {
        expect(await readAs(outsider)).toEqual([]);
        expect(await asMember(db, outsider, (trx) => getConversation(trx, mentorshipId))).toBeNull();
        await expect(send({ ...mentee, id: outsider }, 1)).resolves.toEqual({ ok: false, reason: "not-found" });
      }
      await expect(asAnon(db, (trx) => trx.selectFrom("messages").selectAll().execute())).rejects.toMatchObject({ code: "42501" });
      // Nobody writes a message row by hand, not even a party.
      const forged = envelope();
      await expect(
        asMember(db, mentee.id, (trx) =>
          sql`insert into public.messages (mentorship_id, sender_id, recipient_id, sequence, version, nonce, ciphertext)
              values (${mentorshipId}, ${mentee.id}, ${mentor.id}, 99, 1, ${forged.nonce}, ${forged.ciphertext})`.execute(trx),
        ),
      ).rejects.toMatchObject({ code: "42501" });
    });

    it("each party gets the other's handle and public key, never the other's key row (wrapped private key and salt)", async () => {
      const seen = await asMember(db, mentee.id, (trx) => getConversation(trx, mentorshipId));
      const mentorKey = await asSystem(db, "test: read key", (trx) => trx.selectFrom("user_keys").select("public_key").where("user_id", "=", mentor.id).executeTakeFirstOrThrow());
      expect(seen).toMatchObject({ state: "active", asMentor: false, counterpart: { id: mentor.id, handle: mentor.handle, publicKey: mentorKey.public_key } });
      expect((await asMember(db, mentor.id, (trx) => getConversation(trx, mentorshipId)))?.asMentor).toBe(true);
      expect(await asMember(db, mentee.id, (trx) => trx.selectFrom("user_keys").selectAll().where("user_id", "=", mentor.id).execute())).toEqual([]);
    });

    it("a retried send is stored once; a number holding another message is refused; the sender's last number is known", async () => {
      const sealed = envelope();
      const first = await send(mentor, 1, sealed);
      const again = await send(mentor, 1, sealed);
      expect(first.ok && again.ok && again.messageId === first.messageId).toBe(true);
      expect(await send(mentor, 1, envelope())).toEqual({ ok: false, reason: "sequence-taken" });
      expect(await asMember(db, mentor.id, (trx) => ownLastSequence(trx, mentorshipId))).toBe(1);
      expect((await readAs(mentor.id)).filter((row) => row.senderId === mentor.id)).toHaveLength(1);
    });

    it("the database refuses an envelope of an impossible shape", async () => {
      for (const bad of [{ ...envelope(), ciphertext: b64url(100) }, { ...envelope(), nonce: b64url(12) }, { ...envelope(), version: 2 }, { ...envelope(), ciphertext: `${b64url(271)}!` }]) {
        await expect(send(mentee, 50, bad)).rejects.toMatchObject({ code: "23514" });
      }
    });

    it("an unanswered, ended or blocked mentorship takes no message", async () => {
      const waitingMentee = await member(db, p.areas.districtX);
      const busy = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id, { showYears: true, languages: ["zh-CN"], experience: [], capacity: 3, paused: false });
      await asMember(db, waitingMentee.id, (trx) => askMentor(trx, { mentorId: busy.id, note: "" }));
      const [waiting] = await asMember(db, waitingMentee.id, (trx) => trx.selectFrom("mentorships").select("id").where("mentee_id", "=", waitingMentee.id).execute());
      expect(await send(waitingMentee, 1, envelope(), waiting?.id)).toEqual({ ok: false, reason: "not-open" });

      const ending = await member(db, p.areas.districtX);
      const ended = await acceptedMentorship(db, ending, busy);
      expect(await send(ending, 1, envelope(), ended)).toMatchObject({ ok: true });
      await asMember(db, busy.id, (trx) => endMentorship(trx, ended));
      expect(await send(ending, 2, envelope(), ended)).toEqual({ ok: false, reason: "not-open" });
      expect(await send(busy, 1, envelope(), ended)).toEqual({ ok: false, reason: "not-open" });
      // What was said before the end stays readable to both.
      expect(await readAs(ending.id, ended)).toHaveLength(1);

      const blocking = await member(db, p.areas.districtX);
      const blockedConversation = await acceptedMentorship(db, blocking, busy);
      await asMember(db, blocking.id, (trx) => blockMember(trx, busy.id));
      // A block ends the mentorship (0051); neither side can send.
      expect(await send(busy, 1, envelope(), blockedConversation)).toMatchObject({ ok: false });
      expect(await send(blocking, 1, envelope(), blockedConversation)).toMatchObject({ ok: false });
    });

    it("at most 30 messages a minute from one sender", async () => {
      const chatty = await member(db, p.areas.districtX);
      const listener = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id);
      const conversation = await acceptedMentorship(db, chatty, listener);
      for (let sequence = 1; sequence <= 30; sequence += 1) expect(await send(chatty, sequence, envelope(), conversation)).toMatchObject({ ok: true });
      expect(await send(chatty, 31, envelope(), conversation)).toEqual({ ok: false, reason: "too-fast" });
    });
  });

  describe("notifications, pins and disappearing", () => {
    it("tells the recipient with one neutral notification per conversation, cleared when they open it", async () => {
      const talker = await member(db, p.areas.districtX);
      const listener = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id);
      const conversation = await acceptedMentorship(db, talker, listener);
      for (const sequence of [1, 2, 3]) await send(talker, sequence, envelope(), conversation);
      const told = (await asMember(db, listener.id, listOwnNotifications)).filter((entry) => entry.kind === "message");
      expect(told).toEqual([expect.objectContaining({ kind: "message", memberHandle: talker.handle, mentorshipId: conversation, read: false, note: "" })]);
      expect((await asMember(db, talker.id, listOwnNotifications)).filter((entry) => entry.kind === "message")).toEqual([]);
      await asMember(db, listener.id, (trx) => readConversation(trx, conversation));
      expect((await asMember(db, listener.id, listOwnNotifications)).filter((entry) => entry.kind === "message" && !entry.read)).toEqual([]);
      await send(talker, 4, envelope(), conversation);
      expect((await asMember(db, listener.id, listOwnNotifications)).filter((entry) => entry.kind === "message" && !entry.read)).toHaveLength(1);
    });

    it("each side reads and writes only its own pin, and only in its own mentorships", async () => {
      const pin = { nonce: b64url(24), ciphertext: b64url(200) };
      await asMember(db, mentee.id, (trx) => saveOwnPin(trx, mentorshipId, pin));
      expect(await asMember(db, mentee.id, (trx) => getOwnPin(trx, mentorshipId))).toEqual(pin);
      expect(await asMember(db, mentor.id, (trx) => getOwnPin(trx, mentorshipId))).toBeNull();
      expect(await asMember(db, mentor.id, (trx) => trx.selectFrom("message_key_pins").selectAll().execute())).toEqual([]);
      const repinned = { nonce: b64url(24), ciphertext: b64url(200) };
      await asMember(db, mentee.id, (trx) => saveOwnPin(trx, mentorshipId, repinned));
      expect(await asMember(db, mentee.id, (trx) => getOwnPin(trx, mentorshipId))).toEqual(repinned);
      await expect(asMember(db, p.memberB.id, (trx) => saveOwnPin(trx, mentorshipId, pin))).rejects.toMatchObject({ code: "42501" });
    });

    it("disappearing messages: set by either side, hidden once due and deleted by the job; an outsider cannot set it", async () => {
      expect(await asMember(db, p.memberB.id, (trx) => setDisappearing(trx, mentorshipId, 7))).toEqual({ ok: false });
      expect(await asMember(db, mentor.id, (trx) => setDisappearing(trx, mentorshipId, 7))).toEqual({ ok: true });
      expect((await asMember(db, mentee.id, (trx) => getConversation(trx, mentorshipId)))?.disappearAfterDays).toBe(7);
      const sent = await send(mentee, 10);
      if (!sent.ok) throw new Error("send");
      const row = (await readAs(mentee.id)).find((message) => message.id === sent.messageId);
      const days = ((row?.expiresAt?.getTime() ?? 0) - sent.sentAt.getTime()) / 86_400_000;
      expect(days).toBeCloseTo(7, 5);
      // Its time comes: gone for both at once, and the job deletes it.
      await asSystem(db, "test: time passes", (trx) => sql`update public.messages set expires_at = now() - interval '1 second' where id = ${sent.messageId}`.execute(trx));
      for (const party of [mentee.id, mentor.id]) expect((await readAs(party)).some((message) => message.id === sent.messageId)).toBe(false);
      expect(await asSystem(db, "test: job", deleteDisappearedMessages)).toBeGreaterThanOrEqual(1);
      const left = await asSystem(db, "test: read", (trx) => trx.selectFrom("messages").select("id").where("id", "=", sent.messageId).execute());
      expect(left).toEqual([]);
      expect(await asMember(db, mentee.id, (trx) => setDisappearing(trx, mentorshipId, null))).toEqual({ ok: true });
    });

    it("a mentor cannot read the mentee's identity vault", async () => {
      await asMember(db, mentee.id, (trx) => saveOwnVault(trx, { ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), keyVersion: 1 }));
      expect(await asMember(db, mentor.id, (trx) => trx.selectFrom("identity_vaults").selectAll().where("user_id", "=", mentee.id).execute())).toEqual([]);
      expect(await asMember(db, mentee.id, (trx) => trx.selectFrom("identity_vaults").select("user_id").where("user_id", "=", mentee.id).execute())).toHaveLength(1);
    });
  });

  describe("reports", () => {
    it("reach the staff of the reported mentor's area and admins, with only what the reporter attached; staff close them", async () => {
      const attached = [{ fromReporter: false, sentAt: "2026-12-04T10:00:00.000Z", text: "借我两千块" }];
      const made = await asMember(db, mentee.id, (trx) => reportMember(trx, { mentorshipId, reason: "money", note: "他一直要钱", attached }));
      if (!made.ok) throw new Error(made.reason);
      const listFor = (who: string) => asMember(db, who, (trx) => listReportsToHandle(trx, true));
      const seen = (await listFor(p.socialWorkerX.id)).find((report) => report.id === made.reportId);
      expect(seen).toMatchObject({ reporterHandle: mentee.handle, reportedHandle: mentor.handle, reportedIsMentor: true, reason: "money", note: "他一直要钱", attached });
      expect((await listFor(p.admin.id)).some((report) => report.id === made.reportId)).toBe(true);
      for (const outsider of [p.socialWorkerY.id, mentor.id, p.memberB.id]) {
        expect((await listFor(outsider)).some((report) => report.id === made.reportId)).toBe(false);
        expect(await asMember(db, outsider, (trx) => trx.selectFrom("reports").select("id").where("id", "=", made.reportId).execute())).toEqual([]);
        expect(await asMember(db, outsider, (trx) => closeReport(trx, made.reportId, "no"))).toEqual({ ok: false });
      }
      expect(await asMember(db, mentee.id, (trx) => trx.selectFrom("reports").select("id").where("id", "=", made.reportId).execute())).toHaveLength(1);
      expect(await asMember(db, p.socialWorkerX.id, (trx) => closeReport(trx, made.reportId, "已联系并暂停该导师"))).toEqual({ ok: true });
      expect((await listFor(p.socialWorkerX.id)).some((report) => report.id === made.reportId)).toBe(false);
      expect((await asMember(db, p.socialWorkerX.id, (trx) => listReportsToHandle(trx, false))).find((report) => report.id === made.reportId)?.outcomeNote).toBe("已联系并暂停该导师");
    });

    it("are refused for a mentorship one is not in, and after five a day", async () => {
      expect(await asMember(db, p.memberB.id, (trx) => reportMember(trx, { mentorshipId, reason: "other", note: "", attached: [] }))).toEqual({ ok: false, reason: "not-found" });
      const reporter = await member(db, p.areas.districtX);
      const listener = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id);
      const conversation = await acceptedMentorship(db, reporter, listener);
      for (let i = 0; i < 5; i += 1) expect(await asMember(db, reporter.id, (trx) => reportMember(trx, { mentorshipId: conversation, reason: "other", note: `${i}`, attached: [] }))).toMatchObject({ ok: true });
      expect(await asMember(db, reporter.id, (trx) => reportMember(trx, { mentorshipId: conversation, reason: "other", note: "", attached: [] }))).toEqual({ ok: false, reason: "too-many" });
    });
  });

  it("the export holds the member's envelopes both ways, pins and reports; deleting an account deletes its messages", async () => {
    const leaving = await member(db, p.areas.districtX);
    const listener = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id);
    const conversation = await acceptedMentorship(db, leaving, listener);
    await send(leaving, 1, envelope(), conversation);
    await send(listener, 1, envelope(), conversation);
    const exported = await asMember(db, leaving.id, exportOwnData);
    expect(exported?.ownRows.messagesSent).toHaveLength(1);
    expect(exported?.ownRows.messagesReceived).toHaveLength(1);
    await asSystem(db, "test: delete", (trx) => deleteAccount(trx, leaving.id, randomBytes(32).toString("base64url")));
    const left = await asSystem(db, "test: read", (trx) => trx.selectFrom("messages").select("id").where("mentorship_id", "=", conversation).execute());
    expect(left).toEqual([]);
  });
});
