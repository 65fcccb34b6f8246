import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { openContext, signUp, submitSignIn, uniqueHandle } from "../support/browser";
import { identityCanaries } from "../support/canary";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");

describe("identity vault over an account's life (English)", () => {
  const browser = useBrowser();

  it("stays readable after a passphrase change and a recovery, exports decrypted, and is destroyed with the account", async () => {
    const { legalName, phone } = identityCanaries();
    const first = `life first ${crypto.randomUUID()}`;
    const second = `life second ${crypto.randomUUID()}`;
    const third = `life third ${crypto.randomUUID()}`;
    const handle = uniqueHandle("life");
    const { context, page } = await openContext(browser(), { locale: "en-US" });
    const recoveryCode = await signUp(page, baseUrl, handle, first);

    await page.goto(`${baseUrl}/identity`);
    // A value over the field's limit is refused with the limit named.
    await page.fill("#identity-legalName", "x".repeat(101));
    await page.click("form:has(#identity-legalName) button[type=submit]");
    await expect(page.locator("#identity-legalName-error").textContent({ timeout: 30_000 })).resolves.toBe("This can have at most 100 characters.");
    await page.fill("#identity-legalName", legalName);
    await page.fill("#identity-phone", "12345");
    await page.click("form:has(#identity-legalName) button[type=submit]");
    await expect(page.locator("#identity-phone-error").textContent()).resolves.toContain("11-digit mobile number");
    await page.fill("#identity-phone", phone);
    await page.click("form:has(#identity-legalName) button[type=submit]");
    await expect(page.locator("form:has(#identity-legalName) .form-message--info").textContent({ timeout: 30_000 })).resolves.toBe("Encrypted and saved.");

    // Passphrase change: a fresh tab (no keys) unlocks with the new passphrase and reads the vault.
    await page.goto(`${baseUrl}/account`);
    await page.fill("#current-passphrase", first);
    await page.fill("#new-passphrase", second);
    await page.fill("#passphrase-confirm", second);
    await page.click("form:has(#current-passphrase) button[type=submit]");
    await expect(page.locator("form:has(#current-passphrase) .form-message--info").textContent({ timeout: 30_000 })).resolves.toBe("Your password has been changed.");
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${baseUrl}/identity`);
    await page.fill("#unlock-passphrase", first);
    await page.click("form:has(#unlock-passphrase) button[type=submit]");
    await expect(page.locator("#unlock-passphrase-error").textContent({ timeout: 30_000 })).resolves.toBe("Your current password is not right.");
    await page.fill("#unlock-passphrase", second);
    await page.click("form:has(#unlock-passphrase) button[type=submit]");
    await expect(page.inputValue("#identity-legalName", { timeout: 30_000 })).resolves.toBe(legalName);

    // Recovery with the code: still readable under the third passphrase.
    await page.click(".site-nav form[action='/sign-out'] button");
    await page.waitForURL(`${baseUrl}/`);
    await page.goto(`${baseUrl}/recover`);
    await page.fill("#handle", handle);
    await page.fill("#recovery-code", recoveryCode);
    await page.fill("#passphrase", third);
    await page.fill("#passphrase-confirm", third);
    await page.click("main form button[type=submit]");
    await page.check(".recovery-code input[type=checkbox]", { timeout: 30_000 });
    await page.click("[data-testid=recovery-code-continue]");
    await page.waitForURL(`${baseUrl}/home`);
    await page.goto(`${baseUrl}/identity`);
    await expect(page.inputValue("#identity-legalName", { timeout: 30_000 })).resolves.toBe(legalName);

    // Export: warned first (the download waits for "I understand"); the file holds the
    // decrypted identity (made in the browser), no passphrase and no key material; the page
    // says where it went.
    const exportButton = page.locator("section:has(#export-title) button");
    await expect(page.locator("#export-warning").isVisible()).resolves.toBe(true);
    await expect(exportButton.isDisabled()).resolves.toBe(true);
    await page.check("#export-understood");
    const [download] = await Promise.all([page.waitForEvent("download"), exportButton.click()]);
    expect(download.suggestedFilename()).toBe("my-data.json");
    const exported = readFileSync((await download.path()) ?? "", "utf8");
    const parsed = JSON.parse(exported) as { identity: Record<string, string>; profile?: { handle?: string }; keys?: Record<string, string> };
    expect(parsed.identity.legalName).toBe(legalName);
    expect(parsed.identity.phone).toBe(phone);
    expect(exported).toContain(handle);
    for (const secret of [first, second, third]) expect(exported).not.toContain(secret);
    expect(Object.keys(parsed.keys ?? {})).toEqual(["publicKey"]);
    for (const keyMaterial of ["wrappedPrivateKey", "kdfSalt", "ownerSealedKey", "ciphertext", "v1.xc20p.", "v1.sealed.", "v2.box."]) expect(exported).not.toContain(keyMaterial);
    await expect(page.locator("section:has(#export-title) .form-message--info").textContent()).resolves.toContain("my-data.json");

    // Delete the account: confirmed by the passphrase; afterwards nothing signs in.
    await page.goto(`${baseUrl}/account`);
    await page.fill("#delete-passphrase", third);
    await page.click("form:has(#delete-passphrase) button[type=submit]");
    await expect(page.locator("#delete-confirm-error").textContent()).resolves.toBe("Please tick the box to confirm.");
    await page.check("#delete-confirm");
    await page.click("form:has(#delete-passphrase) button[type=submit]");
    await page.waitForURL(`${baseUrl}/`, { timeout: 30_000 });
    expect(await page.evaluate(() => sessionStorage.getItem("tx.keys"))).toBeNull();
    await submitSignIn(page, baseUrl, handle, third);
    await expect(page.locator(".form-message--error").textContent({ timeout: 30_000 })).resolves.toBe("Nickname or password is not right.");
    await context.close();
  });
});
