/**
 * A member asks the social workers of their area for help (issue 18, member side) in Chromium
 * at 390x844 against the demo data: the demo member (Tianhe) asks in zh-CN, is warned while
 * typing a phone number, double-clicks "send" and holds one request, replies and withdraws it
 * after confirming. Without JavaScript (in English) the server refuses a text with a phone
 * number once and sends it when asked to "send it as it is". Another member sees none of it.
 * Bad input posted straight to the server: a message and a 4xx, nothing created.
 */
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { openContext, pickHomeArea, signUp, uniqueHandle } from "../support/browser";
import { fitsThePhone, PHONE } from "../support/phone";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { signedInClient, type HttpClient } from "../support/http-client";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const REQUEST_PAGE = /\/help\/([0-9a-f-]{36})\?done=sent$/;

/** The demo member's request from the first journey (later ones check nobody else reaches it). */
let memberRequestId = "";
/** The member of the first journey (whose request that is). */
let journeyAccount = { handle: "", passphrase: "" };

async function requestCount(member: HttpClient): Promise<number> {
  const html = await (await member.get("/help")).text();
  return html.split("data-request=").length - 1;
}

describe("asking for help (member, 390x844)", () => {
  const browser = useBrowser();

  it("in zh-CN: warned while typing a phone number, one request from a double click, reply, withdraw", { timeout: 180_000 }, async () => {
    // A member of their own (Tianhe): the demo member's browser sign-ins from this network are few a quarter hour.
    const { context, page } = await openContext(browser(), { viewport: PHONE, locale: "zh-CN" });
    const account = { handle: uniqueHandle("helpzh"), passphrase: `help ${crypto.randomUUID()}` };
    journeyAccount = account;
    await signUp(page, baseUrl, account.handle, account.passphrase);
    await pickHomeArea(page, DEMO_AREAS.tianhe);
    const member = await signedInClient(baseUrl, account);
    const before = await requestCount(member);
    await page.goto(`${baseUrl}/home`);
    await page.click(".entries__link[href='/help']");
    await page.locator("h1", { hasText: "求助" }).waitFor();
    await page.click("a[href='/help/new']");
    await page.locator("h1", { hasText: "我要求助" }).waitFor();
    await expect(page.locator("main").textContent()).resolves.toContain("110");
    await fitsThePhone(page);
    expect(await seriousViolations(page)).toEqual([]);

    await page.check("input[name=category][value=welfare]");
    await page.check("input[name=urgency][value=soon]");
    await page.fill("#help-description", "想申请低保，我的电话 138 1234 5678");
    await page.locator("[data-testid=identity-warning]", { hasText: "电话号码" }).waitFor();
    await page.fill("#help-description", "想申请低保，不知道要准备什么材料。");
    await page.locator("[data-testid=identity-warning]").waitFor({ state: "detached" });
    await expect(page.locator("main").textContent()).resolves.toContain("已写 17 字");

    await page.dblclick("main form button[type=submit]");
    await page.waitForURL(REQUEST_PAGE);
    memberRequestId = REQUEST_PAGE.exec(page.url())?.[1] ?? "";
    await page.locator("[role=status] p", { hasText: "已发送" }).waitFor();
    await expect(page.locator("[data-testid=help-status]").textContent()).resolves.toContain("已发送");
    await expect(page.locator("main").textContent()).resolves.toContain("想申请低保，不知道要准备什么材料。");
    await fitsThePhone(page);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await requestCount(member)).toBe(before + 1);

    await page.fill("#help-reply", "我住在天河区，白天有空。");
    await page.click("main form button:has-text('发送留言')");
    await page.locator("[data-testid=help-timeline] li", { hasText: "我住在天河区，白天有空。" }).waitFor();
    await expect(page.locator("[data-testid=help-timeline]").textContent()).resolves.toContain("你:");

    await page.click("a:has-text('撤回这个求助')");
    await page.locator("#help-withdraw-question").waitFor();
    await page.click("button:has-text('确定撤回')");
    await page.locator("[data-testid=help-status]", { hasText: "你已撤回" }).waitFor();
    expect(await page.locator("#help-reply").count()).toBe(0);
    await context.close();
  });

  it("the same form sent twice makes one request, a message sent twice one message", { timeout: 60_000 }, async () => {
    const member = await signedInClient(baseUrl, DEMO.member);
    const before = await requestCount(member);
    const form = { category: "documents", urgency: "routine", contactWay: "in_person", description: "想补办户口本。", idempotencyKey: crypto.randomUUID() };
    const [first, second] = [await member.post("/help/new", form), await member.post("/help/new", form)];
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await requestCount(member)).toBe(before + 1);
    const requestId = /\/help\/([0-9a-f-]{36})/.exec(first.headers.get("location") ?? "")?.[1] ?? "";
    // A message sent twice with its form's key is stored once, the member's and the worker's;
    // the member reads the worker by the name on her staff card.
    const worker = await signedInClient(baseUrl, DEMO.workerLi);
    const workerMessage = { intent: "message", message: "请带上户口本复印件。", idempotencyKey: crypto.randomUUID() };
    const reply = { intent: "reply", body: "好的，明天带来。", idempotencyKey: crypto.randomUUID() };
    for (let send = 0; send < 2; send++) {
      expect((await worker.post(`/staff/help/${requestId}`, workerMessage)).status).toBe(302);
      expect((await member.post(`/help/${requestId}`, reply)).status).toBe(302);
    }
    const html = await (await member.get(`/help/${requestId}`)).text();
    const timeline = html.slice(html.indexOf('data-testid="help-timeline"'), html.indexOf("</ol>", html.indexOf('data-testid="help-timeline"')));
    expect(timeline.split("请带上户口本复印件。").length - 1).toBe(1);
    expect(timeline.split("好的，明天带来。").length - 1).toBe(1);
    expect(timeline).toContain(`社工${DEMO.workerLi.card.displayName}`);
    expect((await member.post(`/help/${requestId}`, { intent: "withdraw" })).status).toBe(302);
  });

  it("without JavaScript, in English: a phone number is refused once, then sent as it is; withdrawn after confirming", { timeout: 90_000 }, async () => {
    const signedIn = await openContext(browser(), { viewport: PHONE, locale: "en" });
    await signUp(signedIn.page, baseUrl, uniqueHandle("helpen"), `help ${crypto.randomUUID()}`);
    await pickHomeArea(signedIn.page, DEMO_AREAS.tianhe);
    const plain = await browser().newContext({ locale: "en", viewport: PHONE, javaScriptEnabled: false });
    await plain.addCookies(await signedIn.context.cookies());
    const page = await plain.newPage();
    await page.goto(`${baseUrl}/help/new`);
    await page.check("input[name=category][value=jobs]");
    await page.fill("#help-description", "I need work. Call me on 13812345678.");
    await page.click("main form button[type=submit]");
    await page.locator("#help-description-error", { hasText: "seems to contain details that identify you" }).waitFor();
    await expect(page.locator("[data-testid=identity-warning]").textContent()).resolves.toContain("a phone number");
    expect(await page.inputValue("#help-description")).toBe("I need work. Call me on 13812345678.");
    expect(await page.isChecked("input[name=category][value=jobs]")).toBe(true);
    await fitsThePhone(page);
    await page.check("input[name=sendAnyway]");
    await page.click("main form button[type=submit]");
    await page.waitForURL(REQUEST_PAGE);
    await page.locator("[role=status] p", { hasText: "Sent." }).waitFor();
    await expect(page.locator("h1").textContent()).resolves.toBe("Jobs");
    await page.click("a:has-text('Take this request back')");
    await page.locator("#help-withdraw-question", { hasText: "Do you really want" }).waitFor();
    await page.click("button:has-text('Yes, take it back')");
    await page.locator("[data-testid=help-status]", { hasText: "Taken back by you" }).waitFor();
    await page.goto(`${baseUrl}/help`);
    await page.locator("li[data-request]", { hasText: "Taken back by you" }).first().waitFor();
    await plain.close();
    await signedIn.context.close();
  });

  it("another member cannot open the request, and is asked to choose an area first", { timeout: 90_000 }, async () => {
    expect(memberRequestId).not.toBe("");
    const { context, page } = await openContext(browser(), { viewport: PHONE, locale: "en" });
    await signUp(page, baseUrl, uniqueHandle("helpother"), "a long passphrase for help tests");
    await page.goto(`${baseUrl}/help`);
    await page.locator("main", { hasText: "First choose the area where you live" }).waitFor();
    expect(await page.locator("main a[href='/welcome']").count()).toBe(1);
    for (const id of [memberRequestId, crypto.randomUUID(), "not-a-request"]) {
      const response = await page.goto(`${baseUrl}/help/${id}`);
      expect(response?.status()).toBe(404);
    }
    await context.close();
  });

  it("bad input: a message and a 4xx, nothing created", { timeout: 60_000 }, async () => {
    const member = await signedInClient(baseUrl, journeyAccount);
    const before = await requestCount(member);
    const valid = { category: "medical", urgency: "routine", contactWay: "portal", description: "想找医生看看。" };
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ description: "   " }, /请写下你需要什么帮助|Please write what you need/],
      [{ category: "weapons" }, /请选择是什么方面的事|Please choose what it is about/],
      [{ urgency: "now" }, /请选择多快需要帮助|Please choose how soon/],
      [{ contactWay: "wechat" }, /请选择社工怎么联系你|Please choose how they should contact you/],
      [{ description: "多".repeat(4001) }, /最多 4000 个字|at most 4000 characters/],
    ];
    for (const [change, message] of cases) {
      const response = await member.post("/help/new", { ...valid, ...change, idempotencyKey: crypto.randomUUID() });
      expect(response.status, JSON.stringify(change).slice(0, 80)).toBe(400);
      expect(await response.text()).toMatch(message);
    }
    expect((await member.post("/help/new", { ...valid, idempotencyKey: "not-a-key" })).status).toBe(400);
    expect(await requestCount(member)).toBe(before);
    const asked = await member.post("/help/new", { ...valid, idempotencyKey: crypto.randomUUID() });
    const openId = /\/help\/([0-9a-f-]{36})/.exec(asked.headers.get("location") ?? "")?.[1] ?? "";
    const empty = await member.post(`/help/${openId}`, { intent: "reply", body: "", idempotencyKey: crypto.randomUUID() });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/请写下留言|Please write a message/);
    expect((await member.post(`/help/${openId}`, { intent: "shout" })).status).toBe(400);
    expect((await member.post(`/help/${openId}`, { intent: "withdraw" })).status).toBe(302);
    expect((await member.post(`/help/${openId}`, { intent: "withdraw" })).status).toBe(409);
    expect((await member.post(`/help/${memberRequestId}`, { intent: "reply", body: "还在吗？", idempotencyKey: crypto.randomUUID() })).status).toBe(409);
    expect((await member.post(`/help/${crypto.randomUUID()}`, { intent: "withdraw" })).status).toBe(404);
  });
});
