/**
 * Help requests (migration 0033) on every engine, persona by persona: asking (once per form,
 * in one's own area), who reads requests and which events, the rule's table as the database
 * applies it (the same as the domain's), messages and internal notes, assignment and
 * hand-over. The table-by-table matrix is in rls-matrix.test.ts.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  actOnRequest,
  askForHelp,
  assignRequest,
  getRequestTimeline,
  listOwnRequests,
  listQueue,
  postToRequest,
  transferRequest,
  type NewHelpRequest,
  type QueueFilters,
} from "~/data/help-requests.server";
import { exportOwnData } from "~/data/own-data-export.server";
import { asMember, asSystem, type MemberTx } from "~/data/rls.server";
import { nextRequestStatus, REQUEST_ACTIONS, REQUEST_STATUSES } from "~/domain/help/request-rules";
import { createTestAccount, grantTestRole, probe, type Persona, type PersonaName } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

const OPEN_QUEUE: QueueFilters = { category: null, status: null, urgency: null, minDaysWaiting: null, page: 1 };

function newRequest(overrides: Partial<NewHelpRequest> = {}): NewHelpRequest {
  return { category: "jobs", urgency: "soon", contactWay: "portal", description: "想找一份白天的工作", idempotencyKey: randomUUID(), ...overrides };
}

describeOnEveryEngine("help requests", { personas: true }, ({ db, p }) => {
  const as = <T>(who: PersonaName | Persona, fn: (trx: MemberTx) => Promise<T>) => asMember(db, typeof who === "string" ? p[who].id : who.id, fn);

  async function ask(who: PersonaName = "memberA", overrides: Partial<NewHelpRequest> = {}): Promise<string> {
    const asked = await as(who, (trx) => askForHelp(trx, newRequest(overrides)));
    if (!asked.ok) throw new Error(`ask: ${asked.reason}`);
    return asked.id;
  }

  const queueIds = async (who: PersonaName | Persona, filters: Partial<QueueFilters> = {}) => (await as(who, (trx) => listQueue(trx, { ...OPEN_QUEUE, ...filters }))).requests.map((row) => row.id);

  it("the database's table of moves is the domain's, for every status, action and actor", async () => {
    const rows = await asSystem(db, "test: read the transition table", (trx) =>
      sql<{ status: string; action: string; actor: string; next: string | null }>`
        select s as status, a as action, who as actor, private.help_request_status_after(s, a, who) as next
        from unnest(${[...REQUEST_STATUSES]}::text[]) s, unnest(${[...REQUEST_ACTIONS]}::text[]) a, unnest(array['member', 'worker']) who`.execute(trx),
    );
    expect(rows.rows).toHaveLength(REQUEST_STATUSES.length * REQUEST_ACTIONS.length * 2);
    for (const row of rows.rows) {
      const domain = nextRequestStatus(row.status as (typeof REQUEST_STATUSES)[number], row.action as (typeof REQUEST_ACTIONS)[number], row.actor as "member" | "worker", "note");
      expect(row.next, `${row.status} ${row.action} ${row.actor}`).toBe(domain.ok ? domain.status : null);
    }
  });

  describe("asking", () => {
    it("makes one request in the member's own area per form, however often it is sent", async () => {
      const form = newRequest({ category: "welfare", urgency: "urgent" });
      const first = await as("memberA", (trx) => askForHelp(trx, form));
      const again = await as("memberA", (trx) => askForHelp(trx, form));
      expect(first).toEqual({ ok: true, id: expect.any(String), repeated: false });
      expect(again).toEqual({ ok: true, id: first.ok ? first.id : "", repeated: true });
      const own = await as("memberA", listOwnRequests);
      expect(own.filter((row) => row.id === (first.ok ? first.id : ""))).toEqual([
        expect.objectContaining({ areaId: p.areas.districtX, category: "welfare", urgency: "urgent", status: "submitted", assignedTo: null, closedAt: null }),
      ]);
    });

    it("refuses a member without an area, and more than the open requests allowed", async () => {
      const nowhere = await createTestAccount(db, "memberA");
      expect(await as(nowhere, (trx) => askForHelp(trx, newRequest()))).toEqual({ ok: false, reason: "no-area" });
      const busy = await createTestAccount(db, "memberA");
      await asSystem(db, "test: place a member", (trx) => trx.updateTable("profiles").set({ area_id: p.areas.districtX }).where("id", "=", busy.id).execute());
      for (let made = 0; made < 10; made += 1) expect((await as(busy, (trx) => askForHelp(trx, newRequest()))).ok).toBe(true);
      expect(await as(busy, (trx) => askForHelp(trx, newRequest()))).toEqual({ ok: false, reason: "too-many" });
    });
  });

  describe("who reads what", () => {
    it("a member reads their own requests; workers those of the areas they serve; nobody else, the admin included", async () => {
      const fromA = await ask("memberA");
      const fromB = await ask("memberB");
      expect((await as("memberA", listOwnRequests)).map((row) => row.id)).toContain(fromA);
      expect((await as("memberA", listOwnRequests)).map((row) => row.id)).not.toContain(fromB);
      expect(await queueIds("socialWorkerX")).toContain(fromA);
      expect(await queueIds("socialWorkerX")).not.toContain(fromB);
      expect(await queueIds("socialWorkerY")).toContain(fromB);
      expect(await queueIds("socialWorkerY")).not.toContain(fromA);
      expect(await queueIds("admin")).toEqual([]);
      expect(await as("memberB", (trx) => getRequestTimeline(trx, fromA))).toBeNull();
      expect(await as("socialWorkerY", (trx) => getRequestTimeline(trx, fromA))).toBeNull();
      // A worker for the whole city above X serves X too.
      const cityWorker = await createTestAccount(db, "socialWorkerX");
      await grantTestRole(db, cityWorker.id, "social_worker", p.areas.cityX);
      expect(await queueIds(cityWorker)).toContain(fromA);
      expect(await probe(db, p, "anon", (trx) => trx.selectFrom("help_requests").select("id").execute())).toBe("refused");
    });

    it("the queue of two areas is one list, oldest first, page after page, each request once (also one assigned to the reader)", async () => {
      const worker = await createTestAccount(db, "socialWorkerX");
      await grantTestRole(db, worker.id, "social_worker", p.areas.districtX);
      await grantTestRole(db, worker.id, "social_worker", p.areas.districtY);
      // Members of their own: the personas' open requests stay under the limit for the other tests.
      const [askerX, askerY] = [await createTestAccount(db, "memberA"), await createTestAccount(db, "memberB")];
      // Older than anything else in the queues: 30 requests a minute apart, alternating between the areas.
      const seeded = Array.from({ length: 30 }, (_, n) => ({
        id: randomUUID(),
        member_id: (n % 2 === 0 ? askerX : askerY).id,
        area_id: n % 2 === 0 ? p.areas.districtX : p.areas.districtY,
        category: n % 3 === 0 ? "welfare" : "jobs",
        urgency: "soon",
        description: "排队测试",
        idempotency_key: randomUUID(),
        created_at: new Date(Date.UTC(2001, 0, 1, 0, n)),
        assigned_to: n === 7 ? worker.id : null,
      }));
      await asSystem(db, "test: old requests in two areas", (trx) => trx.insertInto("help_requests").values(seeded).execute());
      expect(await queueIds(worker, { page: 1 })).toEqual(seeded.slice(0, 25).map((row) => row.id));
      expect((await queueIds(worker, { page: 2 })).slice(0, 5)).toEqual(seeded.slice(25).map((row) => row.id));
      expect((await queueIds(worker, { category: "welfare" })).slice(0, 10)).toEqual(seeded.filter((_, n) => n % 3 === 0).map((row) => row.id));
      // A worker of one of the areas reads only that area's, in the same order.
      expect((await queueIds("socialWorkerY")).slice(0, 15)).toEqual(seeded.filter((_, n) => n % 2 === 1).map((row) => row.id));
    });

    it("a member never reads internal notes; the workers handling it read every event", async () => {
      const id = await ask("memberA");
      expect(await as("socialWorkerX", (trx) => postToRequest(trx, id, { body: "看起来需要先办低保", internal: true, idempotencyKey: crypto.randomUUID() }))).toEqual({ ok: true });
      expect(await as("socialWorkerX", (trx) => postToRequest(trx, id, { body: "你好，我是社工李敏", internal: false, idempotencyKey: crypto.randomUUID() }))).toEqual({ ok: true });
      expect(await as("memberA", (trx) => postToRequest(trx, id, { body: "私下记一笔", internal: true, idempotencyKey: crypto.randomUUID() }))).toEqual({ ok: false, reason: "not-allowed" });
      const memberView = await as("memberA", (trx) => getRequestTimeline(trx, id));
      expect(memberView?.events.map((event) => event.kind)).toEqual(["status", "message"]);
      expect(memberView?.events.some((event) => event.body.includes("低保"))).toBe(false);
      const workerView = await as("socialWorkerX", (trx) => getRequestTimeline(trx, id));
      expect(workerView?.events.map((event) => event.kind)).toEqual(["status", "note", "message"]);
      expect(workerView?.request.firstResponseAt).not.toBeNull();
      expect(await as("socialWorkerY", (trx) => postToRequest(trx, id, { body: "探针", internal: true, idempotencyKey: crypto.randomUUID() }))).toEqual({ ok: false, reason: "not-found" });
    });

    it("stores a message sent again with the same key once, also when both arrive at once; another key is another message", async () => {
      const id = await ask("memberA");
      const key = crypto.randomUUID();
      const reply = { body: "我明天上午有空", internal: false, idempotencyKey: key };
      const sent = await Promise.all([1, 2, 3].map(() => as("memberA", (trx) => postToRequest(trx, id, reply))));
      expect(sent).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
      expect(await as("memberA", (trx) => postToRequest(trx, id, reply))).toEqual({ ok: true });
      // The same key from the worker is the worker's own send, not the member's.
      expect(await as("socialWorkerX", (trx) => postToRequest(trx, id, { body: "好的", internal: false, idempotencyKey: key }))).toEqual({ ok: true });
      expect(await as("memberA", (trx) => postToRequest(trx, id, { ...reply, idempotencyKey: crypto.randomUUID() }))).toEqual({ ok: true });
      const bodies = (await as("memberA", (trx) => getRequestTimeline(trx, id)))?.events.filter((event) => event.kind === "message").map((event) => event.body);
      expect(bodies).toEqual(["我明天上午有空", "好的", "我明天上午有空"]);
    });
  });

  describe("moving a request", () => {
    it("follows the table: the worker triages and resolves, the member's reply ends a wait, declining needs a note", async () => {
      const id = await ask("memberA");
      expect(await as("memberA", (trx) => actOnRequest(trx, id, "triage"))).toEqual({ ok: false, reason: "not-now" });
      expect(await as("socialWorkerY", (trx) => actOnRequest(trx, id, "triage"))).toEqual({ ok: false, reason: "not-found" });
      expect(await as("socialWorkerX", (trx) => actOnRequest(trx, id, "resolve"))).toEqual({ ok: false, reason: "not-now" });
      expect(await as("socialWorkerX", (trx) => actOnRequest(trx, id, "triage"))).toEqual({ ok: true });
      expect(await as("socialWorkerX", (trx) => actOnRequest(trx, id, "start"))).toEqual({ ok: true });
      expect(await as("socialWorkerX", (trx) => actOnRequest(trx, id, "askMember", "请告诉我你想在哪个区找工作"))).toEqual({ ok: true });
      expect(await as("memberA", (trx) => postToRequest(trx, id, { body: "天河区", internal: false, idempotencyKey: crypto.randomUUID() }))).toEqual({ ok: true });
      expect((await as("memberA", (trx) => getRequestTimeline(trx, id)))?.request.status).toBe("in_progress");
      expect(await as("socialWorkerX", (trx) => actOnRequest(trx, id, "decline", "  "))).toEqual({ ok: false, reason: "note-required" });
      expect(await as("socialWorkerX", (trx) => actOnRequest(trx, id, "resolve", "已介绍到就业服务站"))).toEqual({ ok: true });
      const done = await as("memberA", (trx) => getRequestTimeline(trx, id));
      expect(done?.request).toEqual(expect.objectContaining({ status: "resolved", closedAt: expect.any(Date) }));
      expect(done?.events.filter((event) => event.kind === "status").map((event) => event.toStatus)).toEqual(["submitted", "triaged", "in_progress", "waiting_for_member", "in_progress", "resolved"]);
      // Closed: no more messages, no more moves.
      expect(await as("memberA", (trx) => postToRequest(trx, id, { body: "谢谢", internal: false, idempotencyKey: crypto.randomUUID() }))).toEqual({ ok: false, reason: "closed" });
      expect(await as("memberA", (trx) => actOnRequest(trx, id, "withdraw"))).toEqual({ ok: false, reason: "not-now" });
    });

    it("the member withdraws their own request, nobody else's", async () => {
      const id = await ask("memberA");
      expect(await as("memberB", (trx) => actOnRequest(trx, id, "withdraw"))).toEqual({ ok: false, reason: "not-found" });
      expect(await as("socialWorkerX", (trx) => actOnRequest(trx, id, "withdraw"))).toEqual({ ok: false, reason: "not-now" });
      expect(await as("memberA", (trx) => actOnRequest(trx, id, "withdraw"))).toEqual({ ok: true });
      expect(await queueIds("socialWorkerX")).not.toContain(id);
      expect(await queueIds("socialWorkerX", { status: "withdrawn" })).toContain(id);
    });
  });

  it("a member's data export holds their requests and what the timelines show them, nobody else's", async () => {
    const id = await ask("memberA");
    await as("socialWorkerX", (trx) => postToRequest(trx, id, { body: "只给社工看的备注", internal: true, idempotencyKey: crypto.randomUUID() }));
    await as("socialWorkerX", (trx) => postToRequest(trx, id, { body: "你好", internal: false, idempotencyKey: crypto.randomUUID() }));
    const exported = await as("memberA", exportOwnData);
    expect(exported?.ownRows.helpRequests.map((row) => row.id)).toContain(id);
    const events = exported?.ownRows.helpRequestEvents.filter((row) => row.request_id === id).map((row) => row.kind);
    expect(events).toEqual(["status", "message"]);
    expect(JSON.stringify(exported)).not.toContain("只给社工看的备注");
    const other = await as("memberB", exportOwnData);
    expect(other?.ownRows.helpRequests.map((row) => row.id)).not.toContain(id);
  });

  describe("assignment and hand-over", () => {
    it("a worker assigns to a colleague serving the area, never to someone who does not", async () => {
      const id = await ask("memberA");
      const colleague = await createTestAccount(db, "socialWorkerX");
      await grantTestRole(db, colleague.id, "social_worker", p.areas.districtX);
      expect(await as("socialWorkerX", (trx) => assignRequest(trx, id, p.socialWorkerY.id))).toEqual({ ok: false, reason: "not-colleague" });
      expect(await as("socialWorkerX", (trx) => assignRequest(trx, id, p.memberA.id))).toEqual({ ok: false, reason: "not-colleague" });
      expect(await as("socialWorkerY", (trx) => assignRequest(trx, id, p.socialWorkerY.id))).toEqual({ ok: false, reason: "not-found" });
      expect(await as("memberA", (trx) => assignRequest(trx, id, colleague.id))).toEqual({ ok: false, reason: "not-found" });
      expect(await as("socialWorkerX", (trx) => assignRequest(trx, id, colleague.id))).toEqual({ ok: true });
      expect((await as(colleague, (trx) => getRequestTimeline(trx, id)))?.request.assignedTo).toBe(colleague.id);
    });

    it("a hand-over takes the history to the new area's workers, and the old area's lose it", async () => {
      const id = await ask("memberA");
      await as("socialWorkerX", (trx) => postToRequest(trx, id, { body: "成员搬去了江北", internal: true, idempotencyKey: crypto.randomUUID() }));
      expect(await as("socialWorkerX", (trx) => transferRequest(trx, id, p.areas.districtX))).toEqual({ ok: false, reason: "same-area" });
      expect(await as("socialWorkerX", (trx) => transferRequest(trx, id, randomUUID()))).toEqual({ ok: false, reason: "no-area" });
      expect(await as("socialWorkerY", (trx) => transferRequest(trx, id, p.areas.districtY))).toEqual({ ok: false, reason: "not-found" });
      expect(await as("socialWorkerX", (trx) => transferRequest(trx, id, p.areas.districtY, "成员已搬家"))).toEqual({ ok: true });
      expect(await queueIds("socialWorkerX")).not.toContain(id);
      const there = await as("socialWorkerY", (trx) => getRequestTimeline(trx, id));
      expect(there?.request.areaId).toBe(p.areas.districtY);
      expect(there?.events.map((event) => event.kind)).toEqual(["status", "note", "transfer"]);
      const memberView = await as("memberA", (trx) => getRequestTimeline(trx, id));
      expect(memberView?.events.map((event) => event.kind)).toEqual(["status", "transfer"]);
    });
  });
});
