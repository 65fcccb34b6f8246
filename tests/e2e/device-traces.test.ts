/**
 * What a phone keeps after a member leaves: a Chromium with a real profile folder on disk
 * signs up, saves the identity vault, reloads (the tab's keys come back through the
 * session's tab key), quick-exits and is closed. Then every file of the profile is searched
 * for the private key (in every encoding a browser might write it) and for the identity
 * canaries: nothing may be found.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { deriveAccountKeys, unwrapPrivateKey } from "~/crypto/account-keys";
import { BROWSER_ARGS, signUp, uniqueHandle } from "../support/browser";
import { encodings, filesUnder, findInFiles, identityCanaries } from "../support/canary";
import { newClient, solvedChallenge } from "../support/http-client";

const baseUrl = inject("baseUrl");
const neutralUrl = inject("neutralUrl");

/** A string as UTF-8 and as UTF-16LE (how Chromium's storage writes JavaScript strings). */
function asWritten(text: string): string[] {
  return [text, Buffer.from(text, "utf16le").toString("latin1")];
}

/** The member's private key, found the way their browser finds it: sign in, unwrap. */
async function privateKeyOf(handle: string, passphrase: string): Promise<Uint8Array> {
  const client = await newClient(baseUrl);
  const params = (await (await client.post("/api/auth/params", { handle })).json()) as { kdfSalt: string; kdfOpslimit: number; kdfMemlimit: number };
  const derived = await deriveAccountKeys(passphrase, params.kdfSalt, { opslimit: params.kdfOpslimit, memlimit: params.kdfMemlimit });
  const proof = await solvedChallenge(client, "signIn", handle);
  const signedIn = (await (await client.post("/api/auth/sign-in", { handle, authKey: derived.authKey, ...proof })).json()) as { wrappedPrivateKey: string };
  return unwrapPrivateKey(signedIn.wrappedPrivateKey, derived.wrapKey, "passphrase");
}

describe("traces on the device", () => {
  it("after quick exit and closing the browser, the profile folder holds neither the private key nor the identity", { timeout: 180_000 }, async () => {
    const profile = mkdtempSync(path.join(tmpdir(), "tongxing-profile-"));
    const canaries = identityCanaries();
    const handle = uniqueHandle("trace");
    const passphrase = `trace canary ${crypto.randomUUID()}`;
    try {
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        headless: true,
        args: BROWSER_ARGS,
        locale: "zh-CN",
        viewport: { width: 390, height: 844 },
      });
      await context.route(`${neutralUrl}**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Weather</title>" }));
      const page = context.pages()[0] ?? (await context.newPage());
      await signUp(page, baseUrl, handle, passphrase);
      await page.goto(`${baseUrl}/identity`);
      for (const [field, value] of Object.entries(canaries)) await page.fill(`#identity-${field}`, value);
      await page.click("form:has(#identity-legalName) button[type=submit]");
      await expect(page.locator("form:has(#identity-legalName) .form-message--info").textContent({ timeout: 30_000 })).resolves.toBe("已加密保存。");
      // A reload opens the vault without the passphrase: the stored keys open with the tab key.
      await page.reload();
      await expect(page.inputValue("#identity-legalName", { timeout: 30_000 })).resolves.toBe(canaries.legalName);
      const stored = (await page.evaluate(() => sessionStorage.getItem("tx.keys"))) ?? "";
      expect(stored).toContain("sealedPrivateKey");
      // Chromium writes session storage to its files in batches, seconds later: wait, as a
      // phone in use would, so that what the tab stored is on disk before the member leaves.
      // (A plaintext key stored here was found in "Session Storage/*.log" after quick exit.)
      await page.waitForTimeout(15_000);

      await page.click("[data-testid=quick-exit]");
      await page.waitForURL(neutralUrl);
      await context.close();

      const privateKey = Buffer.from(await privateKeyOf(handle, passphrase));
      const keyForms = [privateKey.toString("base64url"), privateKey.toString("base64"), privateKey.toString("hex")];
      const secrets = [...keyForms, ...Object.values(canaries).flatMap(encodings)].flatMap(asWritten);
      const files = filesUnder(profile);
      expect(files.length).toBeGreaterThan(10); // a real profile was written
      expect(findInFiles(files, secrets)).toEqual([]);
      expect(findInFiles(files, [privateKey.toString("latin1")])).toEqual([]); // the raw bytes too
      // The search looked where the tab's storage went: the sealed copy did reach the files.
      const sealed = (JSON.parse(stored) as { sealedPrivateKey: string }).sealedPrivateKey;
      expect(findInFiles(files, asWritten(sealed))).not.toEqual([]);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
