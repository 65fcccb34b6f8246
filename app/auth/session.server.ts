import { createHash, randomBytes } from "node:crypto";
import { asSessionMember, asSystem, type MemberTx } from "~/data/rls.server";
import { getDatabase } from "~/data/db.server";
import { createSession, deleteSession, sessionTabKey } from "~/data/sessions.server";
import { isProduction } from "~/env.server";
import { expireCookie, readCookie, serializeCookie } from "~/server/cookies.server";

/** Sessions are rows (the app server keeps no state); the cookie holds a random token, the row only its hash. */
const SESSION_TTL_SECONDS = 7 * 24 * 3600;


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

/** Runs `fn` as the request's member in the transaction that resolves the session cookie (see asSessionMember). */
export async function withSessionMember<T>(request: Request, fn: (trx: MemberTx, userId: string) => Promise<T>): Promise<T | null> {
  const tokenHash = sessionTokenHash(request);
  if (!tokenHash) return null;
  return asSessionMember(await getDatabase(), tokenHash, fn);
}

/** Starts a session and returns its Set-Cookie header. */
export async function startSession(userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000);
  const db = await getDatabase();
  await asSystem(db, "start session", (trx) => createSession(trx, userId, hashToken(token), expiresAt));
  return serializeCookie(cookieName(), token, { maxAgeSeconds: SESSION_TTL_SECONDS, secure: isProduction() });
}

/** This session's tab key (made on first ask), or null when signed out. Never another session's. */
export async function tabKey(request: Request): Promise<string | null> {
  const tokenHash = sessionTokenHash(request);
  if (!tokenHash) return null;
  const fresh = randomBytes(32).toString("base64url");
  const db = await getDatabase();
  return (await asSystem(db, "auth: session tab key", (trx) => sessionTabKey(trx, tokenHash, fresh))) ?? null;
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
