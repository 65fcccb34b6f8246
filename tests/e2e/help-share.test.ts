/**
 * Sharing the identity for one help request (issue 18, migration 0036), member side, in
 * Chromium at 390x844 in zh-CN: a fresh member of Tianhe saves their identity and asks for
 * help; while no social worker has taken the request, the request page and the share page
 * say that sharing comes once one has, and nothing can be shared (posted straight to the
 * server: a message and a 409, nothing created; bad shapes a 400). The worker's identity page
 * for the request is not found for the demo worker of Tianhe (no share), nor for the member.
 * After the member withdraws, the share page says the request is finished. The database
 * tests (tests/db/help-request-shares.test.ts) prove the share, the reading and its end.
 */
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { openContext, pickHomeArea, signInElsewhere, signUp, uniqueHandle } from "../support/browser";
import { fitsThePhone, PHONE } from "../support/phone";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { signedInClient } from "../support/http-client";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const REQUEST_PAGE = /\/help\/([0-9a-f-]{36})\?done=sent$/;

describe("sharing the identity for a help request (member, 390x844)", () => {
  const browser = useBrowser();

  it("in zh-CN: nothing to share before a worker takes the request; the worker's page is not found; finished after withdrawing", { timeout: 180_000 }, async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE, locale: "zh-CN" });
    const account = { handle: uniqueHandle("helpshare"), passphrase: `share ${crypto.randomUUID()}` };
    await signUp(page, baseUrl, account.handle, account.passphrase);
    await pickHomeArea(page, DEMO_AREAS.tianhe);

    await page.goto(`${baseUrl}/identity`);
    await page.fill("#identity-legalName", "王小明");
    await page.fill("#identity-phone", "13800138000");
    await page.click("form:has(#identity-legalName) button[type=submit]");
    await page.locator("form:has(#identity-legalName) .form-message--info", { hasText: "已加密保存。" }).waitFor({ timeout: 30_000 });

    await page.goto(`${baseUrl}/help/new`);
    await page.check("input[name=category][value=welfare]");
    await page.check("input[name=urgency][value=soon]");
    await page.fill("#help-description", "想申请低保，需要社工帮忙看看材料。");
    await page.click("main form button[type=submit]");
    await page.waitForURL(REQUEST_PAGE);
    const requestId = REQUEST_PAGE.exec(page.url())?.[1] ?? "";
    await expect(page.locator("[data-testid=help-share-status]").textContent()).resolves.toContain("有社工接手你的求助后，你可以把身份信息共享给他们");
    expect(await page.locator("#help-share-link").count()).toBe(0);

    await page.goto(`${baseUrl}/help/${requestId}/share`);
    await page.locator("h1", { hasText: "为这个求助共享我的身份信息" }).waitFor();
    await expect(page.locator("#help-share-no-worker").textContent()).resolves.toBe("还没有社工接手你的求助。有社工接手后，你就可以共享了。");
    expect(await page.locator("#help-share-form, #help-share-worker, #help-share-safety-number").count()).toBe(0);
    await fitsThePhone(page);
    expect(await seriousViolations(page)).toEqual([]);

    // Straight to the server: refused with a message, nothing shared.
    const member = await signedInClient(baseUrl, account);
    const shaped = {
      recipientId: crypto.randomUUID(),
      sealedKey: `v1.sealed.${"A".repeat(107)}`,
      ciphertext: `v1.xc20p.${"A".repeat(32)}.${"B".repeat(64)}`,
      ownerSealedKey: `v2.box.${"A".repeat(96)}`,
      keyVersion: "1",
    };
    const refused = await member.post(`/api/help/${requestId}/share`, shaped);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ ok: false, formError: "errors.helpShare.notAllowed" });
    const bad = await member.post(`/api/help/${requestId}/share`, { ...shaped, sealedKey: "not a key", keyVersion: "x" });
    expect(bad.status).toBe(400);
    expect((await member.post(`/api/help/not-a-request/share`, shaped)).status).toBe(404);
    await page.goto(`${baseUrl}/help/${requestId}/share`);
    await page.locator("#help-share-no-worker").waitFor();
    await page.goto(`${baseUrl}/identity`);
    await page.locator("#shares-title").waitFor();
    await expect(page.locator("section:has(#shares-title)").textContent()).resolves.toContain("你还没有共享给任何人。");

    // The worker's page for this request: not found for the member, nor for a worker of Tianhe without a share.
    expect((await page.goto(`${baseUrl}/staff/help/${requestId}/identity`))?.status()).toBe(404);
    const worker = await openContext(browser(), { viewport: PHONE, locale: "zh-CN" });
    await signInElsewhere(worker.page, baseUrl, DEMO.workerLi);
    for (const id of [requestId, crypto.randomUUID(), "not-a-request"]) {
      expect((await worker.page.goto(`${baseUrl}/staff/help/${id}/identity`))?.status(), id).toBe(404);
    }
    await worker.context.close();

    // Withdrawn: the request is finished, and so is sharing for it.
    await page.goto(`${baseUrl}/help/${requestId}?withdraw=confirm`);
    await page.click("#help-withdraw-question ~ button");
    await page.locator("[data-testid=help-status]", { hasText: "你已撤回" }).waitFor();
    expect(await page.locator("[data-testid=help-share-status]").count()).toBe(0);
    await page.goto(`${baseUrl}/help/${requestId}/share`);
    await expect(page.locator("#help-share-closed").textContent()).resolves.toBe("这个求助已经结束，不能再为它共享信息了。");
    expect(await page.locator("#help-share-ended").count()).toBe(0);
    await context.close();
  });
});
