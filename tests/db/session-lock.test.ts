/**
 * Shared-phone sessions and the inactivity lock, in the database (migration 0016,
 * docs/decisions/012). Time is moved by setting a session's last activity back, as an idle
 * phone would leave it. Allowed: a session used within its lock runs as its member, its
 * last activity written at most once a minute. Refused: a session unused past its lock
 * runs nothing, loses its tab key and stays locked until unlocked; the tab key is never
 * handed out meanwhile; a locked session cannot hold one.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { chooseOwnLock, findLockChoice, getOwnLockChoice } from "~/data/lock-settings.server";
import { asMember, asSessionMember, asSystem } from "~/data/rls.server";
import {
  applyLockToSessions,
  createSession,
  findSessionAccount,
  lockIdleSessions,
  resolveSession,
  sessionTabKey,
  unlockSession,
  type SessionStart,
} from "~/data/sessions.server";
import { describeOnEveryEngine } from "../support/db-suite";

const hex = () => randomBytes(32).toString("hex");
const tabKeyOf = () => randomBytes(32).toString("base64url");
const HOUR = 3_600_000;

describeOnEveryEngine("session lock", { personas: true }, ({ db, p }) => {
  async function started(userId: string, start: SessionStart = {}, expiresInMs = HOUR): Promise<string> {
    const token = hex();
    await asSystem(db, "test: start session", (trx) => createSession(trx, userId, token, new Date(Date.now() + expiresInMs), start));
    return token;
  }

  /** Leaves the session unused for this many seconds (its last activity moves back). */
  async function idleFor(token: string, seconds: number): Promise<void> {
    await asSystem(db, "test: idle session", (trx) =>
      sql`update private.sessions set last_seen_at = now() - ${seconds}::integer * interval '1 second' where token_hash = ${token}`.execute(trx),
    );
  }

  async function row(token: string) {
    return asSystem(db, "test: read session", (trx) =>
      trx
        .selectFrom("private.sessions")
        .select(["last_seen_at", "locked_at", "tab_key", "lock_after_seconds", "shared_phone"])
        .where("token_hash", "=", token)
        .executeTakeFirst(),
    );
  }

  const visit = (token: string, touchAfterSeconds = 60) =>
    asSessionMember(db, token, async (_trx, userId) => userId, { touchAfterSeconds });
  const tabKey = (token: string, fresh = tabKeyOf()) =>
    asSystem(db, "test: tab key", async (trx) => {
      const session = await resolveSession(trx, token, 60);
      if (!session || session.locked) return session?.locked ? "locked" : undefined;
      return sessionTabKey(trx, token, fresh);
    });

  it("a session used within its lock runs as its member, and says what it was allowed", async () => {
    const own = await started(p.memberA.id, { lockAfterSeconds: 300 });
    const shared = await started(p.memberA.id, { sharedPhone: true, lockAfterSeconds: 300 });
    await idleFor(own, 299);
    expect(await visit(own)).toEqual({ kind: "member", value: p.memberA.id, session: { sharedPhone: false, lockAfterSeconds: 300 } });
    expect(await visit(shared)).toEqual({ kind: "member", value: p.memberA.id, session: { sharedPhone: true, lockAfterSeconds: 300 } });
  });

  it("a session unused past its lock is locked: nothing runs, its tab key is gone, and it stays locked", async () => {
    const token = await started(p.memberB.id, { lockAfterSeconds: 300 });
    const other = await started(p.memberB.id, { lockAfterSeconds: 300 });
    const key = await tabKey(token);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await idleFor(token, 301);
    let ran = 0;
    expect(await asSessionMember(db, token, async () => ++ran)).toEqual({ kind: "locked" });
    expect(ran).toBe(0);
    const locked = await row(token);
    expect(locked?.locked_at).toBeInstanceOf(Date);
    expect(locked?.tab_key).toBeNull();
    // Used again at once: still locked (the lock is a state, not a clock).
    expect(await visit(token)).toEqual({ kind: "locked" });
    expect(await tabKey(token)).toBe("locked");
    expect(await asSystem(db, "test: tab key", (trx) => sessionTabKey(trx, token, tabKeyOf()))).toBeUndefined();
    // The member's other session is not touched.
    expect(await visit(other)).toMatchObject({ kind: "member" });
    expect(await tabKey(other)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("the tab key is refused to an idle session even before anything else locked it", async () => {
    const token = await started(p.memberA.id, { lockAfterSeconds: 300 });
    const before = await tabKey(token);
    await idleFor(token, 600);
    expect(await tabKey(token)).toBe("locked");
    expect((await row(token))?.tab_key).toBeNull();
    expect(before).toBeTruthy();
  });

  it("a session without a lock never locks, however long it is left", async () => {
    const token = await started(p.memberA.id);
    await idleFor(token, 6 * 24 * 3600);
    expect(await visit(token)).toMatchObject({ kind: "member" });
  });

  it("last activity is written once a minute at most, not on every request", async () => {
    const token = await started(p.memberA.id, { lockAfterSeconds: 300 });
    await idleFor(token, 30);
    const first = (await row(token))?.last_seen_at;
    await visit(token);
    expect((await row(token))?.last_seen_at).toEqual(first);
    await idleFor(token, 90);
    const stale = (await row(token))?.last_seen_at;
    expect(await visit(token)).toMatchObject({ kind: "member" });
    const touched = (await row(token))?.last_seen_at;
    expect(touched?.getTime()).toBeGreaterThan((stale?.getTime() ?? 0) + 60_000);
  });

  it("unlocking makes the session live again, with a fresh tab key; only for its own member", async () => {
    const token = await started(p.memberB.id, { lockAfterSeconds: 300 });
    const old = await tabKey(token);
    await idleFor(token, 400);
    expect(await visit(token)).toEqual({ kind: "locked" });
    expect(await asSystem(db, "test: find", (trx) => findSessionAccount(trx, token))).toEqual({
      userId: p.memberB.id,
      handleKey: p.memberB.handleKey,
      locked: true,
    });
    expect(await asSystem(db, "test: unlock", (trx) => unlockSession(trx, token, p.memberA.id))).toBe(false);
    expect(await visit(token)).toEqual({ kind: "locked" });
    expect(await asSystem(db, "test: unlock", (trx) => unlockSession(trx, token, p.memberB.id))).toBe(true);
    expect(await visit(token)).toMatchObject({ kind: "member", value: p.memberB.id });
    const fresh = await tabKey(token);
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(old);
  });

  it("an expired session is gone, locked or not, and cannot be unlocked", async () => {
    const token = await started(p.memberA.id, { sharedPhone: true, lockAfterSeconds: 300 }, -1000);
    expect(await visit(token)).toEqual({ kind: "none" });
    expect(await asSystem(db, "test: find", (trx) => findSessionAccount(trx, token))).toBeUndefined();
    expect(await asSystem(db, "test: unlock", (trx) => unlockSession(trx, token, p.memberA.id))).toBe(false);
  });

  it("a new lock choice applies to the member's sessions at once: own-phone and shared-phone ones apart", async () => {
    const own = await started(p.socialWorkerY.id);
    const shared = await started(p.socialWorkerY.id, { sharedPhone: true, lockAfterSeconds: 300 });
    const someoneElse = await started(p.memberA.id);
    expect(await asSystem(db, "test: apply", (trx) => applyLockToSessions(trx, p.socialWorkerY.id, { ownPhone: 900, sharedPhone: 300 }))).toBe(2);
    expect(await row(own)).toMatchObject({ lock_after_seconds: 900, shared_phone: false });
    expect(await row(shared)).toMatchObject({ lock_after_seconds: 300, shared_phone: true });
    expect((await row(someoneElse))?.lock_after_seconds).toBeNull();
    await idleFor(own, 901);
    expect(await visit(own)).toEqual({ kind: "locked" });
    await asSystem(db, "test: apply", (trx) => applyLockToSessions(trx, p.socialWorkerY.id, { ownPhone: null, sharedPhone: 300 }));
    expect((await row(shared))?.lock_after_seconds).toBe(300);
  });

  it("the cleanup job locks idle sessions and deletes their tab keys without waiting for a request", async () => {
    const idle = await started(p.admin.id, { lockAfterSeconds: 300 });
    const busy = await started(p.admin.id, { lockAfterSeconds: 300 });
    const unlimited = await started(p.admin.id);
    for (const token of [idle, busy, unlimited]) await tabKey(token);
    await idleFor(idle, 301);
    await idleFor(unlimited, 301);
    expect(await asSystem(db, "test: lock idle", (trx) => lockIdleSessions(trx))).toBeGreaterThanOrEqual(1);
    expect(await row(idle)).toMatchObject({ tab_key: null });
    expect((await row(idle))?.locked_at).toBeInstanceOf(Date);
    expect(await row(busy)).toMatchObject({ locked_at: null });
    expect((await row(busy))?.tab_key).toBeTruthy();
    expect(await row(unlimited)).toMatchObject({ locked_at: null });
  });

  it("a member's lock choice: set, changed and removed by them alone; read on the privileged path for a new session", async () => {
    const own = (id: string) => asMember(db, id, (trx) => getOwnLockChoice(trx));
    expect(await own(p.socialWorkerX.id)).toBeNull();
    await asMember(db, p.socialWorkerX.id, (trx) => chooseOwnLock(trx, 15));
    await asMember(db, p.socialWorkerX.id, (trx) => chooseOwnLock(trx, 60));
    expect(await own(p.socialWorkerX.id)).toBe(60);
    expect(await asSystem(db, "test: find lock", (trx) => findLockChoice(trx, p.socialWorkerX.id))).toBe(60);
    // Another member sees none of it, and their own choice does not touch it.
    expect(await own(p.socialWorkerY.id)).toBeNull();
    await asMember(db, p.socialWorkerY.id, (trx) => chooseOwnLock(trx, null));
    expect(await own(p.socialWorkerX.id)).toBe(60);
    await asMember(db, p.socialWorkerX.id, (trx) => chooseOwnLock(trx, null));
    expect(await own(p.socialWorkerX.id)).toBeNull();
  });

  it("the database refuses a tab key on a locked session, and a lock that is not a positive number", async () => {
    const token = await started(p.memberB.id, { lockAfterSeconds: 300 });
    await idleFor(token, 301);
    await visit(token);
    await expect(
      asSystem(db, "test: forge", (trx) => sql`update private.sessions set tab_key = ${tabKeyOf()} where token_hash = ${token}`.execute(trx)),
    ).rejects.toThrow();
    await expect(started(p.memberB.id, { lockAfterSeconds: 0 })).rejects.toThrow();
  });
});
