/**
 * The social workers' testing console (issue 17, staff side) in Chromium at 390x844: the demo
 * worker of Tianhe adds a testing site with its address (zh-CN), opens a series of slots,
 * sees them, closes one and closes the site; bad input without JavaScript (English), at the
 * desk too, is refused beside its field with a 4xx and adds nothing;
 * a member gets "not found".
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { openContext, signInElsewhere } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO } from "../support/demo-accounts";
import { signedInClient } from "../support/http-client";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");

/** A date `days` from today (China Standard Time), as a date input takes it. */
function inDays(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** A page signed in as the demo worker with JavaScript off (signing in itself needs it, so the session comes over HTTP). */
async function workerWithoutScripts(browser: Browser, locale: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale, viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await signInElsewhere(page, baseUrl, DEMO.workerLi);
  return { page, close: () => context.close() };
}

describe("testing sites for social workers (390x844)", () => {
  const browser = useBrowser();

  it("the worker of Tianhe adds a site with its address, opens slots, closes one and closes the site (zh-CN)", { timeout: 120_000 }, async () => {
    const { context, page } = await openContext(browser(), { locale: "zh-CN", viewport: PHONE });
    await signInElsewhere(page, baseUrl, DEMO.workerLi);
    await page.goto(`${baseUrl}/staff/testing`);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("zh-CN");
    await expect(page.locator("h1").textContent()).resolves.toBe("检测点");
    const name = `城东健康服务点 ${crypto.randomUUID().slice(0, 6)}`;
    await page.fill("#new-site-name", name);
    await page.fill("#new-site-address", "阳光路 8 号 2 楼");
    await page.fill("#new-site-opening", "周一至周五 9:00–17:00");
    await page.click("form:has(#new-site-name) button[type=submit]");
    const site = page.locator(`li[data-site="${name}"]`);
    await site.waitFor();
    await expect(site.textContent()).resolves.toContain("阳光路 8 号 2 楼");
    await expect(site.textContent()).resolves.toContain("天河");

    // A series of slots: Monday to Friday for the coming two weeks, 09:00–10:00 in 30 minutes, two people each.
    await site.locator("h2 a").click();
    await page.locator("h1", { hasText: name }).waitFor();
    for (const day of [1, 2, 3, 4, 5]) await page.check(`input[name=weekday_${day}]`);
    await page.fill("#series-from", inDays(1));
    await page.fill("#series-to", inDays(14));
    await page.fill("#series-start", "09:00");
    await page.fill("#series-end", "10:00");
    await page.fill("#series-minutes", "30");
    await page.fill("#series-capacity", "2");
    await page.click("form:has(#series-from) button[type=submit]");
    await page.locator(".form-message--info", { hasText: "时段已添加。" }).waitFor();
    const slots = page.locator("li[data-slot]");
    await slots.nth(19).waitFor();
    await expect(slots.count()).resolves.toBe(20);
    await expect(slots.first().textContent()).resolves.toContain("09:00–09:30");
    await expect(slots.first().textContent()).resolves.toContain("已约 0 / 2");
    await slots.first().locator("button", { hasText: "关闭这个时段" }).click();
    await page.locator("li[data-slot]", { hasText: "已关闭" }).waitFor();
    await expect(page.locator("li[data-slot]", { hasText: "已关闭" }).count()).resolves.toBe(1);
    await page.click("text=返回所有检测点");
    await site.locator("button", { hasText: "关闭这个检测点" }).click();
    await page.locator(`li[data-site="${name}"]`, { hasText: "已关闭" }).waitFor();
    await expect(page.locator(".form-message--info").textContent()).resolves.toBe("检测点已关闭。已经做好的预约仍然有效。");
    await context.close();
  });

  it("without JavaScript, an empty name or address and a series ending before it starts for nobody, a malformed and an unknown code at the desk are refused beside the fields with a 4xx and add nothing (English)", { timeout: 120_000 }, async () => {
    const { page, close } = await workerWithoutScripts(browser(), "en-US");
    await page.goto(`${baseUrl}/staff/testing`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Testing sites");
    const before = await page.locator("li[data-site]").count();
    await page.fill("#new-site-name", "   ");
    await page.fill("#new-site-address", "");
    await page.locator("#new-site-name").evaluate((input) => input.removeAttribute("required"));
    await page.locator("#new-site-address").evaluate((input) => input.removeAttribute("required"));
    const [response] = await Promise.all([page.waitForResponse((reply) => reply.request().method() === "POST"), page.click("form:has(#new-site-name) button[type=submit]")]);
    expect(response.status()).toBe(400);
    await expect(page.locator("#new-site-name-error").textContent()).resolves.toBe("Please write a public name for the site.");
    await expect(page.locator("#new-site-address-error").textContent()).resolves.toBe("Please write the site's address.");
    await expect(page.locator("li[data-site]").count()).resolves.toBe(before);

    // A series that ends before it starts, for nobody: refused beside each field, no slot made.
    await page.locator("li[data-site] h2 a").first().click();
    await page.locator("#series-from").waitFor();
    const slotsBefore = await page.locator("li[data-slot]").count();
    await page.check("input[name=weekday_1]");
    await page.fill("#series-from", inDays(5));
    await page.fill("#series-to", inDays(2));
    await page.fill("#series-capacity", "0");
    const [seriesReply] = await Promise.all([page.waitForResponse((reply) => reply.request().method() === "POST"), page.click("form:has(#series-from) button[type=submit]")]);
    expect(seriesReply.status()).toBe(400);
    await expect(page.locator("#series-to-error").textContent()).resolves.toBe("The last date cannot be before the first date.");
    await expect(page.locator("#series-capacity-error").textContent()).resolves.toBe("Please give a number of people from 1 to 50.");
    await expect(page.locator("li[data-slot]").count()).resolves.toBe(slotsBefore);

    // The desk: a malformed code is refused beside the field, an unknown one in plain words.
    await page.goto(`${baseUrl}/staff/testing/desk`);
    const deskStep = async (code: string, button: string) => {
      await page.fill("#desk-code", code);
      const [reply] = await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), page.click(`button[value=${button}]`)]);
      return reply.status();
    };
    expect(await deskStep("not a code!", "checkIn")).toBe(400);
    await expect(page.locator("#desk-code-error").textContent()).resolves.toBe("This does not look like a booking code. It has 8 letters and numbers, like ABCD-EFGH.");
    expect(await deskStep("zzzz zzzz", "noShow")).toBe(404);
    await expect(page.locator(".form-message--error").textContent()).resolves.toBe("There is no booking with this code at your sites.");
    await expect(page.locator("main").textContent()).resolves.toContain("It is never reported or sent to anyone.");
    await close();
  });

  it("a member, and a worker posting to a site outside their areas, get no further", async () => {
    const member = await signedInClient(baseUrl, DEMO.member);
    for (const path of ["/staff/testing", "/staff/testing/desk", "/staff/testing/sites/b0000000-0000-4000-8000-00000000dead"]) expect((await member.get(path)).status, path).toBe(404);
    const worker = await signedInClient(baseUrl, DEMO.workerLi);
    const refused = await worker.post("/staff/testing", { intent: "status", siteId: "b0000000-0000-4000-8000-00000000dead", status: "closed" });
    expect(refused.status).toBe(403);
  });
});
