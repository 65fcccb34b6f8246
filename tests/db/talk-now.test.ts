/**
 * "I need to talk now" and notifications (issue 19, migration 0050) on every engine: who is
 * alerted (the database and the domain's rule agree), one open ask at a time and a pause
 * after it, what each persona reads and what nobody can write, and the NOTIFY each change
 * sends — the recipient's id and nothing else — heard through a LISTEN on this engine.
 */
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getOwnAccount } from "~/data/accounts.server";
import { requestToJoin } from "~/data/groups.server";
import { listenForSignals } from "~/data/db.server";
import { NOTIFICATION_CHANNEL, watchNotifications } from "~/data/notification-signals.server";
import { asMember, asSystem } from "~/data/rls.server";
import {
  answerNotification,
  askToTalk,
  cancelTalkRequest,
  countOwnUnreadNotifications,
  latestOwnTalkRequest,
  listOwnNotifications,
  markOwnNotificationsRead,
  talkRequestRecipients,
} from "~/data/talk-requests.server";
import { talkRequestRecipients as domainRecipients, type GroupForTalk } from "~/domain/notifications/talk-requests";
import { probe, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { createGroupFixture, createOtherGroup, type GroupFixture } from "../support/group-fixture";

/** Waits until `check` holds, a few seconds at most. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describeOnEveryEngine("talk now and notifications", { personas: true }, ({ db, p }) => {
  let g: GroupFixture;
  /** Leads group H, which B only asked to join. */
  let leaderH: Persona;
  /** In no group. */
  let stranger: Persona;

  /** Lets `member` ask again at once: their asks so far are closed and moved into the past. */
  const forgetAsks = (member: Persona) =>
    asSystem(db, "test: close and age asks", (trx) =>
      sql`update public.talk_requests set cancelled_at = coalesce(cancelled_at, now()), created_at = now() - interval '1 hour' where member_id = ${member.id}::uuid`.execute(trx),
    );

  beforeAll(async () => {
    g = await createGroupFixture(db, p);
    let groupH: string;
    ({ leaderH, groupH, stranger } = await createOtherGroup(db, p, ["zh-CN"]));
    const asked = await asMember(db, p.memberB.id, (trx) => requestToJoin(trx, groupH, ""));
    if (!asked.ok) throw new Error("B asks to join H");
  });

  describe("who is alerted", () => {
    it("the leaders of the member's approved groups, as the domain's rule says: A for B, not H's leader (B only asked to join), nobody for a member in no group", async () => {
      // The rule's inputs as the database holds them, read on the privileged path.
      const groupsOf = async (member: Persona): Promise<GroupForTalk[]> =>
        asSystem(db, "test: groups for talk", async (trx) => {
          const rows = await sql<{ status: string; membership: GroupForTalk["membership"]; leaders: string[] }>`
            select g.status, m.status as membership, array(select l.member_id::text from public.group_leaders l where l.group_id = g.id) as leaders
            from public.groups g left join public.group_memberships m on m.group_id = g.id and m.member_id = ${member.id}::uuid`.execute(trx);
          return rows.rows.map((row) => ({ active: row.status === "active", membership: row.membership, leaderIds: row.leaders }));
        });
      for (const member of [p.memberB, p.memberA, stranger, leaderH]) {
        const inDatabase = await asSystem(db, "test: talk recipients", (trx) => talkRequestRecipients(trx, member.id));
        expect(inDatabase, member.handle).toEqual(domainRecipients(member.id, await groupsOf(member)));
      }
      expect(await asSystem(db, "test: talk recipients", (trx) => talkRequestRecipients(trx, p.memberB.id))).toEqual([p.memberA.id]);
      expect(await asSystem(db, "test: talk recipients", (trx) => talkRequestRecipients(trx, stranger.id))).toEqual([]);
    });

    it("a member with nobody to alert is told so and nothing is kept", async () => {
      expect(await asMember(db, stranger.id, (trx) => askToTalk(trx, ""))).toEqual({ ok: false, reason: "nobody" });
      expect(await asMember(db, stranger.id, latestOwnTalkRequest)).toBeNull();
    });
  });

  describe("asking, reading, answering", () => {
    it("B asks: A gets one notification with B's handle and note, the badge counts it, and only B reads the ask itself", async () => {
      await forgetAsks(p.memberB);
      const asked = await asMember(db, p.memberB.id, (trx) => askToTalk(trx, "  今晚很难熬  "));
      if (!asked.ok) throw new Error(asked.reason);
      expect(asked.alerted).toBe(1);

      const forA = await asMember(db, p.memberA.id, listOwnNotifications);
      const mine = forA.find((notification) => !notification.read);
      expect(mine).toMatchObject({ kind: "talk_request", memberHandle: p.memberB.handle, note: "今晚很难熬", cancelled: false, answered: false });
      expect(await asMember(db, p.memberA.id, countOwnUnreadNotifications)).toBe(1);
      expect((await asMember(db, p.memberA.id, getOwnAccount))?.unreadNotifications).toBe(1);

      for (const other of [p.memberB, leaderH, stranger, p.socialWorkerX, p.admin]) {
        expect(await asMember(db, other.id, listOwnNotifications), other.handle).toEqual([]);
        expect(await asMember(db, other.id, countOwnUnreadNotifications)).toBe(0);
      }
      expect(await asMember(db, p.memberB.id, latestOwnTalkRequest)).toMatchObject({ id: asked.requestId, alertedCount: 1, open: true, answered: false });
      expect(await asMember(db, p.memberA.id, (trx) => trx.selectFrom("talk_requests").selectAll().execute())).toEqual([]);
      expect(await asMember(db, p.socialWorkerX.id, (trx) => trx.selectFrom("talk_requests").selectAll().execute())).toEqual([]);

      // One open ask at a time: asking again hands back the open one, alerting nobody more.
      expect(await asMember(db, p.memberB.id, (trx) => askToTalk(trx, ""))).toEqual({ ok: false, reason: "already-open", requestId: asked.requestId, alerted: 1 });
      expect(await asMember(db, p.memberA.id, countOwnUnreadNotifications)).toBe(1);

      // A answers: the ask closes for B, A's notification is read and answered.
      expect(await asMember(db, p.memberA.id, (trx) => answerNotification(trx, mine?.id ?? ""))).toEqual({ ok: true });
      expect(await asMember(db, p.memberB.id, latestOwnTalkRequest)).toMatchObject({ open: false, answered: true });
      expect(await asMember(db, p.memberA.id, countOwnUnreadNotifications)).toBe(0);
      expect((await asMember(db, p.memberA.id, listOwnNotifications)).find((n) => n.id === mine?.id)).toMatchObject({ read: true, answered: true });
    });

    it("B takes an ask back: A's notification stops counting as new; a new ask waits for the pause", async () => {
      await forgetAsks(p.memberB);
      const asked = await asMember(db, p.memberB.id, (trx) => askToTalk(trx, ""));
      if (!asked.ok) throw new Error(asked.reason);
      expect(await asMember(db, stranger.id, (trx) => cancelTalkRequest(trx, asked.requestId))).toEqual({ ok: false });
      expect(await asMember(db, p.memberA.id, (trx) => cancelTalkRequest(trx, asked.requestId))).toEqual({ ok: false });
      expect(await asMember(db, p.memberB.id, (trx) => cancelTalkRequest(trx, asked.requestId))).toEqual({ ok: true });
      expect(await asMember(db, p.memberB.id, (trx) => cancelTalkRequest(trx, asked.requestId))).toEqual({ ok: false });
      expect(await asMember(db, p.memberA.id, countOwnUnreadNotifications)).toBe(0);
      const forA = (await asMember(db, p.memberA.id, listOwnNotifications))[0];
      expect(forA).toMatchObject({ cancelled: true, read: true });
      // Answering a taken-back ask is refused.
      expect(await asMember(db, p.memberA.id, (trx) => answerNotification(trx, forA?.id ?? ""))).toEqual({ ok: false });
      // TALK_REQUEST_PAUSE_SECONDS after the last ask.
      expect(await asMember(db, p.memberB.id, (trx) => askToTalk(trx, ""))).toEqual({ ok: false, reason: "too-soon" });
    });

    it("two presses at once make one ask", async () => {
      await forgetAsks(p.memberB);
      const both = await Promise.all([asMember(db, p.memberB.id, (trx) => askToTalk(trx, "")), asMember(db, p.memberB.id, (trx) => askToTalk(trx, ""))]);
      expect(both.filter((result) => result.ok)).toHaveLength(1);
      expect(both.find((result) => !result.ok)).toMatchObject({ reason: "already-open" });
      const open = await asSystem(db, "test: open asks", (trx) =>
        sql<{ n: number }>`select count(*)::integer as n from public.talk_requests where member_id = ${p.memberB.id}::uuid and cancelled_at is null and answered_at is null`.execute(trx),
      );
      expect(open.rows[0]?.n).toBe(1);
    });

    it("marking everything read clears only the caller's badge", async () => {
      await forgetAsks(p.memberB);
      await asMember(db, p.memberB.id, (trx) => askToTalk(trx, ""));
      const unread = await asMember(db, p.memberA.id, countOwnUnreadNotifications);
      expect(unread).toBeGreaterThan(0);
      expect(await asMember(db, p.memberB.id, markOwnNotificationsRead)).toBe(0);
      expect(await asMember(db, p.memberA.id, countOwnUnreadNotifications)).toBe(unread);
      expect(await asMember(db, p.memberA.id, markOwnNotificationsRead)).toBe(unread);
      expect(await asMember(db, p.memberA.id, countOwnUnreadNotifications)).toBe(0);
    });
  });

  describe("nobody forges or reads what is not theirs", () => {
    it("a member cannot write a notification, read or answer someone else's, or call the recipients' rule", async () => {
      const aNotification = (await asMember(db, p.memberA.id, listOwnNotifications))[0];
      if (!aNotification) throw new Error("A has a notification");
      expect(
        await probe(db, p, "memberB", (trx) => trx.insertInto("notifications").values({ recipient_id: p.memberA.id, kind: "talk_request", talk_request_id: g.groupId } as never).execute()),
      ).toBe("refused");
      expect(
        await probe(db, p, "memberB", (trx) => sql`insert into public.talk_requests (member_id, alerted_count) values (${p.memberB.id}::uuid, 1)`.execute(trx)),
      ).toBe("refused");
      const touched = await probe(db, p, "memberB", async (trx) =>
        Number((await trx.updateTable("notifications").set({ read_at: new Date() }).where("id", "=", aNotification.id).executeTakeFirst()).numUpdatedRows),
      );
      expect(touched).toBe(0);
      expect(await probe(db, p, "memberB", (trx) => sql`update public.notifications set answered_at = now() where id = ${aNotification.id}::uuid`.execute(trx))).toBe("refused");
      expect(await probe(db, p, "memberB", (trx) => sql`delete from public.notifications where id = ${aNotification.id}::uuid`.execute(trx))).toBe("refused");
      expect(await asMember(db, p.memberB.id, (trx) => answerNotification(trx, aNotification.id))).toEqual({ ok: false });
      expect(await probe(db, p, "memberB", (trx) => sql`select private.talk_request_recipients(${p.memberB.id}::uuid)`.execute(trx))).toBe("refused");
      expect(await probe(db, p, "anon", (trx) => sql`select * from private.ask_to_talk('')`.execute(trx))).toBe("refused");
      expect(await probe(db, p, "anon", (trx) => trx.selectFrom("notifications").selectAll().execute())).toBe("refused");
    });
  });

  describe("live signals", () => {
    it("each change sends NOTIFY with the recipient's id only, heard through a LISTEN on this engine", async () => {
      const heard: string[] = [];
      const listening = await listenForSignals(db, NOTIFICATION_CHANNEL, (payload) => heard.push(payload));
      try {
        await forgetAsks(p.memberB);
        const asked = await asMember(db, p.memberB.id, (trx) => askToTalk(trx, "只给组长看的话"));
        if (!asked.ok) throw new Error(asked.reason);
        await eventually(() => heard.length >= 1, "the ask's NOTIFY");
        expect(heard).toEqual([p.memberA.id]);
        await asMember(db, p.memberB.id, (trx) => cancelTalkRequest(trx, asked.requestId));
        await eventually(() => heard.length >= 2, "the cancel's NOTIFY");
        expect(heard).toEqual([p.memberA.id, p.memberA.id]);
      } finally {
        await listening.stop();
      }
    });

    it("the process's fan-out wakes the recipient's watchers, not anyone else's", async () => {
      let woken = { a: 0, b: 0 };
      const stopA = await watchNotifications(db, p.memberA.id, () => (woken = { ...woken, a: woken.a + 1 }));
      const stopB = await watchNotifications(db, p.memberB.id, () => (woken = { ...woken, b: woken.b + 1 }));
      try {
        await forgetAsks(p.memberB);
        const asked = await asMember(db, p.memberB.id, (trx) => askToTalk(trx, ""));
        if (!asked.ok) throw new Error(asked.reason);
        await eventually(() => woken.a >= 1, "A's watcher woken");
        expect(woken.b).toBe(0);
        stopA();
        await asMember(db, p.memberB.id, (trx) => cancelTalkRequest(trx, asked.requestId));
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(woken).toEqual({ a: 1, b: 0 });
      } finally {
        stopA();
        stopB();
      }
    });
  });
});
