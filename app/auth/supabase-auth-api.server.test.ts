/**
 * The portal's calls to Supabase Auth through @supabase/supabase-js, against msw handlers
 * that answer as GoTrue does (tests/mocks/supabase-auth.ts): success, a wrong password,
 * rate limiting, an expired token, refresh (and a refresh token used twice), a deleted user,
 * the admin API's refusals, and a Supabase that fails.
 */
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeSupabaseAuth, SUPABASE_TEST_ANON_KEY, SUPABASE_TEST_JWT_SECRET, SUPABASE_TEST_SERVICE_KEY, SUPABASE_TEST_URL, type FakeSupabaseAuth } from "../../tests/mocks/supabase-auth";
import { supabaseAuthApi, syntheticEmail } from "./supabase-auth-api.server";
import { supabaseTokenVerifier } from "./supabase-jwt.server";

const settings = { url: SUPABASE_TEST_URL, anonKey: SUPABASE_TEST_ANON_KEY, serviceRoleKey: SUPABASE_TEST_SERVICE_KEY, timeoutMs: 500 };
const api = supabaseAuthApi(settings);
const verify = supabaseTokenVerifier({ issuer: `${SUPABASE_TEST_URL}/auth/v1`, audience: "authenticated", secret: SUPABASE_TEST_JWT_SECRET });
const server = setupServer();
let fake: FakeSupabaseAuth;

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => {
  fake = fakeSupabaseAuth();
  server.use(...fake.handlers);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const AUTH_KEY = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5"; // 43 characters, as a derived auth key is

describe("the handle's address", () => {
  it("is ASCII, the same for the same handle key, different for another, and never deliverable", () => {
    const chinese = syntheticEmail("小明");
    expect(chinese).toMatch(/^[0-9a-f]{64}@handles\.tongxing\.invalid$/);
    expect(syntheticEmail("小明")).toBe(chinese);
    expect(syntheticEmail("xiaoming")).not.toBe(chinese);
  });
});

describe("Supabase Auth through supabase-js", () => {
  it("creates an account with the service key, then signs in with the auth key: a token the portal verifies", async () => {
    const created = await api.createUser("xiaoming", AUTH_KEY);
    if (!created.ok) throw new Error("not created");
    expect(fake.users.get(created.userId)).toMatchObject({ email: syntheticEmail("xiaoming"), password: AUTH_KEY });

    const grant = await api.passwordGrant("xiaoming", AUTH_KEY);
    if (!grant.ok) throw new Error("no grant");
    expect(grant.userId).toBe(created.userId);
    const verified = await verify(grant.tokens.accessToken);
    expect(verified).toMatchObject({ ok: true, claims: { userId: created.userId } });
  });

  it("says a taken address is taken, and refuses a wrong key and an unknown handle alike", async () => {
    await api.createUser("xiaoming", AUTH_KEY);
    expect(await api.createUser("xiaoming", AUTH_KEY)).toEqual({ ok: false, reason: "taken" });
    expect(await api.passwordGrant("xiaoming", "another-auth-key-of-forty-three-characters-x")).toEqual({ ok: false, reason: "invalid" });
    expect(await api.passwordGrant("nobody", AUTH_KEY)).toEqual({ ok: false, reason: "invalid" });
  });

  it("passes on Supabase's rate limiting as a wait", async () => {
    await api.createUser("xiaoming", AUTH_KEY);
    fake.rateLimited = true;
    expect(await api.passwordGrant("xiaoming", AUTH_KEY)).toEqual({ ok: false, reason: "rate-limited", retryAfterSeconds: 60 });
  });

  it("refreshes a session; a token spent past GoTrue's reuse interval, a signed-out session and a deleted account are signed out", async () => {
    const created = await api.createUser("xiaoming", AUTH_KEY);
    if (!created.ok) throw new Error("not created");
    const grant = await api.passwordGrant("xiaoming", AUTH_KEY);
    if (!grant.ok) throw new Error("no grant");

    const refreshed = await api.refresh(grant.tokens.refreshToken);
    if (!refreshed.ok) throw new Error("not refreshed");
    expect(refreshed.tokens.refreshToken).not.toBe(grant.tokens.refreshToken);
    // Two requests that refreshed the same token at once: the second gets the active token back.
    expect(await api.refresh(grant.tokens.refreshToken)).toEqual({ ok: true, tokens: { accessToken: expect.any(String), refreshToken: refreshed.tokens.refreshToken } });

    await api.signOut(refreshed.tokens.accessToken, "local");
    expect(await api.refresh(refreshed.tokens.refreshToken)).toEqual({ ok: false, reason: "signed-out" });

    // A token spent two refreshes ago, past the 10-s reuse interval: Supabase says it was used.
    const other = await api.passwordGrant("xiaoming", AUTH_KEY);
    if (!other.ok) throw new Error("no grant");
    const first = await api.refresh(other.tokens.refreshToken);
    if (!first.ok || !(await api.refresh(first.tokens.refreshToken)).ok) throw new Error("not refreshed");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 11_000);
      expect(await api.refresh(other.tokens.refreshToken)).toEqual({ ok: false, reason: "signed-out" });
    } finally {
      vi.useRealTimers();
    }

    const again = await api.passwordGrant("xiaoming", AUTH_KEY);
    if (!again.ok) throw new Error("no grant");
    await api.deleteUser(created.userId);
    expect(fake.users.has(created.userId)).toBe(false);
    expect(await api.refresh(again.tokens.refreshToken)).toEqual({ ok: false, reason: "signed-out" });
    await api.deleteUser(created.userId); // gone already: fine
  });

  it("signs out with an expired token as with a live one (Supabase answers bad_jwt; the session is as good as over)", async () => {
    await api.createUser("xiaoming", AUTH_KEY);
    fake.accessTokenSeconds = -60;
    const grant = await api.passwordGrant("xiaoming", AUTH_KEY);
    if (!grant.ok) throw new Error("no grant");
    expect(await verify(grant.tokens.accessToken)).toEqual({ ok: false, reason: "expired" });
    await expect(api.signOut(grant.tokens.accessToken, "local")).resolves.toBeUndefined();
    expect(fake.calls).toContain("POST /logout?scope=local");
  });

  it("sets a new password: the old auth key stops working, the new one works", async () => {
    const created = await api.createUser("xiaoming", AUTH_KEY);
    if (!created.ok) throw new Error("not created");
    const next = "bmV4dGF1dGhrZXlieXRlc2Zvcnh4eHh4eHh4eHh4eHh4";
    await api.setPassword(created.userId, next);
    expect(await api.passwordGrant("xiaoming", AUTH_KEY)).toEqual({ ok: false, reason: "invalid" });
    expect((await api.passwordGrant("xiaoming", next)).ok).toBe(true);
  });

  it("fails, without saying more, when the admin API refuses the key or Supabase is down or unreachable", async () => {
    const withAnonAsService = supabaseAuthApi({ ...settings, serviceRoleKey: SUPABASE_TEST_ANON_KEY });
    await expect(withAnonAsService.createUser("xiaoming", AUTH_KEY)).rejects.toThrow(/create user failed 403 not_admin/);

    server.use(http.post(`${SUPABASE_TEST_URL}/auth/v1/token`, () => HttpResponse.json({ message: "upstream" }, { status: 500 })));
    await expect(api.passwordGrant("xiaoming", AUTH_KEY)).rejects.toThrow(/sign-in failed 500/);
    await expect(api.refresh("some-refresh-token")).rejects.toThrow(/refresh timed out/); // supabase-js would retry a 5xx for 30 s
    server.use(http.post(`${SUPABASE_TEST_URL}/auth/v1/token`, () => HttpResponse.error()));
    await expect(api.passwordGrant("xiaoming", AUTH_KEY)).rejects.toThrow(/sign-in failed/);
  });

  it("fails a test that reaches a third party nobody mocked", async () => {
    await expect(fetch("http://unmocked.test/anything")).rejects.toThrow();
  });
});
