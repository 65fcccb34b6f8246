/**
 * The seam between routes and whoever keeps accounts and sessions. Routes call
 * `getAuthProvider()` and never a provider module: the embedded provider (accounts in
 * auth.users, sessions as rows) is one implementation, the Supabase Auth provider
 * (supabase-auth.server.ts, decision 033) the other, chosen by configuration. Every method takes only derived keys, salts and
 * ciphertext from the browser, never a passphrase.
 */
import type { MemberTx, SessionOutcome } from "~/data/rls.server";
import type { LockChoice } from "~/domain/sessions/session-terms";
import type { Language } from "~/i18n/config";
import type { ChallengePurpose } from "~/domain/accounts/challenge";
import type { KeyChangeResult } from "~/data/key-replacement.server";
import type {
  ChangePassphrasePayload,
  HandleCheckPayload,
  NewRecoveryCodePayload,
  RecoveryCompletePayload,
  RecoveryStartPayload,
  ReplaceKeysPayload,
  SignInPayload,
  SignUpPayload,
} from "~/forms/account-payloads";
import { issueChallenge } from "./challenge.server";
import * as embedded from "./embedded-auth.server";
import { embeddedSessions, type SessionGrant } from "./session.server";
import { supabaseModeFromEnv, supabaseProvider } from "./supabase-auth.server";
import { getEnv } from "~/env.server";

/**
 * Why an auth step was refused; never says whether a handle exists (except sign-up's "taken").
 * "challenge-failed": the proof of work was missing, wrong, expired or spent (decision 013).
 */
export type AuthRefusal =
  | { ok: false; reason: "invalid" | "handle-taken" | "challenge-failed" | "signed-out" }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/** Salt and Argon2id parameters for a handle (a stable fake for unknown handles). */
export type KdfRecord = { kdfSalt: string; kdfOpslimit: number; kdfMemlimit: number };

/** Who is asking, for rate limits (an address as the proxy chain lets us trust it). */
export type ClientContext = { clientAddress: string };

export interface AuthProvider {
  loginParams(handle: string): Promise<KdfRecord>;
  /**
   * A proof-of-work challenge for the next sign-in, sign-up or recovery step on a handle
   * (decision 013); each of those steps refuses to go on without one, solved. Limited per
   * network, as each challenge raises the handle's price.
   */
  issueChallenge(purpose: ChallengePurpose, handle: string, context: ClientContext): Promise<{ ok: true; challenge: string } | AuthRefusal>;
  /**
   * Whether a handle is still free, before the browser derives keys for it (decision 017):
   * the sign-up's own solved challenge, counted as one of its attempts; "handle-taken" if not.
   */
  checkHandle(payload: HandleCheckPayload, context: ClientContext): Promise<{ ok: true } | AuthRefusal>;
  /** A new account, and the grant its first session starts with (startSession). */
  signUp(payload: SignUpPayload, context: ClientContext & { locale: Language }): Promise<{ ok: true; userId: string; session: SessionGrant } | AuthRefusal>;
  signIn(
    payload: SignInPayload,
    context: ClientContext,
  ): Promise<{ ok: true; userId: string; session: SessionGrant; wrappedPrivateKey: string } | AuthRefusal>;
  /** Every session ends; the grant starts this browser's new one. */
  changePassphrase(
    user: { userId: string; handle: string },
    payload: ChangePassphrasePayload,
    context: ClientContext,
  ): Promise<{ ok: true; session: SessionGrant } | AuthRefusal>;
  deleteAccount(user: { userId: string; handle: string }, authKey: string, context: ClientContext): Promise<{ ok: true } | AuthRefusal>;
  /** A new recovery code for the same key pair, proved by the passphrase; "stale" if the account's keys changed meanwhile. */
  newRecoveryCode(user: { userId: string; handle: string }, payload: NewRecoveryCodePayload, context: ClientContext): Promise<KeyChangeResult | AuthRefusal>;
  /**
   * A new key pair with the vault rotated to it, all or nothing (decision 015), proved by the
   * passphrase; every session keeps going but must unlock the new keys. "stale" if the
   * account's keys, the vault's version or its live shares changed meanwhile.
   */
  replaceKeys(user: { userId: string; handle: string }, payload: ReplaceKeysPayload, context: ClientContext): Promise<KeyChangeResult | AuthRefusal>;
  startRecovery(
    payload: RecoveryStartPayload,
    context: ClientContext,
  ): Promise<{ ok: true; recoveryWrappedPrivateKey: string } | AuthRefusal>;
  completeRecovery(payload: RecoveryCompletePayload, context: ClientContext): Promise<{ ok: true; userId: string; session: SessionGrant } | AuthRefusal>;

  /**
   * Runs `fn` as the request's signed-in member (RLS applies), sharing the session lookup's
   * transaction where the provider can; "locked" (and `fn` does not run) while the session
   * is locked for lack of use, "none" when signed out. `readAlong` (the member's own account)
   * may be read together with the session lookup and handed to `fn`; `fn` reads for itself
   * when it gets undefined.
   */
  withSessionMember<T, A = never>(
    request: Request,
    fn: (trx: MemberTx, userId: string, readAlong: A | undefined) => Promise<T>,
    readAlong?: (trx: MemberTx) => Promise<A>,
  ): Promise<SessionOutcome<T>>;
  /**
   * Starts a session for the member; returns its Set-Cookie header. On a shared phone the
   * cookie ends with the browser and the session is shorter (domain/sessions/session-terms.ts).
   */
  startSession(grant: SessionGrant, terms: { sharedPhone: boolean }): Promise<string>;
  /** Ends this browser's session; returns the Set-Cookie header that clears it. */
  endSession(request: Request): Promise<string>;
  /**
   * Whether this browser's session is still live and unlocked, without counting as use: a
   * page's live updates check it and stop once the member signed out or the session locked.
   */
  sessionIsOpen(request: Request): Promise<boolean>;
  /**
   * The key this session's tab wraps its unlocked private key with before storing it (made
   * on first ask, gone with the session); "locked" while the session is locked for lack of
   * use (the key went with the lock), null when signed out.
   */
  tabKey(request: Request): Promise<string | "locked" | null>;
  /** Salt and KDF parameters for the account whose session this browser has locked; null unless it is locked. */
  unlockParams(request: Request): Promise<KdfRecord | null>;
  /** Unlocks this browser's session with the passphrase's auth key (checked and rate-limited as a sign-in). */
  unlockSession(request: Request, authKey: string, context: ClientContext): Promise<{ ok: true; wrappedPrivateKey: string } | AuthRefusal>;
  /** Applies a member's new inactivity lock to their sessions (the choice itself is theirs to store, under RLS). */
  applyLockChoice(userId: string, chosen: LockChoice | null): Promise<void>;
  /**
   * Run by the HTTP server before each request is handled, on its Cookie header: a session
   * whose tokens need renewing gets new ones, put into the header the handler reads and into
   * a Set-Cookie for the browser; null when nothing changes (always, for the embedded provider).
   */
  refreshSessionCookie(cookieHeader: string | undefined): Promise<{ cookieHeader: string; setCookie: string } | null>;
}

const embeddedProvider: AuthProvider = {
  loginParams: embedded.loginParams,
  issueChallenge,
  checkHandle: embedded.checkHandleFree,
  signUp: embedded.signUp,
  signIn: embedded.signIn,
  changePassphrase: embedded.changePassphrase,
  deleteAccount: embedded.deleteAccountWithAuthKey,
  newRecoveryCode: embedded.newRecoveryCode,
  replaceKeys: embedded.replaceKeys,
  startRecovery: embedded.startRecovery,
  completeRecovery: embedded.completeRecovery,
  withSessionMember: embeddedSessions.withSessionMember,
  startSession: embeddedSessions.startSession,
  endSession: embeddedSessions.endSession,
  sessionIsOpen: embeddedSessions.sessionIsOpen,
  tabKey: embeddedSessions.tabKey,
  unlockParams: embedded.unlockParams,
  unlockSession: embedded.unlockSession,
  applyLockChoice: embeddedSessions.applyLockChoice,
  refreshSessionCookie: async () => null,
};

let configured: AuthProvider | undefined;

/** The configured provider: Supabase's with DATABASE_FLAVOR=supabase (its settings checked at start, env.server.ts), else the embedded one. */
export function getAuthProvider(): AuthProvider {
  if (!configured) {
    const supabase = supabaseModeFromEnv(getEnv());
    configured = supabase ? supabaseProvider(supabase) : embeddedProvider;
  }
  return configured;
}
