/**
 * A member books a discreet test (issue 17, member side) in Chromium at 390x844 against the
 * demo data (supabase/seed.sql: two partner sites in Tianhe with slots on the coming
 * weekdays). In English: the demo member sees the open times, double-clicks "book" and holds
 * exactly one booking, reads its code and address, downloads a calendar file that says
 * nothing about testing, moves the booking, cancels it and books again; another member sees
 * none of it. Bad input posted straight to the server: a message and a 4xx, nothing changed.
 * Once in zh-CN, and once without JavaScript.
 */
import { readFile } from "node:fs/promises";
import fc from "fast-check";
import ICAL from "ical.js";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { openContext, signIn, signInElsewhere, signUp, uniqueHandle } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { signedInClient, type HttpClient } from "../support/http-client";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const ADDRESS = "天河区体育西路 100 号 3 楼 302 室";
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
/** Words a calendar file must not hold: whoever sees the member's calendar sees it. */
const TESTING_WORDS = /test|drug|urine|result|检测|尿|毒|药/i;

/** The demo member's booking made in the first journey (the later ones check nobody else reaches it). */
let memberBookingId = "";

const bookingCards = (page: Page) => page.locator(".booking[data-booking]");

async function codeShown(page: Page): Promise<string> {
  return ((await page.locator("[data-testid=booking-code]").first().textContent()) ?? "").trim();
}

/** The slot buttons on the page, as [slot id, day] in the order shown. */
async function slotsShown(page: Page): Promise<Array<{ slotId: string; day: string }>> {
  return page.locator("button[data-slot]").evaluateAll((buttons) =>
    buttons.map((button) => ({ slotId: button.getAttribute("data-slot") ?? "", day: button.closest("section.slot-day")?.getAttribute("aria-labelledby") ?? "" })),
  );
}

describe("booking a discreet test (member, 390x844)", () => {
  const browser = useBrowser();

  it("in English: book with a double click, read the code and address, calendar, move, cancel, book again", { timeout: 180_000 }, async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE, locale: "en" });
    await signInElsewhere(page, baseUrl, DEMO.member);
    await page.click(".entries__link[href='/testing']");
    await page.locator("h1", { hasText: "Book a private test" }).waitFor();
    expect(await bookingCards(page).count()).toBe(0);
    await expect(page.locator("main").textContent()).resolves.toContain("Your home social worker does not see bookings");
    // The demo sites' times, by day and site, with places left.
    await expect(page.locator("section.slot-day h4").first().textContent()).resolves.toMatch(/天河健康服务室|石牌社区诊室/);
    await expect(page.locator(".slot-list__item").first().textContent()).resolves.toMatch(/Places left: [23]/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);

    // A double click sends the form twice at most: one booking.
    const [first, , second] = await slotsShown(page);
    if (!first || !second) throw new Error("the demo has open slots");
    await page.dblclick(`button[data-slot="${first.slotId}"]`);
    await page.locator("#booked-title", { hasText: "Booked. Here is your code." }).waitFor();
    await page.waitForLoadState("networkidle");
    await page.goto(`${baseUrl}/testing`);
    expect(await bookingCards(page).count()).toBe(1);
    const code = await codeShown(page);
    expect(code).toMatch(CODE);
    await expect(page.locator(".booking__address").textContent()).resolves.toBe(ADDRESS);
    await expect(page.locator(".booking").textContent()).resolves.toMatch(/You can move or cancel it until .+ \d\d:\d\d\./);
    memberBookingId = (await bookingCards(page).getAttribute("data-booking")) ?? "";

    // The calendar file: a neutral title, the address, the code; nothing about testing.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(".booking form[action$='calendar.ics'] button")]);
    expect(download.suggestedFilename()).toBe("calendar.ics");
    const ics = await readFile(await download.path(), "utf8");
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent") ?? undefined);
    expect([event.summary, event.location]).toEqual(["Appointment", ADDRESS]);
    expect(event.description).toContain(code);
    expect(ics).not.toMatch(TESTING_WORDS);

    // Move it: a new time and a new code, still one booking.
    await page.click(`a[href='/testing/bookings/${memberBookingId}/move']`);
    await page.locator("h1", { hasText: "Move your booking" }).waitFor();
    expect(await page.locator(`button[data-slot="${first.slotId}"]`).count()).toBe(0);
    await page.click(`button[data-slot="${second.slotId}"]`);
    await page.locator("#booked-title", { hasText: "Moved. Here is your new time and code." }).waitFor();
    const movedCode = await codeShown(page);
    expect(movedCode).toMatch(CODE);
    expect(movedCode).not.toBe(code);
    expect(await bookingCards(page).count()).toBe(1);

    // Cancel it, after a confirm step.
    await page.click("a[href$='/cancel']");
    await page.locator("h1", { hasText: "Cancel this booking?" }).waitFor();
    await page.click("button:has-text('Yes, cancel it')");
    await page.locator("p[role=status]", { hasText: "Your booking is cancelled." }).waitFor();
    expect(await bookingCards(page).count()).toBe(0);
    await expect(page.locator("#bookings-title + p").textContent()).resolves.toBe("You have no bookings ahead.");

    // And book again.
    await page.click(`button[data-slot="${first.slotId}"]`);
    await page.locator("#booked-title", { hasText: "Booked." }).waitFor();
    await expect(page.locator(".booking__address").textContent()).resolves.toBe(ADDRESS);
    await expect(page.locator("main").textContent()).resolves.toContain("At the desk, show your code. You do not need to give your name.");
    memberBookingId = (await bookingCards(page).getAttribute("data-booking")) ?? "";
    const kept = await codeShown(page);

    // Results: last week's demo test (supabase/seed.sql), negative, with the way to a proof link.
    await page.click("a[href='/testing/results']");
    await page.locator("h1", { hasText: "My results" }).waitFor();
    await expect(page.locator("main").textContent()).resolves.toContain("Negative (clear)");
    await expect(page.locator("main a[href='/testing/proofs']").count()).resolves.toBe(1);
    await context.close();

    // Another member in the same area sees nothing of it, and cannot reach it by its address.
    const other = await openContext(browser(), { viewport: PHONE, locale: "en" });
    await signIn(other.page, baseUrl, DEMO.leader);
    await other.page.goto(`${baseUrl}/testing`);
    await other.page.locator("#slots-title").waitFor();
    expect(await bookingCards(other.page).count()).toBe(0);
    await expect(other.page.locator("main").textContent()).resolves.not.toContain(kept);
    for (const path of ["cancel", "move"]) {
      const response = await other.page.goto(`${baseUrl}/testing/bookings/${memberBookingId}/${path}`);
      expect(response?.status(), path).toBe(404);
      await expect(other.page.locator("main").textContent(), path).resolves.toContain("This booking could not be found.");
    }
    const calendar = await other.page.evaluate(async (url) => (await fetch(url)).status, `${baseUrl}/testing/bookings/${memberBookingId}/calendar.ics`);
    expect(calendar).toBe(404);
    await other.context.close();
  });

  it("bad input: a message and a 4xx, and nothing changes", { timeout: 90_000 }, async () => {
    const leader = await signedInClient(baseUrl, DEMO.leader);
    const page = async () => (await leader.get("/testing")).text();
    const count = (html: string) => html.match(/class="booking" data-booking=/g)?.length ?? 0;
    const keyOf = (html: string) => html.match(/name="idempotencyKey" value="([0-9a-f-]{36})"/)?.[1] ?? "";
    // Each day's slots: the day sections in order, each with its slot ids.
    const days = (html: string) =>
      html
        .split('class="slot-day"')
        .slice(1)
        .map((section) => [...section.matchAll(/data-slot="([0-9a-f-]{36})"/g)].map((match) => match[1] ?? ""));
    const html = await page();
    const sameDay = days(html).find((slots) => slots.length >= 2);
    if (!sameDay) throw new Error("the demo has a day with two slots");
    const [slotA = "", slotB = ""] = sameDay;

    // One form sent twice: the same booking both times.
    const key = keyOf(html);
    const booked = await leader.post("/testing", { intent: "book", slotId: slotA, idempotencyKey: key });
    const again = await leader.post("/testing", { intent: "book", slotId: slotA, idempotencyKey: key });
    expect([booked.status, again.status]).toEqual([303, 303]);
    expect(again.headers.get("location")).toBe(booked.headers.get("location"));
    const before = await page();
    expect(count(before)).toBe(1);

    const refusals: Array<[string, Record<string, string>, number, string]> = [
      ["/testing", { intent: "book", slotId: slotB, idempotencyKey: keyOf(before) }, 409, "你那天已经有一个预约了"],
      ["/testing", { intent: "book", slotId: crypto.randomUUID(), idempotencyKey: keyOf(before) }, 404, "找不到这个时间"],
      ["/testing", { intent: "book", slotId: "nonsense", idempotencyKey: keyOf(before) }, 400, "找不到这个时间"],
      [`/testing/bookings/${crypto.randomUUID()}/cancel`, {}, 404, "找不到这个预约"],
      [`/testing/bookings/${memberBookingId}/cancel`, {}, 404, "找不到这个预约"],
      [`/testing/bookings/${memberBookingId}/move`, { intent: "move", slotId: slotB, idempotencyKey: crypto.randomUUID() }, 404, "找不到这个预约"],
    ];
    for (const [path, body, status, message] of refusals) {
      const response = await leader.post(path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(await response.text(), path).toContain(message);
    }
    const after = await page();
    expect(count(after)).toBe(1);
    expect(after.match(/data-testid="booking-code">([^<]+)</)?.[1]).toBe(before.match(/data-testid="booking-code">([^<]+)</)?.[1]);

    // Clean up: the leader's booking is cancelled again.
    const bookingId = after.match(/class="booking" data-booking="([0-9a-f-]{36})"/)?.[1] ?? "";
    expect((await leader.post(`/testing/bookings/${bookingId}/cancel`, {})).status).toBe(303);
    expect(count(await page())).toBe(0);
    await expectMemberStillBooked(await signedInClient(baseUrl, DEMO.member));
  });

  it("in zh-CN: the page in Chinese with the member's booking, accessible", { timeout: 90_000 }, async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE, locale: "zh-CN" });
    await signInElsewhere(page, baseUrl, DEMO.member);
    await page.goto(`${baseUrl}/testing`);
    await page.locator("h1", { hasText: "私密预约检测" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    await expect(page.title()).resolves.toMatch(/^预约 · /);
    expect(await bookingCards(page).count()).toBe(1);
    await expect(page.locator(".booking__code-label").textContent()).resolves.toBe("你的号码");
    expect(await seriousViolations(page)).toEqual([]);
    await page.click(`a[href='/testing/bookings/${memberBookingId}/cancel']`);
    await page.locator("h1", { hasText: "要取消这个预约吗？" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.click("a:has-text('不，保留')");
    await page.locator("#bookings-title").waitFor();
    expect(await bookingCards(page).count()).toBe(1);
    await page.goto(`${baseUrl}/testing/results`);
    await page.locator("h1", { hasText: "我的结果" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it("random input to every form and address of the pages never causes a 5xx, and is refused", { timeout: 120_000 }, async () => {
    const leader = await signedInClient(baseUrl, DEMO.leader);
    const nasty = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("", "\u0000", "a".repeat(5000), "' or 1=1 --", "2026-02-30", crypto.randomUUID(), memberBookingId, "book", "move"));
    const paths = ["/testing", `/testing/bookings/${memberBookingId}/cancel`, `/testing/bookings/${memberBookingId}/move`, `/testing/bookings/${crypto.randomUUID()}/move`];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), nasty, nasty, nasty, async (path, intent, slotId, idempotencyKey) => {
        const response = await leader.post(path, { intent, slotId, idempotencyKey });
        expect(response.status, `${path} ${intent} ${slotId} ${idempotencyKey}`).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/testing?area=", "/testing?weeks=", "/testing?booked=", "/testing/bookings/", `/testing/bookings/${memberBookingId}/move?area=`), nasty, async (prefix, value) => {
        const response = await leader.get(`${prefix}${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, ""))}`);
        expect(response.status, `${prefix}${value.slice(0, 60)}`).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
    await expectMemberStillBooked(await signedInClient(baseUrl, DEMO.member));
  });

  it("a member without an area is asked to choose one, and can look in any area", { timeout: 90_000 }, async () => {
    const { context, page } = await openContext(browser(), { viewport: PHONE, locale: "en" });
    await signUp(page, baseUrl, uniqueHandle("away"), `away ${crypto.randomUUID()}`);
    await page.goto(`${baseUrl}/testing`);
    await page.locator("p", { hasText: "Choose an area to see its open times." }).waitFor();
    expect(await page.locator("button[data-slot]").count()).toBe(0);
    await page.selectOption("#slots-area", DEMO_AREAS.guangzhou[1]);
    await page.selectOption("#slots-weeks", "1");
    await page.click("button:has-text('Show times')");
    await page.locator("section.slot-day h4", { hasText: "天河健康服务室" }).first().waitFor();
    expect(new URL(page.url()).searchParams.get("weeks")).toBe("1");
    await context.close();
  });

  it("without JavaScript: book and cancel with plain forms", { timeout: 90_000 }, async () => {
    const signedIn = await openContext(browser(), { viewport: PHONE, locale: "en" });
    await signIn(signedIn.page, baseUrl, DEMO.leader);
    const plain = await browser().newContext({ locale: "en", viewport: PHONE, javaScriptEnabled: false });
    await plain.addCookies(await signedIn.context.cookies());
    const page = await plain.newPage();
    await page.goto(`${baseUrl}/testing?weeks=4`);
    expect(await bookingCards(page).count()).toBe(0);
    const [slot] = await slotsShown(page);
    if (!slot) throw new Error("the demo has open slots");
    await page.click(`button[data-slot="${slot.slotId}"]`);
    await page.locator("#booked-title", { hasText: "Booked." }).waitFor();
    expect(await codeShown(page)).toMatch(CODE);
    await page.click("a[href$='/cancel']");
    await page.locator("h1", { hasText: "Cancel this booking?" }).waitFor();
    await page.click("button:has-text('Yes, cancel it')");
    await page.locator("p[role=status]", { hasText: "Your booking is cancelled." }).waitFor();
    expect(await bookingCards(page).count()).toBe(0);
    await plain.close();
    await signedIn.context.close();
  });
});

/** The demo member's booking from the first journey is there as it was. */
async function expectMemberStillBooked(member: HttpClient): Promise<void> {
  const html = await (await member.get("/testing")).text();
  expect(html).toContain(`data-booking="${memberBookingId}"`);
}
