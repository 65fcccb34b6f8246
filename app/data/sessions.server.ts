/**
 * Server-side sessions of the embedded auth provider (private.sessions, privileged path).
 * The cookie carries a random token; only its SHA-256 (hex) is stored or looked up here.
 */
import { sql, type RawBuilder } from "kysely";
import type { SystemTx } from "./rls.server";

export interface SessionRecord {
  userId: string;
  expiresAt: Date;
}

/** What a session is allowed besides its expiry (migration 0016); by default the member's own phone, no lock. */
export interface SessionStart {
  sharedPhone?: boolean;
  /** Seconds without a request before it locks; null or absent = never. */
  lockAfterSeconds?: number | null;
}

export async function createSession(trx: SystemTx, userId: string, tokenHash: string, expiresAt: Date, start: SessionStart = {}): Promise<void> {
  await trx
    .insertInto("private.sessions")
    .values({
      token_hash: tokenHash,
      user_id: userId,
      expires_at: expiresAt,
      shared_phone: start.sharedPhone ?? false,
      lock_after_seconds: start.lockAfterSeconds ?? null,
    })
    .execute();
}

/**
 * What an unexpired session may do now:
 * - "live": run as its member;
 * - "stale": the same, once its last activity is written (due once a minute);
 * - "idle": unused longer than its lock allows: it must lock now;
 * - "locked": locked already, until the passphrase is proved again.
 */
export type SessionState = "live" | "stale" | "idle" | "locked";

/** SQL: the session row `alias` has gone unused longer than its lock allows. */
function idleBeyondLock(alias: string): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${column("lock_after_seconds")} is not null and ${column("last_seen_at")} <= now() - ${column("lock_after_seconds")} * interval '1 second')`;
}

/**
 * SQL: the SessionState of the session row `alias` (whose expiry the caller has checked). The
 * one statement that finds the session for every request computes it (asSessionMember), so
 * that a live session costs no write.
 */
export function sessionStateSql(alias: string, touchAfterSeconds: number): RawBuilder<SessionState> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<SessionState>`case
      when ${column("locked_at")} is not null then 'locked'
      when ${idleBeyondLock(alias)} then 'idle'
      when ${column("last_seen_at")} <= now() - ${touchAfterSeconds}::integer * interval '1 second' then 'stale'
      else 'live'
    end`;
}

/** Writes that the session was used now. */
export async function touchSession(trx: SystemTx, tokenHash: string): Promise<void> {
  await trx.updateTable("private.sessions").set({ last_seen_at: sql<Date>`now()` }).where("token_hash", "=", tokenHash).execute();
}

/** Locks the session: it runs nothing as its member until unlocked, and its tab key is gone. */
export async function lockSession(trx: SystemTx, tokenHash: string): Promise<void> {
  await trx
    .updateTable("private.sessions")
    .set({ locked_at: sql<Date>`now()`, tab_key: null })
    .where("token_hash", "=", tokenHash)
    .where("locked_at", "is", null)
    .execute();
}

/**
 * The session's member, once its state is applied: an idle session is locked, a stale one
 * touched. Undefined when there is no such unexpired session.
 */
export async function resolveSession(
  trx: SystemTx,
  tokenHash: string,
  touchAfterSeconds: number,
): Promise<{ userId: string; locked: boolean } | undefined> {
  const found = await trx
    .selectFrom("private.sessions as s")
    .select(["s.user_id as userId", sessionStateSql("s", touchAfterSeconds).as("state")])
    .where("s.token_hash", "=", tokenHash)
    .where("s.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!found) return undefined;
  if (found.state === "idle") await lockSession(trx, tokenHash);
  if (found.state === "stale") await touchSession(trx, tokenHash);
  return { userId: found.userId, locked: found.state === "idle" || found.state === "locked" };
}

/** The member and handle of an unexpired session, locked or not (to prove the passphrase again). */
export async function findSessionAccount(
  trx: SystemTx,
  tokenHash: string,
): Promise<{ userId: string; handleKey: string; locked: boolean } | undefined> {
  const row = await trx
    .selectFrom("private.sessions as s")
    .innerJoin("profiles as p", "p.id", "s.user_id")
    .select(["s.user_id as userId", "p.handle_key as handleKey", sql<boolean>`s.locked_at is not null`.as("locked")])
    .where("s.token_hash", "=", tokenHash)
    .where("s.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return row;
}

/**
 * Unlocks the member's unexpired session after the passphrase was proved, counting as use.
 * Its tab key was deleted when it locked; the next ask makes a fresh one. Returns whether
 * there was such a session.
 */
export async function unlockSession(trx: SystemTx, tokenHash: string, userId: string): Promise<boolean> {
  const result = await trx
    .updateTable("private.sessions")
    .set({ locked_at: null, last_seen_at: sql<Date>`now()` })
    .where("token_hash", "=", tokenHash)
    .where("user_id", "=", userId)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * A new lock choice applies to the member's sessions at once: `ownPhone` seconds to those
 * started on their own phone, `sharedPhone` to shared-phone ones (null = never). Returns how
 * many sessions changed.
 */
export async function applyLockToSessions(
  trx: SystemTx,
  userId: string,
  lockAfter: { ownPhone: number | null; sharedPhone: number | null },
): Promise<number> {
  const result = await trx
    .updateTable("private.sessions")
    .set({
      lock_after_seconds: sql<number | null>`case when shared_phone then ${lockAfter.sharedPhone}::integer else ${lockAfter.ownPhone}::integer end`,
    })
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Cleanup job: locks sessions nobody used for longer than their lock allows, so no tab key waits for a next request; returns how many. */
export async function lockIdleSessions(trx: SystemTx): Promise<number> {
  const result = await trx
    .updateTable("private.sessions as s")
    .set({ locked_at: sql<Date>`now()`, tab_key: null })
    .where("s.locked_at", "is", null)
    .where(idleBeyondLock("s"))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Whether the session is live: unexpired, not locked and not idle beyond its lock. Reads
 * only, so asking (a page's live updates) never counts as use that keeps a session open.
 */
export async function isSessionOpen(trx: SystemTx, tokenHash: string): Promise<boolean> {
  const row = await trx
    .selectFrom("private.sessions as s")
    .select(sql<boolean>`s.locked_at is null and not ${idleBeyondLock("s")}`.as("open"))
    .where("s.token_hash", "=", tokenHash)
    .where("s.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return row?.open === true;
}

/** The session for this token hash, if it exists and has not expired. */
export async function findSession(trx: SystemTx, tokenHash: string): Promise<SessionRecord | undefined> {
  return trx
    .selectFrom("private.sessions")
    .select(["user_id as userId", "expires_at as expiresAt"])
    .where("token_hash", "=", tokenHash)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
}

/**
 * The live session's tab key, made from `fresh` the first time it is asked for (the browser
 * wraps its unlocked private key with it; see docs/threat-model.md). Undefined when the
 * session has ended, expired or locked: a wrapped copy left in the browser then opens no more.
 * A caller applies the session's state first (resolveSession), so an idle session is locked.
 */
export async function sessionTabKey(trx: SystemTx, tokenHash: string, fresh: string): Promise<string | undefined> {
  const row = await trx
    .updateTable("private.sessions")
    .set({ tab_key: sql<string>`coalesce(tab_key, ${fresh})` })
    .where("token_hash", "=", tokenHash)
    .where("expires_at", ">", sql<Date>`now()`)
    .where("locked_at", "is", null)
    .returning("tab_key")
    .executeTakeFirst();
  return row?.tab_key ?? undefined;
}

/**
 * Takes the tab key from every session of the member (after their key pair was replaced):
 * what any tab stored under it opens no more, so each tab asks for the passphrase again and
 * unlocks the new keys; the next ask makes a fresh tab key. Returns how many sessions had one.
 */
export async function forgetTabKeys(trx: SystemTx, userId: string): Promise<number> {
  const result = await trx.updateTable("private.sessions").set({ tab_key: null }).where("user_id", "=", userId).where("tab_key", "is not", null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteSession(trx: SystemTx, tokenHash: string): Promise<void> {
  await trx.deleteFrom("private.sessions").where("token_hash", "=", tokenHash).execute();
}

/** Signs a member out everywhere (passphrase change, recovery, deletion); returns how many sessions ended. */
export async function deleteUserSessions(trx: SystemTx, userId: string): Promise<number> {
  const result = await trx.deleteFrom("private.sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Cleanup job; returns how many expired sessions were removed. */
export async function deleteExpiredSessions(trx: SystemTx): Promise<number> {
  const result = await trx.deleteFrom("private.sessions").where("expires_at", "<=", sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
