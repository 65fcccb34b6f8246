/**
 * The Supabase auth provider (decision 033) on each engine's real database, with Supabase Auth
 * itself answered by msw as GoTrue answers (tests/mocks/supabase-auth.ts), writing auth.users
 * in the same database as GoTrue does in a Supabase project. Accounts are made and deleted
 * through Auth's API, the auth key is Auth's password (never the passphrase), sessions are
 * Supabase's tokens in the httpOnly cookie, checked on every request and refreshed before
 * they expire; signing out ends them at Supabase too.
 */
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { issueChallenge } from "~/auth/challenge.server";
import { supabaseAuthApi, syntheticEmail } from "~/auth/supabase-auth-api.server";
import { supabaseProvider, type SupabaseMode } from "~/auth/supabase-auth.server";
import { supabaseTokenVerifier } from "~/auth/supabase-jwt.server";
import type { AuthProvider } from "~/auth/auth-provider.server";
import { solveChallenge } from "~/crypto/challenge";
import { asSystem, type MemberTx } from "~/data/rls.server";
import type { ChallengePurpose } from "~/domain/accounts/challenge";
import {
  fakeSupabaseAuth,
  SUPABASE_TEST_ANON_KEY,
  SUPABASE_TEST_JWT_SECRET,
  SUPABASE_TEST_SERVICE_KEY,
  SUPABASE_TEST_URL,
  type FakeSupabaseAuth,
} from "../mocks/supabase-auth";
import { fakeWrappedKey } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

const CLIENT = { clientAddress: "203.0.113.20" };
/** Where getDatabase() keeps the process's database (db.server.ts): here, the suite's own. */
const DATABASE = Symbol.for("tongxing.database");
const b64 = (bytes: number) => randomBytes(bytes).toString("base64url");

describeOnEveryEngine("the Supabase auth provider", { supabase: true }, ({ db }) => {
  const server = setupServer();
  let fake: FakeSupabaseAuth;
  let provider: AuthProvider;
  const verify = supabaseTokenVerifier({ issuer: `${SUPABASE_TEST_URL}/auth/v1`, audience: "authenticated", secret: SUPABASE_TEST_JWT_SECRET });

  beforeAll(() => {
    Object.assign(globalThis, { [DATABASE]: Promise.resolve(db) });
    server.listen({ onUnhandledRequest: "error" });
  });
  afterAll(() => {
    server.close();
    Reflect.deleteProperty(globalThis, DATABASE);
  });
  beforeEach(() => {
    // GoTrue writes auth.users in the project's database, with its own (bcrypt) hash.
    fake = fakeSupabaseAuth({
      onUserCreated: (user) =>
        asSystem(db, "test: gotrue creates a user", async (trx) => {
          await trx
            .insertInto("auth.users")
            .values({ id: user.id, aud: "authenticated", role: "authenticated", email: user.email, encrypted_password: `$2a$10$${b64(40)}`, raw_app_meta_data: "{}", raw_user_meta_data: "{}" })
            .execute();
        }),
      onUserDeleted: (id) =>
        asSystem(db, "test: gotrue deletes a user", async (trx) => {
          await trx.deleteFrom("auth.users").where("id", "=", id).execute();
        }),
    });
    server.use(...fake.handlers);
    const mode: SupabaseMode = {
      api: supabaseAuthApi({ url: SUPABASE_TEST_URL, anonKey: SUPABASE_TEST_ANON_KEY, serviceRoleKey: SUPABASE_TEST_SERVICE_KEY }),
      verify,
    };
    provider = supabaseProvider(mode);
  });
  afterEach(() => server.resetHandlers());

  async function proof(purpose: ChallengePurpose, handle: string) {
    const issued = await issueChallenge(purpose, handle, CLIENT);
    if (!issued.ok) throw new Error(issued.reason);
    return { handle, challenge: issued.challenge, solution: await solveChallenge(issued.challenge) };
  }

  const passphraseKeys = () => ({ authKey: b64(32), kdfSalt: b64(16), kdfOpslimit: 3, kdfMemlimit: 64 * 1024 * 1024, wrappedPrivateKey: fakeWrappedKey() });

  async function signUp(handle = `sb_${randomBytes(4).toString("hex")}`) {
    const keys = passphraseKeys();
    const result = await provider.signUp(
      { ...(await proof("signUp", handle)), sharedPhone: false, ...keys, publicKey: b64(32), recoveryAuthKey: b64(32), recoveryWrappedPrivateKey: fakeWrappedKey() },
      { ...CLIENT, locale: "zh-CN" },
    );
    if (!result.ok) throw new Error(`sign-up refused: ${result.reason}`);
    return { handle, keys, userId: result.userId, session: result.session };
  }

  /** A request carrying a cookie from a Set-Cookie header (or a raw Cookie header). */
  const requestWith = (cookieHeader: string) => new Request("http://portal.test/home", { headers: { cookie: cookieHeader } });
  const cookieOf = (setCookie: string) => setCookie.split(";")[0] ?? "";

  async function whoIs(cookieHeader: string): Promise<string | "locked" | "none"> {
    const outcome = await provider.withSessionMember(requestWith(cookieHeader), async (trx: MemberTx, userId) => {
      const own = await trx.selectFrom("profiles").select("id").executeTakeFirst();
      expect(own?.id).toBe(userId); // RLS: the member sees their own profile, as auth.uid()
      return userId;
    });
    return outcome.kind === "member" ? outcome.value : outcome.kind;
  }

  it("signs up at Supabase Auth with the handle's address and the auth key, and here with the same id; its session works as the member", async () => {
    const account = await signUp();
    const atSupabase = fake.users.get(account.userId);
    expect(atSupabase).toEqual({ id: account.userId, email: syntheticEmail(account.handle), password: account.keys.authKey });
    expect(fake.calls.filter((call) => call.startsWith("POST /admin/users"))).toHaveLength(1);

    const cookie = cookieOf(await provider.startSession(account.session, { sharedPhone: false }));
    expect(cookie).toMatch(/^tx_session=v1~/);
    expect(await whoIs(cookie)).toBe(account.userId);
    expect(await provider.tabKey(requestWith(cookie))).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await provider.sessionIsOpen(requestWith(cookie))).toBe(true);
  });

  it("signs in with the auth key; a wrong key, a rate-limited Supabase and an account with no profile here sign in to nothing", async () => {
    const account = await signUp();
    const signIn = async (handle: string, authKey: string) => provider.signIn({ ...(await proof("signIn", handle)), authKey, sharedPhone: false }, CLIENT);

    const good = await signIn(account.handle, account.keys.authKey);
    expect(good).toMatchObject({ ok: true, userId: account.userId, wrappedPrivateKey: account.keys.wrappedPrivateKey });
    expect(await signIn(account.handle, b64(32))).toEqual({ ok: false, reason: "invalid" });
    fake.rateLimited = true;
    expect(await signIn(account.handle, account.keys.authKey)).toMatchObject({ ok: false, reason: "rate-limited" });
    fake.rateLimited = false;

    // Made at Supabase without the portal (open sign-up left on, say): it has no profile here.
    const bareKey = b64(32);
    const bare = await supabaseAuthApi({ url: SUPABASE_TEST_URL, anonKey: SUPABASE_TEST_ANON_KEY, serviceRoleKey: SUPABASE_TEST_SERVICE_KEY }).createUser("bare_user", bareKey);
    if (!bare.ok) throw new Error("bare user not created");
    expect(await signIn("bare_user", bareKey)).toEqual({ ok: false, reason: "invalid" });
    expect([...fake.sessions.values()].filter((session) => session.userId === bare.userId).every((session) => session.ended)).toBe(true);
    // Even holding Supabase's own token for it, a bare account has no session here.
    const stray = await fake.sessionFor(bare.userId);
    expect(await whoIs(`tx_session=${encodeURIComponent(`v1~${stray.access_token}~${stray.refresh_token}~b`)}`)).toBe("none");
  });

  /** An access token signed as Supabase signs them, for any subject and session, expiring `seconds` from now. */
  async function signedToken(sub: string, sessionId: string, seconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ role: "authenticated", session_id: sessionId })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(sub)
      .setAudience("authenticated")
      .setIssuer(`${SUPABASE_TEST_URL}/auth/v1`)
      .setExpirationTime(now + seconds)
      .sign(new TextEncoder().encode(SUPABASE_TEST_JWT_SECRET));
  }

  /** The tokens inside a session cookie ("tx_session=v1~access~refresh~end"). */
  function tokensIn(cookie: string): { access: string; refresh: string; sessionId: string } {
    const [, access = "", refresh = ""] = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1)).split("~");
    const payload = JSON.parse(Buffer.from(access.split(".")[1] ?? "", "base64url").toString()) as { session_id: string };
    return { access, refresh, sessionId: payload.session_id };
  }

  const cookieWith = (access: string, refresh: string) => `tx_session=${encodeURIComponent(`v1~${access}~${refresh}~b`)}`;

  it("refreshes an access token that expired or soon will before the request, once; signing out ends the session here and at Supabase", async () => {
    const account = await signUp();
    fake.accessTokenSeconds = 30; // within the refresh margin from the start
    const signedIn = await provider.signIn({ ...(await proof("signIn", account.handle)), authKey: account.keys.authKey, sharedPhone: false }, CLIENT);
    if (!signedIn.ok) throw new Error("not signed in");
    const cookie = cookieOf(await provider.startSession(signedIn.session, { sharedPhone: true }));
    expect(await whoIs(cookie)).toBe(account.userId);
    const { refresh, sessionId } = tokensIn(cookie);
    const expired = cookieWith(await signedToken(account.userId, sessionId, -60), refresh);
    expect(await whoIs(expired)).toBe("none");

    fake.accessTokenSeconds = 3600;
    const refreshed = await provider.refreshSessionCookie(`lang=en; ${expired}`);
    if (!refreshed) throw new Error("not refreshed");
    expect(refreshed.cookieHeader).toMatch(/^lang=en; tx_session=/);
    expect(refreshed.setCookie).toMatch(/^tx_session=v1~.*HttpOnly/);
    expect(refreshed.setCookie).not.toMatch(/Max-Age/); // a shared phone's cookie still ends with the browser
    expect(await whoIs(refreshed.cookieHeader)).toBe(account.userId);
    expect(await provider.refreshSessionCookie(refreshed.cookieHeader)).toBeNull(); // fresh: nothing to do

    // Two requests that refreshed the same token at once (GoTrue: the spent token is the
    // active one's parent): the second gets the active token back and stays signed in.
    const raced = await provider.refreshSessionCookie(cookie);
    expect(tokensIn(raced?.cookieHeader ?? "").refresh).toBe(tokensIn(refreshed.cookieHeader).refresh);
    expect(await whoIs(raced?.cookieHeader ?? "")).toBe(account.userId);

    // A token that is not Supabase's is left alone (and is no session).
    expect(await provider.refreshSessionCookie(cookieWith("not.a.token", refresh))).toBeNull();

    await provider.endSession(requestWith(refreshed.cookieHeader));
    expect(await whoIs(refreshed.cookieHeader)).toBe("none");
    expect(fake.calls).toContain("POST /logout?scope=local");
    expect(fake.sessions.get(sessionId)?.ended).toBe(true);
    // A refresh Supabase refuses (the session ended there): the cookie is cleared, not renewed.
    const refused = await provider.refreshSessionCookie(cookie);
    expect(refused?.setCookie).toMatch(/^tx_session=; .*Max-Age=0/);
    expect(refused?.cookieHeader).toBe("");
  });

  it("refuses a validly signed token naming another member than its session's", async () => {
    const owner = await signUp();
    const other = await signUp();
    const cookie = cookieOf(await provider.startSession(owner.session, { sharedPhone: false }));
    const { refresh, sessionId } = tokensIn(cookie);
    expect(await whoIs(cookieWith(await signedToken(owner.userId, sessionId, 600), refresh))).toBe(owner.userId);
    expect(await whoIs(cookieWith(await signedToken(other.userId, sessionId, 600), refresh))).toBe("none");
  });

  it("changes the passphrase: Supabase's password becomes the new auth key, every session ends, a new one starts", async () => {
    const account = await signUp();
    const before = cookieOf(await provider.startSession(account.session, { sharedPhone: false }));
    const next = passphraseKeys();
    expect(await provider.changePassphrase({ userId: account.userId, handle: account.handle }, { ...next, currentAuthKey: b64(32) }, CLIENT)).toEqual({ ok: false, reason: "invalid" });
    const changed = await provider.changePassphrase({ userId: account.userId, handle: account.handle }, { ...next, currentAuthKey: account.keys.authKey }, CLIENT);
    if (!changed.ok) throw new Error("not changed");
    expect(fake.users.get(account.userId)?.password).toBe(next.authKey);
    expect(await whoIs(before)).toBe("none");
    expect(await whoIs(cookieOf(await provider.startSession(changed.session, { sharedPhone: false })))).toBe(account.userId);
    const keys = await asSystem(db, "test: read keys", (trx) => trx.selectFrom("user_keys").select(["kdf_salt", "wrapped_private_key"]).where("user_id", "=", account.userId).executeTakeFirst());
    expect(keys).toEqual({ kdf_salt: next.kdfSalt, wrapped_private_key: next.wrappedPrivateKey });
  });

  it("deletes an account through Supabase Auth's API: everything here goes with it and the handle stays taken", async () => {
    const account = await signUp();
    expect(await provider.deleteAccount({ userId: account.userId, handle: account.handle }, b64(32), CLIENT)).toEqual({ ok: false, reason: "invalid" });
    expect(await provider.deleteAccount({ userId: account.userId, handle: account.handle }, account.keys.authKey, CLIENT)).toEqual({ ok: true });
    expect(fake.calls).toContain(`DELETE /admin/users/${account.userId}`);
    expect(fake.users.has(account.userId)).toBe(false);
    const left = await asSystem(db, "test: what is left", async (trx) => ({
      user: await trx.selectFrom("auth.users").select("id").where("id", "=", account.userId).executeTakeFirst(),
      profile: await trx.selectFrom("profiles").select("id").where("id", "=", account.userId).executeTakeFirst(),
      audit: await trx.selectFrom("audit_log").select("id").where((eb) => eb.or([eb("actor_id", "=", account.userId), eb("subject_id", "=", account.userId)])).execute(),
    }));
    expect(left).toEqual({ user: undefined, profile: undefined, audit: [] });

    // Taken for good: a new sign-up with it makes nothing at Supabase.
    const callsBefore = fake.calls.length;
    const again = await provider.signUp(
      { ...(await proof("signUp", account.handle)), sharedPhone: false, ...passphraseKeys(), publicKey: b64(32), recoveryAuthKey: b64(32), recoveryWrappedPrivateKey: fakeWrappedKey() },
      { ...CLIENT, locale: "en" },
    );
    expect(again).toEqual({ ok: false, reason: "handle-taken" });
    expect(fake.calls.slice(callsBefore)).toEqual([]);
  });
});
