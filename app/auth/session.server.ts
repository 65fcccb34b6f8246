import { createHash, randomBytes } from "node:crypto";
import { asSessionMember, asSystem, type MemberTx, type SessionOutcome } from "~/data/rls.server";
import { recordAudit } from "~/data/audit.server";
import { getDatabase } from "~/data/db.server";
import { findLockChoice } from "~/data/lock-settings.server";
import {
  applyLockToSessions,
  createSession,
  deleteSession,
  findSessionAccount,
  isSessionOpen,
  resolveSession,
  sessionTabKey,
  unlockSession as unlockSessionRow,
} from "~/data/sessions.server";
import { lockAfterSeconds, sessionTerms, touchAfterSeconds, type LockChoice } from "~/domain/sessions/session-terms";
import { getEnv, isProduction } from "~/env.server";
import { expireCookie, readCookie, serializeCookie } from "~/server/cookies.server";

/**
 * Sessions are rows (the app server keeps no state); the cookie holds a random token, the
 * row only its hash. How long one lasts and when it locks: domain/sessions/session-terms.ts.
 */

function cookieName(): string {
  return isProduction() ? "__Host-tx_session" : "tx_session";
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function sessionTokenHash(request: Request): string | null {
  const token = readCookie(request, cookieName());
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? hashToken(token) : null;
}

function minuteSeconds(): number {
  return getEnv().INACTIVITY_MINUTE_SECONDS;
}

/** Runs `fn` as the request's member in the transaction that resolves the session cookie (see asSessionMember, and its `readAlong`). */
export async function withSessionMember<T, A = never>(
  request: Request,
  fn: (trx: MemberTx, userId: string, readAlong: A | undefined) => Promise<T>,
  readAlong?: (trx: MemberTx) => Promise<A>,
): Promise<SessionOutcome<T>> {
  const tokenHash = sessionTokenHash(request);
  if (!tokenHash) return { kind: "none" };
  return asSessionMember(await getDatabase(), tokenHash, fn, { touchAfterSeconds: touchAfterSeconds(minuteSeconds()), ...(readAlong ? { readAlong } : {}) });
}

/** Starts a session on this kind of phone, with the member's chosen lock, and returns its Set-Cookie header. */
export async function startSession(userId: string, { sharedPhone }: { sharedPhone: boolean }): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const db = await getDatabase();
  const terms = await asSystem(db, "start session", async (trx) => {
    const chosen = sessionTerms(new Date(), { sharedPhone, chosenLock: await findLockChoice(trx, userId), minuteSeconds: minuteSeconds() });
    await createSession(trx, userId, hashToken(token), chosen.expiresAt, { sharedPhone, lockAfterSeconds: chosen.lockAfterSeconds });
    return chosen;
  });
  return serializeCookie(cookieName(), token, { maxAgeSeconds: terms.cookieMaxAgeSeconds, secure: isProduction() });
}

/** This session's tab key (made on first ask), "locked" while it is locked, or null when signed out. Never another session's. */
export async function tabKey(request: Request): Promise<string | "locked" | null> {
  const tokenHash = sessionTokenHash(request);
  if (!tokenHash) return null;
  const fresh = randomBytes(32).toString("base64url");
  const db = await getDatabase();
  return asSystem(db, "auth: session tab key", async (trx) => {
    const session = await resolveSession(trx, tokenHash, touchAfterSeconds(minuteSeconds()));
    if (!session) return null;
    if (session.locked) return "locked";
    return (await sessionTabKey(trx, tokenHash, fresh)) ?? null;
  });
}

/** The member and handle of this browser's unexpired session, locked or not; undefined when signed out. */
export async function sessionAccount(request: Request): Promise<{ userId: string; handleKey: string; locked: boolean } | undefined> {
  const tokenHash = sessionTokenHash(request);
  if (!tokenHash) return undefined;
  const db = await getDatabase();
  return asSystem(db, "auth: find session account", (trx) => findSessionAccount(trx, tokenHash));
}

/** Unlocks this browser's session once its member proved the passphrase again; false when it has ended meanwhile. */
export async function unlockThisSession(request: Request, userId: string): Promise<boolean> {
  const tokenHash = sessionTokenHash(request);
  if (!tokenHash) return false;
  const db = await getDatabase();
  return asSystem(db, "auth: unlock session", async (trx) => {
    const unlocked = await unlockSessionRow(trx, tokenHash, userId);
    if (unlocked) await recordAudit(trx, { action: "session.unlocked", actorId: userId, subjectId: userId });
    return unlocked;
  });
}

/** A member's new lock choice, applied to their sessions now (shared-phone ones keep their own ceiling). */
export async function applyLockChoice(userId: string, chosen: LockChoice | null): Promise<void> {
  const db = await getDatabase();
  const lockAfter = { ownPhone: lockAfterSeconds(false, chosen, minuteSeconds()), sharedPhone: lockAfterSeconds(true, chosen, minuteSeconds()) };
  await asSystem(db, "auth: apply lock choice", (trx) => applyLockToSessions(trx, userId, lockAfter));
}

/** Whether this browser's session is still live and unlocked, without counting as use. */
export async function sessionIsOpen(request: Request): Promise<boolean> {
  const tokenHash = sessionTokenHash(request);
  if (!tokenHash) return false;
  const db = await getDatabase();
  return asSystem(db, "auth: check session open", (trx) => isSessionOpen(trx, tokenHash));
}

/** Ends this browser's session (if any) and returns the Set-Cookie header that clears it. */
export async function endSession(request: Request): Promise<string> {
  const token = readCookie(request, cookieName());
  if (token) {
    const db = await getDatabase();
    await asSystem(db, "end session", (trx) => deleteSession(trx, hashToken(token)));
  }
  return expireCookie(cookieName(), isProduction());
}
