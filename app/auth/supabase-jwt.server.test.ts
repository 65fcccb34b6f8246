import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from "jose";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";
import { supabaseJwtSettings, supabaseTokenVerifier, type SupabaseJwtSettings } from "./supabase-jwt.server";

const PROJECT = "https://abcdefgh.supabase.test";
const ISSUER = `${PROJECT}/auth/v1`;
const JWKS_URL = `${ISSUER}/.well-known/jwks.json`;
const SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const userId = randomUUID();
const sessionId = randomUUID();
const now = () => Math.floor(Date.now() / 1000);

/** Claims as Supabase Auth writes them into an access token. */
const claims = (extra: JWTPayload = {}): JWTPayload => ({
  sub: userId,
  role: "authenticated",
  aud: "authenticated",
  iss: ISSUER,
  session_id: sessionId,
  iat: now(),
  exp: now() + 3600,
  ...extra,
});

const hs256 = (payload: JWTPayload, secret = SECRET) =>
  new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));

const withSecret: SupabaseJwtSettings = { issuer: ISSUER, audience: "authenticated", secret: SECRET };

describe("Supabase access tokens with the project's JWT secret (HS256)", () => {
  const verify = supabaseTokenVerifier(withSecret);

  it("accepts a token Supabase signed, and takes its subject, session and expiry", async () => {
    const payload = claims();
    expect(await verify(await hs256(payload))).toEqual({ ok: true, claims: { userId, sessionId, expiresAt: new Date((payload.exp ?? 0) * 1000) } });
  });

  it("says an expired token is expired, beyond a few seconds of clock difference", async () => {
    expect(await verify(await hs256(claims({ exp: now() - 60 })))).toEqual({ ok: false, reason: "expired" });
    expect((await verify(await hs256(claims({ exp: now() - 2 })))).ok).toBe(true);
  });

  it("refuses a bad signature, another audience or issuer, a role that is not a member's, a subject that is not an account", async () => {
    const refusals = [
      await hs256(claims(), "another-secret-that-is-also-at-least-32-characters"),
      await hs256(claims({ aud: "service" })),
      await hs256(claims({ iss: "https://elsewhere.supabase.test/auth/v1" })),
      await hs256(claims({ role: "anon" })),
      await hs256(claims({ role: "service_role" })),
      await hs256(claims({ sub: "not-a-uuid" })),
      await hs256(claims({ sub: undefined })),
      await hs256(claims({ exp: undefined })),
    ];
    for (const token of refusals) expect(await verify(token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses an unsigned token (alg none), a tampered payload, and what is not a token at all", async () => {
    const good = await hs256(claims());
    const [header = "", , signature = ""] = good.split(".");
    const forged = Buffer.from(JSON.stringify(claims({ sub: randomUUID() }))).toString("base64url");
    for (const token of [new UnsecuredJWT(claims()).encode(), `${header}.${forged}.${signature}`, "", "a.b.c", good.slice(0, -2)]) {
      expect(await verify(token)).toEqual({ ok: false, reason: "invalid" });
    }
  });
});

describe("Supabase access tokens against the project's signing keys (JWKS)", async () => {
  const signing = await generateKeyPair("ES256");
  const stranger = await generateKeyPair("ES256");
  const published = { keys: [{ ...(await exportJWK(signing.publicKey)), kid: "key-1", alg: "ES256", use: "sig" }] };
  let fetches = 0;
  const server = setupServer(
    http.get(JWKS_URL, () => {
      fetches += 1;
      return HttpResponse.json(published);
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const es256 = (payload: JWTPayload, key = signing.privateKey, kid = "key-1") => new SignJWT(payload).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(key);
  const settings = supabaseJwtSettings(parseEnv({ DATABASE_FLAVOR: "supabase", DATABASE_URL: "postgres://u@h/db", SUPABASE_URL: PROJECT, SUPABASE_ANON_KEY: "anon-key-of-the-project", SUPABASE_SERVICE_ROLE_KEY: "service-key-of-the-project" }));

  it("reads the signing keys from the project's address when no secret is set", () => {
    expect(settings).toEqual({ issuer: ISSUER, audience: "authenticated", jwksUrl: JWKS_URL });
  });

  it("accepts a token signed with a published key, fetching the keys once", async () => {
    if (!settings) throw new Error("no settings");
    const verify = supabaseTokenVerifier(settings);
    expect(await verify(await es256(claims()))).toMatchObject({ ok: true, claims: { userId } });
    expect(await verify(await es256(claims()))).toMatchObject({ ok: true });
    expect(fetches).toBe(1);
  });

  it("refuses a key the project never published, an HS256 token signed with the public key, and an expired one", async () => {
    if (!settings) throw new Error("no settings");
    const verify = supabaseTokenVerifier(settings);
    const publicKeyBytes = new TextEncoder().encode(JSON.stringify(published.keys[0]));
    expect(await verify(await es256(claims(), stranger.privateKey))).toEqual({ ok: false, reason: "invalid" });
    expect(await verify(await es256(claims(), stranger.privateKey, "key-2"))).toEqual({ ok: false, reason: "invalid" });
    expect(await verify(await new SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid: "key-1" }).sign(publicKeyBytes))).toEqual({ ok: false, reason: "invalid" });
    expect(await verify(await es256(claims({ exp: now() - 60 })))).toEqual({ ok: false, reason: "expired" });
  });
});

describe("Supabase settings", () => {
  const supabase = { DATABASE_FLAVOR: "supabase", DATABASE_URL: "postgres://u@h/db", SUPABASE_URL: PROJECT, SUPABASE_ANON_KEY: "anon-key-of-the-project", SUPABASE_SERVICE_ROLE_KEY: "service-key-of-the-project" };

  it("stop the start naming each missing setting, never a value", () => {
    for (const name of ["DATABASE_URL", "SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY"] as const) {
      expect(() => parseEnv({ ...supabase, [name]: "" })).toThrow(new RegExp(`${name} \\(DATABASE_FLAVOR=supabase needs ${name}\\)`));
    }
    let message = "";
    try {
      parseEnv({ ...supabase, SUPABASE_URL: "not a url", SUPABASE_JWT_SECRET: "short" });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/SUPABASE_URL/);
    expect(message).toMatch(/SUPABASE_JWT_SECRET/);
    expect(message).not.toMatch(/not a url|short/);
  });

  it("are refused without Supabase (they would be ignored), and a production project needs https", () => {
    expect(() => parseEnv({ SUPABASE_ANON_KEY: "anon-key-of-the-project" })).toThrow(/SUPABASE_ANON_KEY is read only with DATABASE_FLAVOR=supabase/);
    expect(() => parseEnv({ ...supabase, SUPABASE_URL: "http://abcdefgh.supabase.test", APP_MODE: "production" })).toThrow(/https:\/\/ SUPABASE_URL/);
    expect(supabaseJwtSettings(parseEnv({}))).toBeNull();
    expect(supabaseJwtSettings(parseEnv({ ...supabase, SUPABASE_JWT_SECRET: SECRET }))).toEqual(withSecret);
  });
});
