/**
 * A busy social worker's list of shares (/shared) a page at a time, in Chromium at 390x844:
 * one page and one share more of members in Xichang share with worker_wang over HTTP, as their
 * browsers would (vault and keys of the right shape: the worker opens none of them here); the
 * worker pages forward and back, with and without JavaScript.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { SHARES_PAGE_SIZE } from "~/domain/identity/shares-pages";
import { openContext, uniqueHandle } from "../support/browser";
import { fakeOwnerKey, fakeSealedKey, fakeVaultCiphertext } from "../support/db-personas";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { signedInClient, signedUpClient } from "../support/http-client";
import { PHONE } from "../support/phone";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");

/** A new member of Xichang who shares a vault with worker_wang for `days` days; returns their handle. */
async function memberSharingWithWang(days: number): Promise<string> {
  const handle = uniqueHandle("busy");
  const member = await signedUpClient(baseUrl, { handle, passphrase: `busy worker ${crypto.randomUUID()}` });
  const [areaPick0 = "", areaPick1 = "", areaPick2 = ""] = DEMO_AREAS.xichang;
  expect((await member.post("/account", { intent: "area", areaPick0, areaPick1, areaPick2 })).status).toBe(200);
  const vault = { ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), keyVersion: 1 };
  expect((await member.post("/api/identity/vault", vault)).status).toBe(200);
  const shared = await member.post("/api/identity/shares", { ...vault, recipientId: DEMO.workerWang.id, sealedKey: fakeSealedKey(), days });
  expect(shared.status).toBe(201);
  return handle;
}

const rowHandles = (page: Page) => page.locator("main table tbody tr td:first-child").allTextContents();

describe("a social worker's shares, a page at a time (390x844)", () => {
  const browser = useBrowser();

  it("pages forward and back through more shares than a page holds, with and without JavaScript", async () => {
    // Each a day longer than the one before, so the list's order (soonest to end first) is the order made.
    const handles: string[] = [];
    for (let index = 0; index <= SHARES_PAGE_SIZE; index++) handles.push(await memberSharingWithWang(30 + index));
    const firstPage = handles.slice(0, SHARES_PAGE_SIZE);

    const worker = await signedInClient(baseUrl, DEMO.workerWang);
    const { context, page } = await openContext(browser(), { locale: "zh-CN", viewport: PHONE });
    await context.addCookies(worker.cookiesFor(baseUrl));
    await page.goto(`${baseUrl}/shared`);
    await expect(rowHandles(page)).resolves.toEqual(firstPage.map((handle) => expect.stringContaining(handle)));
    const pager = page.locator("nav.pager");
    await expect(pager.locator("a").allTextContents()).resolves.toEqual(["下一页（更晚到期）"]);
    await pager.locator("a", { hasText: "下一页（更晚到期）" }).click();
    // With JavaScript the address changes before the new page is drawn: wait for its rows.
    await page.waitForURL(/\/shared\?after=/);
    await expect.poll(() => rowHandles(page)).toEqual([expect.stringContaining(handles[SHARES_PAGE_SIZE] ?? "")]);
    await expect.poll(() => pager.locator("a").allTextContents()).toEqual(["上一页（更早到期）"]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await pager.locator("a", { hasText: "上一页（更早到期）" }).click();
    await page.waitForURL(/\/shared\?before=/);
    await expect.poll(() => rowHandles(page)).toEqual(firstPage.map((handle) => expect.stringContaining(handle)));
    await context.close();

    // Without JavaScript the pages are plain links; an address naming no share shows the first page.
    const plain = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    await plain.addCookies(worker.cookiesFor(baseUrl));
    const noScript = await plain.newPage();
    await noScript.goto(`${baseUrl}/shared?after=not-a-share`);
    await expect(rowHandles(noScript)).resolves.toHaveLength(SHARES_PAGE_SIZE);
    await noScript.locator("nav.pager a", { hasText: "下一页（更晚到期）" }).click();
    await noScript.waitForURL(/\/shared\?after=/);
    await expect(rowHandles(noScript)).resolves.toEqual([expect.stringContaining(handles[SHARES_PAGE_SIZE] ?? "")]);
    await plain.close();
  });
});
