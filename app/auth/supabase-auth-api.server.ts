/**
 * Supabase Auth (GoTrue), spoken through @supabase/supabase-js (issue 20, decision 033).
 * The portal's server is its only client: the browser never talks to Supabase. Each call
 * answers with what the provider needs to know, in the portal's words:
 * - a password grant: tokens, "invalid" (wrong auth key or no such account, never which),
 *   or "rate-limited";
 * - a refresh: new tokens, or "signed-out" (revoked, used up, its account deleted);
 * - accounts (with the service key, as sign-up is off in supabase/config.toml): created,
 *   "taken", their password set, deleted.
 * Anything else (Supabase unreachable, a 5xx, an answer we do not know) throws, and the
 * request fails as any failing dependency does. Nothing a member sent is logged here.
 *
 * The password Supabase sees is the auth key the browser derived from the passphrase, never
 * the passphrase; the address is a synthetic one made from the handle (syntheticEmail).
 */
import { createHash } from "node:crypto";
import { AuthClient, isAuthApiError, isAuthError, type Session } from "@supabase/supabase-js";

export type SupabaseAuthSettings = {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  /** How long one call may take (default 5 s): a member waits no longer for a Supabase that does not answer. */
  timeoutMs?: number;
};

/** A Supabase session as the portal keeps it: in its httpOnly cookie, nowhere else. */
export type SupabaseTokens = { accessToken: string; refreshToken: string };

export type PasswordGrant =
  | { ok: true; userId: string; tokens: SupabaseTokens }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

const TIMEOUT_MS = 5_000;

/** GoTrue says nothing of when to retry; its rate-limit windows are counted in minutes. */
const RETRY_AFTER_SECONDS = 60;

/**
 * The address Supabase Auth files an account under: the handle's key (lowercased NFKC, any
 * script) hashed, so it is plain ASCII, the same for the same handle, and no address anyone
 * reads (.invalid is reserved and never delivered to).
 */
export function syntheticEmail(handleKey: string): string {
  return `${createHash("sha256").update(handleKey).digest("hex")}@handles.tongxing.invalid`;
}

/**
 * supabase-js's Auth client alone (what createClient builds for `.auth`): the whole client
 * would also build a Realtime client, which needs a WebSocket Node 20 does not have, for
 * nothing the portal uses. A fresh one per call: a password grant or a refresh would otherwise
 * leave one member's session in a client other requests share. Nothing is stored, and
 * nothing is refreshed in the background.
 */
function client(url: string, key: string, timeoutMs: number): InstanceType<typeof AuthClient> {
  return new AuthClient({
    url: `${url.replace(/\/+$/, "")}/auth/v1`,
    headers: { apikey: key, Authorization: `Bearer ${key}` },
    persistSession: false,
    autoRefreshToken: false,
    detectSessionInUrl: false,
    fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
  });
}

function tokensOf(session: Session): SupabaseTokens {
  return { accessToken: session.access_token, refreshToken: session.refresh_token };
}

function isRateLimited(error: unknown): boolean {
  return isAuthApiError(error) && error.status === 429;
}

/** Fails the request: Supabase answered something the portal does not expect. Its message names no member. */
function unexpected(step: string, error: unknown): Error {
  const status = isAuthError(error) && error.status !== undefined ? ` ${error.status} ${error.code ?? ""}` : "";
  return new Error(`Supabase Auth ${step} failed${status}`.trim(), { cause: error });
}

export function supabaseAuthApi(settings: SupabaseAuthSettings) {
  const timeoutMs = settings.timeoutMs ?? TIMEOUT_MS;
  const anon = () => client(settings.url, settings.anonKey, timeoutMs);
  const admin = () => client(settings.url, settings.serviceRoleKey, timeoutMs).admin;

  return {
    /** Sign-in: the handle's address and the auth key. "invalid" for a wrong key and an unknown account alike. */
    async passwordGrant(handleKey: string, authKey: string): Promise<PasswordGrant> {
      const { data, error } = await anon().signInWithPassword({ email: syntheticEmail(handleKey), password: authKey });
      if (error) {
        if (isRateLimited(error)) return { ok: false, reason: "rate-limited", retryAfterSeconds: RETRY_AFTER_SECONDS };
        if (isAuthApiError(error) && error.status === 400) return { ok: false, reason: "invalid" };
        throw unexpected("sign-in", error);
      }
      if (!data.session) throw unexpected("sign-in", null);
      return { ok: true, userId: data.user.id, tokens: tokensOf(data.session) };
    },

    /** New tokens for a session's refresh token; "signed-out" when Supabase has ended that session or its account. */
    async refresh(refreshToken: string): Promise<{ ok: true; tokens: SupabaseTokens } | { ok: false; reason: "signed-out" }> {
      // supabase-js retries a refresh that failed on the network or with a 5xx for up to 30 s;
      // the member's request waits for one call's time at most.
      const { data, error } = await Promise.race([
        anon().refreshSession({ refresh_token: refreshToken }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("Supabase Auth refresh timed out")), timeoutMs).unref()),
      ]);
      if (error) {
        if (isAuthApiError(error) && error.status >= 400 && error.status < 500 && !isRateLimited(error)) return { ok: false, reason: "signed-out" };
        throw unexpected("refresh", error);
      }
      if (!data.session) return { ok: false, reason: "signed-out" };
      return { ok: true, tokens: tokensOf(data.session) };
    },

    /**
     * Ends the Supabase session an access token belongs to ("local") or every session of its
     * account ("global"). A token Supabase no longer knows is already as good as ended.
     */
    async signOut(accessToken: string, scope: "local" | "global"): Promise<void> {
      const { error } = await admin().signOut(accessToken, scope);
      if (error && !(isAuthApiError(error) && [401, 403, 404].includes(error.status))) throw unexpected("sign-out", error);
    },

    /** A new account, confirmed at once (no mail is ever sent); "taken" if the handle's address is in use. */
    async createUser(handleKey: string, authKey: string): Promise<{ ok: true; userId: string } | { ok: false; reason: "taken" }> {
      const { data, error } = await admin().createUser({ email: syntheticEmail(handleKey), password: authKey, email_confirm: true });
      if (error) {
        if (isAuthApiError(error) && error.status === 422 && (error.code === "email_exists" || error.code === "user_already_exists")) return { ok: false, reason: "taken" };
        throw unexpected("create user", error);
      }
      return { ok: true, userId: data.user.id };
    },

    /** A new password (auth key) for an account: after a passphrase change, a recovery or a new key pair. */
    async setPassword(userId: string, authKey: string): Promise<void> {
      const { error } = await admin().updateUserById(userId, { password: authKey });
      if (error) throw unexpected("set password", error);
    },

    /** Deletes an account; its rows here go with it (every account table cascades from auth.users). Gone already is fine. */
    async deleteUser(userId: string): Promise<void> {
      const { error } = await admin().deleteUser(userId);
      if (error && !(isAuthApiError(error) && error.status === 404)) throw unexpected("delete user", error);
    },
  };
}

export type SupabaseAuthApi = ReturnType<typeof supabaseAuthApi>;
