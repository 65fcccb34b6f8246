/**
 * Server-side sessions of the embedded auth provider (private.sessions, privileged path).
 * The cookie carries a random token; only its SHA-256 (hex) is stored or looked up here.
 */
import { sql } from "kysely";
import type { SystemTx } from "./rls.server";

export interface SessionRecord {
  userId: string;
  expiresAt: Date;
}

export async function createSession(trx: SystemTx, userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
  await trx.insertInto("private.sessions").values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute();
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
 * session has ended or expired: a wrapped copy left in the browser then opens no more.
 */
export async function sessionTabKey(trx: SystemTx, tokenHash: string, fresh: string): Promise<string | undefined> {
  const row = await trx
    .updateTable("private.sessions")
    .set({ tab_key: sql<string>`coalesce(tab_key, ${fresh})` })
    .where("token_hash", "=", tokenHash)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning("tab_key")
    .executeTakeFirst();
  return row?.tab_key ?? undefined;
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
