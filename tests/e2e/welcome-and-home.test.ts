import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { readRecoveryCode } from "~/domain/formats/recovery-code";
import { seriousViolations } from "../support/axe";
import { openContext, pickHomeArea, signInElsewhere, uniqueHandle } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");

/** Whether the element's box lies inside the 390x844 viewport, clear of the fixed quick exit. */
function inView(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    const exit = document.querySelector(".quick-exit")?.getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= Math.min(window.innerHeight, exit?.top ?? Infinity);
  });
}

/** Submits the sign-up form and returns the recovery code it then shows (not yet confirmed). */
async function showRecoveryCode(page: Page, handle: string): Promise<string> {
  await page.goto(`${baseUrl}/sign-up`);
  await page.fill("#handle", handle);
  await page.fill("#passphrase", `welcome steps ${crypto.randomUUID()}`);
  await page.fill("#passphrase-confirm", await page.inputValue("#passphrase"));
  await page.click("main form button[type=submit]");
  const code = ((await page.locator("[data-testid=recovery-code]").textContent({ timeout: 60_000 })) ?? "").trim();
  expect(code).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
  return code;
}

async function entryIds(page: Page): Promise<(string | null)[]> {
  await page.locator(".entries__link").first().waitFor();
  return page.locator(".entries__link").evaluateAll((links) => links.map((link) => link.getAttribute("href")));
}

describe("the first hour: recovery code, welcome steps and a home that says what to do (zh-CN, 390x844)", () => {
  const browser = useBrowser();

  it("saves the recovery code by copy and by file, then leads through the welcome steps to home", async () => {
    const { context, page } = await openContext(browser(), { locale: "zh-CN", viewport: PHONE });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
    const handle = uniqueHandle("welcome");
    const code = await showRecoveryCode(page, handle);
    await expect(page.title()).resolves.toBe("保存恢复码 · 同行");

    // Eight groups, none broken across lines on a 390 px screen.
    const groupLines = await page
      .locator(".recovery-code__group")
      .evaluateAll((groups) => groups.map((group) => new Set([...group.getClientRects()].map((rect) => Math.round(rect.top))).size));
    expect(groupLines).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);

    await page.click("[data-testid=recovery-code-copy]");
    // The copy finishes after the tap: wait for the message rather than read it at once.
    await page.locator("[role=status][data-testid=recovery-code-feedback]", { hasText: "已复制" }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(code);

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=recovery-code-save]")]);
    expect(download.suggestedFilename()).toBe("recovery-code.txt");
    const saved = await readFile((await download.path()) ?? "", "utf8");
    expect(saved.split("\n")).toContain(code);
    expect(saved).toContain("恢复码");
    expect(saved).not.toMatch(/同行|Tongxing|戒毒|drug/i);
    expect(await seriousViolations(page)).toEqual([]);

    await page.check("[data-testid=recovery-code-saved]");
    await page.click("[data-testid=recovery-code-continue]");
    // The address changes before the new page has drawn: wait for its heading.
    await page.waitForURL(`${baseUrl}/welcome`);
    await page.locator("h1", { hasText: handle }).waitFor();
    await expect(page.locator(".steps .steps__done").count()).resolves.toBe(1);

    // Skipped for now: home asks to finish setting up, first.
    await page.goto(`${baseUrl}/home`);
    const before = await entryIds(page);
    expect(before[0]).toBe("/welcome");
    expect(before).toEqual(expect.arrayContaining(["/identity", "/account", "/about"]));
    expect(before).not.toContain("/shared");

    await page.click(".entries__link[href='/welcome']");
    await page.waitForURL(`${baseUrl}/welcome`);
    await pickHomeArea(page, DEMO_AREAS.tianhe);
    const saved2 = "form:has(#area-province) [role=status] .form-message--info";
    await expect(page.locator(saved2).textContent()).resolves.toBe("地区已保存。");
    expect(await inView(page, saved2)).toBe(true);
    // The list of steps now shows the area as done, in words as well as by its mark (in as
    // few words as before, so that the confirmation is not pushed under the quick exit).
    await page.locator(".steps .steps__done", { hasText: "已选好" }).waitFor();
    expect(await inView(page, saved2)).toBe(true);
    await expect(page.locator(".steps .steps__done").count()).resolves.toBe(2);

    await page.click("a[href='/home'].button");
    await page.waitForURL(`${baseUrl}/home`);
    const after = await entryIds(page);
    expect(after).not.toContain("/welcome");
    expect(after).toEqual(["/groups", "/mentors", "/testing", "/help", "/attendance", "/identity", "/lead", "/mentor", "/account", "/about"]);
    await context.close();
  });

  it("selects the code when the phone refuses to copy, says so on every tap, and prints only the code and what it is", async () => {
    const { context, page } = await openContext(browser(), { locale: "zh-CN", viewport: PHONE });
    // A browser that refuses web pages the clipboard, as some phones do.
    await context.addInitScript(() => {
      Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new DOMException("refused", "NotAllowedError")) } });
    });
    const code = await showRecoveryCode(page, uniqueHandle("nocopy"));
    const feedback = page.locator("[role=status][data-testid=recovery-code-feedback]");

    await page.click("[data-testid=recovery-code-copy]");
    await feedback.filter({ hasText: "长按" }).waitFor();
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? "");
    expect(selected).toBe(code);
    expect(readRecoveryCode(selected)).toEqual({ ok: true, code: code.replaceAll("-", "") });

    // The same message again is a new line in the live region, so it is read out again.
    await feedback.locator("span").evaluate((line) => line.setAttribute("data-first", ""));
    await page.click("[data-testid=recovery-code-copy]");
    await feedback.locator("span:not([data-first])", { hasText: "长按" }).waitFor();
    await expect(feedback.locator("span").count()).resolves.toBe(1);

    await page.emulateMedia({ media: "print" });
    const printed = (selector: string) => page.locator(selector).first().evaluate((element) => element.checkVisibility({ visibilityProperty: true }));
    for (const selector of ["[data-testid=recovery-code]", ".recovery-code h1", ".recovery-code p:first-of-type"]) {
      expect(await printed(selector), selector).toBe(true);
    }
    for (const selector of [".site-header", ".quick-exit", "[data-testid=recovery-code-copy]", "[data-testid=recovery-code-saved]", "[data-testid=recovery-code-continue]", ".recovery-code .field__hint"]) {
      expect(await printed(selector), selector).toBe(false);
    }
    await context.close();
  });

  it("gives a social worker their work on home, and the welcome page works without JavaScript", async () => {
    const worker = await openContext(browser(), { locale: "zh-CN", viewport: PHONE });
    await signInElsewhere(worker.page, baseUrl, DEMO.workerLi);
    expect(await entryIds(worker.page)).toContain("/shared");
    const cookies = await worker.context.cookies();
    await worker.context.close();

    const noScript = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    await noScript.addCookies(cookies);
    const page = await noScript.newPage();
    await page.goto(`${baseUrl}/welcome`);
    await page.click("form:has(#area-province) button[value=area]");
    await expect(page.locator("form:has(#area-province) .form-message--info").textContent()).resolves.toBe("地区已保存。");
    await noScript.close();
  });

  for (const [locale, days, heading] of [
    ["zh-CN", "7 天", "关于同行和你的隐私"],
    ["en-US", "7 days", "About Tongxing and your privacy"],
  ] as const) {
    it(`/about says what is seen and kept, in ${locale}, without JavaScript, linked from the landing page`, async () => {
      const context = await browser().newContext({ locale, viewport: PHONE, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/`);
      await page.click("main a[href='/about']");
      await page.waitForURL(`${baseUrl}/about`);
      await expect(page.locator("h1").textContent()).resolves.toBe(heading);
      await expect(page.locator("main").textContent()).resolves.toContain(days);
      await expect(page.locator("main a[href='/sign-up']").count()).resolves.toBe(1);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await context.close();
    });
  }
});
