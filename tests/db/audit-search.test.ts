/**
 * The admins' audit-log search (issue 18, migration 0037) on every engine: admins find entries
 * by action and time, newest first, a page at a time from an entry (keyset on occurred_at, id);
 * pages stay put while new entries arrive, and entries written at the same instant are neither
 * lost nor repeated. Workers and members find nothing (RLS).
 */
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { searchAuditLog, type AuditEntry, type AuditSearchQuery } from "~/data/audit.server";
import { asMember, asSystem } from "~/data/rls.server";
import type { PersonaName } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

// Actions of this run only, so entries other tests write never match.
const RUN = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => String.fromCharCode(97 + (byte % 26))).join("");
const PAGED = `test.paged_${RUN}`;
const OTHER = `test.other_${RUN}`;
const DAY = 86_400_000;
const START = Date.parse("2001-03-01T00:00:00Z");

describeOnEveryEngine("audit-log search", { personas: true }, ({ db, p }) => {
  const search = (who: PersonaName, query: Partial<AuditSearchQuery>) =>
    asMember(db, p[who].id, (trx) => searchAuditLog(trx, { action: PAGED, since: null, until: null, page: null, limit: 50, ...query }));
  const order = (entries: readonly AuditEntry[]) => entries.map((entry) => entry.id);

  /** Every PAGED entry, newest first, as the search must give them. */
  let newestFirst: string[] = [];

  beforeAll(async () => {
    // 120 entries over 30 days, four a day, two of them at the same instant (ties broken by id).
    await asSystem(db, "test: audit entries to search", async (trx) => {
      for (let day = 0; day < 30; day++) {
        const at = (hours: number) => new Date(START + day * DAY + hours * 3_600_000).toISOString();
        await sql`insert into public.audit_log (occurred_at, actor_id, action, subject_id) values
          (${at(2)}::timestamptz, ${p.admin.id}::uuid, ${PAGED}, ${p.memberA.id}::uuid),
          (${at(5)}::timestamptz, ${p.admin.id}::uuid, ${PAGED}, null),
          (${at(5)}::timestamptz, null, ${PAGED}, ${p.memberB.id}::uuid),
          (${at(9)}::timestamptz, ${p.memberA.id}::uuid, ${PAGED}, ${p.memberA.id}::uuid),
          (${at(9)}::timestamptz, ${p.memberA.id}::uuid, ${OTHER}, null)`.execute(trx);
      }
      const all = await sql<{ id: string }>`select id::text as id from public.audit_log where action = ${PAGED} order by occurred_at desc, id desc`.execute(trx);
      newestFirst = all.rows.map((row) => row.id);
    });
  });

  it("gives an admin every entry of an action, newest first, 50 a page, each once, and back again", async () => {
    expect(newestFirst).toHaveLength(120);
    const first = await search("admin", {});
    expect(first.newer).toBeNull();
    expect(first.entries.every((entry) => entry.action === PAGED)).toBe(true);
    const second = await search("admin", { page: { direction: "older", entryId: first.older ?? "" } });
    const third = await search("admin", { page: { direction: "older", entryId: second.older ?? "" } });
    expect([first, second, third].map((page) => page.entries.length)).toEqual([50, 50, 20]);
    expect([...order(first.entries), ...order(second.entries), ...order(third.entries)]).toEqual(newestFirst);
    expect(third.older).toBeNull();
    // Back from the third page: the second again, then the first, which has nothing newer.
    const backToSecond = await search("admin", { page: { direction: "newer", entryId: third.newer ?? "" } });
    expect(order(backToSecond.entries)).toEqual(order(second.entries));
    const backToFirst = await search("admin", { page: { direction: "newer", entryId: backToSecond.newer ?? "" } });
    expect(order(backToFirst.entries)).toEqual(order(first.entries));
    expect(backToFirst.newer).toBeNull();
    expect(backToFirst.older).toBe(first.older);
  });

  it("keeps the next page where it was while new entries arrive", async () => {
    const first = await search("admin", {});
    await asSystem(db, "test: a newer entry", (trx) => sql`insert into public.audit_log (occurred_at, action) values (${new Date(START + 40 * DAY).toISOString()}::timestamptz, ${PAGED})`.execute(trx));
    const second = await search("admin", { page: { direction: "older", entryId: first.older ?? "" } });
    expect(order(second.entries)).toEqual(newestFirst.slice(50, 100));
  });

  it("finds entries between two instants, of one action or of any", async () => {
    const since = new Date(START + 10 * DAY);
    const until = new Date(START + 12 * DAY);
    const paged = await search("admin", { since, until });
    expect(paged.entries).toHaveLength(8);
    expect(paged.entries.every((entry) => entry.occurredAt >= since && entry.occurredAt < until)).toBe(true);
    expect(paged.entries[0]).toEqual({ id: expect.any(String), occurredAt: new Date(START + 11 * DAY + 9 * 3_600_000), actorId: p.memberA.id, action: PAGED, subjectId: p.memberA.id });
    const any = await search("admin", { action: null, since, until });
    expect(new Set(any.entries.map((entry) => entry.action))).toEqual(new Set([PAGED, OTHER]));
    expect(any.entries).toHaveLength(10);
    expect((await search("admin", { since: until, until: since })).entries).toEqual([]);
  });

  it("gives social workers and members nothing, whatever they ask", async () => {
    for (const who of ["socialWorkerX", "socialWorkerY", "memberA", "memberB"] as const) {
      expect(await search(who, {}), who).toEqual({ entries: [], older: null, newer: null });
      expect((await search(who, { action: null })).entries, who).toEqual([]);
      expect((await search(who, { page: { direction: "older", entryId: newestFirst[10] ?? "" } })).entries, who).toEqual([]);
    }
  });
});
