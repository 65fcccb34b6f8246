/**
 * The seam between routes and whoever keeps accounts and sessions. Routes call
 * `getAuthProvider()` and never a provider module: the embedded provider (accounts in
 * auth.users, sessions as rows) is one implementation; a Supabase Auth provider (issue 20)
 * will be another, chosen by configuration. Every method takes only derived keys, salts and
 * ciphertext from the browser, never a passphrase.
 */
import type { MemberTx } from "~/data/rls.server";
import type { Language } from "~/i18n/config";
import type { ChallengePurpose } from "~/domain/accounts/challenge";
import type {
  ChangePassphrasePayload,
  RecoveryCompletePayload,
  RecoveryStartPayload,
  SignInPayload,
  SignUpPayload,
} from "~/forms/account-payloads";
import { issueChallenge } from "./challenge.server";
import * as embedded from "./embedded-auth.server";
import * as embeddedSessions from "./session.server";

/**
 * Why an auth step was refused; never says whether a handle exists (except sign-up's "taken").
 * "challenge-failed": the proof of work was missing, wrong, expired or spent (decision 013).
 */
export type AuthRefusal =
  | { ok: false; reason: "invalid" | "handle-taken" | "challenge-failed" }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/** Salt and Argon2id parameters for a handle (a stable fake for unknown handles). */
export type KdfRecord = { kdfSalt: string; kdfOpslimit: number; kdfMemlimit: number };

/** Who is asking, for rate limits (an address as the proxy chain lets us trust it). */
export type ClientContext = { clientAddress: string };

export interface AuthProvider {
  loginParams(handle: string): Promise<KdfRecord>;
  /**
   * A proof-of-work challenge for the next sign-in, sign-up or recovery step on a handle
   * (decision 013); each of those steps refuses to go on without one, solved.
   */
  issueChallenge(purpose: ChallengePurpose, handle: string): Promise<string>;
  signUp(payload: SignUpPayload, context: ClientContext & { locale: Language }): Promise<{ ok: true; userId: string } | AuthRefusal>;
  signIn(
    payload: SignInPayload,
    context: ClientContext,
  ): Promise<{ ok: true; userId: string; wrappedPrivateKey: string } | AuthRefusal>;
  changePassphrase(
    user: { userId: string; handle: string },
    payload: ChangePassphrasePayload,
    context: ClientContext,
  ): Promise<{ ok: true } | AuthRefusal>;
  deleteAccount(user: { userId: string; handle: string }, authKey: string, context: ClientContext): Promise<{ ok: true } | AuthRefusal>;
  startRecovery(
    payload: RecoveryStartPayload,
    context: ClientContext,
  ): Promise<{ ok: true; recoveryWrappedPrivateKey: string } | AuthRefusal>;
  completeRecovery(payload: RecoveryCompletePayload, context: ClientContext): Promise<{ ok: true; userId: string } | AuthRefusal>;

  /**
   * Runs `fn` as the request's signed-in member (RLS applies), sharing the session lookup's
   * transaction where the provider can; null when signed out.
   */
  withSessionMember<T>(request: Request, fn: (trx: MemberTx, userId: string) => Promise<T>): Promise<T | null>;
  /** Starts a session for the member; returns its Set-Cookie header. */
  startSession(userId: string): Promise<string>;
  /** Ends this browser's session; returns the Set-Cookie header that clears it. */
  endSession(request: Request): Promise<string>;
  /**
   * The key this session's tab wraps its unlocked private key with before storing it (made
   * on first ask, gone with the session); null when signed out.
   */
  tabKey(request: Request): Promise<string | null>;
}

const embeddedProvider: AuthProvider = {
  loginParams: embedded.loginParams,
  issueChallenge,
  signUp: embedded.signUp,
  signIn: embedded.signIn,
  changePassphrase: embedded.changePassphrase,
  deleteAccount: embedded.deleteAccountWithAuthKey,
  startRecovery: embedded.startRecovery,
  completeRecovery: embedded.completeRecovery,
  withSessionMember: embeddedSessions.withSessionMember,
  startSession: embeddedSessions.startSession,
  endSession: embeddedSessions.endSession,
  tabKey: embeddedSessions.tabKey,
};

/** The configured provider. Only the embedded one exists so far. */
export function getAuthProvider(): AuthProvider {
  return embeddedProvider;
}
