import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { dumpServerDatabase, filesUnder, findInFiles } from "../support/canary";
import { openContext, signOut, signUp, submitSignIn, uniqueHandle, type RecordedRequest } from "../support/browser";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");

describe("account journey (zh-CN)", () => {
  const browser = useBrowser();

  it("signs up, signs in, changes the passphrase and recovers, and no secret ever leaves the browser", async () => {
    const handle = uniqueHandle("lin");
    const first = `first canary ${crypto.randomUUID()}`;
    const second = `second canary ${crypto.randomUUID()}`;
    const third = `third canary ${crypto.randomUUID()}`;
    const requests: RecordedRequest[] = [];

    // Device one: sign up and save the recovery code.
    const one = await openContext(browser());
    const recoveryCode = await signUp(one.page, baseUrl, handle, first);
    expect(recoveryCode).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    await expect(one.page.locator("h1").textContent()).resolves.toContain(handle);
    expect(await one.page.evaluate(() => sessionStorage.getItem("tx.keys"))).not.toBeNull();
    await signOut(one.page, baseUrl);
    expect(await one.page.evaluate(() => sessionStorage.getItem("tx.keys"))).toBeNull();
    requests.push(...one.requests);
    await one.context.close();

    // Device two: a wrong passphrase is refused with a translated message, the right one works.
    const two = await openContext(browser());
    await submitSignIn(two.page, baseUrl, handle, `wrong ${first}`);
    await expect(two.page.locator(".form-message--error").textContent({ timeout: 30_000 })).resolves.toBe("昵称或密码不对。");
    expect(new URL(two.page.url()).pathname).toBe("/sign-in");
    await submitSignIn(two.page, baseUrl, handle, first);
    await two.page.waitForURL(`${baseUrl}/home`);

    // Change the passphrase; the old one stops working, the new one works.
    await two.page.goto(`${baseUrl}/account`);
    await two.page.fill("#current-passphrase", first);
    await two.page.fill("#new-passphrase", second);
    await two.page.fill("#passphrase-confirm", second);
    await two.page.click("form:has(#current-passphrase) button[type=submit]");
    await expect(two.page.locator("form:has(#current-passphrase) .form-message--info").textContent({ timeout: 30_000 })).resolves.toBe("密码已修改。");
    await signOut(two.page, baseUrl);
    await submitSignIn(two.page, baseUrl, handle, first);
    await expect(two.page.locator(".form-message--error").textContent({ timeout: 30_000 })).resolves.toBe("昵称或密码不对。");
    await submitSignIn(two.page, baseUrl, handle, second);
    await two.page.waitForURL(`${baseUrl}/home`);
    await signOut(two.page, baseUrl);

    // Forgot it: recover with the code (typed loosely), get a new code.
    await two.page.goto(`${baseUrl}/recover`);
    await two.page.fill("#handle", handle);
    await two.page.fill("#recovery-code", recoveryCode.toLowerCase().replaceAll("-", " "));
    await two.page.fill("#passphrase", third);
    await two.page.fill("#passphrase-confirm", third);
    await two.page.click("main form button[type=submit]");
    const newCode = ((await two.page.locator("[data-testid=recovery-code]").textContent({ timeout: 30_000 })) ?? "").trim();
    expect(newCode).not.toBe(recoveryCode);
    await two.page.check(".recovery-code input[type=checkbox]");
    await two.page.click("[data-testid=recovery-code-continue]");
    await two.page.waitForURL(`${baseUrl}/home`);
    await signOut(two.page, baseUrl);
    await submitSignIn(two.page, baseUrl, handle, second);
    await expect(two.page.locator(".form-message--error").textContent({ timeout: 30_000 })).resolves.toBe("昵称或密码不对。");
    await submitSignIn(two.page, baseUrl, handle, third);
    await two.page.waitForURL(`${baseUrl}/home`);
    requests.push(...two.requests);
    await two.context.close();

    // The old recovery code no longer works.
    const three = await openContext(browser());
    await three.page.goto(`${baseUrl}/recover`);
    await three.page.fill("#handle", handle);
    await three.page.fill("#recovery-code", recoveryCode);
    await three.page.fill("#passphrase", first);
    await three.page.fill("#passphrase-confirm", first);
    await three.page.click("main form button[type=submit]");
    await expect(three.page.locator(".form-message--error").textContent({ timeout: 30_000 })).resolves.toBe("昵称或恢复码不对。");
    requests.push(...three.requests);
    await three.context.close();

    // No passphrase or recovery code in any request, the server log or the database files.
    const secrets = [first, second, third, recoveryCode, newCode, recoveryCode.replaceAll("-", ""), newCode.replaceAll("-", "")];
    expect(requests.filter((r) => r.method === "POST").length).toBeGreaterThan(8);
    for (const secret of secrets) {
      const encodedForms = [secret, encodeURIComponent(secret), secret.replaceAll(" ", "+")];
      for (const request of requests) {
        for (const form of encodedForms) {
          expect(request.body.includes(form), `${request.url} body carried a secret`).toBe(false);
          expect(request.url.includes(form), `${request.url} carried a secret`).toBe(false);
        }
      }
    }
    const serverLog = readFileSync(inject("serverLogPath"), "utf8");
    expect(serverLog).toContain('"event":"request"');
    for (const secret of [...secrets, handle]) expect(serverLog.includes(secret)).toBe(false);
    expect(findInFiles(filesUnder(inject("dataDir")), secrets)).toEqual([]);
    const dump = await dumpServerDatabase({ dataDir: inject("dataDir"), databaseUrl: inject("databaseUrl") });
    expect(dump).toContain(handle);
    expect(secrets.filter((secret) => dump.includes(secret))).toEqual([]);
  });
});
