/**
 * Reports (issue 19) in Chromium at 390x844, zh-CN: a new mentor approved in Tianhe and a new
 * member in a mentorship; the member reports once with JavaScript, attaching a message opened
 * in the browser, and once without JavaScript (reason, note, block), where bad input is
 * refused with 400 beside the field and nothing is stored; the area's social worker sees both
 * on /staff/reports, the attached message marked as the reporter's, and closes one with what
 * was done; a member gets 404 there.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { openContext, signInElsewhere, signUp, uniqueHandle } from "../support/browser";
import { fitsThePhone, PHONE } from "../support/phone";
import { DEMO } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const TIANHE = "a0000000-0000-4000-8000-000000440106";

/** Clicks a submit button and waits until the page shows `words` in an info message. */
async function submitAndSee(page: Page, button: string, words: string): Promise<void> {
  await page.click(button);
  await page.locator(".form-message--info", { hasText: words }).first().waitFor({ timeout: 15_000 });
}

/** Clicks a button that posts a form without scripts: the status of the page it leads to. */
async function postAndStatus(page: Page, button: string): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(button)]);
  return response?.status();
}

describe("reports (zh-CN, 390x844)", () => {
  const browser = useBrowser();

  it("a member reports with and without JavaScript; the area's social worker reads and closes it; members get 404", { timeout: 300_000 }, async () => {
    // A new mentor in Tianhe, approved by the demo social worker of Tianhe.
    const mentorHandle = uniqueHandle("rmentor");
    const mentor = await openContext(browser(), { viewport: PHONE });
    await signUp(mentor.page, baseUrl, mentorHandle, `mentor ${crypto.randomUUID()}`);
    await mentor.page.goto(`${baseUrl}/mentor`);
    await mentor.page.selectOption("#mentor-area", TIANHE);
    await submitAndSee(mentor.page, "form:has(#mentor-area) button[type=submit]", "申请已经发出");

    const worker = await openContext(browser(), { viewport: PHONE });
    await signInElsewhere(worker.page, baseUrl, DEMO.workerLi);
    await worker.page.goto(`${baseUrl}/staff/mentors`);
    const application = worker.page.locator(`li[data-handle="${mentorHandle}"]`);
    await application.locator("input[name=since]").fill("2019-05-01");
    await submitAndSee(worker.page, `li[data-handle="${mentorHandle}"] form:has(input[name=since]) button`, "已保存");
    await worker.page.locator(`li[data-handle="${mentorHandle}"] button[value=approve]:not([disabled])`).click({ timeout: 10_000 });
    await worker.page.locator(".form-message--info", { hasText: "已批准" }).waitFor();

    await mentor.page.goto(`${baseUrl}/mentor`);
    await mentor.page.fill("#mentor-capacity", "2");
    await submitAndSee(mentor.page, "form:has(#mentor-capacity) button[type=submit]", "已保存");

    // A new member asks them; they accept.
    const menteeHandle = uniqueHandle("reporter");
    const mentee = await openContext(browser(), { viewport: PHONE });
    await signUp(mentee.page, baseUrl, menteeHandle, `reporter ${crypto.randomUUID()}`);
    await mentee.page.goto(`${baseUrl}/mentors?area=${TIANHE}`);
    const card = mentee.page.locator(`#mentor-list-title ~ ul li[data-handle="${mentorHandle}"]`);
    await card.locator("summary").click();
    await submitAndSee(mentee.page, `#mentor-list-title ~ ul li[data-handle="${mentorHandle}"] form button[type=submit]`, "请求已经发出");
    await mentor.page.goto(`${baseUrl}/mentor`);
    await submitAndSee(mentor.page, `li[data-handle="${menteeHandle}"] button[value=accept]`, "已接受");
    await mentor.context.close();

    // The member writes one message, then reports with JavaScript, attaching it.
    const canary = `附上的消息 ${crypto.randomUUID()}`;
    await mentee.page.goto(`${baseUrl}/mentors`);
    await mentee.page.click(`#own-mentorships-title ~ ul li[data-handle="${mentorHandle}"] a[href^="/mentors/"]`);
    await mentee.page.waitForURL(/\/mentors\/[0-9a-f-]{36}$/);
    const conversationUrl = mentee.page.url();
    await mentee.page.locator("form:has(#conversation-text) button[type=submit]:not([disabled])").waitFor({ timeout: 30_000 });
    await mentee.page.fill("#conversation-text", canary);
    await mentee.page.click("form:has(#conversation-text) button[type=submit]");
    await mentee.page.locator("[data-testid=conversation-messages] .message--mine", { hasText: canary }).waitFor({ timeout: 15_000 });
    const reportUrl = `${conversationUrl}/report`;

    await mentee.page.goto(reportUrl);
    const attachable = mentee.page.locator("[data-testid=report-attach-list] li", { hasText: canary });
    await attachable.waitFor({ timeout: 60_000 });
    await attachable.locator("input[type=checkbox]").check();
    await mentee.page.check("input[name=reason][value=unsafe]");
    expect(await seriousViolations(mentee.page)).toEqual([]);
    await mentee.page.click("button[form=report-form]");
    await mentee.page.locator("[data-testid=report-sent]").waitFor({ timeout: 15_000 });
    await expect(mentee.page.locator("[data-testid=report-sent]").textContent()).resolves.toBe("谢谢你。社工会看这件事。除非你附上了消息，否则他们看不到你们的对话。");

    // Without JavaScript: the page says attachments need it; bad input is refused beside the field.
    const plain = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    await plain.addCookies(await mentee.context.cookies());
    const page = await plain.newPage();
    await page.goto(reportUrl);
    await expect(page.locator("main").textContent()).resolves.toContain("附上消息需要 JavaScript");
    await page.fill("#report-note", "没有选原因");
    expect(await postAndStatus(page, "button[form=report-form]")).toBe(400);
    await expect(page.locator("#report-reason-error").textContent()).resolves.toBe("请选一个发生的情况。");
    await expect(page.inputValue("#report-note")).resolves.toBe("没有选原因");

    await page.check("input[name=reason][value=money]");
    await page.locator("#report-note").evaluate((field) => field.removeAttribute("maxlength"));
    await page.fill("#report-note", "钱".repeat(1001));
    expect(await postAndStatus(page, "button[form=report-form]")).toBe(400);
    await expect(page.locator("#report-note-error").textContent()).resolves.toBe("写得太长了，请少于 1000 个字。");
    await expect(page.isChecked("input[name=reason][value=money]")).resolves.toBe(true);

    const note = `他向我借钱 ${crypto.randomUUID()}`;
    await page.fill("#report-note", note);
    await page.check("input[name=block]");
    expect(await postAndStatus(page, "button[form=report-form]")).toBe(200);
    await expect(page.locator("[data-testid=report-sent]").textContent()).resolves.toContain("谢谢你");
    await expect(page.locator("main").textContent()).resolves.toContain(`你也已经屏蔽了 ${mentorHandle}`);
    await fitsThePhone(page);
    // The block took: the conversation is closed.
    await page.goto(conversationUrl);
    await page.locator("[data-testid=conversation-closed]").waitFor();

    // A member is not staff: the reports page is not found.
    const refused = await page.goto(`${baseUrl}/staff/reports`);
    expect(refused?.status()).toBe(404);
    await plain.close();
    await mentee.context.close();

    // The social worker of Tianhe sees both, newest first, and what was attached, marked as the reporter's.
    await worker.page.goto(`${baseUrl}/staff/reports`);
    const mine = worker.page.locator(`li[data-reporter="${menteeHandle}"]`);
    await expect(mine.count()).resolves.toBe(2);
    const money = mine.filter({ hasText: note });
    const unsafe = mine.filter({ hasText: canary });
    await expect(mine.first().textContent()).resolves.toContain(note);
    const moneyText = (await money.textContent()) ?? "";
    expect(moneyText).toContain("对方向我要钱，或者想卖东西给我");
    expect(moneyText).toContain(mentorHandle);
    expect(moneyText).toContain("是导师");
    expect(moneyText).toContain("没有附上消息。");
    await expect(money.locator('a[href="/staff/mentors"]').count()).resolves.toBe(1);
    const attached = unsafe.locator(".report-attached");
    await expect(attached.locator("h3").textContent()).resolves.toBe("举报人附上的消息（1 条）");
    await expect(attached.locator(".message__meta").textContent()).resolves.toContain("举报人发的");
    expect(await seriousViolations(worker.page)).toEqual([]);

    // Closing needs what was done: refused beside the field, then closed.
    const moneyId = await money.getAttribute("data-report");
    const closeButton = `li[data-report="${moneyId}"] form button[type=submit]`;
    await worker.page.click(closeButton);
    await expect(worker.page.locator(`li[data-report="${moneyId}"] .field__error`).textContent({ timeout: 15_000 })).resolves.toBe("请先写下你做了什么，再结束举报。");
    await worker.page.fill(`#report-outcome-${moneyId}`, "已经和这位导师谈过，暂停了他的导师资格。");
    await submitAndSee(worker.page, closeButton, "举报已经处理完。");
    // Gone from the open reports once the page has its fresh list.
    await worker.page.locator(`li[data-report="${moneyId}"]`).waitFor({ state: "detached", timeout: 15_000 });
    await worker.page.goto(`${baseUrl}/staff/reports?view=closed`);
    await expect(worker.page.locator(`li[data-report="${moneyId}"]`).textContent()).resolves.toContain("已经和这位导师谈过");
    await fitsThePhone(worker.page);
    await worker.context.close();
  });
});
