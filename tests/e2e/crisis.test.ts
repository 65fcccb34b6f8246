import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { openContext } from "../support/browser";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const PHONE = { width: 390, height: 844 };

describe("the crisis page (390x844)", () => {
  const browser = useBrowser();

  it("lists lines to dial with one tap and calm steps, without JavaScript, in Chinese", async () => {
    const context = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/crisis`);
    expect(response?.status()).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toBe("现在很难熬的时候");
    await expect(page.title()).resolves.not.toMatch(/危机|毒|戒/);
    const dial = await page.locator("[data-testid=hotlines] a").evaluateAll((links) => links.map((link) => link.getAttribute("href")));
    expect(dial).toEqual(["tel:12356", "tel:12320", "tel:120", "tel:110"]);
    await expect(page.locator("main").textContent()).resolves.toContain("接下来的十分钟");
    await context.close();
  });

  it("fits the phone with large tap targets and passes axe, in English", async () => {
    const { context, page } = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    await page.goto(`${baseUrl}/crisis`);
    await page.locator("h1", { hasText: "When it is hard right now" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    const first = await page.locator("[data-testid=hotlines] a").first().boundingBox();
    expect(first?.height ?? 0).toBeGreaterThanOrEqual(44);
    await context.close();
  });
});
