/**
 * Keys are derived off the page's thread (issue 15, decision 017): on a slow phone the page,
 * its progress and quick exit stay usable while Argon2id runs; a submit made before the
 * encryption, or even the page's scripts, have loaded waits for them and says so; a sign-in
 * pressed that early is already checked by the key worker (decision 037); sign-in does
 * not wait for libsodium; sign-up says a handle is taken before it makes any keys. Chromium at 390x844, the CPU slowed sixfold where it matters.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { createAccountKeys } from "~/crypto/account-keys";
import { i18nFor } from "~/i18n/all-messages";
import { openContext, signInElsewhere, uniqueHandle } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO } from "../support/demo-accounts";
import { newClient, solvedChallenge } from "../support/http-client";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const neutralUrl = inject("neutralUrl");
const zh = i18nFor("zh-CN");

/** Records which jobs the page sends to its key worker (window.keyWorkOps), from before the page's own scripts run. */
async function watchKeyWork(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const ops: unknown[] = [];
    Object.assign(window, { keyWorkOps: ops });
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      ops.push((message as { op?: unknown } | null)?.op);
      return (post as (...args: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
}

const keyWorkOps = (page: Page) => page.evaluate(() => (window as unknown as { keyWorkOps: unknown[] }).keyWorkOps);

async function slowCpu(context: BrowserContext, page: Page, rate: number): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
}

/** Holds every request matching `pattern` (a slow network) until the returned function is called. */
async function holdRequests(context: BrowserContext, pattern: string): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await context.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

describe("deriving keys on a slow phone", () => {
  const browser = useBrowser();

  it("leaves at once on quick exit while keys are derived, and nobody is signed in", { timeout: 120_000 }, async () => {
    const { context, page, requests } = await openContext(browser(), { neutralUrl, viewport: PHONE });
    await watchKeyWork(context);
    // The heaviest parameters a browser accepts (decision 001), so the derivation surely
    // outlasts the click: the CPU slowdown may not reach the worker's thread, and on a busy
    // machine the default parameters could finish (and post) before quick exit is pressed.
    await context.route(`${baseUrl}/api/auth/params`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), kdfOpslimit: 10, kdfMemlimit: 256 * 1024 * 1024 } });
    });
    await page.goto(`${baseUrl}/sign-in`);
    await page.waitForSelector("main form button[type=submit]:enabled");
    await slowCpu(context, page, 6);
    await page.fill("#handle", DEMO.member.handle);
    await page.fill("#passphrase", DEMO.member.passphrase);
    const paramsAnswered = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/auth/params", { timeout: 10_000 });
    await page.click("main form button[type=submit]");
    // The worker derives as soon as the salt is in (Argon2id: seconds at this speed).
    await paramsAnswered;
    expect(await keyWorkOps(page)).toContain("proveSignIn");

    const clicked = Date.now();
    await page.click("[data-testid=quick-exit]", { timeout: 10_000 });
    await page.waitForURL(neutralUrl, { timeout: 10_000 });
    const leftAfterMs = Date.now() - clicked;
    expect(await page.title()).toBe("Weather");
    // The page answered at once: on the page's own thread the click waited for Argon2id.
    expect(leftAfterMs).toBeLessThan(2_000);
    // The derivation was stopped: its result was never posted.
    expect(requests.some((r) => r.method === "POST" && r.url === `${baseUrl}/api/auth/sign-in`)).toBe(false);

    await slowCpu(context, page, 1);
    const home = await page.goto(`${baseUrl}/home`);
    expect(new URL(home?.url() ?? "").pathname).toBe("/sign-in");
    expect(await page.evaluate(() => sessionStorage.getItem("tx.keys"))).toBeNull();
    await context.close();
  });

  it("lets a member submit before the encryption has loaded: it says why it waits, then goes on", { timeout: 120_000 }, async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE });
    // A slow network: libsodium arrives seconds after the page can be used. Sign-up makes the
    // key pair with it, so its submit waits for it.
    const releaseSodium = await holdRequests(context, "**/assets/libsodium-wrappers-*.js");
    await page.goto(`${baseUrl}/sign-up`);
    await page.waitForSelector("main form[data-scripts-ready]");
    await page.fill("#handle", uniqueHandle("early"));
    await page.fill("#passphrase", "a passphrase typed early");
    await page.fill("#passphrase-confirm", "a passphrase typed early");
    await page.click("main form button[type=submit]");
    const status = page.locator("[data-testid=key-work]", { hasText: zh.t("keys.preparing") });
    await status.waitFor({ timeout: 10_000 });
    expect(await status.locator("progress").count()).toBe(1);
    releaseSodium();
    await page.waitForSelector("[data-testid=recovery-code]", { timeout: 60_000 });
    await context.close();
  });

  it("signs in without waiting for libsodium, and keeps the keys in the tab once it has come", { timeout: 120_000 }, async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE });
    const releaseSodium = await holdRequests(context, "**/assets/libsodium-wrappers-*.js");
    await page.goto(`${baseUrl}/sign-in`);
    await page.fill("#handle", DEMO.member.handle);
    await page.fill("#passphrase", DEMO.member.passphrase);
    await page.click("main form button[type=submit]");
    // Argon2id needs no libsodium: the server says yes and home opens while it is still held.
    await page.waitForURL(`${baseUrl}/home`, { timeout: 60_000 });
    expect(await page.evaluate(() => sessionStorage.getItem("tx.keys"))).toBeNull();
    releaseSodium();
    await page.waitForFunction(() => sessionStorage.getItem("tx.keys") !== null, null, { timeout: 30_000 });
    await context.close();
  });

  it("takes a press before the page's scripts run, says it is held, and signs in once they come", { timeout: 60_000 }, async () => {
    const { context, page, requests } = await openContext(browser(), { viewport: PHONE });
    const releaseScripts = await holdRequests(context, "**/assets/**/*.js");
    await page.goto(`${baseUrl}/sign-in`, { waitUntil: "commit" });
    const submit = page.locator("main form button[type=submit]");
    await submit.waitFor();
    // Both waited for, not read at once: with the page's scripts held, only the HTML's own script (right after the
    // button) can enable the button, and the line can only come from the HTML; but the document may still be
    // arriving ("commit") when the button is found.
    await expect.poll(() => submit.isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.locator("[data-testid=key-work]", { hasText: zh.t("keys.loading") }).waitFor({ state: "visible", timeout: 10_000 });
    await page.fill("#handle", DEMO.member.handle);
    await page.fill("#passphrase", DEMO.member.passphrase);
    await submit.click();
    // Held, not posted: the form's own post would reach the server without keys.
    const held = page.locator("[data-testid=key-work] span:visible");
    expect(await held.textContent()).toBe(zh.t("keys.preparing"));
    expect(await submit.isDisabled()).toBe(true);
    expect(page.url()).toBe(`${baseUrl}/sign-in`);
    expect(requests.filter((r) => r.method === "POST")).toEqual([]);
    releaseScripts();
    await page.waitForURL(`${baseUrl}/home`, { timeout: 60_000 });
    await context.close();
  });

  it("takes a press on any of a page's key forms before its scripts run: the first form's script serves them all", { timeout: 60_000 }, async () => {
    const { context, page, requests } = await openContext(browser(), { viewport: PHONE });
    await signInElsewhere(page, baseUrl, DEMO.member);
    const releaseScripts = await holdRequests(context, "**/assets/**/*.js");
    // Parsed to the end, so every inline script has run; the page's own scripts never come.
    await page.goto(`${baseUrl}/account`, { waitUntil: "domcontentloaded" });
    // Passphrase, new recovery code, new keys, deleting the account: each enabled by its own script.
    const submits = page.locator("main form [data-testid=key-work] + button[type=submit]");
    expect(await submits.count()).toBe(4);
    for (const submit of await submits.all()) expect(await submit.isEnabled()).toBe(true);
    const lastForm = page.locator("main form").filter({ has: page.locator("[data-testid=key-work] + button[type=submit]") }).last();
    await submits.last().click();
    expect(await lastForm.locator("[data-testid=key-work] span:visible").textContent()).toBe(zh.t("keys.preparing"));
    expect(await submits.last().isDisabled()).toBe(true);
    expect(await submits.first().isEnabled()).toBe(true);
    expect(requests.filter((r) => r.method === "POST")).toEqual([]);
    releaseScripts();
    await context.close();
  });

  /** Opens /sign-in with the page's main chunk (React) held, and presses sign-in with `passphrase`; the server's answer to the key worker's post. */
  async function pressSignInBeforeScripts(passphrase: string) {
    const opened = await openContext(browser(), { viewport: PHONE });
    // The page cannot run, but its HTML started the key worker (decision 037).
    const releaseScripts = await holdRequests(opened.context, "**/assets/every-page-*.js");
    const answered = opened.page.waitForResponse((response) => new URL(response.url()).pathname === "/api/auth/sign-in", { timeout: 30_000 });
    await opened.page.goto(`${baseUrl}/sign-in`, { waitUntil: "commit" });
    await opened.page.fill("#handle", DEMO.member.handle);
    await opened.page.fill("#passphrase", passphrase);
    await opened.page.click("main form button[type=submit]");
    return { ...opened, releaseScripts, answer: await answered };
  }

  const signInPosts = (requests: Array<{ url: string }>) => requests.filter((r) => new URL(r.url).pathname === "/api/auth/sign-in");

  it("checks a sign-in pressed before the page's scripts came, and opens home once they come", { timeout: 60_000 }, async () => {
    const { context, page, requests, releaseScripts, answer } = await pressSignInBeforeScripts(DEMO.member.passphrase);
    expect(answer.status()).toBe(200);
    // Checked by the server while the scripts were still coming; the page says the press is held.
    expect(await page.evaluate(() => document.querySelector("main form")?.hasAttribute("data-scripts-ready"))).toBe(false);
    expect(await page.locator("[data-testid=key-work] span:visible").textContent()).toBe(zh.t("keys.preparing"));
    expect(await page.locator("#passphrase").getAttribute("readonly")).not.toBeNull();
    releaseScripts();
    await page.waitForURL(`${baseUrl}/home`, { timeout: 60_000 });
    await page.waitForFunction(() => sessionStorage.getItem("tx.keys") !== null, null, { timeout: 30_000 });
    // Signed in once: the page took the worker's answer over rather than asking again.
    expect(signInPosts(requests)).toHaveLength(1);
    await context.close();
  });

  it("says a wrong passphrase pressed before the page's scripts came, once they come", { timeout: 60_000 }, async () => {
    const { context, page, requests, releaseScripts, answer } = await pressSignInBeforeScripts("not the passphrase of this member");
    expect(answer.status()).toBeGreaterThanOrEqual(400);
    releaseScripts();
    await page.locator("main form", { hasText: zh.t("errors.signIn.failed") }).waitFor({ timeout: 30_000 });
    expect(page.url()).toBe(`${baseUrl}/sign-in`);
    // The fields can be changed again, and the right passphrase then signs in.
    expect(await page.locator("#passphrase").getAttribute("readonly")).toBeNull();
    await page.fill("#passphrase", DEMO.member.passphrase);
    await page.click("main form button[type=submit]");
    await page.waitForURL(`${baseUrl}/home`, { timeout: 60_000 });
    expect(signInPosts(requests)).toHaveLength(2);
    await context.close();
  });

  it("keeps the button grey when scripts are off, and says why", { timeout: 60_000 }, async () => {
    const noScripts = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    const plain = await noScripts.newPage();
    await plain.goto(`${baseUrl}/sign-in`);
    expect(await plain.locator("main").textContent()).toContain(zh.t("keys.needsJavascript"));
    expect(await plain.locator("main form button[type=submit]").isDisabled()).toBe(true);
    expect(await plain.locator("[data-testid=key-work]").isVisible()).toBe(false);
    await noScripts.close();
  });

  it("says a taken handle beside the field before making any keys", { timeout: 120_000 }, async () => {
    const { context, page, requests } = await openContext(browser(), { viewport: PHONE });
    await watchKeyWork(context);
    await page.goto(`${baseUrl}/sign-up`);
    await page.fill("#handle", DEMO.member.handle);
    await page.fill("#passphrase", "a new passphrase for nobody");
    await page.fill("#passphrase-confirm", "a new passphrase for nobody");
    await page.click("main form button[type=submit]");
    await page.waitForSelector("#handle[aria-invalid=true]", { timeout: 30_000 });
    expect(await page.locator("main form").textContent()).toContain(zh.t("errors.handle.taken"));
    expect(await keyWorkOps(page)).not.toContain("createAccountKeys");
    expect(requests.filter((r) => r.method === "POST").map((r) => new URL(r.url).pathname)).toEqual(["/api/auth/challenge", "/api/auth/handle-check"]);
    await context.close();
  });
});

describe("checking a handle before sign-up", () => {
  it("answers taken or free for the sign-up's own challenge, which then signs up", { timeout: 60_000 }, async () => {
    const client = await newClient(baseUrl);
    const taken = await client.post("/api/auth/handle-check", { handle: DEMO.member.handle, ...(await solvedChallenge(client, "signUp", DEMO.member.handle)) });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ ok: false, fieldErrors: { handle: "errors.handle.taken" } });

    const handle = uniqueHandle("checked");
    const proof = await solvedChallenge(client, "signUp", handle);
    expect((await client.post("/api/auth/handle-check", { handle, ...proof })).status).toBe(200);
    // A challenge is bound to its handle: it checks no other.
    expect((await client.post("/api/auth/handle-check", { handle: `${handle}x`, ...proof })).status).toBe(400);
    // No proof, no answer.
    expect((await client.post("/api/auth/handle-check", { handle })).status).toBe(400);

    const created = await createAccountKeys("a passphrase for the checked handle");
    expect((await client.post("/api/auth/sign-up", { handle, ...created.upload, ...proof })).status).toBe(201);
    // Spent by the sign-up: it signs up nothing more.
    const again = await newClient(baseUrl);
    expect((await again.post("/api/auth/sign-up", { handle, ...created.upload, ...proof })).status).toBe(400);
  });
});
