/**
 * Discreet testing from end to end (issue 17) in Chromium at 390x844, two people in two
 * languages: the demo social worker (zh-CN) opens a series of slots at a demo partner site;
 * a new member (English) books one with a double click and holds one booking, cancels and
 * books again; at the desk the worker checks the member in by the code alone and records a
 * negative result; the member sees it first in their own results, makes a proof link; a
 * signed-out browser checks it; the member stops it and the link stops working.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { openContext, pickHomeArea, signInElsewhere, signUp, uniqueHandle } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
/** The first demo partner site in Tianhe (supabase/seed.sql). */
const DEMO_SITE = "f0000000-0000-4000-8000-000000000001";
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** A date `days` from today (China Standard Time), as a date input takes it. */
function inDays(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

const bookings = (page: Page) => page.locator(".booking[data-booking]");

describe("discreet testing, from a series of slots to a proof link (390x844)", () => {
  const browser = useBrowser();

  it("worker in zh-CN, member in English", { timeout: 300_000 }, async () => {
    // Far beyond the demo's ten days, at an hour the demo does not use: the journey's own slot.
    const day = inDays(24);
    const worker = await openContext(browser(), { viewport: PHONE });
    await signInElsewhere(worker.page, baseUrl, DEMO.workerLi);
    await worker.page.goto(`${baseUrl}/staff/testing/sites/${DEMO_SITE}`);
    await worker.page.check(`input[name=weekday_${new Date(`${day}T12:00:00Z`).getUTCDay()}]`);
    await worker.page.fill("#series-from", day);
    await worker.page.fill("#series-to", day);
    await worker.page.fill("#series-start", "16:00");
    await worker.page.fill("#series-end", "17:00");
    await worker.page.fill("#series-minutes", "60");
    await worker.page.fill("#series-capacity", "1");
    await worker.page.click("form:has(#series-from) button[type=submit]");
    await worker.page.locator(".form-message--info", { hasText: "时段已添加。" }).waitFor();

    // A new member of Tianhe, in English, finds it four weeks ahead.
    const member = await openContext(browser(), { viewport: PHONE, locale: "en-GB" });
    const memberHandle = uniqueHandle("tester");
    await signUp(member.page, baseUrl, memberHandle, `tester ${crypto.randomUUID()}`);
    await pickHomeArea(member.page, DEMO_AREAS.tianhe);
    await member.page.goto(`${baseUrl}/testing?weeks=4`);
    const slot = member.page.locator(`section.slot-day[aria-labelledby="day-${day}"] button[data-slot]`, { hasText: "16:00–17:00" });
    await expect(slot.count()).resolves.toBe(1);
    const slotId = (await slot.getAttribute("data-slot")) ?? "";

    // A double click: one booking.
    await member.page.dblclick(`button[data-slot="${slotId}"]`);
    await member.page.locator("#booked-title", { hasText: "Booked." }).waitFor();
    await member.page.waitForLoadState("networkidle");
    await member.page.goto(`${baseUrl}/testing`);
    await expect(bookings(member.page).count()).resolves.toBe(1);

    // Cancel, then book again: the place was given back.
    await member.page.click("a[href$='/cancel']");
    await member.page.click("button:has-text('Yes, cancel it')");
    await member.page.locator("p[role=status]", { hasText: "Your booking is cancelled." }).waitFor();
    await member.page.goto(`${baseUrl}/testing?weeks=4`);
    await member.page.click(`button[data-slot="${slotId}"]`);
    await member.page.locator("#booked-title", { hasText: "Booked." }).waitFor();
    const code = ((await member.page.locator("[data-testid=booking-code]").first().textContent()) ?? "").trim();
    expect(code).toMatch(CODE);

    // The worker sees the booking on the site's page by its code only, never by who.
    await worker.page.reload();
    const listed = worker.page.locator("main").textContent();
    await expect(listed).resolves.toContain(code);
    await expect(listed).resolves.not.toContain(memberHandle);

    // At the desk: the code as the member reads it out (lower case, a space for the dash).
    await worker.page.goto(`${baseUrl}/staff/testing/desk`);
    await worker.page.fill("#desk-code", code.toLowerCase().replace("-", " "));
    await worker.page.click("button[value=checkIn]");
    await worker.page.locator(".form-message--info", { hasText: "已登记到场" }).waitFor();
    await worker.page.fill("#desk-code", code);
    await worker.page.check("input[name=outcome][value=negative]");
    await worker.page.click("button[value=result]");
    await worker.page.locator(".form-message--info", { hasText: "结果已记录。成员会先在自己的记录里看到。" }).waitFor();

    // The member sees it in their own results, and makes a proof link from it.
    await member.page.goto(`${baseUrl}/testing/results`);
    await expect(member.page.locator("main").textContent()).resolves.toContain("Negative (clear)");
    await member.page.click("main a[href='/testing/proofs']");
    const result = member.page.locator("li.proof-result").first();
    await result.locator("button[type=submit]").click();
    const linkField = member.page.locator("[data-testid=proof-link]");
    await linkField.waitFor({ timeout: 20_000 });
    const link = await linkField.inputValue();
    const id = /\/proof\/([0-9a-f-]{36})#/.exec(link)?.[1] ?? "";

    // A signed-out browser checks it; the member stops it; it no longer opens.
    const recipient = await openContext(browser(), { viewport: PHONE, locale: "zh-CN" });
    await recipient.page.goto(link);
    const verdict = recipient.page.locator("[data-testid=proof-result]");
    await verdict.waitFor({ timeout: 20_000 });
    await expect(verdict.getAttribute("data-outcome")).resolves.toBe("valid");
    await expect(verdict.textContent()).resolves.toContain("毒品检测结果：阴性。");
    await member.page.goto(`${baseUrl}/testing/proofs`);
    await member.page.locator(`li[data-link="${id}"] button[type=submit]`).click();
    await member.page.locator(".form-message--info", { hasText: "The link is stopped." }).waitFor();
    await recipient.page.goto("about:blank");
    await recipient.page.goto(link);
    await verdict.waitFor({ timeout: 20_000 });
    await expect(verdict.getAttribute("data-outcome")).resolves.toBe("revoked");
    await recipient.context.close();

    await worker.context.close();
    await member.context.close();
  });
});
