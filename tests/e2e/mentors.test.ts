/**
 * Peer mentors (issue 19) in Chromium at 390x844, zh-CN: a member asks to mentor; the area's
 * social worker records how long they have been off drugs and approves; the mentor chooses
 * what members see; another member finds them by area (the province) and language and asks;
 * the mentor accepts; the mentee ends it and the mentor sees only the neutral notice. Without
 * JavaScript the directory works, and a note that is too long is refused with 400 beside the field.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { openContext, signInElsewhere, signUp, uniqueHandle } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const TIANHE = "a0000000-0000-4000-8000-000000440106";
const GUANGDONG = "a0000000-0000-4000-8000-000000440000";

/** Clicks a submit button and waits until the page shows `words` in an info message. */
async function submitAndSee(page: Page, button: string, words: string): Promise<void> {
  await page.click(button);
  await page.locator(".form-message--info", { hasText: words }).first().waitFor({ timeout: 15_000 });
}

describe("peer mentors (zh-CN, 390x844)", () => {
  const browser = useBrowser();

  it("from asking to mentor to a mentorship that one side ends and the other sees ended", { timeout: 240_000 }, async () => {
    const mentorHandle = uniqueHandle("mentor");
    const mentor = await openContext(browser(), { viewport: PHONE });
    await signUp(mentor.page, baseUrl, mentorHandle, `mentor ${crypto.randomUUID()}`);

    // The member asks to mentor in Tianhe; the page explains the rule first.
    await mentor.page.goto(`${baseUrl}/mentor`);
    await expect(mentor.page.locator("main").textContent()).resolves.toContain("社工需要先核实你已经至少 2 年不碰毒品");
    await mentor.page.selectOption("#mentor-area", TIANHE);
    await mentor.page.fill("#mentor-note", "我已经六年没碰了，想陪陪刚出来的人。");
    await submitAndSee(mentor.page, "form:has(#mentor-area) button[type=submit]", "申请已经发出");

    // The area's social worker records the date and approves.
    const worker = await openContext(browser(), { viewport: PHONE });
    await signInElsewhere(worker.page, baseUrl, DEMO.workerLi);
    await worker.page.goto(`${baseUrl}/staff/mentors`);
    const application = worker.page.locator(`li[data-handle="${mentorHandle}"]`);
    await expect(application.locator("button[value=approve]").isDisabled()).resolves.toBe(true);
    await application.locator("input[name=since]").fill("2019-05-01");
    await submitAndSee(worker.page, `li[data-handle="${mentorHandle}"] form:has(input[name=since]) button`, "已保存");
    await worker.page.locator(`li[data-handle="${mentorHandle}"] button[value=approve]:not([disabled])`).click({ timeout: 10_000 });
    await worker.page.locator(".form-message--info", { hasText: "已批准" }).waitFor();
    expect(await seriousViolations(worker.page)).toEqual([]);
    await worker.context.close();

    // The mentor chooses what members see: years, Cantonese, family; two mentees at most.
    await mentor.page.goto(`${baseUrl}/mentor`);
    await mentor.page.check("input[name=showYears]");
    await mentor.page.check("input[name=language_yue]");
    await mentor.page.check("input[name=experience_family]");
    await mentor.page.fill("#mentor-capacity", "2");
    await submitAndSee(mentor.page, "form:has(#mentor-capacity) button[type=submit]", "已保存");
    expect(await seriousViolations(mentor.page)).toEqual([]);

    // Another member finds them from the province, by language, and asks with a short note.
    const menteeHandle = uniqueHandle("mentee");
    const mentee = await openContext(browser(), { viewport: PHONE });
    await signUp(mentee.page, baseUrl, menteeHandle, `mentee ${crypto.randomUUID()}`);
    await mentee.page.goto(`${baseUrl}/mentors`);
    await mentee.page.click(".finder-choices summary");
    await mentee.page.selectOption("#mentors-area", GUANGDONG);
    await mentee.page.selectOption("#mentors-language", "yue");
    await mentee.page.click(".finder-form button[type=submit]");
    await mentee.page.waitForURL(/language=yue/);
    const card = mentee.page.locator(`#mentor-list-title ~ ul li[data-handle="${mentorHandle}"]`);
    const cardText = (await card.textContent()) ?? "";
    expect(cardText).toContain("天河区");
    expect(cardText).toMatch(/已经 \d+ 年不碰毒品/);
    expect(cardText).toContain("会说：粤语");
    expect(cardText).toContain("了解：家庭关系");
    // Only what the mentor chose: no language or experience left unticked.
    expect(cardText).not.toContain("普通话");
    expect(cardText).not.toContain("找工作");
    await card.locator("summary").click();
    await card.locator("textarea[name=note]").fill("刚出来三个月，想找人聊聊找工作的事。");
    await submitAndSee(mentee.page, `#mentor-list-title ~ ul li[data-handle="${mentorHandle}"] form button[type=submit]`, "请求已经发出");
    expect(await mentee.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The mentor sees the request with its note and accepts.
    await mentor.page.goto(`${baseUrl}/mentor`);
    const request = mentor.page.locator(`li[data-handle="${menteeHandle}"]`);
    await expect(request.textContent()).resolves.toContain("对方写道：刚出来三个月，想找人聊聊找工作的事。");
    await submitAndSee(mentor.page, `li[data-handle="${menteeHandle}"] button[value=accept]`, "已接受");

    // The mentee sees it going on, then ends it.
    await mentee.page.goto(`${baseUrl}/mentors`);
    const mine = mentee.page.locator(`#own-mentorships-title ~ ul li[data-handle="${mentorHandle}"]`);
    await expect(mine.textContent()).resolves.toContain("正在进行");
    await submitAndSee(mentee.page, `#own-mentorships-title ~ ul li[data-handle="${mentorHandle}"] form:has(input[value=end]) button`, "已经结束");
    await expect(mine.locator("[role=status]").count()).resolves.toBe(0);

    // The mentor sees only that it ended: never who ended it or why.
    await mentor.page.goto(`${baseUrl}/mentor`);
    const ended = mentor.page.locator(`li[data-handle="${menteeHandle}"]`);
    await expect(ended.locator("[role=status]").textContent()).resolves.toBe("这段导师关系已经结束。");
    await mentor.context.close();

    // Without JavaScript: the directory is a plain page; a note that is too long is refused
    // with 400, the message beside the field, and nothing is asked.
    const plain = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    await plain.addCookies(await mentee.context.cookies());
    const page = await plain.newPage();
    await page.goto(`${baseUrl}/mentors?area=${GUANGDONG}&language=yue`);
    const plainCard = page.locator(`#mentor-list-title ~ ul li[data-handle="${mentorHandle}"]`);
    await plainCard.locator("summary").click();
    await plainCard.locator("textarea[name=note]").evaluate((field) => field.removeAttribute("maxlength"));
    await plainCard.locator("textarea[name=note]").fill("话".repeat(501));
    const [response] = await Promise.all([page.waitForNavigation(), plainCard.locator("form button[type=submit]").click()]);
    expect(response?.status()).toBe(400);
    await expect(plainCard.locator(".field__error").textContent()).resolves.toBe("太长了：最多 500 字。");
    await expect(page.locator(`#own-mentorships-title ~ ul li[data-handle="${mentorHandle}"]`).count()).resolves.toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await plain.close();
    await mentee.context.close();
  });
});
