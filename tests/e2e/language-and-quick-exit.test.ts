import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { openContext } from "../support/browser";
import { PHONE } from "../support/phone";
import { signedInClient } from "../support/http-client";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const neutralUrl = inject("neutralUrl");
const FORBIDDEN_IN_TITLES = /drug|rehab|addict|detox|毒|戒|康复|吸/i;

/** Holds back the Chinese language's chunk, as on a slow line, until the returned function lets it through. */
async function holdChineseWords(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/zh-CN-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

describe("language", () => {
  const browser = useBrowser();

  it("is zh-CN by default, follows Accept-Language, and remembers a switch", async () => {
    const zh = await openContext(browser(), { locale: "fr-FR" });
    await zh.page.goto(`${baseUrl}/sign-in`);
    expect(await zh.page.getAttribute("html", "lang")).toBe("zh-CN");
    expect(await zh.page.title()).toBe("登录 · 同行");
    await zh.context.close();

    const en = await openContext(browser(), { locale: "en-GB" });
    await en.page.goto(`${baseUrl}/sign-in`);
    expect(await en.page.getAttribute("html", "lang")).toBe("en");
    expect(await en.page.title()).toBe("Sign in · Tongxing");
    await en.context.close();

    const switcher = await openContext(browser(), { locale: "zh-CN" });
    await switcher.page.goto(`${baseUrl}/sign-up`);
    await switcher.page.click(".language-switch button[value=en]");
    await switcher.page.waitForLoadState("load");
    expect(new URL(switcher.page.url()).pathname).toBe("/sign-up");
    expect(await switcher.page.getAttribute("html", "lang")).toBe("en");
    await expect(switcher.page.locator("h1").textContent()).resolves.toBe("Sign up");
    await switcher.page.goto(`${baseUrl}/recover`);
    await expect(switcher.page.locator("h1").textContent()).resolves.toBe("Recover your account");
    await switcher.page.click(".language-switch button[value=zh-CN]");
    await switcher.page.waitForLoadState("load");
    await expect(switcher.page.locator("h1").textContent()).resolves.toBe("用恢复码找回账户");
    await switcher.context.close();
  });

  it("sends a page with its own words only; the whole language comes after, and fills in a page opened before it arrived", async () => {
    const { context, page } = await openContext(browser(), { locale: "zh-CN" });
    const release = await holdChineseWords(page);
    await page.goto(`${baseUrl}/sign-in`);
    const words = JSON.parse((await page.textContent("#page-words")) ?? "{}") as Record<string, unknown>;
    expect(words).toHaveProperty("signIn");
    expect(words).not.toHaveProperty("groups");
    expect(words).not.toHaveProperty("recover");
    // Hydrated with the page's words: the button works, the title and heading are unchanged.
    await page.waitForSelector("main form button[type=submit]:not([disabled])");
    expect(await page.title()).toBe("登录 · 同行");
    await expect(page.locator("h1").textContent()).resolves.toBe("登录");
    // A tap before the language has come: the next page shows no keys, and its words once it comes.
    await page.click("a[href='/recover']");
    await page.waitForURL(`${baseUrl}/recover`);
    expect(await page.locator("main").textContent()).not.toMatch(/recover\.|fields\.|errors\./);
    release();
    await page.waitForFunction(() => document.querySelector("h1")?.textContent === "用恢复码找回账户" && document.title === "用恢复码找回账户 · 同行");
    await context.close();
  });

  it("shows a field's refusal made before the language has come with its words, never as an empty alert", async () => {
    const { context, page } = await openContext(browser(), { locale: "zh-CN", viewport: PHONE });
    const release = await holdChineseWords(page);
    await page.goto(`${baseUrl}/sign-up`);
    await page.waitForSelector("main form button[type=submit]:not([disabled])");
    await page.fill("#handle", "a".repeat(30));
    await page.fill("#passphrase", "long enough passphrase");
    await page.fill("#passphrase-confirm", "long enough passphrase");
    await page.click("main form button[type=submit]");
    // The form has answered (the field is marked), but the refusal's words are still on their way.
    await page.waitForSelector("#handle[aria-invalid=true]");
    await expect(page.locator("main [role=alert]").count()).resolves.toBe(0);
    release();
    await expect(page.locator("#handle-error").textContent({ timeout: 30_000 })).resolves.toBe("昵称最多 24 个字。");
    await context.close();
  });

  it("keeps a signed-in member's switch with their profile", async () => {
    const member = await signedInClient(baseUrl, { handle: "ahua", passphrase: "demo member passphrase" });
    const savedLocale = async () => ((await (await member.get("/api/identity/export")).json()) as { data: { profile: { locale: string } } }).data.profile.locale;
    expect(await savedLocale()).toBe("en");
    expect((await member.post("/language", { lng: "zh-CN", redirectTo: "/home" })).status).toBe(302);
    expect(await savedLocale()).toBe("zh-CN");
    expect((await member.post("/language", { lng: "en" })).status).toBe(302);
    expect(await savedLocale()).toBe("en");
  });

  it("keeps every page title discreet in both languages", async () => {
    for (const locale of ["zh-CN", "en-US"]) {
      const { context, page } = await openContext(browser(), { locale });
      for (const path of ["/", "/sign-in", "/sign-up", "/recover", "/no-such-page"]) {
        await page.goto(`${baseUrl}${path}`);
        const title = await page.title();
        expect(title.length).toBeGreaterThan(0);
        expect(title).not.toMatch(FORBIDDEN_IN_TITLES);
      }
      await context.close();
    }
  });
});

describe("quick exit", () => {
  const browser = useBrowser();

  it("leaves for a neutral site on click, wipes the tab's keys and replaces the page in history", async () => {
    const { context, page } = await openContext(browser(), { neutralUrl });
    await page.goto(`${baseUrl}/`);
    await page.goto(`${baseUrl}/sign-in`);
    await page.evaluate(() => sessionStorage.setItem("tx.keys", "secret-key-material"));
    const lengthBefore = await page.evaluate(() => history.length);
    await page.click("[data-testid=quick-exit]");
    await page.waitForURL(neutralUrl);
    expect(await page.title()).toBe("Weather");
    // location.replace: the neutral site took the sign-in page's place, no new entry.
    expect(await page.evaluate(() => history.length)).toBe(lengthBefore);
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await page.evaluate(() => sessionStorage.getItem("tx.keys"))).toBeNull();
    await context.close();
  });

  it("leaves when Esc is pressed twice", async () => {
    const { context, page } = await openContext(browser(), { neutralUrl });
    await page.goto(`${baseUrl}/sign-up`);
    await page.waitForFunction(() => document.querySelector("main form button[type=submit]:not([disabled])"));
    // Until the page has fetched what it loads after starting, a busy machine can hold the
    // second press back past the double-press time; a person's presses keep their own times.
    await page.waitForLoadState("networkidle");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await page.waitForURL(neutralUrl);
    await context.close();
  });

  it("works without JavaScript through /exit", async () => {
    const context = await browser().newContext({ javaScriptEnabled: false });
    await context.route(`${neutralUrl}**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>Weather</title>" }));
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.click("[data-testid=quick-exit]");
    await page.waitForURL(neutralUrl);
    await context.close();
  });
});
