import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { openContext, signIn, signInElsewhere } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const neutralUrl = inject("neutralUrl");

/** Scrolls to the very end and checks the exit button is on screen and covers none of the page. */
async function expectExitReachableAtBottom(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(0); // the page really is longer than the screen
  const exit = await page.locator("[data-testid=quick-exit]").boundingBox();
  expect(exit).not.toBeNull();
  if (!exit) return;
  expect(exit.y).toBeGreaterThanOrEqual(0);
  expect(exit.y + exit.height).toBeLessThanOrEqual(PHONE.height);
  expect(exit.x + exit.width).toBeLessThanOrEqual(PHONE.width);
  const mainBottom = await page.evaluate(() => document.querySelector("main")?.getBoundingClientRect().bottom ?? Infinity);
  expect(mainBottom).toBeLessThanOrEqual(exit.y);
}

describe("quick exit on a phone", () => {
  const browser = useBrowser();

  it("stays on screen at the bottom of long pages and still leaves", async () => {
    // Each page measured once it is whole: /identity grows when the browser has opened the vault
    // (or says it could not: another test leaves the demo member a vault no key opens).
    // Only the vault needs the member's keys in the tab, so only it signs in through the page.
    for (const [path, whole, signInFor] of [
      ["/identity", "#identity-legalName, main .form-message--error", signIn],
      ["/account", "#area-province", signInElsewhere],
    ] as const) {
      const { context, page } = await openContext(browser(), { neutralUrl, viewport: PHONE });
      await signInFor(page, baseUrl, DEMO.member);
      await page.goto(`${baseUrl}${path}`);
      await page.locator(whole).first().waitFor({ timeout: 30_000 });
      await page.waitForLoadState("networkidle");
      await expectExitReachableAtBottom(page);
      await page.click("[data-testid=quick-exit]");
      await page.waitForURL(neutralUrl);
      expect(await page.title()).toBe("Weather");
      await context.close();
    }
  });

  it("says how it works in words that fit a phone", async () => {
    const { context, page } = await openContext(browser(), { locale: "zh-CN", viewport: PHONE });
    await page.goto(`${baseUrl}/sign-in`);
    expect(await page.locator("[data-testid=quick-exit]").textContent()).toContain("点一下");
    expect(await page.locator("[data-testid=quick-exit]").getAttribute("title")).toContain("Esc");
    await context.close();
  });
});

describe("show and hide a passphrase", () => {
  const browser = useBrowser();

  it("switches the field between hidden and shown, by mouse and by keyboard", async () => {
    const { context, page } = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    await page.goto(`${baseUrl}/sign-in`);
    await page.fill("#passphrase", "demo member passphrase");
    const toggle = page.locator("[data-testid=passphrase-toggle]");
    expect(await page.getAttribute("#passphrase", "type")).toBe("password");
    expect(await toggle.textContent()).toBe("Show");
    await toggle.click();
    expect(await page.getAttribute("#passphrase", "type")).toBe("text");
    expect(await toggle.textContent()).toBe("Hide");
    await toggle.focus();
    await page.keyboard.press("Enter");
    expect(await page.getAttribute("#passphrase", "type")).toBe("password");
    expect(await page.inputValue("#passphrase")).toBe("demo member passphrase");
    await context.close();
  });

  it("stays hidden without JavaScript", async () => {
    const context = await browser().newContext({ javaScriptEnabled: false, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    expect(await page.getAttribute("#passphrase", "type")).toBe("password");
    expect(await page.locator("[data-testid=passphrase-toggle]").count()).toBe(0);
    await context.close();
  });
});
