import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { signedInClient } from "./http-client";

/** Debian's Chromium's switches here: headless-friendly, with nothing reaching outside this machine. */
export const BROWSER_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Debian's Chromium, headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: BROWSER_ARGS });
}

export type RecordedRequest = { method: string; url: string; body: string };

/** A fresh browser context (its own cookies and storage) that records every request it sends. */
export async function openContext(
  browser: Browser,
  options: { locale?: string; neutralUrl?: string; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page; requests: RecordedRequest[] }> {
  const context = await browser.newContext({ locale: options.locale ?? "zh-CN", ...(options.viewport ? { viewport: options.viewport } : {}) });
  const requests: RecordedRequest[] = [];
  context.on("request", (request) => {
    requests.push({ method: request.method(), url: request.url(), body: request.postData() ?? "" });
  });
  if (options.neutralUrl) {
    await context.route(`${options.neutralUrl}**`, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Weather</title><h1>Weather</h1>" }),
    );
  }
  const page = await context.newPage();
  return { context, page, requests };
}

export function uniqueHandle(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.slice(0, 24);
}

/** Fills the sign-in form and submits it (the caller checks the outcome). */
export async function submitSignIn(page: Page, baseUrl: string, handle: string, passphrase: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill("#handle", handle);
  await page.fill("#passphrase", passphrase);
  await page.click("main form button[type=submit]");
}

/** Signs in and waits for the home page and for the keys kept in the tab. */
export async function signIn(page: Page, baseUrl: string, account: { handle: string; passphrase: string }): Promise<void> {
  await submitSignIn(page, baseUrl, account.handle, account.passphrase);
  await page.waitForURL(`${baseUrl}/home`, { timeout: 30_000 });
  // The tab keeps the keys a moment after home has opened (decision 018); journeys then open pages that need them.
  await page.waitForFunction(() => sessionStorage.getItem("tx.keys") !== null, undefined, { timeout: 30_000 });
}

/**
 * Gives the page a session of `account` made by a sign-in over HTTP from a network of its own,
 * then opens home. For journeys that need a signed-in member but not the member's keys in the
 * tab: the demo accounts are signed into by many journeys, and from the browser's one address
 * their sign-ins would pass the per-handle limit of that network within one rate window.
 */
export async function signInElsewhere(page: Page, baseUrl: string, account: { handle: string; passphrase: string }): Promise<void> {
  const client = await signedInClient(baseUrl, account);
  await page.context().addCookies(client.cookiesFor(baseUrl));
  await page.goto(`${baseUrl}/home`);
}

/** Signs out with the site menu's button and waits for the landing page. */
export async function signOut(page: Page, baseUrl: string): Promise<void> {
  await page.click(".site-nav form[action='/sign-out'] button");
  await page.waitForURL(`${baseUrl}/`);
}

/** Signs up through the form, confirms the recovery code (landing on the welcome page) and returns it. */
export async function signUp(page: Page, baseUrl: string, handle: string, passphrase: string): Promise<string> {
  await page.goto(`${baseUrl}/sign-up`);
  await page.fill("#handle", handle);
  await page.fill("#passphrase", passphrase);
  await page.fill("#passphrase-confirm", passphrase);
  await page.click("main form button[type=submit]");
  const code = (await page.locator("[data-testid=recovery-code]").textContent({ timeout: 30_000 })) ?? "";
  await page.check(".recovery-code input[type=checkbox]");
  await page.click("[data-testid=recovery-code-continue]");
  await page.waitForURL(`${baseUrl}/welcome`);
  // The address changes before the page has rendered: wait for the page itself.
  await page.locator("#welcome-title").waitFor();
  return code.trim();
}

const AREA_STEPS = ["province", "city", "district"] as const;

/**
 * Picks a home area step by step in the area form of the current page (account or welcome:
 * with scripts, each select appears once the one above is chosen), saves it and waits until it is saved.
 */
export async function pickHomeArea(page: Page, path: readonly string[]): Promise<void> {
  for (const [index, areaId] of path.entries()) await page.selectOption(`#area-${AREA_STEPS[index]}`, areaId);
  await page.click("form:has(#area-province) button[value=area]");
  // Saved once the form says so: a page opened before that would find no area.
  await page.locator("form:has(#area-province) .form-message--info").waitFor();
}

/**
 * Chooses the social worker with this handle in the share form. An option reads "name
 * (organisation), nickname handle" once an admin set the worker's card, the bare handle before.
 */
export async function chooseShareRecipient(page: Page, handle: string): Promise<void> {
  // Handles are letters, digits, "_" and "-": nothing a regular expression reads specially.
  const option = page.locator("#share-recipient option").filter({ hasText: new RegExp(`(^| )${handle}$`) });
  const value = await option.getAttribute("value");
  if (!value) throw new Error(`the share recipient ${handle} has no value`);
  await page.selectOption("#share-recipient", value);
}

/**
 * The admin signed in on `page` grants `handle` the social-worker role for `areaId` on
 * /admin/roles, and waits for the form to say it is done (in any language).
 */
export async function grantSocialWorker(page: Page, baseUrl: string, handle: string, areaId: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/roles`);
  await page.fill("#grant-handle", handle);
  await page.selectOption("#grant-role", "social_worker");
  await page.selectOption("#grant-area", areaId);
  await page.click("form:has(#grant-handle) button[type=submit]");
  await page.locator("form:has(#grant-handle) .form-message--info").waitFor();
}
