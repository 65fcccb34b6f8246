import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openContext } from "../support/browser";
import { DEMO } from "../support/demo-accounts";

const baseUrl = inject("baseUrl");

describe("roles are granted by admins", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an admin grants and takes back a role; a member cannot see the page", async () => {
    const { context, page } = await openContext(browser, { locale: "en-US" });
    await page.goto(`${baseUrl}/sign-in`);
    await page.fill("#handle", DEMO.admin.handle);
    await page.fill("#passphrase", DEMO.admin.passphrase);
    await page.click("main form button[type=submit]");
    await page.waitForURL(`${baseUrl}/home`, { timeout: 30_000 });

    await page.goto(`${baseUrl}/admin/roles`);
    await page.fill("#grant-handle", "nobody_here");
    await page.click("main form button[type=submit]");
    await expect(page.locator("#grant-handle-error").textContent()).resolves.toBe("There is no account with this pseudonym.");

    await page.fill("#grant-handle", "AHUA");
    await page.selectOption("#grant-role", "social_worker");
    await page.selectOption("#grant-area", { label: "District: Xichang" });
    await page.click("main form button[type=submit]");
    await expect(page.locator(".form-message--info").textContent()).resolves.toBe("Role granted.");
    const row = page.locator("tr", { hasText: "ahua" }).filter({ hasText: "Social worker" });
    await expect(row.locator("td").nth(2).textContent()).resolves.toBe("Xichang");

    await page.fill("#grant-handle", "ahua");
    await page.selectOption("#grant-role", "admin");
    await page.selectOption("#grant-area", { label: "District: Xichang" });
    await page.click("main form button[type=submit]");
    await expect(page.locator("#grant-area-error").textContent()).resolves.toContain("covers all areas");

    await row.locator("button").click();
    await expect(page.locator(".form-message--info").textContent()).resolves.toBe("Role taken back.");
    await expect(page.locator("tr", { hasText: "ahua" }).count()).resolves.toBe(0);
    await context.close();

    const member = await openContext(browser, { locale: "en-US" });
    await member.page.goto(`${baseUrl}/sign-in`);
    await member.page.fill("#handle", DEMO.member.handle);
    await member.page.fill("#passphrase", DEMO.member.passphrase);
    await member.page.click("main form button[type=submit]");
    await member.page.waitForURL(`${baseUrl}/home`, { timeout: 30_000 });
    const response = await member.page.goto(`${baseUrl}/admin/roles`);
    expect(response?.status()).toBe(404);
    await expect(member.page.locator("h1").textContent()).resolves.toBe("Page not found");
    await member.context.close();
  });
});
