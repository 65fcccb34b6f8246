/**
 * Mutual-aid groups (issue 16) in Chromium at 390x844, zh-CN: a member asks to lead, a social
 * worker of the area records how long they have been off drugs and approves; the new leader
 * opens a group and plans a weekly meeting for one person (bad input refused beside the
 * field first); two members find it, ask to join and are approved; the first takes the place,
 * the second waits and moves up when the first can't come; the leader cancels one meeting;
 * the calendar file parses in ical.js with the rule and the cancelled date. The finder and
 * the group page also without JavaScript, and in English.
 */
import ICAL from "ical.js";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { openContext, signIn, signInElsewhere, signUp, uniqueHandle } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const TIANHE = "a0000000-0000-4000-8000-000000440106";
const GUANGDONG = "a0000000-0000-4000-8000-000000440000";
/** The demo group the demo member belongs to (supabase/seed.sql). */
const DEMO_GROUP = "b0000000-0000-4000-8000-000000000001";

/** Clicks a submit button and waits until the page shows the reply in `message`. */
async function submitAndSee(page: Page, button: string, message: string): Promise<string> {
  await page.click(button);
  const shown = page.locator(message).first();
  await shown.waitFor({ timeout: 15_000 });
  return (await shown.textContent()) ?? "";
}

/** A date `days` from today (China Standard Time), as a date input takes it. */
function inDays(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe("mutual-aid groups and meetings (zh-CN, 390x844)", () => {
  const browser = useBrowser();

  it("from asking to lead to a meeting with a waiting list, a cancelled date and a calendar file", { timeout: 240_000 }, async () => {
    const leaderHandle = uniqueHandle("lead");
    const leader = await openContext(browser(), { viewport: PHONE });
    await signUp(leader.page, baseUrl, leaderHandle, `leader ${crypto.randomUUID()}`);

    // The member asks to lead in Tianhe.
    await leader.page.goto(`${baseUrl}/lead`);
    await expect(leader.page.locator("main").textContent()).resolves.toContain("社工还没有核实你不碰毒品的时间");
    await leader.page.selectOption("#apply-area", TIANHE);
    await leader.page.fill("#apply-note", "我已经五年没碰了，想带一个晚上的小组。");
    await leader.page.click("form:has(#apply-area) button[type=submit]");
    await leader.page.locator("p[role=status]", { hasText: "申请已经发出，当地的社工会回复。" }).waitFor();

    // The area's social worker records the date and approves.
    const worker = await openContext(browser(), { viewport: PHONE });
    await signInElsewhere(worker.page, baseUrl, DEMO.workerLi);
    await worker.page.goto(`${baseUrl}/staff/leaders`);
    const application = worker.page.locator(`li[data-handle="${leaderHandle}"]`);
    await expect(application.locator("button[value=approve]").isDisabled()).resolves.toBe(true);
    // A date in the future is refused.
    await application.locator("input[name=since]").evaluate((input) => input.removeAttribute("max"));
    await application.locator("input[name=since]").fill(inDays(3));
    expect(await submitAndSee(worker.page, `li[data-handle="${leaderHandle}"] form:has(input[name=since]) button`, ".form-message--error")).toBe("这个日期还没到，请选今天以前的日期。");
    await application.locator("input[name=since]").fill("2020-06-01");
    expect(await submitAndSee(worker.page, `li[data-handle="${leaderHandle}"] form:has(input[name=since]) button`, ".form-message--info")).toBe("日期已保存。");
    await application.locator("button[value=approve]:not([disabled])").click({ timeout: 10_000 });
    await worker.page.locator(".form-message--info", { hasText: "已批准" }).waitFor();
    expect(await seriousViolations(worker.page)).toEqual([]);
    await worker.context.close();

    // The new leader opens a group and plans a weekly meeting for one person.
    await leader.page.goto(`${baseUrl}/lead`);
    await expect(leader.page.locator("main").textContent()).resolves.toContain("你可以在这些地区带领小组：天河区");
    await leader.page.goto(`${baseUrl}/groups/new`);
    const groupName = `晨光小组 ${leaderHandle.slice(-5)}`;
    await leader.page.fill("#group-name", groupName);
    await leader.page.fill("#group-description", "每周见一次，互相打气。");
    await leader.page.selectOption("#group-area", TIANHE);
    await leader.page.click("main form button[type=submit]");
    await leader.page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    const groupUrl = leader.page.url();
    // Later the leader changes the group's words: no language ticked is refused beside the field, nothing saved.
    await leader.page.click("a[href$=\"/edit\"]");
    await leader.page.waitForURL(`${groupUrl}/edit`);
    await expect(leader.page.inputValue("#group-description")).resolves.toBe("每周见一次，互相打气。");
    await leader.page.uncheck("input[name=language_zh-CN]");
    await leader.page.fill("#group-description", "每周二见一次，互相打气。");
    await leader.page.click("main form button[type=submit]");
    await expect(leader.page.locator("#group-languages-error").textContent()).resolves.toBe("请至少选一种语言。");
    await leader.page.check("input[name=language_zh-CN]");
    await leader.page.check("input[name=language_yue]");
    await leader.page.click("main form button[type=submit]");
    await leader.page.waitForURL(groupUrl);
    await expect(leader.page.locator(".group-description").textContent()).resolves.toBe("每周二见一次，互相打气。");
    await expect(leader.page.locator(".facts").textContent()).resolves.toContain("粤语");
    await leader.page.click("a[href$=\"/meetings/new\"]");
    await leader.page.waitForURL(`${groupUrl}/meetings/new`);
    const firstDate = inDays(2);
    await leader.page.fill("#meeting-name", "周中分享");
    await leader.page.fill("#meeting-starts-on", firstDate);
    await leader.page.fill("#meeting-start-time", "19:30");
    await leader.page.fill("#meeting-capacity", "1");
    await leader.page.fill("#meeting-address", "天河路 100 号 3 楼");
    // An end before the start: refused beside the field, nothing saved.
    await leader.page.check("input[name=end][value=until]");
    await leader.page.locator("#meeting-until").evaluate((input) => input.removeAttribute("min"));
    await leader.page.fill("#meeting-until", inDays(1));
    await leader.page.click("main form button[type=submit]");
    await expect(leader.page.locator("#meeting-until-error").textContent()).resolves.toBe("最后一天比第一次聚会还早。");
    // More than two years: refused with the limit named.
    await leader.page.check("input[name=end][value=count]");
    await leader.page.fill("#meeting-count", "200");
    await leader.page.click("main form button[type=submit]");
    await expect(leader.page.locator("#meeting-count-error").textContent()).resolves.toBe("这么多次会超过 2 年。请少一点。");
    await leader.page.fill("#meeting-count", "8");
    await leader.page.click("main form button[type=submit]");
    await leader.page.waitForURL(`${groupUrl}?added=meeting`);
    await expect(leader.page.locator(".series-list").textContent()).resolves.toContain("19:30，90 分钟");
    // The leader adds a note to the meeting afterwards; a bad link is refused beside the field, nothing saved.
    await leader.page.click("a[href$=\"/edit\"][href*=\"/meetings/\"]");
    await leader.page.waitForURL(/\/meetings\/[0-9a-f-]{36}\/edit$/);
    await expect(leader.page.inputValue("#meeting-address")).resolves.toBe("天河路 100 号 3 楼");
    await leader.page.fill("#meeting-notes", "请提前五分钟到");
    await leader.page.fill("#meeting-link", "http://example.org/room");
    await leader.page.click("main form button[type=submit]");
    await expect(leader.page.locator("#meeting-link-error").textContent()).resolves.toBe("请填以 https:// 开头的链接。");
    await leader.page.fill("#meeting-link", "");
    await leader.page.click("main form button[type=submit]");
    await leader.page.waitForURL(groupUrl);
    await expect(leader.page.locator(".series-list").textContent()).resolves.toContain("请提前五分钟到");

    // Two members find the group (a province shows its districts' groups) and ask to join.
    const first = await openContext(browser(), { viewport: PHONE });
    await signInElsewhere(first.page, baseUrl, DEMO.member);
    await first.page.goto(`${baseUrl}/groups?area=${GUANGDONG}&time=evening`);
    await first.page.click(`text=${groupName}`);
    await first.page.waitForURL(groupUrl);
    await expect(first.page.locator("main").textContent()).resolves.not.toContain("天河路 100 号");
    await first.page.fill("#join-note", "社工介绍我来的");
    expect(await submitAndSee(first.page, "form:has(#join-note) button", "#join-title ~ p[role=status]")).toBe("你已经申请加入，带领人还没有回复。过段时间再回来看看。");
    const secondHandle = uniqueHandle("join");
    const second = await openContext(browser(), { viewport: PHONE });
    await signUp(second.page, baseUrl, secondHandle, `member ${crypto.randomUUID()}`);
    await second.page.goto(groupUrl);
    await submitAndSee(second.page, "form:has(#join-note) button", "#join-title ~ p[role=status]");

    // The leader says yes to both.
    await leader.page.goto(groupUrl);
    for (const handle of [DEMO.member.handle, secondHandle]) {
      const request = leader.page.locator(".request-list li", { hasText: handle });
      await request.locator("button[value=approved]").click();
      await leader.page.locator(".form-message--info", { hasText: "对方会在小组页面上看到你的回复" }).waitFor();
    }

    // One place: the first takes it, the second waits, then moves up when the first can't come.
    const occurrence = (page: Page) => page.locator(`.occurrence[data-occurrence="${firstDate}"]`);
    await first.page.reload();
    await expect(first.page.locator("main").textContent()).resolves.toContain("天河路 100 号 3 楼");
    await occurrence(first.page).locator("button[value=yes]").click();
    await first.page.locator("#upcoming-title ~ .form-status p", { hasText: "已记下：你会来。" }).waitFor();
    await second.page.reload();
    await occurrence(second.page).locator("button[value=yes]").click();
    await second.page.locator("#upcoming-title ~ .form-status p", { hasText: "名额满了，你在排队等名额。" }).waitFor();
    await occurrence(second.page).locator(".occurrence__mine", { hasText: "你排在第 1 位。" }).waitFor();
    await occurrence(first.page).locator("button[value=no]").click();
    await first.page.locator("#upcoming-title ~ .form-status p", { hasText: "已记下：你来不了。你的名额会给排队的下一个人。" }).waitFor();
    await second.page.reload();
    await expect(occurrence(second.page).locator(".occurrence__mine").textContent()).resolves.toBe("你会来。");

    // The leader sees the counts and cancels the second meeting only.
    await leader.page.reload();
    await expect(occurrence(leader.page).textContent()).resolves.toContain("要来的：1 人 · 排队等名额：0 人");
    const cancelledDate = inDays(9);
    await leader.page.locator(`.occurrence[data-occurrence="${cancelledDate}"] button`, { hasText: "只取消这一次聚会" }).click();
    await leader.page.locator(".form-message--info", { hasText: "这次聚会已取消" }).waitFor();
    // …and moves the third to the next day at 10:00; members see it at the new time.
    const movedDate = inDays(16);
    const third = leader.page.locator(`.occurrence[data-occurrence="${movedDate}"]`);
    await third.locator("summary").click();
    await third.locator("input[name=movedToOn]").fill(inDays(17));
    await third.locator("input[name=movedStartTime]").fill("10:00");
    await third.locator("details form button").click();
    await leader.page.locator(".form-message--info", { hasText: "已改时间" }).waitFor();
    await second.page.reload();
    await expect(second.page.locator(`.occurrence[data-occurrence="${cancelledDate}"]`).textContent()).resolves.toContain("已取消");
    await expect(second.page.locator(`.occurrence[data-occurrence="${movedDate}"]`).textContent()).resolves.toMatch(/10:00–11:30\s?（改到了这个时间）/);
    expect(await seriousViolations(second.page)).toEqual([]);

    // The calendar file: a neutral title, no address unless asked, the rule and the cancelled date.
    const seriesForm = second.page.locator(".calendar-form").first();
    const meetingId = await seriesForm.locator("input[name=meeting]").getAttribute("value");
    const ics = await second.page.evaluate(async (url) => (await fetch(url)).text(), `${groupUrl}/calendar.ics?meeting=${meetingId}`);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent") ?? undefined);
    expect(event.summary).toBe("聚会");
    expect(event.location).toBeNull();
    expect(String(event.component.getFirstPropertyValue("rrule"))).toContain("COUNT=8");
    const excluded = event.component.getAllProperties("exdate").map((property) => String(property.getFirstValue()));
    expect(excluded).toEqual([`${cancelledDate}T19:30:00`]);
    const withAddress = await second.page.evaluate(async (url) => (await fetch(url)).text(), `${groupUrl}/calendar.ics?meeting=${meetingId}&address=1`);
    expect(new ICAL.Event(new ICAL.Component(ICAL.parse(withAddress)).getFirstSubcomponent("vevent") ?? undefined).location).toBe("天河路 100 号 3 楼");

    // Without JavaScript: the finder and the group page work as plain pages, RSVP included.
    const plain = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    await plain.addCookies(await second.context.cookies());
    const page = await plain.newPage();
    await page.goto(`${baseUrl}/groups`);
    // The choices are folded under the title, so the groups come first on a phone.
    expect(await page.locator(".group-list__item").first().evaluate((item) => item.getBoundingClientRect().bottom)).toBeLessThan(PHONE.height);
    await page.click(".finder-choices summary");
    await page.selectOption("#finder-area", GUANGDONG);
    await page.selectOption("#finder-time", "evening");
    await page.click(".finder-form button[type=submit]");
    await page.waitForURL(/time=evening/);
    await expect(page.locator(".finder-choices summary").textContent()).resolves.toContain("晚上");
    await page.click(`text=${groupName}`);
    await page.waitForURL(groupUrl);
    await page.locator(`.occurrence[data-occurrence="${firstDate}"] button[value=no]`).click();
    await page.waitForLoadState();
    await expect(page.locator(`.occurrence[data-occurrence="${firstDate}"] .occurrence__mine`).textContent()).resolves.toBe("你说了来不了。");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await plain.close();

    // The leader asks the second member to co-lead, then ends it; they stay in the group.
    await leader.page.goto(groupUrl);
    const secondMember = () => leader.page.locator("#lead-title ~ .request-list li", { hasText: secondHandle });
    await secondMember().locator("summary").click();
    await secondMember().locator("button", { hasText: "让对方一起带领" }).click();
    await leader.page.locator(".form-message--info", { hasText: "对方现在和你一起带领这个小组" }).waitFor();
    // The reply can show before the page's data is read again: wait for the leaders' line to change.
    await leader.page.locator("#group-title ~ dl.facts", { hasText: secondHandle }).waitFor();
    if ((await secondMember().locator("details").getAttribute("open")) === null) await secondMember().locator("summary").click();
    await secondMember().locator("button", { hasText: "不再让对方一起带领" }).click();
    await leader.page.locator(".form-message--info", { hasText: "对方现在是小组成员，不再一起带领" }).waitFor();
    await leader.page.locator("#group-title ~ dl.facts", { hasNotText: secondHandle }).waitFor();
    await expect(secondMember().count()).resolves.toBe(1);

    for (const context of [leader.context, first.context, second.context]) await context.close();
  });

  it("the leader marks who came and posts a note; the member makes a statement that a signed-out visitor checks, then withdraws it", { timeout: 120_000 }, async () => {
    const leader = await openContext(browser(), { viewport: PHONE });
    await signIn(leader.page, baseUrl, DEMO.leader);
    await leader.page.goto(`${baseUrl}/groups/${DEMO_GROUP}`);
    // The two latest meetings that have started: tick the demo member at both.
    const forms = leader.page.locator(".attendance-form");
    const marked: string[] = [];
    for (const index of [0, 1]) {
      const form = forms.nth(index);
      marked.push((await form.getAttribute("data-occurrence")) ?? "");
      await form.locator("label", { hasText: DEMO.member.handle }).locator("input").check();
      await form.locator("button").click();
      await leader.page.locator("#attendance-title ~ .form-status p", { hasText: "已保存。" }).waitFor();
    }
    const note = `本周二照常，${crypto.randomUUID().slice(0, 6)}`;
    await leader.page.fill("#announcement-body", note);
    await leader.page.click("form:has(#announcement-body) button");
    await leader.page.locator("#announcements-title ~ form .form-message--info").waitFor();
    await leader.context.close();

    const member = await openContext(browser(), { viewport: PHONE });
    await signIn(member.page, baseUrl, DEMO.member);
    // The address changes before home has rendered: wait for the note itself.
    await member.page.locator("#home-announcements-title ~ ul li", { hasText: note }).waitFor();
    await member.page.goto(`${baseUrl}/attendance`);
    // Bad input first: a period in the wrong order is refused beside the field.
    await member.page.fill("#period-from", "2026-06-30");
    await member.page.fill("#period-to", "2026-06-01");
    await member.page.click("form:has(#period-from) button");
    await expect(member.page.locator("#period-from-error").textContent()).resolves.toBe("开始日期比结束日期晚。");
    await member.page.fill("#period-from", marked.sort()[0] ?? "");
    await member.page.fill("#period-to", inDays(0));
    await member.page.click("form:has(#period-from) button");
    await member.page.locator("#statement-title ~ form .form-message--info", { hasText: "证明开好了" }).waitFor();
    const newest = member.page.locator(".request-list li").first();
    const code = ((await newest.getAttribute("data-code")) ?? "").trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect(newest.textContent()).resolves.toContain("参加了 2 次聚会");

    // A visitor without an account checks the code, typed in lower case with spaces.
    const visitor = await browser().newContext({ locale: "zh-CN", viewport: PHONE });
    const page = await visitor.newPage();
    await page.goto(`${baseUrl}/check`);
    await page.fill("#check-code", code.toLowerCase().replaceAll("-", " "));
    await page.click("main form button");
    await page.locator("[data-testid=check-result]").waitFor();
    const verdict = (await page.locator("[data-testid=check-result]").textContent()) ?? "";
    expect(verdict).toContain("有效：持有人在");
    expect(verdict).toContain("参加了 2 次正规互助小组的聚会");
    expect(verdict).not.toContain(DEMO.member.handle);
    expect(verdict).not.toContain("天河晚间互助小组");
    expect(await seriousViolations(page)).toEqual([]);

    // The member sees the check, withdraws the statement, and the visitor then sees that.
    await member.page.reload();
    await expect(member.page.locator(`li[data-code="${code}"]`).textContent()).resolves.toContain("被核对过 1 次");
    await member.page.locator(`li[data-code="${code}"] button`).click();
    await member.page.locator(".form-message--info", { hasText: "已撤回" }).waitFor();
    await page.reload();
    await expect(page.locator("[data-testid=check-result]").textContent()).resolves.toContain("这份证明已被本人撤回");
    await visitor.close();
    await member.context.close();
  });

  it("in English: the finder and a group page read in English, fit the screen, and a member asks to join", { timeout: 90_000 }, async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE, locale: "en" });
    await signUp(page, baseUrl, uniqueHandle("en"), `english member ${crypto.randomUUID()}`);
    await page.goto(`${baseUrl}/groups?area=${GUANGDONG}&weekday=2&format=in_person`);
    await expect(page.locator("#finder-title").textContent()).resolves.toBe("Find a group");
    await expect(page.locator("#results-title").textContent()).resolves.toMatch(/^Groups found: \d+\. The soonest meetings come first\.$/);
    await page.click("text=天河晚间互助小组");
    await page.waitForURL(/\/groups\/b0000000-0000-4000-8000-000000000001$/);
    await expect(page.locator(".series-list").textContent()).resolves.toContain("Every Tuesday at 19:30, 90 minutes");
    await expect(page.locator("main").textContent()).resolves.toContain("The address and the online link are shown to members of the group");
    expect(await submitAndSee(page, "form:has(#join-note) button", "#join-title ~ p[role=status]")).toBe("You asked to join. The leader has not answered yet; check back here.");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
