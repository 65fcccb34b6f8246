/**
 * "I need to talk now" (issue 19) in Chromium at 390x844 against the demo data, in zh-CN. The
 * demo leader waits on his home page; the demo member (in his Tianhe evening group) presses
 * the button on hers: she reads how many people were told, and his header shows the neutral
 * badge within seconds, without a reload. He opens his notifications, sees who asked, and says
 * he will reply; the badge goes, and her page says someone saw it. Without JavaScript the
 * button is a plain form post: a member in no group is pointed at the hotlines. Bad input
 * posted straight to the server: a message and a 4xx, nothing changed. The badge's stream
 * ends (and says so) once the session is signed out.
 */
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { openContext, signInElsewhere } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO } from "../support/demo-accounts";
import { signedInClient } from "../support/http-client";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
/** The demo member in no group (supabase/seed.sql). */
const AHUA = { handle: "ahua", passphrase: "demo member passphrase" };

describe("I need to talk now (390x844)", () => {
  const browser = useBrowser();

  it("the member asks; the leader's badge appears without a reload; he opens it and says he will reply", { timeout: 120_000 }, async () => {
    const leader = await openContext(browser(), { viewport: PHONE, locale: "zh-CN" });
    // The page listens (the stream answered) before the member asks.
    const listening = leader.page.waitForResponse((response) => response.url().endsWith("/api/notifications/stream") && response.status() === 200);
    await signInElsewhere(leader.page, baseUrl, DEMO.leader);
    await leader.page.locator("h1", { hasText: "leader_chen" }).waitFor();
    await expect(leader.page.locator(".notification-badge").count()).resolves.toBe(0);
    // Marks this very document: a reload would lose it.
    await leader.page.evaluate(() => ((window as unknown as { stillHere?: boolean }).stillHere = true));
    await listening;

    const member = await openContext(browser(), { viewport: PHONE, locale: "zh-CN" });
    await signInElsewhere(member.page, baseUrl, DEMO.member);
    const panel = member.page.locator("section.talk-now-panel");
    await expect(panel.textContent()).resolves.toContain("现在很难熬吗？");
    await expect(panel.textContent()).resolves.toContain("不会发送你的位置");
    await panel.locator("button", { hasText: "我现在需要找人说说话" }).click();
    await member.page.waitForURL(`${baseUrl}/talk-now`);
    await expect(member.page.locator("main p[role=status]").textContent()).resolves.toMatch(/已告诉能帮你的人，共 \d+ 位。他们会在网站里回复你。/);
    await member.page.locator("button", { hasText: "我现在没事了，撤回" }).waitFor();
    expect(await member.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(member.page)).toEqual([]);

    const badge = leader.page.locator(".notification-badge", { hasText: "1 条新提醒" });
    await badge.waitFor({ timeout: 8_000 });
    expect(await leader.page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(await leader.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await badge.click();
    await leader.page.waitForURL(`${baseUrl}/notifications`);
    const item = leader.page.locator("li.notifications__item--new").first();
    await expect(item.textContent()).resolves.toContain(`${DEMO.member.handle} 想现在找人说说话。`);
    expect(await seriousViolations(leader.page)).toEqual([]);
    await item.locator("button", { hasText: "我来在网站里回复" }).click();
    await leader.page.locator("li.notifications__item", { hasText: "你已说会回复 TA。" }).first().waitFor();
    await expect(leader.page.locator(".notification-badge").count()).resolves.toBe(0);
    await expect(leader.page.locator("header a[href='/notifications']").textContent()).resolves.toBe("提醒");

    await member.page.reload();
    await member.page.locator("main p[role=status]", { hasText: "已经有人看到了，会在网站里回复你。" }).waitFor();
    await leader.context.close();
    await member.context.close();
  });

  it("without JavaScript, the button is a form post; with nobody to tell, the member is pointed at the hotlines", { timeout: 60_000 }, async () => {
    const client = await signedInClient(baseUrl, AHUA);
    const context = await browser().newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled: false });
    await context.addCookies(client.cookiesFor(baseUrl));
    const page = await context.newPage();
    await page.goto(`${baseUrl}/home`);
    await page.locator("section.talk-now-panel button", { hasText: "我现在需要找人说说话" }).click();
    await page.waitForURL(`${baseUrl}/talk-now?shown=nobody`);
    await expect(page.locator("main p[role=status]").textContent()).resolves.toContain("现在还没有可以提醒的人");
    await expect(page.locator("main a[href='/crisis']").textContent()).resolves.toBe("需要马上有人接电话？看看热线电话");
    // Nothing was kept: the ask form is still offered.
    await page.locator("main button", { hasText: "我现在需要找人说说话" }).waitFor();
    await context.close();
  });

  it("bad input gets a message and a 4xx, and changes nothing", async () => {
    const client = await signedInClient(baseUrl, AHUA);
    const tooLong = await client.post("/talk-now", { intent: "ask", note: "话".repeat(201) });
    expect(tooLong.status).toBe(400);
    const badCancel = await client.post("/talk-now", { intent: "cancel", requestId: "not-an-id" });
    expect(badCancel.status).toBe(400);
    const unknownCancel = await client.post("/talk-now", { intent: "cancel", requestId: crypto.randomUUID() });
    expect(unknownCancel.status).toBe(404);
    const badIntent = await client.post("/notifications", { intent: "delete" });
    expect(badIntent.status).toBe(400);
    const notMine = await client.post("/notifications", { intent: "answer", notificationId: crypto.randomUUID() });
    expect(notMine.status).toBe(404);
    // The stream never ends: read its first event only.
    const cookie = client.cookiesFor(baseUrl).map(({ name, value }) => `${name}=${value}`).join("; ");
    const stream = await fetch(`${baseUrl}/api/notifications/stream`, { headers: { cookie } });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const reader = stream.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    expect(first).toContain("event: count\ndata: 0\n\n");
    await reader?.cancel();
    const signedOut = await fetch(`${baseUrl}/api/notifications/stream`);
    expect(signedOut.status).toBe(401);
  });

  it("the badge's stream ends once the session is signed out", { timeout: 60_000 }, async () => {
    const client = await signedInClient(baseUrl, AHUA);
    const cookie = client.cookiesFor(baseUrl).map(({ name, value }) => `${name}=${value}`).join("; ");
    const stream = await fetch(`${baseUrl}/api/notifications/stream`, { headers: { cookie } });
    const reader = stream.body?.getReader();
    if (!reader) throw new Error("a stream");
    const decoder = new TextDecoder();
    let received = decoder.decode((await reader.read()).value);
    expect(received).toContain("event: count");
    expect((await client.post("/sign-out", {})).status).toBe(302);
    // At the next heartbeat (20 s) at the latest: "end", then the server closes the stream.
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      received += decoder.decode(chunk.value);
    }
    expect(received).toContain("event: end\ndata: signed-out\n\n");
  });
});
