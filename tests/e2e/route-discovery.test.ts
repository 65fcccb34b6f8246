/**
 * Pages learn the routes their links lead to after they load (lazy route discovery, decision
 * 036): on a slow phone each path is asked for once, and a link to a learnt page opens it by
 * its data alone. Chromium at 390x844 with 400 ms round trips.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { openContext, signInElsewhere } from "../support/browser";
import { DEMO } from "../support/demo-accounts";
import { PHONE } from "../support/phone";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");

/** The paths each /__manifest request asked for, in order. */
function manifestAsks(page: Page): string[][] {
  const asks: string[][] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname === "/__manifest") asks.push(url.searchParams.getAll("p"));
  });
  return asks;
}

async function slowNetwork(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 400, downloadThroughput: 100_000, uploadThroughput: 100_000 });
}

describe("route discovery on a slow phone", () => {
  const browser = useBrowser();

  it("asks for each path its links lead to once, even while the first answer is on its way", { timeout: 60_000 }, async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE });
    const asks = manifestAsks(page);
    await slowNetwork(page);
    await page.goto(`${baseUrl}/sign-in`);
    await page.waitForLoadState("networkidle");
    const paths = asks.flat();
    expect(paths).toContain("/sign-up");
    expect(paths).toContain("/recover");
    expect(new Set(paths).size).toBe(paths.length);
    await context.close();
  });

  it("opens a page its links named without asking for its route again", { timeout: 60_000 }, async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE });
    await signInElsewhere(page, baseUrl, DEMO.member);
    await page.waitForLoadState("networkidle");
    const asks = manifestAsks(page);
    const documents: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "document") documents.push(request.url());
    });
    await slowNetwork(page);
    // A page link (decision 039): once the scripts run, the click opens the page in the app, as a Remix <Link> does.
    await page.evaluate(() => Object.assign(window, { beforeTheClick: true }));
    await page.click("main a[href='/groups']");
    await page.waitForURL(`${baseUrl}/groups`);
    await page.waitForSelector(".group-list__name");
    expect(asks.flat()).not.toContain("/groups");
    // A search form sends its choices in the app too, into the address as the browser would.
    await page.click(".finder-choices summary");
    await page.selectOption("#finder-weekday", "2");
    await page.click(".finder-form button[type=submit]");
    await page.waitForURL(/\/groups\?area=&language=&weekday=2&time=&format=$/);
    // The address changes before React has drawn the new page (a transition), which takes a while on a slow phone.
    await page.waitForFunction(() => document.querySelector(".finder-choices summary")?.textContent?.includes("星期二"));
    await expect(page.locator(".finder-choices summary").textContent()).resolves.toContain("星期二");
    expect(documents).toEqual([]);
    expect(await page.evaluate(() => "beforeTheClick" in window)).toBe(true);
    await context.close();
  });
});
