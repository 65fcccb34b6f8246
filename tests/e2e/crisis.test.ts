/**
 * The crisis page (issue 19): one tap from every page on a phone, hotlines of the person's
 * area (signed in: their own; signed out: chosen step by step, without JavaScript too) before
 * the national ones, calm steps for the next ten minutes, admins' changes seen by members,
 * and a copy that still opens offline until quick exit wipes it.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { openContext, signInElsewhere } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const neutralUrl = inject("neutralUrl");

/** The link is on screen at once, beside quick exit and overlapping neither it nor the page's content. */
async function expectCrisisLinkInReach(page: Page): Promise<void> {
  const link = await page.locator("[data-testid=crisis-link]").boundingBox();
  const exit = await page.locator("[data-testid=quick-exit]").boundingBox();
  if (!link || !exit) throw new Error("the crisis link or quick exit is missing");
  expect(link.y).toBeGreaterThanOrEqual(0);
  expect(link.y + link.height).toBeLessThanOrEqual(PHONE.height);
  expect(link.x).toBeGreaterThanOrEqual(0);
  expect(link.x + link.width).toBeLessThanOrEqual(exit.x);
  expect(link.height).toBeGreaterThanOrEqual(44);
  // Scrolled to the end, the page's content ends above the corner.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const mainBottom = await page.evaluate(() => document.querySelector("main")?.getBoundingClientRect().bottom ?? Infinity);
  const after = await page.locator("[data-testid=crisis-link]").boundingBox();
  expect(mainBottom).toBeLessThanOrEqual(after?.y ?? 0);
}

const texts = (page: Page, testId: string) => page.locator(`[data-testid=${testId}] .hotline__name`).allTextContents();

/** Whether this page's origin has a service worker or a cache left. */
const offlineTraces = (page: Page) =>
  page.evaluate(async () => ({ workers: (await navigator.serviceWorker.getRegistrations()).length, caches: (await caches.keys()).length }));

describe("the crisis page", () => {
  const browser = useBrowser();

  it("is one tap away on every page, signed out and signed in, without scrolling", async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE });
    for (const path of ["/", "/sign-in", "/about"]) {
      await page.goto(`${baseUrl}${path}`);
      await expectCrisisLinkInReach(page);
    }
    await signInElsewhere(page, baseUrl, DEMO.member);
    for (const path of ["/home", "/groups", "/account"]) {
      await page.goto(`${baseUrl}${path}`);
      await expectCrisisLinkInReach(page);
    }
    await page.click("[data-testid=crisis-link]");
    await page.waitForURL(`${baseUrl}/crisis`);
    // The address changes before the page has rendered: wait for the page itself.
    await page.locator("h1", { hasText: "紧急求助" }).waitFor();
    expect(await page.title()).toBe("紧急求助 · 同行");
    await context.close();
  });

  it("signed out and without JavaScript: national lines, then an area chosen step by step, in plain Chinese", async () => {
    const context = await browser().newContext({ javaScriptEnabled: false, locale: "zh-CN", viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/crisis`);
    expect(await page.locator("h1").textContent()).toBe("紧急求助");
    expect(await texts(page, "national-hotlines")).toEqual(["报警", "急救", "心理援助热线", "卫生健康热线", "青少年服务热线", "法律服务热线"]);
    expect(await page.locator("[data-testid=national-hotlines] a[href='tel:12356']").count()).toBe(1);
    expect(await page.locator("[data-testid=local-hotlines]").count()).toBe(0);
    expect(await page.locator("main").textContent()).toContain("选好地区，就能看到当地的电话。");
    expect(await page.locator("#crisis-steps-title").textContent()).toBe("接下来的十分钟");
    expect(await page.locator(".crisis__steps li").first().textContent()).toContain("慢慢呼吸");

    // Province, city, district: each submit brings the next select, and the choice is in the address.
    const [province, city, district] = DEMO_AREAS.tianhe;
    for (const [select, areaId] of [["#area-province", province], ["#area-city", city], ["#area-district", district]] as const) {
      await page.selectOption(select, areaId);
      await page.click("form:has(#area-province) button[type=submit]");
      await page.waitForURL(new RegExp(`areaPick\\d=${areaId}`));
    }
    expect(await page.locator("#crisis-local-title").textContent()).toBe("天河区的电话");
    expect(await texts(page, "local-hotlines")).toEqual(["天河区社工站夜间值班（演示）", "天河区同伴支持电话（演示）", "广州市心理援助热线（演示）", "广东省社会工作服务热线（演示）"]);
    // A large tap target that dials the number as written, without its spaces.
    const call = page.locator("[data-testid=local-hotlines] .hotline__call").first();
    expect(await call.getAttribute("href")).toBe("tel:02000001106");
    expect((await call.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
    // Reloading the address shows the same: the choice lives in the URL.
    await page.reload();
    expect(await texts(page, "local-hotlines")).toHaveLength(4);
    await context.close();
  });

  it("an admin changes a hotline (bad input told beside the field) and a member of that area sees it first", async () => {
    const admin = await openContext(browser(), { viewport: PHONE, locale: "en-US" });
    await signInElsewhere(admin.page, baseUrl, DEMO.admin);
    await admin.page.click("a[href='/admin/hotlines']");
    await admin.page.waitForURL(`${baseUrl}/admin/hotlines`);
    await admin.page.locator("tr", { hasText: "天河区社工站夜间值班" }).locator("a", { hasText: "Change" }).click();
    await admin.page.locator("#hotline-form-title", { hasText: "Change this number" }).waitFor();
    expect(await admin.page.inputValue("#hotline-number")).toBe("020-0000 1106");
    await admin.page.fill("#hotline-number", "020 ext 5");
    await admin.page.click("[data-testid=hotline-form] button[type=submit]");
    await expect(admin.page.locator("#hotline-number-error").textContent()).resolves.toBe("A phone number can only have digits, a + in front, and dashes or spaces in between.");
    const hours = `Every night 19:00–7:00 (${Date.now().toString(36)})`;
    await admin.page.fill("#hotline-number", "020-0000 1199");
    await admin.page.fill("#hotline-hours", hours);
    await admin.page.click("[data-testid=hotline-form] button[type=submit]");
    await expect(admin.page.locator(".form-message--info").textContent()).resolves.toBe("Saved.");
    await admin.context.close();

    const member = await openContext(browser(), { viewport: PHONE });
    await signInElsewhere(member.page, baseUrl, DEMO.member); // xiaoming lives in Tianhe
    await member.page.goto(`${baseUrl}/crisis`);
    expect(await member.page.locator("#crisis-local-title").textContent()).toBe("天河区的电话");
    const first = member.page.locator("[data-testid=local-hotlines] .hotline").first();
    expect(await first.locator(".hotline__number").textContent()).toBe("020-0000 1199");
    expect(await first.locator(".hotline__facts").textContent()).toContain(hours);
    expect(await first.locator("a").getAttribute("href")).toBe("tel:02000001199");
    await member.context.close();
  });

  it("without JavaScript an admin adds and removes a hotline; bad input is a 400 beside the field that changes nothing", async () => {
    const context = await browser().newContext({ javaScriptEnabled: false, locale: "en-US", viewport: PHONE });
    const page = await context.newPage();
    await signInElsewhere(page, baseUrl, DEMO.admin);
    await page.goto(`${baseUrl}/admin/hotlines`);
    const name = `Night line ${Date.now().toString(36)}`;
    const fill = async (number: string) => {
      await page.fill("#hotline-name", name);
      await page.fill("#hotline-number", number);
      await page.selectOption("#hotline-area", DEMO_AREAS.wuchang[2]);
    };
    await fill("12");
    const refused = page.waitForResponse((response) => response.request().method() === "POST");
    await page.click("[data-testid=hotline-form] button[type=submit]");
    expect((await refused).status()).toBe(400);
    expect(await page.locator("#hotline-number-error").textContent()).toBe("A phone number needs 3 to 20 digits.");
    expect(await page.locator("tr", { hasText: name }).count()).toBe(0);

    await fill("027-0000 2222");
    await page.click("[data-testid=hotline-form] button[type=submit]");
    await page.waitForURL(/done=added/);
    expect(await page.locator(".form-message--info").textContent()).toBe("Added.");
    expect(await page.locator("tr", { hasText: name }).locator("td").nth(2).textContent()).toBe("Wuchang District");

    await page.locator("tr", { hasText: name }).locator("a", { hasText: "Remove" }).click();
    expect(await page.locator("[data-testid=remove-hotline-confirm]").textContent()).toContain(`"${name}" (027-0000 2222)`);
    await page.click("[data-testid=remove-hotline-confirm] button[type=submit]");
    await page.waitForURL(/done=removed/);
    expect(await page.locator("tr", { hasText: name }).count()).toBe(0);
    await context.close();
  });

  it("keeps a copy without the member's account for when the network is gone, until quick exit", async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE, neutralUrl });
    await signInElsewhere(page, baseUrl, DEMO.member);
    await page.goto(`${baseUrl}/crisis`);
    // The worker has stored its copy of the page once the cache answers for it.
    await expect
      .poll(() => page.evaluate(async () => Boolean(await caches.match("/crisis"))), { timeout: 30_000 })
      .toBe(true);
    const copy = await page.evaluate(async () => (await caches.match("/crisis"))?.text());
    expect(copy).toContain("天河区社工站夜间值班");
    expect(copy).not.toContain(DEMO.member.handle);
    // Only the crisis page's worker, only for the crisis page.
    const scopes = await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => new URL(r.scope).pathname));
    expect(scopes).toEqual(["/crisis"]);
    // The page goes into the cache before the worker has stored the files it needs and
    // become active; only an active worker answers when the network is gone.
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration("/crisis"))?.active?.state), { timeout: 30_000 })
      .toBe("activated");

    await context.setOffline(true);
    expect(await page.evaluate(() => fetch("/healthz").then(() => "online", () => "offline"))).toBe("offline");
    await page.reload();
    expect(await page.locator("h1").textContent()).toBe("紧急求助");
    // The stored copy, not the member's own page: it names no account.
    expect(await page.content()).not.toContain(DEMO.member.handle);
    expect(await texts(page, "national-hotlines")).toContain("心理援助热线");
    expect((await texts(page, "local-hotlines"))[0]).toContain("天河区社工站夜间值班");
    await context.setOffline(false);

    // Quick exit (with scripts: a beacon to /exit, whose Clear-Site-Data removes the worker and its cache).
    await page.goto(`${baseUrl}/about`);
    await page.click("[data-testid=quick-exit]");
    await page.waitForURL(neutralUrl);
    await page.goto(`${baseUrl}/sign-in`);
    await expect.poll(() => offlineTraces(page), { timeout: 15_000 }).toEqual({ workers: 0, caches: 0 });
    await context.close();
  });

  it("quick exit's plain link (/exit, what works without JavaScript) wipes the copy too", async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE, neutralUrl });
    await page.goto(`${baseUrl}/crisis?area=${DEMO_AREAS.wuchang[2]}`);
    await expect.poll(() => page.evaluate(async () => Boolean(await caches.match("/crisis"))), { timeout: 30_000 }).toBe(true);
    expect(await page.evaluate(async () => (await caches.match("/crisis"))?.text())).toContain("武昌区社工站值班电话");
    const leaving = page.waitForRequest((request) => request.url().startsWith(neutralUrl));
    // Once a worker is registered, Chromium's route no longer answers for the redirect's target:
    // the neutral site fails to load here, and only the way there (the /exit reply) matters.
    await page.goto(`${baseUrl}/exit`).catch(() => undefined);
    await leaving;
    const after = await context.newPage(); // the failed page is still settling on its error page
    await after.goto(`${baseUrl}/sign-in`);
    await expect.poll(() => offlineTraces(after), { timeout: 15_000 }).toEqual({ workers: 0, caches: 0 });
    await context.close();
  });
});
