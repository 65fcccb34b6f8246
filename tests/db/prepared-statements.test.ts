/**
 * Repeated queries run as named prepared statements on both engines (decision 009). Allowed:
 * a statement repeated is prepared once and then reused, with the same results; the finder and
 * a group's meetings are planned as decision 043 tells. Refused: a
 * plan made for one scope never widens another: the same text run first by the privileged
 * path (no RLS) and then by a member still shows the member only their own rows, and a plan
 * reused across members follows each member's own claims. Errors still reach the caller and
 * leave the statement usable. Read-only transactions refuse writes, and their end, which the
 * PostgreSQL pool sends with the connection's next statement or at the next turn, always
 * comes before anything else the connection runs.
 */
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listGroupsForFinder } from "~/data/groups.server";
import { listSeriesOfGroups } from "~/data/meetings.server";
import { asMember, asSystem, type AnyTx, type MemberTx } from "~/data/rls.server";
import type { FinderFilters } from "~/domain/groups/finder";
import type { Database } from "~/data/schema";
import { dbEngines, openMigrated } from "../support/db-engines";
import { describeOnEveryEngine } from "../support/db-suite";
import { plansSoFar } from "../support/prepared-plans";

const profileIds = async (trx: AnyTx) => (await trx.selectFrom("profiles").select("id").orderBy("id").execute()).map((row) => row.id);

describeOnEveryEngine("prepared statements", { personas: true }, ({ db, p }) => {
  it("prepares a statement the second time it runs and reuses it after", async () => {
    const probe = sql<{ answer: number }>`select 41 + ${1}::int as answer /* prepared-statements probe */`;
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push((await probe.execute(db)).rows[0]?.answer);
    expect(runs).toEqual([42, 42, 42]);
    const prepared = await sql<{ count: string }>`
      select count(*) as count from pg_prepared_statements where statement like ${"%prepared-statements probe%"}`.execute(db);
    expect(Number(prepared.rows[0]?.count)).toBeGreaterThanOrEqual(1);
  });

  it("keeps row security when the same text runs first without it and then as a member", async () => {
    for (let i = 0; i < 3; i++) {
      expect((await asSystem(db, "test: every profile", profileIds)).length).toBeGreaterThan(2);
    }
    for (let i = 0; i < 3; i++) {
      expect(await asMember(db, p.memberA.id, profileIds)).toEqual([p.memberA.id]);
      expect(await asMember(db, p.memberB.id, profileIds)).toEqual([p.memberB.id]);
    }
  });

  it("reports errors to the caller and still runs the statement afterwards", async () => {
    const divide = (by: number) => sql<{ quotient: number }>`select 10 / ${by}::int as quotient`.execute(db);
    expect((await divide(2)).rows[0]?.quotient).toBe(5);
    expect((await divide(5)).rows[0]?.quotient).toBe(2);
    await expect(divide(0)).rejects.toMatchObject({ code: "22012" });
    expect((await divide(10)).rows[0]?.quotient).toBe(1);
  });
});

describeOnEveryEngine("statements told how to plan (decision 043)", { personas: true }, ({ db, p }) => {
  const nothingChosen: FinderFilters = { areaId: null, language: null, weekday: null, timeOfDay: null, format: null, page: 1 };
  /** New plans of the statements whose text holds `words` while `run` runs three times, and the plan mode after. */
  const plansMadeBy = (words: string, run: (trx: MemberTx) => Promise<unknown>) =>
    asMember(db, p.memberA.id, async (trx) => {
      const before = await plansSoFar(trx, words);
      for (let i = 0; i < 3; i++) await run(trx);
      const after = await plansSoFar(trx, words);
      const mode = (await sql<{ mode: string }>`select current_setting('plan_cache_mode') as mode`.execute(trx)).rows[0]?.mode;
      return { generic: after.generic - before.generic, custom: after.custom - before.custom, modeAfter: mode };
    });

  it("the finder with nothing chosen runs on one plan for any values, never planned for these", async () => {
    const made = await plansMadeBy("g.next_meeting_id", (trx) => listGroupsForFinder(trx, nothingChosen));
    expect(made.custom).toBe(0);
    expect(made.generic).toBeGreaterThanOrEqual(2);
  });

  it("the finder with a filter chosen is planned for its values every time, never on a plan for any", async () => {
    const made = await plansMadeBy("walked as", (trx) => listGroupsForFinder(trx, { ...nothingChosen, weekday: 2 }));
    expect(made.generic).toBe(0);
    expect(made.custom).toBeGreaterThanOrEqual(2);
  });

  it("a group's meetings are read on one plan for any list of ids, and PostgreSQL chooses again after them", async () => {
    const made = await plansMadeBy("meeting_private_details", (trx) => listSeriesOfGroups(trx, [crypto.randomUUID()]));
    expect(made.custom).toBe(0);
    expect(made.generic).toBeGreaterThanOrEqual(2);
    expect(made.modeAfter).toBe("auto");
  });
});

describeOnEveryEngine("transactions whose BEGIN goes out with the first statement", { personas: true }, ({ db, p }) => {
  const transactionId = async (trx: AnyTx) => (await sql<{ id: string }>`select pg_current_xact_id()::text as id`.execute(trx)).rows[0]?.id;

  it("run their first statement inside the transaction, and undo it with the rest", async () => {
    const ids = await asSystem(db, "test: one transaction", async (trx) => [await transactionId(trx), await transactionId(trx)]);
    expect(ids[0]).toBeDefined();
    expect(ids[1]).toBe(ids[0]);
    // A member's first statement already runs as the member.
    expect(await asMember(db, p.memberA.id, profileIds)).toEqual([p.memberA.id]);
    const code = `tx${crypto.randomUUID().slice(0, 8)}`;
    await expect(
      asSystem(db, "test: a failing transaction", async (trx) => {
        await trx.insertInto("areas").values({ level: "province", code, name_zh: "试", name_en: "Probe" }).execute();
        await sql`select 1 / 0`.execute(trx);
      }),
    ).rejects.toMatchObject({ code: "22012" });
    expect(await asSystem(db, "test: the probe area", (trx) => trx.selectFrom("areas").select("id").where("code", "=", code).execute())).toEqual([]);
  });

  it("refuse the first statement, and apply nothing, when BEGIN itself fails", async () => {
    const code = `tb${crypto.randomUUID().slice(0, 8)}`;
    await db.connection().execute(async (connection) => {
      // Leave the connection inside an aborted transaction, where BEGIN fails.
      await sql`begin`.execute(connection);
      await expect(sql`select 1 / 0`.execute(connection)).rejects.toMatchObject({ code: "22012" });
      await expect(
        connection.transaction().execute((trx) => trx.insertInto("areas").values({ level: "province", code, name_zh: "试", name_en: "Probe" }).execute()),
      ).rejects.toMatchObject({ code: "25P02" });
      await sql`rollback`.execute(connection);
    });
    expect(await asSystem(db, "test: the probe area", (trx) => trx.selectFrom("areas").select("id").where("code", "=", code).execute())).toEqual([]);
  });
});

describeOnEveryEngine("statements a transaction asks for together (decision 024)", { personas: true }, ({ db, p }) => {
  it("each answer its own question, in the transaction, as its member", async () => {
    const [first, mine, second, again] = await asMember(db, p.memberA.id, (trx) =>
      Promise.all([
        sql<{ n: number }>`select 1 as n`.execute(trx),
        profileIds(trx),
        sql<{ n: number }>`select 2 as n`.execute(trx),
        profileIds(trx),
      ]),
    );
    expect(first.rows).toEqual([{ n: 1 }]);
    expect(second.rows).toEqual([{ n: 2 }]);
    // The same text twice at once is prepared once and answers both.
    expect(mine).toEqual([p.memberA.id]);
    expect(again).toEqual([p.memberA.id]);
  });

  it("keep nothing when one of them fails: the others fail or are undone with it", async () => {
    const code = `tp${crypto.randomUUID().slice(0, 8)}`;
    await expect(
      asSystem(db, "test: statements together", (trx) =>
        Promise.all([
          trx.insertInto("areas").values({ level: "province", code, name_zh: "试", name_en: "Probe" }).execute(),
          sql`select 1 / 0`.execute(trx),
          trx.selectFrom("areas").select("id").execute(),
        ]),
      ),
    ).rejects.toMatchObject({ code: "22012" });
    expect(await asSystem(db, "test: the probe area", (trx) => trx.selectFrom("areas").select("id").where("code", "=", code).execute())).toEqual([]);
    // The connection goes back to the pool usable.
    expect(await asMember(db, p.memberB.id, profileIds)).toEqual([p.memberB.id]);
  });
});

describeOnEveryEngine("read-only transactions, whose end the pool does not wait for", { personas: true }, ({ db, p }) => {
  const probe = (trx: Kysely<Database>) =>
    sql<{ value: string | null; readOnly: string }>`select current_setting('tongxing.probe', true) as value, current_setting('transaction_read_only') as "readOnly"`.execute(trx);
  const readOnly = (connection: Kysely<Database>) => connection.transaction().setAccessMode("read only");

  it("end before the connection's next statement runs, after a failure too", async () => {
    await db.connection().execute(async (connection) => {
      for (let i = 0; i < 3; i++) {
        const inside = await readOnly(connection).execute(async (trx) => {
          await sql`select set_config('tongxing.probe', 'inside', true)`.execute(trx);
          return (await probe(trx)).rows[0];
        });
        expect(inside).toEqual({ value: "inside", readOnly: "on" });
        const after = (await probe(connection)).rows[0];
        expect(after?.value).not.toBe("inside");
        expect(after?.readOnly).toBe("off");
      }
      await expect(readOnly(connection).execute((trx) => sql`select 1 / 0`.execute(trx))).rejects.toMatchObject({ code: "22012" });
      expect((await probe(connection)).rows[0]?.readOnly).toBe("off");
    });
  });

  it("refuse a write", async () => {
    const code = `tr${crypto.randomUUID().slice(0, 8)}`;
    await expect(readOnly(db).execute((trx) => trx.insertInto("areas").values({ level: "province", code, name_zh: "试", name_en: "Probe" }).execute())).rejects.toMatchObject({ code: "25006" });
    expect(await asSystem(db, "test: the probe area", (trx) => trx.selectFrom("areas").select("id").where("code", "=", code).execute())).toEqual([]);
  });

  it("as a member (a page's read of its own): reads as the member, refuses a write", async () => {
    expect(await asMember(db, p.memberA.id, profileIds, { readOnly: true })).toEqual([p.memberA.id]);
    await expect(
      asMember(db, p.memberA.id, (trx) => trx.updateTable("profiles").set({ locale: "en" }).where("id", "=", p.memberA.id).execute(), { readOnly: true }),
    ).rejects.toMatchObject({ code: "25006" });
  });
});

// Another connection watches the one left unused: the PostgreSQL server only (PGlite has one connection).
const postgres = dbEngines().find((engine) => engine.name === "postgresql");

describe.runIf(postgres)("a read-only transaction's end on a connection nobody takes, on the PostgreSQL server", () => {
  let db: Kysely<Database>;
  beforeAll(async () => {
    if (!postgres) throw new Error("no postgresql engine");
    db = await openMigrated(await postgres.freshEngineOptions(), { flavor: postgres.flavor });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("goes out on its own at the next turn: the connection is not left inside the transaction", async () => {
    const pidOf = async (trx: Kysely<Database>) => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]?.pid;
    // The watcher holds one connection, so the transaction runs on another, which nobody takes after it.
    await db.connection().execute(async (watcher) => {
      const watching = await pidOf(watcher);
      const pid = await db.transaction().setAccessMode("read only").execute(pidOf);
      expect(pid).not.toBe(watching);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { rows } = await sql<{ state: string }>`select state from pg_stat_activity where pid = ${pid}`.execute(watcher);
      expect(rows[0]?.state).toBe("idle");
    });
  });
});
