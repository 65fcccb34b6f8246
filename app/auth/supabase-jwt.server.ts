/**
 * Supabase Auth's access tokens, checked by the server before any of their claims reach a
 * database transaction (issue 20). jose (a maintained JOSE library) checks the signature and
 * the times; this module pins what it may accept:
 * - the algorithms: HS256 with the project's legacy secret, or ES256 / RS256 against the
 *   project's published signing keys, never both and never `none` (an unsigned token, or
 *   one signed with a public key used as an HMAC secret, fails);
 * - the issuer (the project's Auth address) and the audience ("authenticated");
 * - the role: only `authenticated` (an `anon` or `service_role` token is not a member);
 * - the subject: a UUID (the account's id, which RLS calls `auth.uid()`).
 * Nothing from a refused token is logged or kept.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyResult } from "jose";
import type { Env } from "~/env.server";
import { isUuid } from "~/domain/formats/uuid";

export type SupabaseJwtSettings = { issuer: string; audience: string } & ({ secret: string } | { jwksUrl: string });

/** What the portal takes from a good token: whose it is, its Auth session, and until when. */
export type AccessClaims = { userId: string; sessionId: string | null; expiresAt: Date };

export type VerifiedToken = { ok: true; claims: AccessClaims } | { ok: false; reason: "expired" | "invalid" };

/** Seconds of clock difference tolerated between Supabase and this server. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** How long the project's signing keys are kept before asking again; a new key id asks at once (at most every 30 s). */
const JWKS_CACHE_MS = 10 * 60 * 1000;
const JWKS_COOLDOWN_MS = 30 * 1000;

/** The token settings Supabase mode runs with (null without Supabase). */
export function supabaseJwtSettings(env: Pick<Env, "DATABASE_FLAVOR" | "SUPABASE_URL" | "SUPABASE_JWT_SECRET" | "SUPABASE_JWT_AUDIENCE">): SupabaseJwtSettings | null {
  if (env.DATABASE_FLAVOR !== "supabase" || env.SUPABASE_URL === undefined) return null;
  const auth = `${env.SUPABASE_URL.replace(/\/+$/, "")}/auth/v1`;
  const common = { issuer: auth, audience: env.SUPABASE_JWT_AUDIENCE };
  return env.SUPABASE_JWT_SECRET !== undefined ? { ...common, secret: env.SUPABASE_JWT_SECRET } : { ...common, jwksUrl: `${auth}/.well-known/jwks.json` };
}

/** A checker for one project's tokens; made once (it keeps the signing keys it fetched). */
export function supabaseTokenVerifier(settings: SupabaseJwtSettings): (token: string) => Promise<VerifiedToken> {
  const checks = { issuer: settings.issuer, audience: settings.audience, requiredClaims: ["sub", "exp", "role"], clockTolerance: CLOCK_TOLERANCE_SECONDS };
  let verify: (token: string) => Promise<JWTVerifyResult>;
  if ("secret" in settings) {
    const secret = new TextEncoder().encode(settings.secret);
    verify = (token) => jwtVerify(token, secret, { ...checks, algorithms: ["HS256"] });
  } else {
    const keys = createRemoteJWKSet(new URL(settings.jwksUrl), { cacheMaxAge: JWKS_CACHE_MS, cooldownDuration: JWKS_COOLDOWN_MS });
    verify = (token) => jwtVerify(token, keys, { ...checks, algorithms: ["ES256", "RS256"] });
  }
  const invalid = { ok: false, reason: "invalid" } as const;
  return async (token) => {
    try {
      const { payload } = await verify(token);
      if (payload.role !== "authenticated" || typeof payload.sub !== "string" || !isUuid(payload.sub) || payload.exp === undefined) return invalid;
      const sessionId = typeof payload.session_id === "string" && isUuid(payload.session_id) ? payload.session_id : null;
      return { ok: true, claims: { userId: payload.sub, sessionId, expiresAt: new Date(payload.exp * 1000) } };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
      return invalid;
    }
  };
}
