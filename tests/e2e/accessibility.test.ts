import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { openContext, signIn } from "../support/browser";
import { useBrowser } from "../support/use-browser";
import { DEMO } from "../support/demo-accounts";

const baseUrl = inject("baseUrl");
const PUBLIC_PAGES = ["/", "/sign-in", "/sign-up", "/recover", "/about", "/crisis", "/no-such-page"];
const MEMBER_PAGES = ["/home", "/welcome", "/account", "/identity", "/admin/roles", "/admin/hotlines", "/staff/reports", "/crisis", "/about", "/sign-out", "/talk-now", "/notifications"];

async function scan(page: Page, path: string) {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForLoadState("networkidle");
  return { path, violations: await seriousViolations(page) };
}

describe("accessibility (axe: no serious or critical violations)", () => {
  const browser = useBrowser();

  for (const locale of ["zh-CN", "en-US"]) {
    it(`every public page in ${locale}`, async () => {
      const { context, page } = await openContext(browser(), { locale });
      const results = [];
      for (const path of PUBLIC_PAGES) results.push(await scan(page, path));

      // The same pages with a field error showing.
      await page.goto(`${baseUrl}/sign-up`);
      await page.waitForFunction(() => document.querySelector("main form button[type=submit]:not([disabled])"));
      await page.click("main form button[type=submit]");
      await page.waitForSelector(".field__error");
      results.push({ path: "/sign-up (errors)", violations: await seriousViolations(page) });
      await context.close();

      expect(results.filter((r) => r.violations.length > 0)).toEqual([]);
    });

    it(`every signed-in page in ${locale}`, async () => {
      const { context, page } = await openContext(browser(), { locale });
      const results = [];
      await signIn(page, baseUrl, DEMO.admin);
      for (const path of MEMBER_PAGES) results.push(await scan(page, path));
      await context.close();

      // A social worker's page, and a tab that must be unlocked first.
      const worker = await openContext(browser(), { locale });
      await signIn(worker.page, baseUrl, DEMO.workerLi);
      results.push(await scan(worker.page, "/shared"));
      await worker.page.evaluate(() => sessionStorage.clear());
      results.push({ ...(await scan(worker.page, "/identity")), path: "/identity (locked)" });
      await worker.context.close();

      expect(results.filter((r) => r.violations.length > 0)).toEqual([]);
    });
  }
});
