/**
 * Shared phones and the inactivity lock (docs/decisions/012), against the real server. The
 * server counts a minute of the lock as a few seconds here (INACTIVITY_MINUTE_SECONDS, set
 * by the e2e set-up), so a 5-minute lock is waited out in seconds; nothing of ours is mocked.
 *
 * Over HTTP, as a script would: a shared-phone sign-in gets a cookie without an expiry; a
 * session left unused past its lock sends every page to the lock page and refuses every
 * signed-in API with 423, until the passphrase is proved again (counted as sign-ins are); a
 * session without a lock stays signed in. In Chromium at 390x844: the whole journey.
 */
import { describe, expect, inject, it } from "vitest";
import { deriveAccountKeys } from "~/crypto/account-keys";
import { RATE_LIMITS } from "~/domain/accounts/rate-limits";
import { seriousViolations } from "../support/axe";
import { uniqueHandle } from "../support/browser";
import { newClient, signedUpClient, solvedChallenge, type HttpClient } from "../support/http-client";
import { startWithinOneWindow } from "../support/rate-windows";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const minute = inject("inactivityMinuteSeconds");
/** A little longer than the shortest lock (5 minutes of the server's clock). */
const PAST_SHORTEST_LOCK_MS = (5 * minute + 2) * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new account, signed up over HTTP (on its own phone); returns its handle and passphrase. */
async function newAccount(prefix: string): Promise<{ handle: string; passphrase: string }> {
  const account = { handle: uniqueHandle(prefix), passphrase: `lock journey ${crypto.randomUUID()}` };
  await signedUpClient(baseUrl, account);
  return account;
}

/** The auth key the browser would derive for this account's passphrase (wrong when `passphrase` is). */
async function authKeyFor(client: HttpClient, handle: string, passphrase: string): Promise<string> {
  const params = (await (await client.post("/api/auth/params", { handle })).json()) as { kdfSalt: string; kdfOpslimit: number; kdfMemlimit: number };
  return (await deriveAccountKeys(passphrase, params.kdfSalt, { opslimit: params.kdfOpslimit, memlimit: params.kdfMemlimit })).authKey;
}

/** Signs in over HTTP as the browser does; returns the client and the session's Set-Cookie header. */
async function signInOverHttp(account: { handle: string; passphrase: string }, sharedPhone: boolean): Promise<{ client: HttpClient; sessionCookie: string }> {
  const client = await newClient(baseUrl);
  const authKey = await authKeyFor(client, account.handle, account.passphrase);
  const proof = await solvedChallenge(client, "signIn", account.handle);
  const response = await client.post("/api/auth/sign-in", { handle: account.handle, authKey, ...proof, ...(sharedPhone ? { sharedPhone: "on" } : {}) });
  expect(response.status).toBe(200);
  const sessionCookie = response.headers.getSetCookie().find((header) => header.startsWith("tx_session=")) ?? "";
  return { client, sessionCookie };
}

async function tabKeyStatus(client: HttpClient): Promise<{ status: number; tabKey?: string; formError?: string }> {
  const response = await client.get("/api/session/tab-key");
  const body = (await response.json()) as { tabKey?: string; formError?: string };
  return { status: response.status, ...body };
}

describe("shared phones and the inactivity lock over HTTP", () => {
  it("a shared-phone cookie ends with the browser; a session without a lock stays; a locked one refuses everything until the passphrase is proved", async () => {
    const account = await newAccount("lockhttp");
    const own = await signInOverHttp(account, false);
    const shared = await signInOverHttp(account, true);
    expect(own.sessionCookie).toMatch(/; Max-Age=604800(;|$)/);
    expect(shared.sessionCookie).not.toMatch(/Max-Age|Expires/i);
    const sharedTabKey = await tabKeyStatus(shared.client);
    expect(sharedTabKey.status).toBe(200);

    await sleep(PAST_SHORTEST_LOCK_MS);

    // Own phone, no lock chosen: still signed in. Shared phone: locked after 5 minutes.
    expect((await own.client.get("/home")).status).toBe(200);
    const page = await shared.client.get("/identity");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/locked?redirectTo=%2Fidentity");
    expect((await shared.client.get("/home")).headers.get("location")).toBe("/locked?redirectTo=%2Fhome");
    expect((await shared.client.get("/sign-in")).headers.get("location")).toBe("/locked?redirectTo=%2Fhome");
    const locked = await tabKeyStatus(shared.client);
    expect(locked).toMatchObject({ status: 423, formError: "errors.session.locked" });
    for (const [path, fields] of [
      ["/api/identity/vault", { ciphertext: "x" }],
      ["/api/auth/passphrase", { currentAuthKey: "x" }],
      ["/api/account/delete", { authKey: "x" }],
    ] as const) {
      const refused = await shared.client.post(path, fields);
      expect(refused.status, path).toBe(423);
      expect(((await refused.json()) as { formError?: string }).formError).toBe("errors.session.locked");
    }
    // The lock page gives the salt and parameters only, and nothing of the account.
    const lockPage = await shared.client.get("/locked?redirectTo=%2Fidentity");
    expect(lockPage.status).toBe(200);
    expect(await lockPage.text()).not.toContain(account.handle);

    // A wrong passphrase unlocks nothing, and says so beside the field.
    const wrong = await shared.client.post("/api/session/unlock", { authKey: await authKeyFor(shared.client, account.handle, `${account.passphrase} wrong`) });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false, fieldErrors: { passphrase: "errors.passphrase.currentWrong" } });
    expect((await shared.client.get("/home")).status).toBe(302);

    // The right one unlocks it: pages and keys work again, under a fresh tab key.
    const right = await shared.client.post("/api/session/unlock", { authKey: await authKeyFor(shared.client, account.handle, account.passphrase) });
    expect(right.status).toBe(200);
    expect(((await right.json()) as { wrappedPrivateKey?: string }).wrappedPrivateKey).toMatch(/^v1\.xc20p\./);
    expect((await shared.client.get("/identity")).status).toBe(200);
    const fresh = await tabKeyStatus(shared.client);
    expect(fresh.status).toBe(200);
    expect(fresh.tabKey).not.toBe(sharedTabKey.tabKey);

    // The member chooses the shortest lock: their own-phone session locks too, now.
    expect((await own.client.post("/account", { intent: "lock", lockAfterMinutes: "5" })).status).toBe(200);
    await sleep(PAST_SHORTEST_LOCK_MS);
    expect((await own.client.get("/home")).headers.get("location")).toBe("/locked?redirectTo=%2Fhome");

    // Leaving still works while locked: quick exit ends the session.
    expect((await own.client.get("/exit")).status).toBe(303);
    expect((await own.client.get("/home")).headers.get("location")).toBe("/sign-in");
  });

  it("the lock choice is refused unless it is one of the choices, and changes nothing then", async () => {
    const account = await newAccount("lockbad");
    const { client } = await signInOverHttp(account, false);
    for (const bad of ["0", "1", "30", "off ", "-5", "", "5; drop table"]) {
      const response = await client.post("/account", { intent: "lock", lockAfterMinutes: bad });
      expect(response.status, bad).toBe(400);
    }
    expect((await client.post("/account", { intent: "lock", lockAfterMinutes: "off" })).status).toBe(200);
    expect(await (await client.get("/account")).text()).toMatch(/id="lock-off"[^>]*checked/);
  });

  // Up to 77 s waiting for a fresh rate window, then 17 s for the lock, then the attempts.
  it("proving the passphrase to unlock counts against the same limits as signing in", { timeout: 240_000 }, async () => {
    const account = await newAccount("locklimit");
    const limits = RATE_LIMITS.signIn.perHandleFromClient;
    await startWithinOneWindow(limits?.windowSeconds ?? 0, PAST_SHORTEST_LOCK_MS / 1000 + 60);
    const { client } = await signInOverHttp(account, true);
    await sleep(PAST_SHORTEST_LOCK_MS);
    expect((await client.get("/home")).status).toBe(302);
    const wrongKey = await authKeyFor(client, account.handle, `${account.passphrase} wrong`);
    // The sign-in was the first attempt on this handle from this network; the unlocks are the rest.
    const limit = limits?.limit ?? 0;
    for (let attempt = 1; attempt < limit; attempt++) expect((await client.post("/api/session/unlock", { authKey: wrongKey })).status).toBe(401);
    const other = await newClient(baseUrl);
    const signIn = await other.post("/api/auth/sign-in", { handle: account.handle, authKey: wrongKey, ...(await solvedChallenge(other, "signIn", account.handle)) });
    expect(signIn.status).toBe(429);
    expect((await client.post("/api/session/unlock", { authKey: wrongKey })).status).toBe(429);
  });
});

describe("shared phones and the inactivity lock in Chromium", () => {
  const browser = useBrowser();

  it("sign in on a shared phone, lock, refuse a wrong passphrase, unlock with the right one and carry on where the member was", { timeout: 180_000 }, async () => {
    const account = await newAccount("lockjourney");
    const context = await browser().newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();

    // Sign in, ticking "shared or borrowed phone".
    await page.goto(`${baseUrl}/sign-in`);
    await expect(page.locator("label[for=shared-phone]").textContent()).resolves.toBe("这是共用的或借来的手机");
    await page.fill("#handle", account.handle);
    await page.fill("#passphrase", account.passphrase);
    await page.check("#shared-phone");
    await page.click("main form button[type=submit]");
    await page.waitForURL(`${baseUrl}/home`, { timeout: 30_000 });
    // The tab keeps the keys a moment after home has opened (decisions 018 and 037), as signIn() waits for.
    await page.waitForFunction(() => sessionStorage.getItem("tx.keys") !== null, undefined, { timeout: 30_000 });
    const session = (await context.cookies()).find((cookie) => cookie.name === "tx_session");
    expect(session?.expires).toBe(-1); // a session cookie: gone when the browser closes

    // Choose the shortest lock; the page says it applies, and that this phone locks at 5 minutes anyway.
    await page.goto(`${baseUrl}/account`);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await expect(page.locator("section:has(#lock-title)").textContent()).resolves.toContain("共用的或借来的手机");
    await page.check("#lock-5");
    await page.click("form:has(#lock-5) button[type=submit]");
    await expect(page.locator("section:has(#lock-title) .form-message--info").textContent()).resolves.toBe("已保存，现在对你所有的设备都有效。");

    // Keep something in the vault, so that the keys can be seen working after the unlock.
    await page.goto(`${baseUrl}/identity`);
    await page.fill("#identity-legalName", "锁屏测试");
    await page.click("form:has(#identity-legalName) button[type=submit]");
    await expect(page.locator("form:has(#identity-legalName) .form-message--info").textContent({ timeout: 30_000 })).resolves.toBe("已加密保存。");

    // Left open and unused: the page reloads by itself once the server has locked, and shows
    // the lock page (at most two rounds of the lock: the save above counted as use).
    const lockPage = `${baseUrl}/locked?redirectTo=%2Fidentity`;
    await page.waitForURL(lockPage, { timeout: 2 * PAST_SHORTEST_LOCK_MS + 10_000 });
    // Any page asked for now is the lock page too, which shows nothing of the account.
    await page.goto(`${baseUrl}/identity`);
    await page.waitForURL(lockPage);
    await expect(page.locator("h1").textContent()).resolves.toBe("已锁定");
    await expect(page.locator("main").textContent()).resolves.not.toContain(account.handle);
    await expect(page.locator("[data-testid=quick-exit]").isVisible()).resolves.toBe(true);
    await expect(page.locator("main form[action='/sign-out'] button").isVisible()).resolves.toBe(true);
    await expect(seriousViolations(page)).resolves.toEqual([]);

    // A wrong passphrase is refused beside the field, and the page stays locked.
    await page.fill("#passphrase", `${account.passphrase} wrong`);
    await page.click("main form[action='/api/session/unlock'] button[type=submit]");
    await expect(page.locator("#passphrase-error").textContent({ timeout: 30_000 })).resolves.toBeTruthy();
    expect(page.url()).toBe(lockPage);
    await expect(seriousViolations(page)).resolves.toEqual([]);

    // The right one returns to the identity page, whose vault opens with the tab's keys.
    await page.fill("#passphrase", account.passphrase);
    await page.click("main form[action='/api/session/unlock'] button[type=submit]");
    await page.waitForURL(`${baseUrl}/identity`, { timeout: 30_000 });
    await expect(page.inputValue("#identity-legalName")).resolves.toBe("锁屏测试");
    await context.close();
  });

  it("the lock page holds without JavaScript: a locked session's pages are never shown", async () => {
    const account = await newAccount("locknojs");
    const { client } = await signInOverHttp(account, true);
    const noScript = await browser().newContext({ javaScriptEnabled: false, locale: "en", viewport: { width: 390, height: 844 } });
    await noScript.addCookies([{ name: "tx_session", value: client.cookie("tx_session") ?? "", url: baseUrl }]);
    const plain = await noScript.newPage();
    await plain.goto(`${baseUrl}/account`);
    expect(plain.url()).toBe(`${baseUrl}/account`);
    await sleep(PAST_SHORTEST_LOCK_MS);
    await plain.goto(`${baseUrl}/account`);
    expect(plain.url()).toBe(`${baseUrl}/locked?redirectTo=%2Faccount`);
    await expect(plain.locator("h1").textContent()).resolves.toBe("Locked");
    // Signing out works without scripts.
    await plain.click("main form[action='/sign-out'] button");
    await plain.waitForURL(`${baseUrl}/`);
    await plain.goto(`${baseUrl}/account`);
    expect(plain.url()).toBe(`${baseUrl}/sign-in`);
    await noScript.close();
  });
});
