/**
 * How members see staff (migration 0020), in Chromium at 390x844, zh-CN: an admin sets a new
 * worker's name and organisation on /admin/roles (without JavaScript: it is a plain form),
 * bad input is refused beside its field and changes nothing, and the worker's own page says
 * how members see them. That members see the card in the share form is shown by the identity
 * vault and share confirmation journeys (the demo worker has one).
 */
import { describe, expect, inject, it } from "vitest";
import { STAFF_CARD_MAX_LENGTH } from "~/domain/accounts/staff-card";
import { seriousViolations } from "../support/axe";
import { grantSocialWorker, openContext, signIn, signUp, uniqueHandle } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const TIANHE = "a0000000-0000-4000-8000-000000440106";

describe("how members see staff (zh-CN, 390x844)", () => {
  const browser = useBrowser();

  it("an admin names a worker for members, without JavaScript; bad input is refused beside the field; the worker sees how members see them", async () => {
    const workerHandle = uniqueHandle("card");
    const workerPassphrase = `staff card ${crypto.randomUUID()}`;
    const worker = await openContext(browser(), { viewport: PHONE });
    await signUp(worker.page, baseUrl, workerHandle, workerPassphrase);
    const memberHandle = uniqueHandle("notstaff");
    const member = await openContext(browser(), { viewport: PHONE });
    await signUp(member.page, baseUrl, memberHandle, `not staff ${crypto.randomUUID()}`);
    await member.context.close();

    // The admin signs in (that needs JavaScript) and grants the role.
    const admin = await openContext(browser(), { viewport: PHONE });
    await signIn(admin.page, baseUrl, DEMO.admin);
    await grantSocialWorker(admin.page, baseUrl, workerHandle, TIANHE);
    await expect(admin.page.locator("form:has(#grant-handle) .form-message--info").textContent()).resolves.toBe("已授予。");

    // The rest on the same session in a browser without JavaScript.
    const plain = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    await plain.addCookies(await admin.context.cookies());
    const page = await plain.newPage();
    await page.goto(`${baseUrl}/admin/roles`);
    await expect(page.locator("#staff-card-title").textContent()).resolves.toBe("会员看到的工作人员名称");
    const save = async (handle: string, name: string, organisation: string) => {
      await page.fill("#card-handle", handle);
      await page.fill("#card-name", name);
      await page.fill("#card-organisation", organisation);
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.click("form:has(#card-handle) button[type=submit]")]);
      await page.waitForLoadState();
      return response.status();
    };

    // Too long (the browser's maxlength is bypassed, as a script would): named limit, beside the field.
    await page.locator("#card-name").evaluate((input) => input.removeAttribute("maxlength"));
    expect(await save(workerHandle, "王".repeat(STAFF_CARD_MAX_LENGTH.displayName + 1), "阳光社工站")).toBe(400);
    await expect(page.locator("#card-name-error").textContent()).resolves.toBe(`名称最多 ${STAFF_CARD_MAX_LENGTH.displayName} 个字。`);
    // An account without a staff role gets no card.
    expect(await save(memberHandle, "冒充者", "阳光社工站")).toBe(400);
    await expect(page.locator("#card-handle-error").textContent()).resolves.toBe("这个账号还没有工作人员角色。请先授予角色，再设置会员看到的名称。");
    await expect(page.locator("main").textContent()).resolves.not.toContain("冒充者");

    expect(await save(workerHandle, "周敏", "天河区阳光社工服务站")).toBe(200);
    await expect(page.locator("form:has(#card-handle) .form-message--info").textContent()).resolves.toBe("已保存，会员现在会看到这个名称。");
    const label = `周敏（天河区阳光社工服务站），昵称 ${workerHandle}`;
    await expect(page.locator("section:has(#grants-title) tr", { hasText: workerHandle }).textContent()).resolves.toContain(label);
    await plain.close();
    // axe needs scripts: the same page, checked in the admin's own browser.
    await admin.page.goto(`${baseUrl}/admin/roles`);
    expect(await seriousViolations(admin.page)).toEqual([]);
    await admin.context.close();

    // The worker's own page says how members see them.
    await worker.page.goto(`${baseUrl}/shared`);
    await expect(worker.page.locator("[data-testid=own-staff-card]").textContent()).resolves.toBe(`会员看到的你：${label}。`);
    await worker.context.close();
  });
});
