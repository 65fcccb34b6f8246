import { describe, expect, inject, it } from "vitest";
import { openContext, signInElsewhere } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");

describe("a page that does not exist, messages that name their limits, no dead controls (390x844)", () => {
  const browser = useBrowser();

  it("speaks the reader's language and knows they are signed in", async () => {
    const { context, page } = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    await signInElsewhere(page, baseUrl, DEMO.member);
    const response = await page.goto(`${baseUrl}/no-such-page/at-all`);
    expect(response?.status()).toBe(404);
    await expect(page.locator("h1").textContent()).resolves.toBe("Page not found");
    await expect(page.title()).resolves.toBe("Page not found · Tongxing");
    // The signed-in header (sign-out), and the way back leads home.
    await expect(page.locator("header form[action='/sign-out']").count()).resolves.toBe(1);
    await expect(page.locator("main a[href='/home']").count()).resolves.toBe(1);
    await context.close();
  });

  it("signed out, in Chinese, leads back to the landing page", async () => {
    const context = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/nowhere`);
    expect(response?.status()).toBe(404);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("zh-CN");
    await expect(page.locator("h1").textContent()).resolves.toBe("找不到这个页面");
    await expect(page.locator("main a[href='/']").count()).resolves.toBe(1);
    await expect(page.locator("header form[action='/sign-out']").count()).resolves.toBe(0);
    await context.close();
  });

  it("says how long a nickname may be when it is too long", async () => {
    const { context, page } = await openContext(browser(), { locale: "zh-CN", viewport: PHONE });
    await page.goto(`${baseUrl}/sign-up`);
    await page.fill("#handle", "a".repeat(30));
    await page.fill("#passphrase", "long enough passphrase");
    await page.fill("#passphrase-confirm", "long enough passphrase");
    await page.click("main form button[type=submit]");
    await expect(page.locator("#handle-error").textContent({ timeout: 30_000 })).resolves.toBe("昵称最多 24 个字。");
    await context.close();
  });

  it("without JavaScript the export says what to do instead of showing a button that cannot work", async () => {
    const signedIn = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    await signInElsewhere(signedIn.page, baseUrl, DEMO.member);
    const cookies = await signedIn.context.cookies();
    await signedIn.context.close();
    const context = await browser().newContext({ locale: "en-US", viewport: PHONE, javaScriptEnabled: false });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/identity`);
    const section = page.locator("section:has(#export-title)");
    await expect(section.innerText()).resolves.toContain("Open in browser");
    await expect(section.locator("button").isVisible()).resolves.toBe(false);
    await expect(section.locator("#export-understood").isVisible()).resolves.toBe(false);
    await context.close();
  });
});
