/**
 * A fake Supabase Auth (GoTrue) for msw — the only third-party HTTP the portal speaks
 * (issue 20, decision 033). It answers the endpoints @supabase/supabase-js calls for the
 * portal, with GoTrue's real shapes, statuses and error codes (supabase/auth's
 * internal/api/errorcodes.go): the password and refresh-token grants, logout, and the admin
 * API for users. Access tokens are real JWTs signed with the project's secret (HS256), with
 * the claims GoTrue writes, so the portal's verifier checks them as it checks Supabase's.
 *
 * GoTrue writes auth.users in the project's own database: `onUserCreated` and `onUserDeleted`
 * let a database test do the same in its real database. Our own database is never mocked.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { http, HttpResponse, type HttpHandler } from "msw";

export const SUPABASE_TEST_URL = "http://supabase.test";
export const SUPABASE_TEST_ANON_KEY = "test-anon-key-that-is-long-enough";
export const SUPABASE_TEST_SERVICE_KEY = "test-service-role-key-long-enough";
export const SUPABASE_TEST_JWT_SECRET = "test-jwt-secret-with-at-least-32-characters";

/** GoTrue's security.refresh_token_reuse_interval by default: how long a spent refresh token may be used again. */
const REFRESH_TOKEN_REUSE_SECONDS = 10;

export type FakeAuthUser = { id: string; email: string; password: string };

/** `spentRefreshTokens`: each rotated-out token and when; `parentToken`: the one the current token replaced. */
type FakeSession = { id: string; userId: string; refreshToken: string; parentToken: string | null; spentRefreshTokens: Map<string, number>; ended: boolean };

export interface FakeSupabaseAuth {
  users: Map<string, FakeAuthUser>;
  sessions: Map<string, FakeSession>;
  /** While true, every grant answers 429 as GoTrue's rate limiter does. */
  rateLimited: boolean;
  /** Lifetime of the access tokens it signs (negative: already expired). */
  accessTokenSeconds: number;
  /** Every request the fake answered, as "METHOD path" (what a test may assert was, or was not, asked). */
  calls: string[];
  handlers: HttpHandler[];
  /** A session as GoTrue would start it for a user (what a password grant returns). */
  sessionFor(userId: string): Promise<{ access_token: string; refresh_token: string; session_id: string }>;
}

function gotrueError(status: number, errorCode: string, msg: string) {
  return HttpResponse.json({ code: status, error_code: errorCode, msg }, { status });
}

function userJson(user: FakeAuthUser) {
  const at = new Date(0).toISOString();
  return {
    id: user.id,
    aud: "authenticated",
    role: "authenticated",
    email: user.email,
    email_confirmed_at: at,
    phone: "",
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: {},
    identities: [],
    created_at: at,
    updated_at: at,
    is_anonymous: false,
  };
}

export function fakeSupabaseAuth(
  options: {
    baseUrl?: string;
    onUserCreated?: (user: FakeAuthUser) => Promise<void>;
    onUserDeleted?: (userId: string) => Promise<void>;
  } = {},
): FakeSupabaseAuth {
  const base = `${options.baseUrl ?? SUPABASE_TEST_URL}/auth/v1`;
  const secret = new TextEncoder().encode(SUPABASE_TEST_JWT_SECRET);

  const fake: FakeSupabaseAuth = {
    users: new Map(),
    sessions: new Map(),
    rateLimited: false,
    accessTokenSeconds: 3600,
    calls: [],
    handlers: [],
    sessionFor: async (userId) => {
      const session: FakeSession = { id: randomUUID(), userId, refreshToken: randomBytes(9).toString("base64url"), parentToken: null, spentRefreshTokens: new Map(), ended: false };
      fake.sessions.set(session.id, session);
      return { access_token: await accessToken(session), refresh_token: session.refreshToken, session_id: session.id };
    },
  };

  async function accessToken(session: FakeSession): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const user = fake.users.get(session.userId);
    return new SignJWT({ role: "authenticated", email: user?.email ?? "", session_id: session.id, aal: "aal1", is_anonymous: false })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(session.userId)
      .setAudience("authenticated")
      .setIssuer(base)
      .setIssuedAt(now)
      .setExpirationTime(now + fake.accessTokenSeconds)
      .sign(secret);
  }

  async function sessionReply(session: FakeSession) {
    const user = fake.users.get(session.userId);
    if (!user) return gotrueError(404, "user_not_found", "User not found");
    return HttpResponse.json({
      access_token: await accessToken(session),
      token_type: "bearer",
      expires_in: fake.accessTokenSeconds,
      expires_at: Math.floor(Date.now() / 1000) + fake.accessTokenSeconds,
      refresh_token: session.refreshToken,
      user: userJson(user),
    });
  }

  function isAdmin(request: Request): boolean {
    return request.headers.get("authorization") === `Bearer ${SUPABASE_TEST_SERVICE_KEY}` && request.headers.get("apikey") === SUPABASE_TEST_SERVICE_KEY;
  }

  function hasProjectKey(request: Request): boolean {
    const key = request.headers.get("apikey");
    return key === SUPABASE_TEST_ANON_KEY || key === SUPABASE_TEST_SERVICE_KEY;
  }

  /** The session a bearer access token names, if GoTrue would still accept it. */
  async function bearerSession(request: Request): Promise<FakeSession | "expired" | null> {
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    try {
      const { payload } = await jwtVerify(token, secret, { issuer: base, audience: "authenticated" });
      const session = typeof payload.session_id === "string" ? fake.sessions.get(payload.session_id) : undefined;
      return session && !session.ended ? session : null;
    } catch (error) {
      return error instanceof errors.JWTExpired ? "expired" : null;
    }
  }

  const record = (request: Request) => {
    const url = new URL(request.url);
    fake.calls.push(`${request.method} ${url.pathname.replace(/^\/auth\/v1/, "")}${url.search}`);
  };

  fake.handlers = [
    http.post(`${base}/token`, async ({ request }) => {
      record(request);
      if (!hasProjectKey(request)) return gotrueError(401, "no_authorization", "No API key found in request");
      if (fake.rateLimited) return gotrueError(429, "over_request_rate_limit", "Request rate limit reached");
      const grant = new URL(request.url).searchParams.get("grant_type");
      const body = (await request.json()) as { email?: string; password?: string; refresh_token?: string };
      if (grant === "password") {
        const user = [...fake.users.values()].find((candidate) => candidate.email === body.email);
        if (!user || user.password !== body.password) return gotrueError(400, "invalid_credentials", "Invalid login credentials");
        const started = await fake.sessionFor(user.id);
        return sessionReply(fake.sessions.get(started.session_id)!);
      }
      if (grant === "refresh_token") {
        const presented = body.refresh_token ?? "";
        const session = [...fake.sessions.values()].find((candidate) => candidate.refreshToken === presented || candidate.spentRefreshTokens.has(presented));
        if (!session || session.ended || !fake.users.has(session.userId)) return gotrueError(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
        if (presented !== session.refreshToken) {
          // GoTrue (internal/api/token_refresh.go): the parent of the active token gets the active
          // one back (a client that lost its last refresh's reply, or two requests refreshing at
          // once); another spent token only within the reuse interval; past it, the session ends.
          if (presented === session.parentToken) return sessionReply(session);
          if (Date.now() - (session.spentRefreshTokens.get(presented) ?? 0) > REFRESH_TOKEN_REUSE_SECONDS * 1000) {
            session.ended = true;
            return gotrueError(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used");
          }
        }
        session.spentRefreshTokens.set(session.refreshToken, Date.now());
        session.parentToken = session.refreshToken;
        session.refreshToken = randomBytes(9).toString("base64url");
        return sessionReply(session);
      }
      return gotrueError(400, "validation_failed", "unsupported_grant_type");
    }),

    http.post(`${base}/logout`, async ({ request }) => {
      record(request);
      const session = await bearerSession(request);
      if (session === "expired") return gotrueError(403, "bad_jwt", "invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired");
      if (!session) return gotrueError(403, "session_not_found", "Session from session_id claim in JWT does not exist");
      const scope = new URL(request.url).searchParams.get("scope") ?? "global";
      for (const candidate of fake.sessions.values()) {
        if (scope === "global" ? candidate.userId === session.userId : candidate.id === session.id) candidate.ended = true;
      }
      return new HttpResponse(null, { status: 204 });
    }),

    http.post(`${base}/admin/users`, async ({ request }) => {
      record(request);
      if (!isAdmin(request)) return gotrueError(403, "not_admin", "User not allowed");
      const body = (await request.json()) as { email?: string; password?: string; email_confirm?: boolean };
      if (!body.email || !body.password) return gotrueError(400, "validation_failed", "Unable to validate email address: invalid format");
      if ([...fake.users.values()].some((user) => user.email === body.email)) {
        return gotrueError(422, "email_exists", "A user with this email address has already been registered");
      }
      const user: FakeAuthUser = { id: randomUUID(), email: body.email, password: body.password };
      await options.onUserCreated?.(user);
      fake.users.set(user.id, user);
      return HttpResponse.json(userJson(user));
    }),

    http.put(`${base}/admin/users/:id`, async ({ request, params }) => {
      record(request);
      if (!isAdmin(request)) return gotrueError(403, "not_admin", "User not allowed");
      const user = fake.users.get(String(params.id));
      if (!user) return gotrueError(404, "user_not_found", "User not found");
      const body = (await request.json()) as { password?: string };
      if (body.password !== undefined) user.password = body.password;
      return HttpResponse.json(userJson(user));
    }),

    http.delete(`${base}/admin/users/:id`, async ({ request, params }) => {
      record(request);
      if (!isAdmin(request)) return gotrueError(403, "not_admin", "User not allowed");
      const id = String(params.id);
      if (!fake.users.has(id)) return gotrueError(404, "user_not_found", "User not found");
      await options.onUserDeleted?.(id);
      fake.users.delete(id);
      for (const session of fake.sessions.values()) if (session.userId === id) session.ended = true;
      return HttpResponse.json({});
    }),
  ];
  return fake;
}
