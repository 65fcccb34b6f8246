import { describe, expect, inject, it } from "vitest";
import { shareExpiry } from "~/domain/identity/share-expiry";
import { formatDate } from "~/i18n/format";
import { seriousViolations } from "../support/axe";
import { chooseShareRecipient, grantSocialWorker, openContext, pickHomeArea, signInElsewhere, signUp, uniqueHandle } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const TIANHE = "a0000000-0000-4000-8000-000000440106";
/** worker_li as members see them in English: the name and organisation the admin set, then the nickname. */
const WORKER_LI = `${DEMO.workerLi.card.displayName} (${DEMO.workerLi.card.organisation}), nickname ${DEMO.workerLi.handle}`;

describe("sharing, taking back and role changes ask first (English, 390x844)", () => {
  const browser = useBrowser();

  it("share names no worker until chosen, then says what goes to whom until when; taking back asks too", async () => {
    const member = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    const { page } = member;
    await signUp(page, baseUrl, uniqueHandle("ask"), `ask first ${crypto.randomUUID()}`);
    await page.goto(`${baseUrl}/account`);
    await pickHomeArea(page, DEMO_AREAS.tianhe);
    await expect(page.locator("form:has(#area-province) .form-message--info").textContent()).resolves.toBe("Area saved.");
    await page.goto(`${baseUrl}/identity`);
    await page.fill("#identity-legalName", "Ask First");
    await page.click("form:has(#identity-legalName) button[type=submit]");
    await expect(page.locator("form:has(#identity-legalName) .form-message--info").textContent({ timeout: 30_000 })).resolves.toBe("Encrypted and saved.");
    const posts = (path: string) => member.requests.filter((r) => r.method === "POST" && r.url.endsWith(path));

    // Nobody is preselected: sharing without choosing says so beside the field.
    await expect(page.inputValue("#share-recipient")).resolves.toBe("");
    await page.click("form:has(#share-recipient) button[type=submit]");
    await expect(page.locator("#share-recipient-error").textContent()).resolves.toBe("Choose the social worker you want to share with.");

    // Chosen, 30 days: the confirmation names the worker, the end date and their safety number; nothing is sent yet.
    await chooseShareRecipient(page, DEMO.workerLi.handle);
    await page.fill("#share-days", "30");
    await page.click("form:has(#share-recipient) button[type=submit]");
    const confirm = page.locator("[data-testid=share-confirm]");
    const until = formatDate(shareExpiry(new Date(), 30), "en");
    await expect(confirm.textContent()).resolves.toContain(`will go to ${WORKER_LI}. They can read them until ${until}`);
    // The worker's safety number stays in view above the question, shown once.
    await page.locator("#share-safety-number.safety-number").waitFor({ timeout: 30_000 });
    await expect(page.locator("form:has(#share-recipient) .safety-number").count()).resolves.toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.click("[data-testid=share-confirm] button.button--secondary"); // "Go back"
    await confirm.waitFor({ state: "detached" });
    expect(posts("/api/identity/shares")).toEqual([]);

    await page.click("form:has(#share-recipient) button[type=submit]");
    await page.click("[data-testid=share-confirm] button[type=submit]");
    await expect(page.locator("form:has(#share-recipient) .form-message--info").textContent({ timeout: 30_000 })).resolves.toContain("Shared.");
    expect(posts("/api/identity/shares")).toHaveLength(1);

    // Taking back asks first; "Keep the share" keeps it.
    const takeBack = `button[aria-label="Take back the share with ${WORKER_LI}"]`;
    await page.click(takeBack);
    const revokeConfirm = page.locator("[data-testid=revoke-confirm]");
    await expect(revokeConfirm.textContent()).resolves.toContain(`Take back the share with ${WORKER_LI}?`);
    await page.click("[data-testid=revoke-confirm] button.button--secondary");
    await revokeConfirm.waitFor({ state: "detached" });
    expect(posts("/api/identity/revoke")).toEqual([]);
    await page.click(takeBack);
    await page.click("[data-testid=revoke-confirm] button.button--danger");
    await expect(page.locator("section:has(#shares-title) .form-message--info").textContent({ timeout: 30_000 })).resolves.toContain("Taken back");
    expect(posts("/api/identity/revoke")).toHaveLength(1);
    // The share stays listed, as ended by the member today, with no way to take it back again.
    const ended = page.locator("section:has(#shares-title) tr", { hasText: "ended on" });
    await expect(ended.textContent({ timeout: 30_000 })).resolves.toContain(`${WORKER_LI}Social work in my area`);
    await expect(ended.textContent()).resolves.toContain(`ended on ${formatDate(new Date(), "en")} (you took it back)`);
    await expect(page.locator(takeBack).count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await member.context.close();
  });

  it("taking back a role asks first, on a step the server renders", async () => {
    const handle = uniqueHandle("askrole");
    const newcomer = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    await signUp(newcomer.page, baseUrl, handle, `ask role ${crypto.randomUUID()}`);
    await newcomer.context.close();
    const admin = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    const { page } = admin;
    await signInElsewhere(page, baseUrl, DEMO.admin);
    await grantSocialWorker(page, baseUrl, handle, TIANHE);
    await expect(page.locator(".form-message--info").textContent()).resolves.toBe("Role granted.");

    const row = page.locator("tr", { hasText: handle });
    await row.locator("a").click();
    const confirm = page.locator("[data-testid=revoke-role-confirm]");
    await expect(confirm.textContent()).resolves.toContain(`${handle} will lose the Social worker role`);
    expect(await seriousViolations(page)).toEqual([]);
    // Not taken back yet: the grant is still listed.
    await expect(row.count()).resolves.toBe(1);
    await page.click("[data-testid=revoke-role-confirm] button[type=submit]");
    await expect(page.locator(".form-message--info").textContent()).resolves.toBe("Role taken back.");
    await row.waitFor({ state: "detached" });
    await expect(confirm.count()).resolves.toBe(0);
    await admin.context.close();
  });
});
