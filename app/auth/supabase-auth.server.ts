/**
 * The Supabase auth provider (issue 20, decision 033): Supabase Auth keeps the accounts and
 * checks the auth key (as the account's password); everything else stays as the embedded
 * provider has it, in the portal's tables: salts and wrapped keys, the recovery code's hash,
 * proof-of-work challenges and rate limits, and one session row per Supabase session (its
 * inactivity lock, tab key and end).
 *
 * The session cookie (httpOnly) holds Supabase's access and refresh tokens. Each request
 * verifies the access token (supabase-jwt.server.ts) and runs as the member it names, in the
 * row of the session it names; a token about to expire is refreshed before the request is
 * handled (refreshSessionCookie), and signing out ends the Supabase session too.
 *
 * Supabase Auth is called outside any transaction, except a new password, which is set last
 * inside the transaction that stores the new wrapping (so that either both change or
 * neither); Supabase mode runs on a PostgreSQL server, never on the single-connection PGlite.
 */
import { hashAuthKey } from "~/auth/auth-key-hash.server";
import { addAccountToAuthUser, findAccountKeyState, findKdfParams, findLoginRecord, replacePassphraseKeys, replaceRecoveryKeys, type AccountKeyState } from "~/data/accounts.server";
import { pseudonymiseDeletedAccount, retireHandle, vacuumTablesWithAccountRows } from "~/data/account-deletion.server";
import { recordAudit } from "~/data/audit.server";
import { getDatabase } from "~/data/db.server";
import { replaceKeyPair, replaceRecoveryCode } from "~/data/key-replacement.server";
import { asSystem } from "~/data/rls.server";
import { deleteUserSessions } from "~/data/sessions.server";
import { handleKey } from "~/domain/accounts/handle";
import { isProduction, type Env } from "~/env.server";
import { expireCookie, readCookieFromHeader, replaceCookieInHeader, serializeCookie } from "~/server/cookies.server";
import { describeError, logEvent } from "~/server/log.server";
import type { AuthProvider, AuthRefusal } from "./auth-provider.server";
import { issueChallenge, spendChallenge } from "./challenge.server";
import {
  checkHandleFree,
  checkRecoveryCode,
  loginParams,
  passphraseKeys,
  refusalIfLimited,
  refusalIfSignUpLimited,
  retiredHandleHmac,
  startRecovery,
  unlockParamsOf,
} from "./embedded-auth.server";
import { hashSessionToken, sessionCookieName, sessionFunctions, type SessionCookieKind, type SessionGrant } from "./session.server";
import { supabaseAuthApi, type SupabaseAuthApi, type SupabaseTokens } from "./supabase-auth-api.server";
import { supabaseJwtSettings, supabaseTokenVerifier, type VerifiedToken } from "./supabase-jwt.server";

/** What Supabase mode runs with: its Auth API and its access tokens' checker. */
export type SupabaseMode = { api: SupabaseAuthApi; verify: (token: string) => Promise<VerifiedToken> };

/** Supabase mode from the checked environment (env.server.ts refuses to start with a setting missing); null in the other modes. */
export function supabaseModeFromEnv(env: Env): SupabaseMode | null {
  const jwt = supabaseJwtSettings(env);
  const { SUPABASE_URL: url, SUPABASE_ANON_KEY: anonKey, SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey } = env;
  if (!jwt || !url || !anonKey || !serviceRoleKey) return null;
  return { api: supabaseAuthApi({ url, anonKey, serviceRoleKey }), verify: supabaseTokenVerifier(jwt) };
}

/** An access token this close to its end is refreshed before the request that carries it. */
const REFRESH_MARGIN_MS = 60_000;

const INVALID = { ok: false, reason: "invalid" } as const;

/**
 * The cookie's value: both tokens and when the cookie itself ends (epoch seconds, or "b" for
 * a cookie that ends with the browser: a shared phone), so that a refreshed cookie keeps the
 * lifetime its session started with. Nothing in it is a secret the member does not hold.
 */
type CookieValue = { tokens: SupabaseTokens; endsAt: number | "b" };

function packCookie({ tokens, endsAt }: CookieValue): string {
  return ["v1", tokens.accessToken, tokens.refreshToken, String(endsAt)].join("~");
}

function unpackCookie(value: string): CookieValue | null {
  const [version, accessToken, refreshToken, endsAt, ...rest] = value.split("~");
  if (version !== "v1" || !accessToken || !refreshToken || endsAt === undefined || rest.length > 0) return null;
  if (endsAt !== "b" && !/^\d{1,12}$/.test(endsAt)) return null;
  return { tokens: { accessToken, refreshToken }, endsAt: endsAt === "b" ? "b" : Number(endsAt) };
}

function cookieMaxAge(endsAt: number | "b"): number | undefined {
  return endsAt === "b" ? undefined : Math.max(0, endsAt - Math.floor(Date.now() / 1000));
}

/** The session row a verified Supabase session is kept under. */
function rowKeyOf(sessionId: string): string {
  return hashSessionToken(`supabase-session:${sessionId}`);
}

export function supabaseTokenCookies({ api, verify }: SupabaseMode): SessionCookieKind {
  return {
    async keyOf(value) {
      const cookie = unpackCookie(value);
      if (!cookie) return null;
      const verified = await verify(cookie.tokens.accessToken);
      if (!verified.ok || verified.claims.sessionId === null) return null;
      return { tokenHash: rowKeyOf(verified.claims.sessionId), userId: verified.claims.userId };
    },
    async open(grant) {
      if (!grant.supabase) throw new Error("a Supabase session needs the tokens Supabase Auth gave it");
      const verified = await verify(grant.supabase.accessToken);
      if (!verified.ok || verified.claims.sessionId === null || verified.claims.userId !== grant.userId) {
        throw new Error("Supabase Auth gave an access token that does not verify");
      }
      const tokens = grant.supabase;
      return {
        key: { tokenHash: rowKeyOf(verified.claims.sessionId), userId: grant.userId },
        value: (maxAgeSeconds) => packCookie({ tokens, endsAt: maxAgeSeconds === undefined ? "b" : Math.floor(Date.now() / 1000) + maxAgeSeconds }),
      };
    },
    async close(value) {
      const cookie = unpackCookie(value);
      if (!cookie) return;
      // The session's row is gone already, which ends it here; Supabase's copy is ended too when it answers.
      await api.signOut(cookie.tokens.accessToken, "local").catch((error: unknown) => logEvent("error", "Supabase sign-out failed", describeError(error)));
    },
  };
}

/**
 * Before a request is handled: when its session cookie's access token has expired or is about
 * to, new tokens from Supabase Auth replace it, in the request (for the handler) and in the
 * reply (for the browser). A refresh Supabase refuses (signed out elsewhere, account deleted)
 * clears the cookie; a Supabase that does not answer leaves the request as it came (it is then
 * signed out for this request only). Nothing happens for a cookie that is not a Supabase one.
 */
export function supabaseSessionRefresher({ api, verify }: SupabaseMode) {
  return async (cookieHeader: string | undefined): Promise<{ cookieHeader: string; setCookie: string } | null> => {
    const name = sessionCookieName();
    const value = readCookieFromHeader(cookieHeader, name);
    const cookie = value ? unpackCookie(value) : null;
    if (!cookieHeader || !cookie) return null;
    const verified = await verify(cookie.tokens.accessToken);
    if (verified.ok ? verified.claims.expiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS : verified.reason !== "expired") return null;
    let refreshed: Awaited<ReturnType<SupabaseAuthApi["refresh"]>>;
    try {
      refreshed = await api.refresh(cookie.tokens.refreshToken);
    } catch (error) {
      logEvent("error", "Supabase session refresh failed", describeError(error));
      return null;
    }
    if (!refreshed.ok) return { cookieHeader: replaceCookieInHeader(cookieHeader, name, null), setCookie: expireCookie(name, isProduction()) };
    const fresh = packCookie({ tokens: refreshed.tokens, endsAt: cookie.endsAt });
    return {
      cookieHeader: replaceCookieInHeader(cookieHeader, name, fresh),
      setCookie: serializeCookie(name, fresh, { maxAgeSeconds: cookieMaxAge(cookie.endsAt), secure: isProduction() }),
    };
  };
}

export function supabaseProvider(mode: SupabaseMode): AuthProvider {
  const { api } = mode;
  const sessions = sessionFunctions(supabaseTokenCookies(mode));

  /** Proves an auth key to Supabase Auth; the session that proof opens there is ended at once. */
  async function proveAuthKey(key: string, authKey: string): Promise<{ ok: true; userId: string } | AuthRefusal> {
    const grant = await api.passwordGrant(key, authKey);
    if (!grant.ok) return grant;
    await api.signOut(grant.tokens.accessToken, "local");
    return { ok: true, userId: grant.userId };
  }

  /** The member proves the passphrase again (limited as the embedded provider limits it); the key state it was checked against. */
  async function checkAuthKey(user: { userId: string; handle: string }, authKey: string, clientAddress: string): Promise<{ ok: true; seen: AccountKeyState } | AuthRefusal> {
    const key = handleKey(user.handle);
    const limited = await refusalIfLimited("passphraseChange", { handleKey: key, clientAddress });
    if (limited) return limited;
    const proved = await proveAuthKey(key, authKey);
    if (!proved.ok) return proved;
    if (proved.userId !== user.userId) return INVALID;
    const db = await getDatabase();
    const seen = await asSystem(db, "look up account keys", (trx) => findAccountKeyState(trx, user.userId));
    return seen ? { ok: true, seen } : INVALID;
  }

  /** A new Supabase session for an auth key that was just made the account's password. */
  async function sessionAfterNewPassword(userId: string, key: string, authKey: string): Promise<{ ok: true; session: SessionGrant } | AuthRefusal> {
    const grant = await api.passwordGrant(key, authKey);
    if (!grant.ok) return grant;
    return { ok: true, session: { userId, supabase: grant.tokens } };
  }

  return {
    loginParams,
    issueChallenge,
    checkHandle: checkHandleFree,

    async signUp(payload, context) {
      const spent = await spendChallenge("signUp", payload);
      if (!spent.ok) return spent;
      const limited = await refusalIfSignUpLimited(spent, context.clientAddress);
      if (limited) return limited;
      const key = handleKey(payload.handle);
      const handleHmac = await retiredHandleHmac(key);
      const db = await getDatabase();
      // Asked here first, so that a taken handle never makes an account at Supabase.
      if (await asSystem(db, "check whether a handle is free", (trx) => findKdfParams(trx, key, handleHmac))) return { ok: false, reason: "handle-taken" };
      const recoveryAuthKeyHash = await hashAuthKey(payload.recoveryAuthKey);
      const created = await api.createUser(key, payload.authKey);
      if (!created.ok) return { ok: false, reason: "handle-taken" };
      const { userId } = created;
      const added = await asSystem(db, "create account", async (trx) => {
        const result = await addAccountToAuthUser(trx, userId, {
          handle: payload.handle,
          handleKey: key,
          handleHmac,
          locale: context.locale,
          ...passphraseKeys(payload, null),
          publicKey: payload.publicKey,
          recoveryAuthKeyHash,
          recoveryWrappedPrivateKey: payload.recoveryWrappedPrivateKey,
        });
        if (result.ok) await recordAudit(trx, { action: "account.created", actorId: userId, subjectId: userId });
        return result;
      });
      if (!added.ok) {
        await api.deleteUser(userId);
        return { ok: false, reason: "handle-taken" };
      }
      const started = await sessionAfterNewPassword(userId, key, payload.authKey);
      return started.ok ? { ok: true, userId, session: started.session } : started;
    },

    async signIn(payload, context) {
      const spent = await spendChallenge("signIn", payload);
      if (!spent.ok) return spent;
      const key = handleKey(payload.handle);
      const limited = await refusalIfLimited("signIn", { handleKey: key, clientAddress: context.clientAddress });
      if (limited) return limited;
      const grant = await api.passwordGrant(key, payload.authKey);
      if (!grant.ok) return grant;
      const db = await getDatabase();
      const record = await asSystem(db, "look up sign-in record", (trx) => findLoginRecord(trx, key));
      // An account at Supabase with no profile here (made outside the portal) signs in to nothing.
      if (!record || record.userId !== grant.userId) {
        await api.signOut(grant.tokens.accessToken, "local");
        return INVALID;
      }
      await asSystem(db, "audit sign-in", (trx) => recordAudit(trx, { action: "session.started", actorId: record.userId, subjectId: record.userId }));
      return { ok: true, userId: record.userId, session: { userId: record.userId, supabase: grant.tokens }, wrappedPrivateKey: record.wrappedPrivateKey };
    },

    async changePassphrase(user, payload, context) {
      const checked = await checkAuthKey(user, payload.currentAuthKey, context.clientAddress);
      if (!checked.ok) return checked;
      const db = await getDatabase();
      await asSystem(db, "replace passphrase keys", async (trx) => {
        await replacePassphraseKeys(trx, user.userId, passphraseKeys(payload, null));
        await deleteUserSessions(trx, user.userId);
        await recordAudit(trx, { action: "passphrase.changed", actorId: user.userId, subjectId: user.userId });
        await api.setPassword(user.userId, payload.authKey);
      });
      return sessionAfterNewPassword(user.userId, handleKey(user.handle), payload.authKey);
    },

    async deleteAccount(user, authKey, context) {
      const checked = await checkAuthKey(user, authKey, context.clientAddress);
      if (!checked.ok) return checked;
      const handleHmac = await retiredHandleHmac(handleKey(user.handle));
      const db = await getDatabase();
      await asSystem(db, "retire a deleted account handle", (trx) => retireHandle(trx, user.userId, handleHmac));
      // Supabase Auth deletes auth.users; every account table here cascades from it.
      await api.deleteUser(user.userId);
      await asSystem(db, "forget a deleted account in the logs", async (trx) => {
        await recordAudit(trx, { action: "account.deleted", actorId: user.userId, subjectId: user.userId });
        await pseudonymiseDeletedAccount(trx, user.userId);
      });
      await vacuumTablesWithAccountRows(db).catch((error: unknown) => logEvent("error", "vacuum after account deletion failed", describeError(error)));
      return { ok: true };
    },

    async newRecoveryCode(user, payload, context) {
      const checked = await checkAuthKey(user, payload.currentAuthKey, context.clientAddress);
      if (!checked.ok) return checked;
      const recovery = { authKeyHash: await hashAuthKey(payload.recoveryAuthKey), wrappedPrivateKey: payload.recoveryWrappedPrivateKey };
      return replaceRecoveryCode(await getDatabase(), user.userId, { seen: checked.seen, recovery });
    },

    async replaceKeys(user, payload, context) {
      const checked = await checkAuthKey(user, payload.currentAuthKey, context.clientAddress);
      if (!checked.ok) return checked;
      return replaceKeyPair(await getDatabase(), user.userId, {
        seen: checked.seen,
        passphrase: passphraseKeys(payload, null),
        publicKey: payload.publicKey,
        recovery: { authKeyHash: await hashAuthKey(payload.recoveryAuthKey), wrappedPrivateKey: payload.recoveryWrappedPrivateKey },
        vault: payload.vault,
        beforeCommit: () => api.setPassword(user.userId, payload.authKey),
      });
    },

    startRecovery,

    async completeRecovery(payload, context) {
      const spent = await spendChallenge("recovery", payload);
      if (!spent.ok) return spent;
      const checked = await checkRecoveryCode(payload.handle, payload.recoveryAuthKey, context.clientAddress);
      if (!checked.ok) return checked;
      const { userId } = checked.record;
      const recoveryAuthKeyHash = await hashAuthKey(payload.newRecoveryAuthKey);
      const db = await getDatabase();
      await asSystem(db, "replace keys after recovery", async (trx) => {
        await replacePassphraseKeys(trx, userId, passphraseKeys(payload, null));
        await replaceRecoveryKeys(trx, userId, { authKeyHash: recoveryAuthKeyHash, wrappedPrivateKey: payload.newRecoveryWrappedPrivateKey });
        await deleteUserSessions(trx, userId);
        await recordAudit(trx, { action: "account.recovered", actorId: userId, subjectId: userId });
        await api.setPassword(userId, payload.authKey);
      });
      const started = await sessionAfterNewPassword(userId, handleKey(payload.handle), payload.authKey);
      return started.ok ? { ok: true, userId, session: started.session } : started;
    },

    withSessionMember: sessions.withSessionMember,
    startSession: sessions.startSession,
    endSession: sessions.endSession,
    sessionIsOpen: sessions.sessionIsOpen,
    tabKey: sessions.tabKey,
    unlockParams: unlockParamsOf(sessions),

    async unlockSession(request, authKey, context) {
      const session = await sessions.sessionAccount(request);
      if (!session) return { ok: false, reason: "signed-out" };
      const limited = await refusalIfLimited("signIn", { handleKey: session.handleKey, clientAddress: context.clientAddress });
      if (limited) return limited;
      const proved = await proveAuthKey(session.handleKey, authKey);
      if (!proved.ok) return proved;
      const db = await getDatabase();
      const record = await asSystem(db, "look up sign-in record", (trx) => findLoginRecord(trx, session.handleKey));
      if (!record || record.userId !== session.userId || proved.userId !== session.userId) return INVALID;
      if (!(await sessions.unlockThisSession(request, record.userId))) return { ok: false, reason: "signed-out" };
      return { ok: true, wrappedPrivateKey: record.wrappedPrivateKey };
    },

    applyLockChoice: sessions.applyLockChoice,
    refreshSessionCookie: supabaseSessionRefresher(mode),
  };
}
