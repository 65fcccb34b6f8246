/**
 * Mentor messages (issue 19) in Chromium at 390x844, zh-CN, two browser contexts: a new member
 * asks the demo mentor, who accepts; messages go both ways and appear without reloading; a
 * send that fails is shown as not sent and goes through on "try again", stored once; the
 * member's "I need to talk now" reaches the mentor; disappearing messages are set without
 * JavaScript; a block closes the conversation for both. The words written appear in no
 * request body, server log line or database row: only ciphertext leaves the browser.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { dumpServerDatabase } from "../support/canary";
import { openContext, signInElsewhere, signUp, uniqueHandle } from "../support/browser";
import { fitsThePhone, PHONE } from "../support/phone";
import { DEMO } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const TIANHE = "a0000000-0000-4000-8000-000000440106";

const messageList = (page: Page) => page.locator("[data-testid=conversation-messages]");

async function send(page: Page, text: string): Promise<void> {
  await page.fill("#conversation-text", text);
  await page.click("form:has(#conversation-text) button[type=submit]");
}

describe("mentor messages (zh-CN, 390x844)", () => {
  const browser = useBrowser();

  it("two people write to each other without reloading; a failed send is retried; only ciphertext leaves the browser", { timeout: 300_000 }, async () => {
    const menteeHandle = uniqueHandle("talk");
    const words = {
      first: `第一条 canary ${crypto.randomUUID()}`,
      reply: `回信 canary ${crypto.randomUUID()}`,
      retried: `重发 canary ${crypto.randomUUID()}`,
    };

    // A new member asks the demo mentor (Tianhe) for mentorship; the mentor accepts.
    const mentee = await openContext(browser(), { viewport: PHONE });
    await signUp(mentee.page, baseUrl, menteeHandle, `mentee ${crypto.randomUUID()}`);
    await mentee.page.goto(`${baseUrl}/mentors?area=${TIANHE}`);
    const card = mentee.page.locator(`#mentor-list-title ~ ul li[data-handle="${DEMO.leader.handle}"]`);
    await card.locator("summary").click();
    await card.locator("form button[type=submit]").click();
    await mentee.page.locator(".form-message--info", { hasText: "请求已经发出" }).waitFor();

    const mentor = await openContext(browser(), { viewport: PHONE });
    await signInElsewhere(mentor.page, baseUrl, DEMO.leader);
    await mentor.page.goto(`${baseUrl}/mentor`);
    await mentor.page.click(`li[data-handle="${menteeHandle}"] button[value=accept]`);
    await mentor.page.locator(".form-message--info", { hasText: "已接受" }).waitFor();

    // The member opens the conversation from their mentorships and writes first.
    await mentee.page.goto(`${baseUrl}/mentors`);
    await mentee.page.click(`#own-mentorships-title ~ ul li[data-handle="${DEMO.leader.handle}"] a[href^="/mentors/"]`);
    await mentee.page.waitForURL(/\/mentors\/[0-9a-f-]{36}$/);
    const conversationUrl = mentee.page.url();
    await mentee.page.locator("main", { hasText: "还没有消息" }).waitFor({ timeout: 30_000 });
    await mentee.page.locator("form:has(#conversation-text) button[type=submit]:not([disabled])").waitFor({ timeout: 30_000 });
    await send(mentee.page, words.first);
    await messageList(mentee.page).locator(".message--mine", { hasText: words.first }).waitFor({ timeout: 15_000 });

    // The mentor's tab has no keys yet: the passphrase unlocks them, and the message opens.
    await mentor.page.goto(conversationUrl);
    await mentor.page.fill("#unlock-passphrase", DEMO.leader.passphrase);
    await mentor.page.click("form:has(#unlock-passphrase) button[type=submit]");
    await messageList(mentor.page).locator(".message--theirs", { hasText: words.first }).waitFor({ timeout: 60_000 });
    await expect(mentor.page.locator("h1").textContent()).resolves.toBe(`和 ${menteeHandle} 的消息`);

    // The reply appears on the member's page without a reload, and the other way round.
    let menteeNavigations = 0;
    mentee.page.on("framenavigated", (frame) => {
      if (frame === mentee.page.mainFrame()) menteeNavigations += 1;
    });
    await mentor.page.locator("form:has(#conversation-text) button[type=submit]:not([disabled])").waitFor({ timeout: 30_000 });
    await send(mentor.page, words.reply);
    await messageList(mentee.page).locator(".message--theirs", { hasText: words.reply }).waitFor({ timeout: 15_000 });
    expect(menteeNavigations).toBe(0);

    // A send that fails on the way is shown as not sent; "try again" sends it, once.
    await mentee.page.route("**/api/mentors/*/messages", (route) => route.abort("connectionfailed"), { times: 1 });
    await send(mentee.page, words.retried);
    const failed = messageList(mentee.page).locator("[data-pending=failed]", { hasText: words.retried });
    await failed.locator("text=没有发出去。").waitFor({ timeout: 15_000 });
    await failed.locator("button", { hasText: "再试一次" }).click();
    await messageList(mentee.page).locator(".message--mine:not(.message--pending)", { hasText: words.retried }).waitFor({ timeout: 15_000 });
    await messageList(mentor.page).locator(".message--theirs", { hasText: words.retried }).waitFor({ timeout: 15_000 });
    await expect(messageList(mentor.page).locator(".message", { hasText: words.retried }).count()).resolves.toBe(1);

    // Both sides can compare safety numbers; the page fits the phone and passes axe.
    await mentee.page.click("details:has(#conversation-their-number) summary");
    await expect(mentee.page.locator("#conversation-their-number").textContent()).resolves.toMatch(/^(\d{5} ){5}\d{5}$/);
    await fitsThePhone(mentee.page);
    expect(await seriousViolations(mentee.page)).toEqual([]);

    // "I need to talk now" reaches the mentor (the member is in no group: the mentor is the one told).
    await mentee.page.goto(`${baseUrl}/talk-now`);
    await mentee.page.click("main button[value=ask]");
    await mentee.page.locator("main", { hasText: "已告诉能帮你的人，共 1 位。" }).waitFor();
    await mentor.page.goto(`${baseUrl}/notifications`);
    await expect(mentor.page.locator(".notifications").textContent()).resolves.toContain(menteeHandle);
    await mentee.page.goto(`${baseUrl}/talk-now`);
    await mentee.page.click("main button[value=cancel]");

    // Without JavaScript: the page says it needs it for messages; disappearing messages are a plain form.
    const plain = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    await plain.addCookies(await mentee.context.cookies());
    const page = await plain.newPage();
    await page.goto(conversationUrl);
    await expect(page.locator("main").textContent()).resolves.toContain("需要 JavaScript");
    await page.selectOption("#conversation-disappear", "7");
    const [saved] = await Promise.all([page.waitForNavigation(), page.click("form:has(#conversation-disappear) button[type=submit]")]);
    expect(saved?.status()).toBe(200);
    await page.locator("[role=status]", { hasText: "已保存" }).waitFor();
    await page.locator("#conversation-disappear option[value=off]").evaluate((option) => option.setAttribute("value", "3"));
    await page.selectOption("#conversation-disappear", "3");
    const [refused] = await Promise.all([page.waitForNavigation(), page.click("form:has(#conversation-disappear) button[type=submit]")]);
    expect(refused?.status()).toBe(400);
    await expect(page.locator("#conversation-disappear").inputValue()).resolves.toBe("7");
    await plain.close();

    // The member blocks the mentor: the conversation closes on both sides; earlier messages stay.
    await mentee.page.goto(`${baseUrl}/mentors`);
    await mentee.page.click(`#own-mentorships-title ~ ul li[data-handle="${DEMO.leader.handle}"] form:has(input[value=block]) button`);
    await mentee.page.locator(`#own-mentorships-title ~ ul li[data-handle="${DEMO.leader.handle}"] form:has(input[value=unblock])`).waitFor();
    await mentee.page.goto(conversationUrl);
    await mentee.page.locator("[data-testid=conversation-closed]", { hasText: "你屏蔽了这个人" }).waitFor();
    await expect(mentee.page.locator("#conversation-text").count()).resolves.toBe(0);
    await mentor.page.goto(conversationUrl);
    await mentor.page.locator("[data-testid=conversation-closed]").waitFor();
    await messageList(mentor.page).locator(".message", { hasText: words.first }).waitFor({ timeout: 30_000 });

    // Only ciphertext left the browsers: the words are in no request, log line or database row.
    const requests = [...mentee.requests, ...mentor.requests];
    expect(requests.some((request) => request.url.includes("/api/mentors/") && request.method === "POST")).toBe(true);
    const secrets = Object.values(words);
    for (const request of requests) {
      for (const secret of secrets) {
        for (const form of [secret, encodeURIComponent(secret), secret.replaceAll(" ", "+")]) expect(request.body.includes(form)).toBe(false);
      }
    }
    const serverLog = readFileSync(inject("serverLogPath"), "utf8");
    for (const secret of secrets) expect(serverLog.includes(secret)).toBe(false);
    const dump = await dumpServerDatabase({ dataDir: inject("dataDir"), databaseUrl: inject("databaseUrl") });
    expect(dump).toContain(menteeHandle);
    expect(secrets.filter((secret) => dump.includes(secret) || dump.includes(secret.split(" ")[2] ?? secret))).toEqual([]);

    // Leave the demo mentor as it was: the block taken back (the block already ended the mentorship).
    await mentee.page.goto(`${baseUrl}/mentors`);
    await mentee.page.click(`#own-mentorships-title ~ ul li[data-handle="${DEMO.leader.handle}"] form:has(input[value=unblock]) button`);
    await mentee.context.close();
    await mentor.context.close();
  });
});
