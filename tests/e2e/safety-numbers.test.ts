/**
 * Safety numbers and key pins (decision 014) on a phone-sized screen: a social worker's page
 * shows their number, worked out from their own private key; the member sees the same
 * number before sharing. Then the server lies: every page and data request the member's
 * browser gets names a key the test holds in place of the worker's (what a server that
 * swapped the key in its database would send). The member's next revoke and next share stop
 * with a loud warning and seal nothing to that key, until the member accepts it.
 *
 * The swap is made in the server's answers rather than in its database: on the embedded
 * engine the server process alone can open the database while it runs, and the demo
 * worker's real key must stay in place for the other journeys. The browser cannot tell the
 * two apart; the database path (share_recipients, identity_counterparts) hands the key
 * through unchanged.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { fromB64, toB64 } from "~/crypto/encoding";
import { safetyNumberOf } from "~/crypto/safety-number";
import { loadSodium } from "~/crypto/sodium";
import { formatSafetyNumber } from "~/domain/formats/safety-number";
import { seriousViolations } from "../support/axe";
import { chooseShareRecipient, grantSocialWorker, openContext, pickHomeArea, type RecordedRequest, signIn, signUp, uniqueHandle } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
/** worker_li's public key (supabase/seed.sql). */
const WORKER_LI_PUBLIC_KEY = "qpZhoE8chLBkgLXWkUt_fcwHmNC9-9LPMMDmzlandAI";
const TIANHE = "a0000000-0000-4000-8000-000000440106";

/** From now on, every page and data answer this context gets names `planted` where the server's answer named `real`. */
async function serveSwappedKey(context: BrowserContext, real: string, planted: string): Promise<void> {
  await context.route(`${baseUrl}/**`, async (route) => {
    const request = route.request();
    if (request.method() !== "GET" || !["document", "fetch"].includes(request.resourceType())) return route.continue();
    const response = await route.fetch();
    const body = await response.text();
    const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => name !== "content-encoding" && name !== "content-length"));
    await route.fulfill({ status: response.status(), headers, body: body.replaceAll(real, planted) });
  });
}

async function chooseArea(page: Page, path: readonly string[]): Promise<void> {
  await page.goto(`${baseUrl}/account`);
  await pickHomeArea(page, path);
  await expect(page.locator("form:has(#area-province) .form-message--info").textContent()).resolves.toBe("Area saved.");
}

/** The demo admin grants (or, with `grant: false`, takes back) `handle`'s social-worker role for Tianhe. */
async function setTianheWorker(page: Page, handle: string, grant: boolean): Promise<void> {
  if (grant) {
    await grantSocialWorker(page, baseUrl, handle, TIANHE);
    await expect(page.locator(".form-message--info").textContent()).resolves.toBe("Role granted.");
  } else {
    await page.goto(`${baseUrl}/admin/roles`);
    await page.locator("tr", { hasText: handle }).filter({ hasText: "Social worker" }).locator("a").click();
    await page.click("[data-testid=revoke-role-confirm] button[type=submit]");
    await expect(page.locator(".form-message--info").textContent()).resolves.toBe("Role taken back.");
  }
}

async function shareWith(page: Page, handle: string): Promise<void> {
  await page.goto(`${baseUrl}/identity`);
  await chooseShareRecipient(page, handle);
  await page.click("form:has(#share-recipient) button[type=submit]");
  await page.click("[data-testid=share-confirm] button[type=submit]");
  await expect(page.locator("form:has(#share-recipient) .form-message--info").textContent({ timeout: 30_000 })).resolves.toContain("Shared.");
}

/** Every sealed data key the browser sent (share and rotation uploads). */
function sealedKeysSent(requests: readonly RecordedRequest[]): string[] {
  return requests.flatMap((request) => request.body.match(/v1\.sealed\.[A-Za-z0-9_-]{107}/g) ?? []);
}

describe("safety numbers and key pins (English, 390x844)", () => {
  const browser = useBrowser();

  it("shows the worker's number on both sides; a swapped key stops the next revoke and share, loudly, with nothing sealed to it", async () => {
    const sodium = await loadSodium();
    const plantedPair = sodium.crypto_box_keypair();
    const plantedKey = toB64(sodium, plantedPair.publicKey);
    const liNumber = formatSafetyNumber(await safetyNumberOf(WORKER_LI_PUBLIC_KEY));
    const plantedNumber = formatSafetyNumber(await safetyNumberOf(plantedKey));
    const opensWithPlantedKey = (sealed: string) => {
      try {
        sodium.crypto_box_seal_open(fromB64(sodium, sealed.slice("v1.sealed.".length)), plantedPair.publicKey, plantedPair.privateKey);
        return true;
      } catch {
        return false;
      }
    };

    // The worker's own page: the number worked out from the worker's own private key.
    const worker = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    await signIn(worker.page, baseUrl, DEMO.workerLi);
    await worker.page.goto(`${baseUrl}/shared`);
    await expect(worker.page.locator("#own-safety-number").textContent({ timeout: 30_000 })).resolves.toBe(liNumber);
    await expect(worker.page.locator("section:has(#own-safety-number-title)").textContent()).resolves.toContain("read it out to them in person or on the phone");
    expect(await seriousViolations(worker.page)).toEqual([]);

    // The member: an identity, then the share form shows the same number before sharing.
    const member = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    await signUp(member.page, baseUrl, uniqueHandle("pin"), `pin journey ${crypto.randomUUID()}`);
    await chooseArea(member.page, DEMO_AREAS.tianhe);
    await member.page.goto(`${baseUrl}/identity`);
    await member.page.fill("#identity-legalName", "Pin Journey");
    await member.page.click("form:has(#identity-legalName) button[type=submit]");
    await expect(member.page.locator("form:has(#identity-legalName) .form-message--info").textContent({ timeout: 30_000 })).resolves.toBe("Encrypted and saved.");
    await chooseShareRecipient(member.page, DEMO.workerLi.handle);
    await expect(member.page.locator("#share-safety-number").textContent({ timeout: 30_000 })).resolves.toBe(liNumber);
    await expect(member.page.locator("[data-testid=recipient-safety-number]").textContent()).resolves.toContain("in person or on the phone");
    await shareWith(member.page, DEMO.workerLi.handle);
    // Shared before, same key: the form says so.
    await member.page.reload();
    await chooseShareRecipient(member.page, DEMO.workerLi.handle);
    await expect(member.page.locator("[data-testid=recipient-safety-number]").textContent({ timeout: 30_000 })).resolves.toContain("this is the same key");

    // A second live share, with another worker of Tianhe (a new account the demo admin makes
    // one), so that revoking it must re-seal the share with worker_li. A share with a worker
    // who no longer serves the member's area would not be re-sealed at all.
    const colleague = uniqueHandle("pinw");
    const colleagueContext = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    await signUp(colleagueContext.page, baseUrl, colleague, `pin colleague ${crypto.randomUUID()}`);
    await colleagueContext.context.close();
    const admin = await openContext(browser(), { locale: "en-US", viewport: PHONE });
    await signIn(admin.page, baseUrl, DEMO.admin);
    await setTianheWorker(admin.page, colleague, true);
    await shareWith(member.page, colleague);

    // The server lies about worker_li's key from here on.
    await serveSwappedKey(member.context, WORKER_LI_PUBLIC_KEY, plantedKey);
    const sentBefore = member.requests.length;
    const postsSince = (path: string) => member.requests.slice(sentBefore).filter((r) => r.method === "POST" && r.url.endsWith(path));

    // Revoking the colleague's share would re-seal worker_li's: stopped, worker_li named, both numbers shown.
    await member.page.goto(`${baseUrl}/identity`);
    await member.page.click(`button[aria-label="Take back the share with ${colleague}"]`, { timeout: 30_000 });
    await member.page.click("[data-testid=revoke-confirm] button.button--danger");
    const warning = member.page.locator("[data-testid=key-warning]");
    await expect(warning.locator("h2").textContent({ timeout: 30_000 })).resolves.toBe("Warning: the key of worker_li has changed");
    await expect(warning.textContent()).resolves.toContain("nothing was taken back or changed");
    await expect(warning.textContent()).resolves.toContain("someone is trying to read your details");
    await expect(warning.locator(".safety-number").allTextContents()).resolves.toEqual([liNumber, plantedNumber]);
    await expect(member.page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).resolves.toBe("key-warning");
    await expect(warning.locator("button.button--danger").isDisabled()).resolves.toBe(true);
    expect(postsSince("/api/identity/revoke")).toEqual([]);
    expect(await seriousViolations(member.page)).toEqual([]);
    await expect(member.page.locator("section:has(#shares-title) table").textContent()).resolves.toContain(colleague);

    // Taking back worker_li's own share seals nothing to worker_li, so it goes ahead (the
    // colleague's share, key unchanged, is re-sealed).
    await member.page.click("[data-testid=key-warning] button.button--secondary"); // "Not now"
    await member.page.click(`button[aria-label^="Take back the share with "][aria-label$=", nickname ${DEMO.workerLi.handle}"]`);
    await member.page.click("[data-testid=revoke-confirm] button.button--danger");
    await expect(member.page.locator("section:has(#shares-title) .form-message--info").textContent({ timeout: 30_000 })).resolves.toContain("Taken back");
    expect(postsSince("/api/identity/revoke")).toHaveLength(1);

    // Sharing with worker_li again: the form shows the planted key's number (not the one the
    // worker reads out), and sharing stops with the warning.
    await member.page.goto(`${baseUrl}/identity`);
    await chooseShareRecipient(member.page, DEMO.workerLi.handle);
    await expect(member.page.locator("#share-safety-number").textContent({ timeout: 30_000 })).resolves.toBe(plantedNumber);
    await expect(member.page.locator("[data-testid=recipient-safety-number]").textContent()).resolves.not.toContain("this is the same key");
    await member.page.click("form:has(#share-recipient) button[type=submit]");
    await member.page.click("[data-testid=share-confirm] button[type=submit]");
    await expect(warning.locator("h2").textContent({ timeout: 30_000 })).resolves.toBe("Warning: the key of worker_li has changed");
    await expect(warning.textContent()).resolves.toContain("We stopped, and nothing was shared.");
    expect(postsSince("/api/identity/shares")).toEqual([]);
    expect(sealedKeysSent(member.requests).filter(opensWithPlantedKey)).toEqual([]);

    // The member compared numbers and chose to trust the new key: only then is it sealed to.
    await member.page.check("#key-warning-compared");
    await member.page.click("[data-testid=key-warning] button.button--danger");
    await expect(member.page.locator("form:has(#share-recipient) .form-message--info").textContent({ timeout: 30_000 })).resolves.toContain("Shared.");
    expect(postsSince("/api/identity/shares")).toHaveLength(1);
    expect(sealedKeysSent(postsSince("/api/identity/shares")).filter(opensWithPlantedKey)).toHaveLength(1);
    await member.page.reload();
    await chooseShareRecipient(member.page, DEMO.workerLi.handle);
    await expect(member.page.locator("[data-testid=recipient-safety-number]").textContent({ timeout: 30_000 })).resolves.toContain("this is the same key");

    await setTianheWorker(admin.page, colleague, false);
    await admin.context.close();
    await member.context.close();
    await worker.context.close();
  });
});
