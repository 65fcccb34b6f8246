import { createHash, randomBytes } from "node:crypto";
import type { SupabaseTokens } from "./supabase-auth-api.server";
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
 * Sessions are rows (the app server keeps no state). What the cookie holds and how it names
 * its row depends on the provider (a SessionCookieKind): the embedded provider's cookie is a
 * random token whose SHA-256 keys the row; in Supabase mode it holds Supabase's access and
 * refresh tokens and the row is keyed by the verified access token's session (decision 033).
 * Either way the row decides: how long a session lasts and when it locks
 * (domain/sessions/session-terms.ts), its tab key, and whether it is over.
 */

/** A session row's key, and (Supabase mode) the member the verified token names. */
export type SessionKey = { tokenHash: string; userId?: string };

/** Who a new session is for; in Supabase mode with the tokens Supabase Auth gave it. */
export type SessionGrant = { userId: string; supabase?: SupabaseTokens };

export interface SessionCookieKind {
  /** The row key a cookie value proves, or null when it proves nothing. */
  keyOf(value: string): Promise<SessionKey | null>;
  /** A new session's row key, and its cookie's value once the cookie's lifetime is known (undefined: until the browser closes). */
  open(grant: SessionGrant): Promise<{ key: SessionKey; value: (maxAgeSeconds: number | undefined) => string }>;
  /** Ends what belongs to the session outside this database (Supabase's own session); never throws. */
  close(value: string): Promise<void>;
}

export function sessionCookieName(): string {
  return isProduction() ? "__Host-tx_session" : "tx_session";
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The embedded provider's cookie: 32 random bytes. */
export const randomTokenCookies: SessionCookieKind = {
  keyOf: async (value) => (/^[A-Za-z0-9_-]{43}$/.test(value) ? { tokenHash: hashSessionToken(value) } : null),
  open: async () => {
    const token = randomBytes(32).toString("base64url");
    return { key: { tokenHash: hashSessionToken(token) }, value: () => token };
  },
  close: async () => {},
};

function minuteSeconds(): number {
  return getEnv().INACTIVITY_MINUTE_SECONDS;
}

/** The session functions for one kind of cookie. */
export function sessionFunctions(kind: SessionCookieKind) {
  async function sessionKey(request: Request): Promise<SessionKey | null> {
    const value = readCookie(request, sessionCookieName());
    return value ? kind.keyOf(value) : null;
  }

  return {
    /** Runs `fn` as the request's member in the transaction that resolves the session cookie (see asSessionMember, and its `readAlong`). */
    async withSessionMember<T, A = never>(
      request: Request,
      fn: (trx: MemberTx, userId: string, readAlong: A | undefined) => Promise<T>,
      readAlong?: (trx: MemberTx) => Promise<A>,
    ): Promise<SessionOutcome<T>> {
      const key = await sessionKey(request);
      if (!key) return { kind: "none" };
      return asSessionMember(await getDatabase(), key.tokenHash, fn, {
        touchAfterSeconds: touchAfterSeconds(minuteSeconds()),
        ...(key.userId ? { userId: key.userId } : {}),
        ...(readAlong ? { readAlong } : {}),
      });
    },

    /** Starts a session on this kind of phone, with the member's chosen lock, and returns its Set-Cookie header. */
    async startSession(grant: SessionGrant, { sharedPhone }: { sharedPhone: boolean }): Promise<string> {
      const { value, key } = await kind.open(grant);
      const db = await getDatabase();
      const terms = await asSystem(db, "start session", async (trx) => {
        const chosen = sessionTerms(new Date(), { sharedPhone, chosenLock: await findLockChoice(trx, grant.userId), minuteSeconds: minuteSeconds() });
        await createSession(trx, grant.userId, key.tokenHash, chosen.expiresAt, { sharedPhone, lockAfterSeconds: chosen.lockAfterSeconds });
        return chosen;
      });
      return serializeCookie(sessionCookieName(), value(terms.cookieMaxAgeSeconds), { maxAgeSeconds: terms.cookieMaxAgeSeconds, secure: isProduction() });
    },

    /** This session's tab key (made on first ask), "locked" while it is locked, or null when signed out. Never another session's. */
    async tabKey(request: Request): Promise<string | "locked" | null> {
      const key = await sessionKey(request);
      if (!key) return null;
      const fresh = randomBytes(32).toString("base64url");
      const db = await getDatabase();
      return asSystem(db, "auth: session tab key", async (trx) => {
        const session = await resolveSession(trx, key.tokenHash, touchAfterSeconds(minuteSeconds()));
        if (!session) return null;
        if (session.locked) return "locked";
        return (await sessionTabKey(trx, key.tokenHash, fresh)) ?? null;
      });
    },

    /** The member and handle of this browser's unexpired session, locked or not; undefined when signed out. */
    async sessionAccount(request: Request): Promise<{ userId: string; handleKey: string; locked: boolean } | undefined> {
      const key = await sessionKey(request);
      if (!key) return undefined;
      const db = await getDatabase();
      return asSystem(db, "auth: find session account", (trx) => findSessionAccount(trx, key.tokenHash));
    },

    /** Unlocks this browser's session once its member proved the passphrase again; false when it has ended meanwhile. */
    async unlockThisSession(request: Request, userId: string): Promise<boolean> {
      const key = await sessionKey(request);
      if (!key) return false;
      const db = await getDatabase();
      return asSystem(db, "auth: unlock session", async (trx) => {
        const unlocked = await unlockSessionRow(trx, key.tokenHash, userId);
        if (unlocked) await recordAudit(trx, { action: "session.unlocked", actorId: userId, subjectId: userId });
        return unlocked;
      });
    },

    /** A member's new lock choice, applied to their sessions now (shared-phone ones keep their own ceiling). */
    async applyLockChoice(userId: string, chosen: LockChoice | null): Promise<void> {
      const db = await getDatabase();
      const lockAfter = { ownPhone: lockAfterSeconds(false, chosen, minuteSeconds()), sharedPhone: lockAfterSeconds(true, chosen, minuteSeconds()) };
      await asSystem(db, "auth: apply lock choice", (trx) => applyLockToSessions(trx, userId, lockAfter));
    },

    /** Whether this browser's session is still live and unlocked, without counting as use. */
    async sessionIsOpen(request: Request): Promise<boolean> {
      const key = await sessionKey(request);
      if (!key) return false;
      const db = await getDatabase();
      return asSystem(db, "auth: check session open", (trx) => isSessionOpen(trx, key.tokenHash));
    },

    /** Ends this browser's session (if any) and returns the Set-Cookie header that clears it. */
    async endSession(request: Request): Promise<string> {
      const value = readCookie(request, sessionCookieName());
      const key = value ? await kind.keyOf(value) : null;
      if (key) {
        const db = await getDatabase();
        await asSystem(db, "end session", (trx) => deleteSession(trx, key.tokenHash));
      }
      if (value) await kind.close(value);
      return expireCookie(sessionCookieName(), isProduction());
    },
  };
}

export type SessionFunctions = ReturnType<typeof sessionFunctions>;

export const embeddedSessions = sessionFunctions(randomTokenCookies);
