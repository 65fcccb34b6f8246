/**
 * The session scope (asSessionMember): one transaction that resolves a session token and
 * becomes its member. Allowed: a live session runs the function as that member, under RLS.
 * Refused: unknown, expired or deleted sessions run nothing; the member scope cannot read
 * sessions or other members' rows; the role does not leak past the transaction.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { getOwnAccount, type OwnAccount } from "~/data/accounts.server";
import { asSessionMember, asSystem } from "~/data/rls.server";
import { createSession, deleteSession, deleteUserSessions, sessionTabKey } from "~/data/sessions.server";
import { describeOnEveryEngine } from "../support/db-suite";

const hex = () => randomBytes(32).toString("hex");

describeOnEveryEngine("session scope", { personas: true }, ({ db, p }) => {
  it("runs the function as the session's member, with RLS, and returns what it returns", async () => {
    const token = hex();
    await asSystem(db, "test: start session", (trx) => createSession(trx, p.memberA.id, token, new Date(Date.now() + 60_000)));
    const seen = await asSessionMember(db, token, async (trx, userId) => ({
      userId,
      role: (await sql<{ role: string }>`select current_user as role`.execute(trx)).rows[0]?.role,
      uid: (await sql<{ uid: string }>`select auth.uid() as uid`.execute(trx)).rows[0]?.uid,
      account: await getOwnAccount(trx),
      profiles: (await trx.selectFrom("profiles").select("id").execute()).map((row) => row.id),
    }));
    expect(seen).toMatchObject({ kind: "member", session: { sharedPhone: false, lockAfterSeconds: null }, value: { userId: p.memberA.id, role: "authenticated", uid: p.memberA.id } });
    const value = seen.kind === "member" ? seen.value : undefined;
    expect(value?.account?.handle).toBe(p.memberA.handle);
    expect(value?.profiles).toEqual([p.memberA.id]);
  });

  it("runs nothing for an unknown, expired or ended session", async () => {
    const expired = hex();
    const ended = hex();
    await asSystem(db, "test: start sessions", async (trx) => {
      await createSession(trx, p.memberB.id, expired, new Date(Date.now() - 1000));
      await createSession(trx, p.memberB.id, ended, new Date(Date.now() + 60_000));
      await deleteSession(trx, ended);
    });
    let calls = 0;
    for (const token of [hex(), expired, ended]) {
      expect(await asSessionMember(db, token, async () => ++calls)).toEqual({ kind: "none" });
    }
    expect(calls).toBe(0);
  });

  it("reads the account along with the lookup: the member's own for a live session, nothing as the owner otherwise", async () => {
    const [live, stale, locked] = [hex(), hex(), hex()];
    await asSystem(db, "test: start sessions", async (trx) => {
      for (const token of [live, stale, locked]) await createSession(trx, p.memberA.id, token, new Date(Date.now() + 60_000));
      await trx.updateTable("private.sessions").set({ last_seen_at: sql<Date>`now() - interval '10 minutes'` }).where("token_hash", "=", stale).execute();
      await trx.updateTable("private.sessions").set({ locked_at: sql<Date>`now()` }).where("token_hash", "=", locked).execute();
    });
    const run = async (token: string) => {
      const along: { role?: string; account?: OwnAccount }[] = [];
      const outcome = await asSessionMember<{ handed: string | null; own: string | null }, OwnAccount | undefined>(
        db,
        token,
        async (trx, _userId, readAlong) => ({ handed: readAlong?.handle ?? null, own: (await getOwnAccount(trx))?.handle ?? null }),
        {
          touchAfterSeconds: 120,
          readAlong: async (trx) => {
            const role = (await sql<{ role: string }>`select current_user as role`.execute(trx)).rows[0]?.role;
            const account = await getOwnAccount(trx);
            along.push({ role, account });
            return account;
          },
        },
      );
      return { outcome, along };
    };
    const asLive = await run(live);
    expect(asLive.outcome).toMatchObject({ kind: "member", value: { handed: p.memberA.handle, own: p.memberA.handle } });
    expect(asLive.along).toMatchObject([{ role: "authenticated" }]);
    // Stale: the read-only lookup finds it must write first; the second lookup touches the session and becomes the member
    // only after. What was read along, twice, found nothing and is not handed on.
    const asStale = await run(stale);
    expect(asStale.outcome).toMatchObject({ kind: "member", value: { handed: null, own: p.memberA.handle } });
    expect(asStale.along).toEqual([0, 1].map(() => ({ role: expect.not.stringMatching(/^authenticated$/), account: undefined })));
    for (const token of [locked, hex()]) {
      const refused = await run(token);
      expect(refused.outcome.kind).not.toBe("member");
      expect(refused.along).toEqual([{ role: expect.not.stringMatching(/^authenticated$/), account: undefined }]);
    }
  });

  it("only reads: a write is refused for a live session and for one whose last activity was written first", async () => {
    const [live, stale] = [hex(), hex()];
    await asSystem(db, "test: start sessions", async (trx) => {
      for (const token of [live, stale]) await createSession(trx, p.memberA.id, token, new Date(Date.now() + 60_000));
      await trx.updateTable("private.sessions").set({ last_seen_at: sql<Date>`now() - interval '10 minutes'` }).where("token_hash", "=", stale).execute();
    });
    for (const token of [live, stale]) {
      await expect(
        asSessionMember(db, token, (trx) => trx.updateTable("profiles").set({ locale: "en" }).where("id", "=", p.memberA.id).execute(), { touchAfterSeconds: 120 }),
      ).rejects.toMatchObject({ code: "25006" });
    }
    const { rows } = await sql<{ locale: string; touched: boolean }>`
      select p.locale, s.last_seen_at > now() - interval '1 minute' as touched
      from profiles p join private.sessions s on s.user_id = p.id where s.token_hash = ${stale}`.execute(db);
    // Nothing changed: the stale session's touch was undone with the refused write (one transaction).
    expect(rows[0]).toEqual({ locale: expect.not.stringMatching(/^en$/), touched: false });
  });

  it("leaves the member unable to read sessions, and the role ends with the transaction", async () => {
    const token = hex();
    await asSystem(db, "test: start session", (trx) => createSession(trx, p.memberA.id, token, new Date(Date.now() + 60_000)));
    await expect(asSessionMember(db, token, (trx) => sql`select count(*) from private.sessions`.execute(trx))).rejects.toThrow();
    const after = await sql<{ role: string }>`select current_user as role`.execute(db);
    expect(after.rows[0]?.role).not.toBe("authenticated");
  });

  it("hands a session its own tab key, made once, and none once the session has ended", async () => {
    const [live, other, expired] = [hex(), hex(), hex()];
    await asSystem(db, "test: start sessions", async (trx) => {
      await createSession(trx, p.memberA.id, live, new Date(Date.now() + 60_000));
      await createSession(trx, p.memberA.id, other, new Date(Date.now() + 60_000));
      await createSession(trx, p.memberA.id, expired, new Date(Date.now() - 1000));
    });
    const key = (token: string, fresh: string) => asSystem(db, "test: tab key", (trx) => sessionTabKey(trx, token, fresh));
    const [first, second] = [randomBytes(32).toString("base64url"), randomBytes(32).toString("base64url")];
    expect(await key(live, first)).toBe(first);
    expect(await key(live, second)).toBe(first);
    expect(await key(other, second)).toBe(second);
    expect(await key(expired, first)).toBeUndefined();
    expect(await key(hex(), first)).toBeUndefined();
    await expect(key(hex(), "not a key")).resolves.toBeUndefined();
    await asSystem(db, "test: end session", (trx) => deleteSession(trx, live));
    expect(await key(live, second)).toBeUndefined();
    await asSystem(db, "test: end sessions", (trx) => deleteUserSessions(trx, p.memberA.id));
    expect(await key(other, first)).toBeUndefined();
  });

  it("keeps tab keys from members: not even their own session's", async () => {
    const token = hex();
    await asSystem(db, "test: start session", (trx) => createSession(trx, p.memberB.id, token, new Date(Date.now() + 60_000)));
    await expect(asSessionMember(db, token, (trx) => sql`select tab_key from private.sessions`.execute(trx))).rejects.toThrow();
    await expect(asSessionMember(db, token, (trx) => sql`update private.sessions set tab_key = null`.execute(trx))).rejects.toThrow();
  });

  it("refuses a tab key that is not 32 bytes of base64url", async () => {
    const token = hex();
    await asSystem(db, "test: start session", (trx) => createSession(trx, p.memberB.id, token, new Date(Date.now() + 60_000)));
    await expect(asSystem(db, "test: tab key", (trx) => sessionTabKey(trx, token, "short"))).rejects.toThrow();
  });
});
