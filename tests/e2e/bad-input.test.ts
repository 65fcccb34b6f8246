import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createAccountKeys, type SignUpUpload } from "~/crypto/account-keys";
import { findHandleProblem } from "~/domain/accounts/handle";
import { i18nFor } from "~/i18n/all-messages";
import { uniqueHandle } from "../support/browser";
import { DEMO } from "../support/demo-accounts";
import { newClient, signedInClient, solvedChallenge } from "../support/http-client";

const baseUrl = inject("baseUrl");
const zh = i18nFor("zh-CN");
const en = i18nFor("en");

type Reply = { ok: boolean; fieldErrors?: Record<string, string>; formError?: string };

/** Every message key a refusal names must exist, translated, in both languages. */
function expectTranslated(reply: Reply) {
  const keys = [...Object.values(reply.fieldErrors ?? {}), ...(reply.formError ? [reply.formError] : [])];
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) {
    expect(zh.t(key), key).not.toBe(key);
    expect(en.t(key), key).not.toBe(key);
  }
}

/**
 * Starts a POST with a chunked body (no Content-Length), sends one 64 KiB chunk and never
 * finishes it: a server that reads bodies before answering would wait forever, one that
 * refuses them answers now. Resolves with the status and whether the server then closed
 * the connection.
 */
function startChunkedPost(url: string): Promise<{ status: number; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" } }, (response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      response.on("end", () => {
        request.socket?.once("close", () => resolve({ status, closed: true }));
        setTimeout(() => resolve({ status, closed: request.socket?.destroyed ?? true }), 2_000);
      });
    });
    request.on("error", reject);
    request.write(Buffer.alloc(64 * 1024, "a"));
  });
}

async function refused(response: Response, status?: number): Promise<Reply> {
  if (status) expect(response.status).toBe(status);
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  const reply = (await response.json()) as Reply;
  expect(reply.ok).toBe(false);
  expectTranslated(reply);
  return reply;
}

let upload: SignUpUpload;
beforeAll(async () => {
  upload = (await createAccountKeys("a valid demo passphrase")).upload;
});

/** Strings a member or an attacker could send. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "\u200b", "\u202eabc", "\ud800", "😀😀", "a".repeat(5000), "<script>", "' or 1=1 --", "-1", "1e309", "NaN", "[]", "{}"),
);

describe("bad input to every form: a translated 4xx and nothing stored", () => {
  it("sign-up refuses each malformed field, with the message beside that field", async () => {
    const client = await newClient(baseUrl);
    const handle = uniqueHandle("bad");
    // Input refused by its shape never reaches the challenge, so one serves every case and the sign-up after.
    const proof = await solvedChallenge(client, "signUp", handle);
    const cases: Array<[Partial<Record<keyof SignUpUpload | "handle", string>>, string]> = [
      [{ handle: "" }, "handle"],
      [{ handle: "x".repeat(300) }, "handle"],
      [{ handle: "a b" }, "handle"],
      [{ handle: "bad\u0000nul" }, "handle"],
      [{ handle: "zero\u200bwidth" }, "handle"],
      [{ handle: "\ud800lone" }, "handle"],
      [{ authKey: "short" }, "authKey"],
      [{ authKey: `${upload.authKey}=` }, "authKey"],
      [{ kdfOpslimit: "1" }, "kdfOpslimit"],
      [{ kdfOpslimit: "three" }, "kdfOpslimit"],
      [{ kdfMemlimit: "1024" }, "kdfMemlimit"],
      [{ kdfSalt: "" }, "kdfSalt"],
      [{ publicKey: "A".repeat(44) }, "publicKey"],
      [{ wrappedPrivateKey: "v2.xc20p.AAAA.BBBB" }, "wrappedPrivateKey"],
      [{ wrappedPrivateKey: "x".repeat(5000) }, "wrappedPrivateKey"],
      [{ recoveryWrappedPrivateKey: "" }, "recoveryWrappedPrivateKey"],
    ];
    for (const [override, field] of cases) {
      const reply = await refused(await client.post("/api/auth/sign-up", { ...upload, ...proof, handle, ...override }), 400);
      expect(Object.keys(reply.fieldErrors ?? {}), JSON.stringify(override)).toContain(field);
    }
    // Nothing was stored: the handle is still free.
    const created = await client.post("/api/auth/sign-up", { ...upload, ...proof, handle });
    expect(created.status).toBe(201);
  });

  it("a duplicate handle, in any case or width, is refused beside the handle", async () => {
    const client = await newClient(baseUrl);
    for (const handle of [DEMO.member.handle, DEMO.member.handle.toUpperCase(), "ｘｉａｏｍｉｎｇ"]) {
      const reply = await refused(await client.post("/api/auth/sign-up", { ...upload, ...(await solvedChallenge(client, "signUp", handle)), handle }), 409);
      expect(reply.fieldErrors?.handle).toBe("errors.handle.taken");
    }
  });

  it("random input never causes a 5xx on any form", async () => {
    const client = await newClient(baseUrl);
    // [path, fields, may this input legitimately succeed?]
    const endpoints: Array<[string, string[], (body: Record<string, string>) => boolean]> = [
      ["/api/auth/params", ["handle"], (body) => findHandleProblem(body.handle ?? "") === null],
      ["/api/auth/challenge", ["purpose", "handle"], (body) => ["signIn", "signUp", "recovery"].includes(body.purpose ?? "") && findHandleProblem(body.handle ?? "") === null],
      ["/api/auth/sign-in", ["handle", "authKey", "challenge", "solution", "sharedPhone"], () => false],
      ["/api/session/unlock", ["authKey"], () => false],
      ["/api/auth/handle-check", ["handle", "challenge", "solution"], () => false],
      ["/api/auth/sign-up", ["handle", "authKey", "kdfSalt", "kdfOpslimit", "kdfMemlimit", "publicKey", "wrappedPrivateKey", "recoveryAuthKey", "recoveryWrappedPrivateKey"], () => false],
      ["/api/auth/recover", ["intent", "handle", "recoveryAuthKey", "authKey", "kdfSalt", "newRecoveryAuthKey", "challenge", "solution"], () => false],
      ["/language", ["lng", "redirectTo"], (body) => body.lng === "en" || body.lng === "zh-CN"],
      ["/sign-out", ["anything"], () => true],
    ];
    const handle = uniqueHandle("prop");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), fc.array(nasty, { minLength: 9, maxLength: 9 }), async ([path, fields, mayAccept], values) => {
        const body: Record<string, string> = Object.fromEntries(fields.map((field, i) => [field, values[i] ?? ""]));
        if (path === "/api/auth/sign-up") body.handle = handle;
        const response = await client.post(path, body);
        const described = `${path} ${JSON.stringify(body).slice(0, 200)} -> ${response.status}`;
        expect(response.status, described).toBeLessThan(500);
        if (!mayAccept(body)) expect(response.status, described).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 120 },
    );
    expect((await client.post("/api/auth/sign-up", { ...upload, ...(await solvedChallenge(client, "signUp", handle)), handle })).status).toBe(201);
  });

  it("refuses a missing, foreign, cross-site or replayed CSRF token", async () => {
    const client = await newClient(baseUrl);
    const handle = uniqueHandle("csrf");
    expect((await refused(await client.post("/api/auth/params", { handle, csrf: "" }), 403)).formError).toBe("errors.form.csrf");
    const other = await newClient(baseUrl);
    expect((await refused(await client.post("/api/auth/params", { handle, csrf: other.csrf }), 403)).formError).toBe("errors.form.csrf");
    // Cross-site posts are stopped at the server's edge, before any route (plain bilingual text).
    const crossSite: Array<Record<string, string>> = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }];
    for (const headers of crossSite) {
      const response = await client.post("/language", { lng: "en" }, headers);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("请在本站内提交");
    }

    // Sign up (the token rotates), then replay the token from before.
    const before = client.csrf;
    expect((await client.post("/api/auth/sign-up", { ...upload, ...(await solvedChallenge(client, "signUp", handle)), handle })).status).toBe(201);
    expect(client.csrf).not.toBe(before);
    await refused(await client.post("/api/auth/passphrase", { csrf: before, currentAuthKey: upload.authKey }), 403);
    // And a token from before sign-out does not work after it.
    const signedIn = client.csrf;
    const out = await client.post("/sign-out", {});
    expect(out.status).toBe(302);
    const replay = await client.post("/language", { csrf: signedIn, lng: "en" });
    expect(replay.status).toBe(403);
    // Signed out, the passphrase endpoint says so (with a valid token).
    const signedOut = await refused(await client.post("/api/auth/passphrase", { currentAuthKey: upload.authKey }), 401);
    expect(signedOut.formError).toBe("errors.form.signedOut");
  });

  it("the admin roles form refuses bad input beside the field, and non-admins get a 404", async () => {
    const admin = await signedInClient(baseUrl, DEMO.admin);
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ intent: "grant", handle: "", role: "leader", areaId: "" }, 400, "handle"],
      [{ intent: "grant", handle: "no_such_member", role: "leader", areaId: "" }, 404, "handle"],
      [{ intent: "grant", handle: DEMO.member.handle, role: "superuser", areaId: "" }, 400, "role"],
      [{ intent: "grant", handle: DEMO.member.handle, role: "leader", areaId: "not-a-uuid" }, 400, "areaId"],
      // A nationwide social worker is never the default: the placeholder is refused.
      [{ intent: "grant", handle: DEMO.member.handle, role: "social_worker", areaId: "" }, 400, "areaId"],
      [{ intent: "grant", handle: DEMO.member.handle, role: "admin", areaId: "a0000000-0000-4000-8000-000000440106" }, 400, "areaId"],
    ];
    const errorIds: Record<string, string> = { handle: "grant-handle-error", role: "grant-role-error", areaId: "grant-area-error" };
    for (const [fields, status, field] of cases) {
      const response = await admin.post("/admin/roles", fields);
      expect(response.status, JSON.stringify(fields)).toBe(status);
      // Rendered without scripts: the message stands beside the field, in Chinese.
      const html = await response.text();
      expect(html, JSON.stringify(fields)).toMatch(new RegExp(`id="${errorIds[field]}"[^>]*>[^<]*[\u4e00-\u9fff]`));
    }
    expect((await admin.post("/admin/roles", { intent: "revoke", grantId: "0d0e0a0d-0000-4000-8000-000000000000" })).status).toBe(404);
    expect((await admin.post("/admin/roles", { intent: "explode" })).status).toBe(400);
    const member = await signedInClient(baseUrl, DEMO.member);
    expect((await member.post("/admin/roles", { intent: "grant", handle: DEMO.member.handle, role: "admin", areaId: "" })).status).toBe(404);
    const signedOut = await newClient(baseUrl);
    expect((await signedOut.post("/admin/roles", { intent: "grant", handle: "x", role: "admin", areaId: "" })).status).toBe(302);
    await fc.assert(
      fc.asyncProperty(fc.array(nasty, { minLength: 4, maxLength: 4 }), async ([intent = "", handle = "", role = "", areaId = ""]) => {
        const response = await admin.post("/admin/roles", { intent, handle, role, areaId });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
  });

  it("refuses an oversized body before reading it", async () => {
    const client = await newClient(baseUrl);
    const response = await client.post("/api/auth/params", { handle: "x".repeat(100_000) });
    expect(response.status).toBe(413);
  });

  it("refuses a chunked body without reading it, closes the connection, and keeps serving", async () => {
    expect(await startChunkedPost(`${baseUrl}/api/auth/params`)).toEqual({ status: 411, closed: true });
    expect(await startChunkedPost(`${baseUrl}/sign-in`)).toEqual({ status: 411, closed: true });
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  });

  it("rate-limits sign-in per handle from one network with a translated 429", async () => {
    const client = await newClient(baseUrl);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const proof = await solvedChallenge(client, "signIn", "ratelimited_target");
      const response = await client.post("/api/auth/sign-in", { handle: "ratelimited_target", authKey: upload.authKey, ...proof });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
        const reply = (await refused(response, 429)) as Reply & { retryAfterSeconds?: number };
        expect(reply.formError).toBe("errors.form.rateLimited");
        expect(reply.retryAfterSeconds).toBe(Number(response.headers.get("retry-after")));
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe("handles cannot be enumerated", () => {
  it("gives an unknown handle a stable fake salt shaped like a real one, and the same refusal", async () => {
    const client = await newClient(baseUrl);
    const params = async (handle: string) => (await (await client.post("/api/auth/params", { handle })).json()) as Record<string, unknown>;
    const known = await params(DEMO.member.handle);
    const unknownA = await params("nobody_at_all_1");
    const unknownB = await params("nobody_at_all_2");
    expect(Object.keys(unknownA).sort()).toEqual(Object.keys(known).sort());
    expect(unknownA.kdfOpslimit).toBe(known.kdfOpslimit);
    expect(unknownA.kdfMemlimit).toBe(known.kdfMemlimit);
    expect(String(unknownA.kdfSalt)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await params("nobody_at_all_1")).toEqual(unknownA);
    expect(await params("NOBODY_AT_ALL_1")).toEqual(unknownA);
    expect(unknownB.kdfSalt).not.toBe(unknownA.kdfSalt);

    const wrongKey = await client.post("/api/auth/sign-in", { handle: DEMO.member.handle, authKey: upload.authKey, ...(await solvedChallenge(client, "signIn", DEMO.member.handle)) });
    const noSuchHandle = await client.post("/api/auth/sign-in", { handle: "nobody_at_all_1", authKey: upload.authKey, ...(await solvedChallenge(client, "signIn", "nobody_at_all_1")) });
    expect(wrongKey.status).toBe(noSuchHandle.status);
    expect(await wrongKey.json()).toEqual(await noSuchHandle.json());
  });
});

describe("security headers", () => {
  it("are on pages, data and static files", async () => {
    const client = await newClient(baseUrl);
    const page = await client.get("/sign-in");
    const html = await page.text();
    const csp = page.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:\/\//);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("permissions-policy")).toContain("geolocation=()");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("strict-transport-security")).toBeNull(); // local mode: plain http
    const second = await client.get("/sign-in");
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? /href="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const asset = await client.get(script ?? "");
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    // Compressed once at build time: the file as the browser asked for it, and the same bytes.
    const plain = await rawGet(`${baseUrl}${script ?? ""}`, "identity");
    const brotli = await rawGet(`${baseUrl}${script ?? ""}`, "gzip, deflate, br");
    const gzip = await rawGet(`${baseUrl}${script ?? ""}`, "gzip");
    expect([plain.encoding, brotli.encoding, gzip.encoding]).toEqual([undefined, "br", "gzip"]);
    expect(brotli.body.length).toBeLessThan(plain.body.length / 2);
    expect(brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(brotli.vary).toMatch(/accept-encoding/i);
    const favicon = await client.get("/favicon.svg");
    expect(favicon.headers.get("x-content-type-options")).toBe("nosniff");
    expect(favicon.headers.get("content-security-policy")).toBeTruthy();
    const fresh = await fetch(`${baseUrl}/sign-in`);
    expect(fresh.headers.getSetCookie().join("\n")).toMatch(/tx_csrf=[^;]+; Path=\/; SameSite=Lax; HttpOnly/);
  });

  it("pages are gzipped whole, with their length, when the browser takes gzip", async () => {
    const plain = await rawGet(`${baseUrl}/sign-in`, "identity");
    const browser = await rawGet(`${baseUrl}/sign-in`, "gzip, deflate, br");
    const gzip = await rawGet(`${baseUrl}/sign-in`, "gzip");
    expect([plain.encoding, browser.encoding, gzip.encoding]).toEqual([undefined, "gzip", "gzip"]);
    for (const reply of [plain, browser, gzip]) {
      expect(reply.transferEncoding).toBeUndefined();
      expect(reply.length).toBe(reply.body.length);
      expect(reply.vary).toMatch(/accept-encoding/i);
    }
    const page = gunzipSync(browser.body).toString("utf8");
    expect(browser.body.length).toBeLessThan(page.length / 2);
    expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(page).toContain("</body>");
    // The same page each time but for its fresh nonce and form token: the same length.
    expect(Buffer.byteLength(page)).toBe(plain.body.length);
    const head = await rawGet(`${baseUrl}/sign-in`, "gzip", "HEAD");
    expect([head.encoding, head.body.length, head.length]).toEqual([undefined, 0, plain.length]);
  });
});

type RawReply = { encoding: string | undefined; vary: string | undefined; transferEncoding: string | undefined; length: number; body: Buffer };

/** A GET (or HEAD) whose body arrives as the server sent it (fetch would decompress it). */
function rawGet(url: string, acceptEncoding: string, method: "GET" | "HEAD" = "GET"): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    http
      .request(url, { method, headers: { "accept-encoding": acceptEncoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            encoding: response.headers["content-encoding"],
            vary: response.headers.vary,
            transferEncoding: response.headers["transfer-encoding"],
            length: Number(response.headers["content-length"]),
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on("error", reject)
      .end();
  });
}
