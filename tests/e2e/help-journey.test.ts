/**
 * Issue 18's whole path for one request, in Chromium at 390x844 in English: a new member of
 * Tianhe saves their identity and asks for help; the demo worker of Tianhe takes the request
 * and marks it seen; the member shares their identity for this request with him (sealed in
 * the browser); he opens it from the request's page and reads the name; he marks the request
 * done, and the share ends with it: his identity page for the request is gone and the member's
 * share page says why it ended. The worker signs in through the page: opening needs his keys.
 */
import { describe, expect, inject, it } from "vitest";
import { openContext, pickHomeArea, signIn, signUp, uniqueHandle } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const REQUEST_PAGE = /\/help\/([0-9a-f-]{36})\?done=sent$/;

describe("a help request from asking to done, with the identity shared for it (390x844)", () => {
  const browser = useBrowser();

  it("in English: asked, taken, shared for this request, read by the worker, done, and the share ends with it", { timeout: 240_000 }, async () => {
    const member = await openContext(browser(), { viewport: PHONE, locale: "en" });
    await signUp(member.page, baseUrl, uniqueHandle("journey"), `journey ${crypto.randomUUID()}`);
    await pickHomeArea(member.page, DEMO_AREAS.tianhe);
    await member.page.goto(`${baseUrl}/identity`);
    await member.page.fill("#identity-legalName", "Wang Xiaoming");
    await member.page.fill("#identity-phone", "13800138000");
    await member.page.click("form:has(#identity-legalName) button[type=submit]");
    await member.page.locator("form:has(#identity-legalName) .form-message--info", { hasText: "Encrypted and saved." }).waitFor({ timeout: 30_000 });

    await member.page.goto(`${baseUrl}/help/new`);
    await member.page.check("input[name=category][value=jobs]");
    await member.page.check("input[name=urgency][value=soon]");
    await member.page.fill("#help-description", "I need help writing a CV for a warehouse job.");
    await member.page.click("main form button[type=submit]");
    await member.page.waitForURL(REQUEST_PAGE);
    const requestId = REQUEST_PAGE.exec(member.page.url())?.[1] ?? "";

    // The worker takes it.
    const worker = await openContext(browser(), { viewport: PHONE, locale: "en" });
    await signIn(worker.page, baseUrl, DEMO.workerLi);
    const requestUrl = `${baseUrl}/staff/help/${requestId}`;
    await worker.page.goto(requestUrl);
    await worker.page.click("button:has-text('Assign to me')");
    await worker.page.locator("[data-testid=staff-help-assignee]", { hasText: "You" }).waitFor();
    await worker.page.click("button:has-text('Mark as seen')");
    await worker.page.locator("[data-testid=staff-help-status]", { hasText: "Seen" }).waitFor();
    expect(await worker.page.locator("#staff-help-identity-link").count()).toBe(0);

    // The member shares for this request, after checking whom with.
    await member.page.goto(`${baseUrl}/help/${requestId}/share`);
    await member.page.locator("#help-share-worker").waitFor({ timeout: 30_000 });
    await member.page.locator("#help-share-safety-number").waitFor();
    await member.page.click("#help-share-form button[type=submit]");
    await member.page.click("[data-testid=help-share-confirm] button[type=submit]");
    await member.page.locator("#help-share-live").waitFor({ timeout: 30_000 });
    expect(member.page.url()).toBe(`${baseUrl}/help/${requestId}/share`);

    // The worker opens it from the request's page.
    await worker.page.goto(requestUrl);
    await worker.page.click("#staff-help-identity-link");
    await worker.page.waitForURL(`${requestUrl}/identity`);
    await worker.page.click("#help-identity-open");
    await expect(worker.page.locator("[data-testid=opened-identity]").textContent({ timeout: 30_000 })).resolves.toContain("Wang Xiaoming");
    expect(await worker.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // Done: the share ends with the request.
    await worker.page.goto(requestUrl);
    await worker.page.click("button:has-text('Mark as done')");
    await worker.page.locator("[data-testid=staff-help-status]", { hasText: "Done" }).waitFor();
    expect(await worker.page.locator("#staff-help-identity-link").count()).toBe(0);
    expect((await worker.page.goto(`${requestUrl}/identity`))?.status()).toBe(404);
    await worker.context.close();

    await member.page.goto(`${baseUrl}/help/${requestId}/share`);
    await expect(member.page.locator("#help-share-ended").textContent()).resolves.toContain("the request was finished");
    await member.context.close();
  });
});
