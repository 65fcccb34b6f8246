/**
 * msw handlers for Supabase Auth (GoTrue) — the only third-party HTTP the portal will
 * speak (issue 20's provider). Replies copy GoTrue's real shapes: the health document and
 * the password grant's success and "invalid_credentials" answers. Our own database is never
 * mocked; only this outside service is.
 */
import { http, HttpResponse } from "msw";

export const SUPABASE_TEST_URL = "http://supabase.test";

export type FakeAuthUser = { id: string; email: string; password: string };

/** Handlers for one fake project; `users` is the project's user list (mutable by tests). */
export function supabaseAuthHandlers(users: FakeAuthUser[], baseUrl = SUPABASE_TEST_URL) {
  return [
    http.get(`${baseUrl}/auth/v1/health`, () =>
      HttpResponse.json({ version: "v2.170.0", name: "GoTrue", description: "GoTrue is a user registration and authentication API" }),
    ),
    http.post(`${baseUrl}/auth/v1/token`, async ({ request }) => {
      const grant = new URL(request.url).searchParams.get("grant_type");
      if (grant !== "password") {
        return HttpResponse.json({ code: 400, error_code: "validation_failed", msg: "Unsupported grant type" }, { status: 400 });
      }
      const { email, password } = (await request.json()) as { email?: string; password?: string };
      const user = users.find((candidate) => candidate.email === email && candidate.password === password);
      if (!user) {
        return HttpResponse.json({ code: 400, error_code: "invalid_credentials", msg: "Invalid login credentials" }, { status: 400 });
      }
      const now = Math.floor(Date.now() / 1000);
      return HttpResponse.json({
        access_token: `fake-access-token-for-${user.id}`,
        token_type: "bearer",
        expires_in: 3600,
        expires_at: now + 3600,
        refresh_token: `fake-refresh-${user.id}`,
        user: { id: user.id, aud: "authenticated", role: "authenticated", email: user.email },
      });
    }),
  ];
}
