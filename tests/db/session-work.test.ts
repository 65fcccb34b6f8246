/**
 * A request's session transaction (app/auth/session-work.server.ts): the session, the
 * member's account and the page's reads in one transaction when the loaders ask at once;
 * apart when one asks late or an earlier read failed; nothing read for a visitor who is
 * not signed in. Reads run as the member, so RLS applies to them either way.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { startSessionWork } from "~/auth/session-work.server";
import { getOwnAccount } from "~/data/accounts.server";
import { asMember, asSessionMember, asSystem, type MemberTx } from "~/data/rls.server";
import { createSession } from "~/data/sessions.server";
import { describeOnEveryEngine } from "../support/db-suite";

const hex = () => randomBytes(32).toString("hex");
const transactionId = async (trx: MemberTx) => (await sql<{ id: string }>`select txid_current()::text as id`.execute(trx)).rows[0]?.id;

describeOnEveryEngine("session work", { personas: true }, ({ db, p }) => {
  /** A session work for a token, counting the transactions it opens. */
  function work(token: string) {
    const opened = { session: 0, apart: 0 };
    const sessionWork = startSessionWork(
      (fn) => {
        opened.session++;
        // As the app does: the account read along with the session lookup.
        return asSessionMember(db, token, (trx, _userId, account) => fn(trx, account), { readAlong: getOwnAccount });
      },
      (account, read) => {
        opened.apart++;
        return asMember(db, account.userId, (trx) => read(trx, account));
      },
    );
    return { sessionWork, opened };
  }

  async function signedIn(memberId: string): Promise<string> {
    const token = hex();
    await asSystem(db, "test: start session", (trx) => createSession(trx, memberId, token, new Date(Date.now() + 60_000)));
    return token;
  }

  it("reads asked at once share the session transaction, as the member, under RLS", async () => {
    const { sessionWork, opened } = work(await signedIn(p.memberA.id));
    const [profiles, first, second, account] = await Promise.all([
      sessionWork.read(async (trx) => (await trx.selectFrom("profiles").select("id").execute()).map((row) => row.id)),
      sessionWork.read(async (trx, own) => ({ id: await transactionId(trx), handle: own.handle })),
      sessionWork.read(transactionId),
      sessionWork.account,
    ]);
    expect(account?.handle).toBe(p.memberA.handle);
    expect(profiles?.read).toEqual([p.memberA.id]);
    expect(first?.read.handle).toBe(p.memberA.handle);
    expect(first?.read.id).toBe(second?.read);
    expect(opened).toEqual({ session: 1, apart: 0 });
  });

  it("a read asked after the transaction began runs in one of its own, for the same member", async () => {
    const { sessionWork, opened } = work(await signedIn(p.memberB.id));
    const early = await sessionWork.read(transactionId);
    const late = await sessionWork.read(async (trx, own) => ({ id: await transactionId(trx), userId: own.userId }));
    expect(late?.read.userId).toBe(p.memberB.id);
    expect(late?.read.id).not.toBe(early?.read);
    expect(opened).toEqual({ session: 1, apart: 1 });
  });

  it("a failed read fails alone: the reads after it run apart, and the account still answers", async () => {
    const { sessionWork, opened } = work(await signedIn(p.memberA.id));
    const refused = sessionWork.read((trx) => sql`select count(*) from private.sessions`.execute(trx));
    const after = sessionWork.read(async (trx) => (await trx.selectFrom("profiles").select("id").execute()).map((row) => row.id));
    await expect(refused).rejects.toThrow();
    expect((await after)?.read).toEqual([p.memberA.id]);
    expect((await sessionWork.account)?.userId).toBe(p.memberA.id);
    expect(opened).toEqual({ session: 1, apart: 1 });
  });

  it("reads nothing for a visitor who is not signed in", async () => {
    const { sessionWork, opened } = work(hex());
    let ran = 0;
    const [found, account] = await Promise.all([sessionWork.read(async () => ++ran), sessionWork.account]);
    expect(found).toBeNull();
    expect(account).toBeNull();
    expect(await sessionWork.read(async () => ++ran)).toBeNull();
    expect(ran).toBe(0);
    expect(opened).toEqual({ session: 1, apart: 0 });
  });
});
