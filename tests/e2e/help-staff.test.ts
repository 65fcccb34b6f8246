/**
 * The social workers' help queue and request page (issue 18, staff side) in Chromium at
 * 390x844 against the demo data. A fresh member of Tianhe asks for help; the demo worker of
 * Tianhe, whose home page shows his work first, finds it in the queue with a filter, assigns
 * it to himself, marks it seen, writes an internal note and a message, asks the member
 * something; the member reads the message, never the note, and replies; the worker resolves
 * it (English). In zh-CN, declining without a note is refused beside the field with a 400,
 * and a hand-over to Yuexiu takes the request out of his queue while the member reads where
 * it went. Without JavaScript the queue (a bad filter dropped with a note) and the request
 * page work. Bad input posted straight to the server: a message and a 4xx, nothing changed.
 * A member gets "not found" on both pages.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { openContext, pickHomeArea, signInElsewhere, signUp, uniqueHandle } from "../support/browser";
import { fitsThePhone, PHONE } from "../support/phone";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { signedInClient } from "../support/http-client";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const REQUEST_PAGE = /\/help\/([0-9a-f-]{36})\?done=sent$/;

/** The member of these journeys (signed up in the first), kept open for the later ones. */
let member: { context: BrowserContext; page: Page } | null = null;

function memberPage(): Page {
  if (!member) throw new Error("the first journey signs the member up");
  return member.page;
}

/** The member asks for help on the page and returns the request's id. */
async function askForHelp(page: Page, category: string, description: string): Promise<string> {
  await page.goto(`${baseUrl}/help/new`);
  await page.check(`input[name=category][value=${category}]`);
  await page.check("input[name=urgency][value=urgent]");
  await page.fill("#help-description", description);
  await page.click("main form button[type=submit]");
  await page.waitForURL(REQUEST_PAGE);
  return REQUEST_PAGE.exec(page.url())?.[1] ?? "";
}

describe("the help queue for social workers (390x844)", () => {
  const browser = useBrowser();

  it("in English: found with a filter, assigned, seen, noted, written to, asked; the member replies; resolved", { timeout: 180_000 }, async () => {
    member = await openContext(browser(), { viewport: PHONE, locale: "en" });
    await signUp(member.page, baseUrl, uniqueHandle("helpstaff"), `help staff ${crypto.randomUUID()}`);
    await pickHomeArea(member.page, DEMO_AREAS.tianhe);
    const requestId = await askForHelp(member.page, "legal_aid", "My landlord keeps my deposit. What can I do?");

    const { context, page } = await openContext(browser(), { viewport: PHONE, locale: "en" });
    await signInElsewhere(page, baseUrl, DEMO.workerLi);
    // Home shows a social worker's work first, the help queue at its top, before what every member has.
    await page.locator("#home-work-title", { hasText: "Your work" }).waitFor();
    expect(await page.locator(".entries__link").first().getAttribute("href")).toBe("/staff/help");
    const order = await page.locator("#home-work-title, .talk-now-panel, .entries__link[href='/groups']").evaluateAll((found) => found.map((element) => element.id || element.getAttribute("href") || element.className));
    expect(order).toEqual(["home-work-title", "talk-now-panel", "/groups"]);
    await page.click(".entries__link[href='/staff/help']");
    await page.locator("h1", { hasText: "Help requests" }).waitFor();
    await page.click("summary:has-text('Show only')");
    await page.selectOption("#queue-category", "legal_aid");
    await page.selectOption("#queue-urgency", "urgent");
    await page.click("form.finder-form button[type=submit]");
    await page.waitForURL(/\/staff\/help\?category=legal_aid&status=&urgency=urgent&waited=$/);
    const row = page.locator(`li[data-request="${requestId}"]`);
    await row.waitFor();
    for (const words of ["Legal aid", "Urgent", "New", "waiting less than a day", "Tianhe District", "Nobody has it yet"]) await expect(row.textContent()).resolves.toContain(words);
    await fitsThePhone(page);
    expect(await seriousViolations(page)).toEqual([]);
    await row.locator("button:has-text('Assign to me')").click();
    await page.locator(`li[data-request="${requestId}"]`, { hasText: "Assigned to you" }).waitFor();
    expect(await row.locator("button").count()).toBe(0);

    await row.locator("h2 a").click();
    await page.locator("h1", { hasText: "Legal aid" }).waitFor();
    await expect(page.locator("main").textContent()).resolves.toContain("My landlord keeps my deposit.");
    await fitsThePhone(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.click("button:has-text('Mark as seen')");
    await page.locator("[data-testid=staff-help-status]", { hasText: "Seen" }).waitFor();

    await page.fill("#help-note", "Check the rental contract first.");
    await page.click("button:has-text('Save the note')");
    await page.locator("[data-testid=staff-timeline] li.internal-note", { hasText: "Check the rental contract first." }).waitFor();
    await expect(page.locator("[data-testid=staff-timeline] li.internal-note").textContent()).resolves.toContain("Only staff see this.");
    await page.fill("#help-message", "Free legal aid can help with this.");
    await page.click("button:has-text('Send to the member')");
    await page.locator("[data-testid=staff-timeline] li", { hasText: "Free legal aid can help with this." }).waitFor();
    await page.click("button:has-text('Start working on it')");
    await page.locator("[data-testid=staff-help-status]", { hasText: "Being worked on" }).waitFor();
    await page.fill("#help-member-note", "Do you have the contract?");
    await page.click("button:has-text('Wait for the member')");
    await page.locator("[data-testid=staff-help-status]", { hasText: "Waiting for the member" }).waitFor();

    const asked = memberPage();
    await asked.goto(`${baseUrl}/help/${requestId}`);
    const timeline = asked.locator("[data-testid=help-timeline]");
    await expect(timeline.textContent()).resolves.toContain("Free legal aid can help with this.");
    await expect(timeline.textContent()).resolves.toContain("Do you have the contract?");
    await expect(asked.locator("main").textContent()).resolves.not.toContain("Check the rental contract first.");
    await asked.fill("#help-reply", "Yes, I have a copy.");
    await asked.click("main form button:has-text('Send message')");
    await asked.locator("[data-testid=help-timeline] li", { hasText: "Yes, I have a copy." }).waitFor();

    await page.reload();
    await page.locator("[data-testid=staff-timeline] li", { hasText: "Yes, I have a copy." }).waitFor();
    await expect(page.locator("[data-testid=staff-help-status]").textContent()).resolves.toBe("Being worked on");
    await page.click("button:has-text('Mark as done')");
    await page.locator("[data-testid=staff-help-status]", { hasText: "Done" }).waitFor();
    expect(await page.locator("#help-message").count()).toBe(0);
    await context.close();
  });

  it("in zh-CN: declining without a note is refused beside it (400); a hand-over to Yuexiu leaves the queue", { timeout: 180_000 }, async () => {
    const requestId = await askForHelp(memberPage(), "housing", "The rent went up and I cannot pay this month.");
    const { context, page } = await openContext(browser(), { viewport: PHONE, locale: "zh-CN" });
    await signInElsewhere(page, baseUrl, DEMO.workerLi);
    await page.goto(`${baseUrl}/staff/help?category=housing`);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("zh-CN");
    await expect(page.locator("h1").textContent()).resolves.toBe("求助事项");
    await page.locator(`li[data-request="${requestId}"] h2 a`).click();
    await page.locator("h1", { hasText: "住房" }).waitFor();

    const declined = page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes(`/staff/help/${requestId}`));
    await page.click("button:has-text('婉拒')");
    expect((await declined).status()).toBe(400);
    await page.locator("#help-member-note-error", { hasText: "请写下婉拒的原因" }).waitFor();
    await expect(page.locator("[data-testid=staff-help-status]").textContent()).resolves.toBe("新的");
    await fitsThePhone(page);

    for (const [index, areaId] of DEMO_AREAS.yuexiu.entries()) await page.selectOption(`#area-${["province", "city", "district"][index]}`, areaId);
    await page.fill("#help-transfer-note", "搬到越秀区了，那边的社工会联系你。");
    await page.click("button:has-text('转过去')");
    await page.waitForURL(/\/staff\/help\?done=transferred$/);
    await page.locator("[role=status] p", { hasText: "求助已转过去" }).waitFor();
    expect(await page.locator(`li[data-request="${requestId}"]`).count()).toBe(0);
    expect((await page.goto(`${baseUrl}/staff/help/${requestId}`))?.status()).toBe(404);

    const asked = memberPage();
    await asked.goto(`${baseUrl}/help/${requestId}`);
    await asked.locator("[data-testid=help-timeline] li", { hasText: "Your request was passed to the social workers of Yuexiu District." }).waitFor();
    await expect(asked.locator("[data-testid=help-timeline]").textContent()).resolves.toContain("搬到越秀区了");
    await context.close();
  });

  it("without JavaScript: the queue drops a bad filter and assigns; the request page notes, steps through the area picker, refuses and declines", { timeout: 120_000 }, async () => {
    const requestId = await askForHelp(memberPage(), "documents", "I lost my ID card and need a new one.");
    const context = await browser().newContext({ locale: "en", viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await signInElsewhere(page, baseUrl, DEMO.workerLi);
    await page.goto(`${baseUrl}/staff/help?category=documents&waited=2&page=x`);
    await page.locator("[data-testid=queue-dropped]", { hasText: "made no sense" }).waitFor();
    const row = page.locator(`li[data-request="${requestId}"]`);
    await expect(row.textContent()).resolves.toContain("Nobody has it yet");
    await row.locator("button:has-text('Assign to me')").click();
    await page.locator(`li[data-request="${requestId}"]`, { hasText: "Assigned to you" }).waitFor();
    await fitsThePhone(page);

    await page.goto(`${baseUrl}/staff/help/${requestId}`);
    await page.fill("#help-note", "Needs the household register office.");
    await page.click("button:has-text('Save the note')");
    await page.locator("[data-testid=staff-timeline] li.internal-note", { hasText: "Needs the household register office." }).waitFor();
    // The area picker of the hand-over goes one step at a time without scripts, keeping the note typed so far.
    await page.fill("#help-transfer-note", "The member moved to Yuexiu.");
    await page.selectOption("#area-province", DEMO_AREAS.yuexiu[0]);
    await page.click("form:has(#area-province) button[value=transfer-step]");
    await page.locator("#area-city").waitFor();
    expect(await page.inputValue("#help-transfer-note")).toBe("The member moved to Yuexiu.");
    await page.click("button:has-text('Decline')");
    await page.locator("#help-member-note-error", { hasText: "Please write why you decline" }).waitFor();
    await page.fill("#help-member-note", "This is handled by the police station; we can go with you.");
    await page.click("button:has-text('Decline')");
    await page.locator("[data-testid=staff-help-status]", { hasText: "Declined" }).waitFor();
    await fitsThePhone(page);
    await context.close();
  });

  it("bad input: a message and a 4xx, nothing changed; a made-up request is not found", { timeout: 90_000 }, async () => {
    const requestId = await askForHelp(memberPage(), "welfare", "I want to apply for the minimum living allowance.");
    const worker = await signedInClient(baseUrl, DEMO.workerLi);
    const events = async () => (await (await worker.get(`/staff/help/${requestId}`)).text()).split("data-kind=").length - 1;
    const before = await events();
    const [province, city, district] = DEMO_AREAS.tianhe;
    const cases: Array<[Record<string, string>, number, RegExp]> = [
      [{ intent: "message", message: "  ", idempotencyKey: crypto.randomUUID() }, 400, /请写下留言|Please write a message/],
      [{ intent: "message", message: "x".repeat(4001), idempotencyKey: crypto.randomUUID() }, 400, /最多 4000 个字|at most 4000 characters/],
      [{ intent: "note", staffNote: "", idempotencyKey: crypto.randomUUID() }, 400, /请写下备注|Please write the note/],
      [{ intent: "act", move: "withdraw", memberNote: "" }, 400, /提交的内容有误|Something in what you sent is not right/],
      [{ intent: "act", move: "decline", memberNote: " " }, 400, /请写下婉拒的原因|Please write why you decline/],
      [{ intent: "act", move: "askMember", memberNote: "" }, 409, /现在不能这样做|cannot be done now/],
      [{ intent: "assign", workerId: crypto.randomUUID() }, 400, /不负责这个求助的地区|does not serve the request's area/],
      [{ intent: "transfer", areaPick0: province, areaPick1: city, areaPick2: district, transferNote: "" }, 400, /已经在这个地区|already in this area/],
      [{ intent: "transfer", areaPick0: crypto.randomUUID(), transferNote: "" }, 400, /请选择求助人搬去的地区|choose the area the member moved to/],
    ];
    for (const [fields, status, message] of cases) {
      const response = await worker.post(`/staff/help/${requestId}`, fields);
      expect(response.status, JSON.stringify(fields).slice(0, 80)).toBe(status);
      expect(await response.text()).toMatch(message);
    }
    expect(await events()).toBe(before);
    for (const id of [crypto.randomUUID(), "not-a-request"]) expect((await worker.post(`/staff/help/${id}`, { intent: "message", message: "hello", idempotencyKey: crypto.randomUUID() })).status).toBe(404);
    expect((await worker.post("/staff/help?index", { intent: "assignMe", requestId: crypto.randomUUID() })).status).toBe(404);
    expect((await worker.post(`/staff/help/${requestId}`, { intent: "act", move: "decline", memberNote: "We cannot help with this one here." })).status).toBe(302);
  });

  it("a member gets not found on the staff pages", { timeout: 60_000 }, async () => {
    const page = memberPage();
    expect((await page.goto(`${baseUrl}/staff/help`))?.status()).toBe(404);
    expect((await page.goto(`${baseUrl}/staff/help/${crypto.randomUUID()}`))?.status()).toBe(404);
    await member?.context.close();
    member = null;
  });
});
