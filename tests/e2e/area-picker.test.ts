import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { grantSocialWorker, openContext, pickHomeArea, signInElsewhere, signUp, uniqueHandle } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const [GUANGDONG, GUANGZHOU, TIANHE] = DEMO_AREAS.tianhe;
const [HUBEI, WUHAN, WUCHANG] = DEMO_AREAS.wuchang;

/** Which steps the picker shows, and what each has chosen. */
function steps(page: Page): Promise<Array<[string, string]>> {
  return page.locator(".area-picker select").evaluateAll((selects) => selects.map((select) => [select.id, (select as HTMLSelectElement).value] as [string, string]));
}

describe("choosing an area step by step (390x844)", () => {
  const browser = useBrowser();

  it("with JavaScript, each step appears at once; the district is encouraged; the choice is kept", async () => {
    const { context, page } = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    await signUp(page, baseUrl, uniqueHandle("picker"), `area picker ${crypto.randomUUID()}`);
    await page.goto(`${baseUrl}/account`);
    await expect(steps(page)).resolves.toEqual([["area-province", ""]]);
    // No round trip: the page's own state survives each step.
    await page.evaluate(() => Object.assign(window, { stillHere: true }));
    await page.selectOption("#area-province", GUANGDONG);
    await expect(steps(page)).resolves.toEqual([["area-province", GUANGDONG], ["area-city", ""]]);
    await page.selectOption("#area-city", GUANGZHOU);
    await expect(steps(page)).resolves.toEqual([["area-province", GUANGDONG], ["area-city", GUANGZHOU], ["area-district", ""]]);
    await expect(page.locator(".area-picker").textContent()).resolves.toContain("social workers help by district");
    await expect(page.locator("#area-district option").allTextContents()).resolves.toEqual(["Choose", "Yuexiu District", "Tianhe District"]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.selectOption("#area-district", TIANHE);
    await expect(page.locator(".area-picker").textContent()).resolves.not.toContain("social workers help by district");
    // The "next" step is for pages without scripts only.
    await expect(page.locator("button[value=area-step]").isVisible()).resolves.toBe(false);
    await page.click("form:has(#area-province) button[value=area]");
    await expect(page.locator("form:has(#area-province) .form-message--info").textContent()).resolves.toBe("Area saved.");
    await expect(page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).resolves.toBe(true);
    await page.reload();
    await expect(steps(page)).resolves.toEqual([["area-province", GUANGDONG], ["area-city", GUANGZHOU], ["area-district", TIANHE]]);

    // On a slow phone a choice can come before the page's scripts have run: it still counts.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/assets/**", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${baseUrl}/account`, { waitUntil: "commit" });
    await page.selectOption("#area-province", HUBEI);
    release();
    await page.locator("#area-city option", { hasText: "Wuhan" }).waitFor({ state: "attached" });
    await expect(steps(page)).resolves.toEqual([["area-province", HUBEI], ["area-city", ""]]);
    await page.unroute("**/assets/**");

    // Without JavaScript: one step per round trip; a changed province drops the old city.
    const cookies = await context.cookies();
    await context.close();
    const noScript = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    await noScript.addCookies(cookies);
    const plain = await noScript.newPage();
    await plain.goto(`${baseUrl}/account`);
    await expect(steps(plain)).resolves.toEqual([["area-province", GUANGDONG], ["area-city", GUANGZHOU], ["area-district", TIANHE]]);
    await plain.selectOption("#area-province", HUBEI);
    await plain.click("button[value=area-step]");
    await expect(steps(plain)).resolves.toEqual([["area-province", HUBEI], ["area-city", ""]]);
    await plain.selectOption("#area-city", WUHAN);
    await plain.click("button[value=area-step]");
    await expect(steps(plain)).resolves.toEqual([["area-province", HUBEI], ["area-city", WUHAN], ["area-district", ""]]);
    await expect(plain.locator(".area-picker").textContent()).resolves.toContain("最好选到区或县");
    await plain.selectOption("#area-district", WUCHANG);
    await plain.click("form:has(#area-province) button[value=area]");
    await expect(plain.locator("form:has(#area-province) .form-message--info").textContent()).resolves.toBe("地区已保存。");
    await plain.goto(`${baseUrl}/account`);
    await expect(steps(plain)).resolves.toEqual([["area-province", HUBEI], ["area-city", WUHAN], ["area-district", WUCHANG]]);
    await noScript.close();
  });

  it("a social worker granted a city serves its districts, and no one elsewhere", async () => {
    // A new social worker, granted the city of Guangzhou by the demo admin.
    const worker = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    const workerHandle = uniqueHandle("city");
    await signUp(worker.page, baseUrl, workerHandle, `city worker ${crypto.randomUUID()}`);
    await worker.context.close();
    const admin = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    await signInElsewhere(admin.page, baseUrl, DEMO.admin);
    await grantSocialWorker(admin.page, baseUrl, workerHandle, GUANGZHOU);
    await expect(admin.page.locator(".form-message--info").textContent()).resolves.toBe("Role granted.");
    await admin.context.close();

    const recipientsFor = async (path: readonly string[]) => {
      const member = await openContext(browser(), { locale: "en-US", viewport: PHONE });
      await signUp(member.page, baseUrl, uniqueHandle("near"), `near or far ${crypto.randomUUID()}`);
      await member.page.goto(`${baseUrl}/account`);
      await pickHomeArea(member.page, path);
      await expect(member.page.locator("form:has(#area-province) .form-message--info").textContent()).resolves.toBe("Area saved.");
      // Sharing is offered once there is something saved to share.
      await member.page.goto(`${baseUrl}/identity`);
      await member.page.fill("#identity-legalName", "Near Or Far");
      await member.page.click("form:has(#identity-legalName) button[type=submit]");
      await expect(member.page.locator("form:has(#identity-legalName) .form-message--info").textContent({ timeout: 30_000 })).resolves.toBe("Encrypted and saved.");
      await member.page.waitForFunction(() => document.querySelector("#share-recipient") ?? document.querySelector("main")?.textContent?.includes("no social worker to share with"), undefined, {
        timeout: 30_000,
      });
      const options = await member.page.locator("#share-recipient option").allTextContents();
      await member.context.close();
      return options;
    };
    // Yuexiu is one of Guangzhou's districts; Wuchang is in another province.
    const offers = (options: string[]) => options.some((option) => option.includes(workerHandle));
    expect(offers(await recipientsFor(DEMO_AREAS.yuexiu))).toBe(true);
    expect(offers(await recipientsFor(DEMO_AREAS.wuchang))).toBe(false);
  });
});
