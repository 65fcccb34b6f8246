import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { deriveAccountKeys, deriveRecoveryKeys, publicKeyFromPrivate, unwrapPrivateKey, type UnlockedKeys } from "~/crypto/account-keys";
import { openVault, type VaultRecord } from "~/crypto/vault";
import { chooseShareRecipient, openContext, pickHomeArea, type RecordedRequest, signIn, signUp, uniqueHandle } from "../support/browser";
import { fitsThePhone, PHONE } from "../support/phone";
import { seriousViolations } from "../support/axe";
import { encodings, identityCanaries } from "../support/canary";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { newClient, solvedChallenge, type HttpClient } from "../support/http-client";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");

/** Signs in over HTTP as the browser does and opens the private key the server hands back. */
async function keysOverHttp(handle: string, passphrase: string): Promise<{ client: HttpClient; keys: UnlockedKeys }> {
  const client = await newClient(baseUrl);
  const params = (await (await client.post("/api/auth/params", { handle })).json()) as { kdfSalt: string; kdfOpslimit: number; kdfMemlimit: number };
  const { authKey, wrapKey } = await deriveAccountKeys(passphrase, params.kdfSalt, { opslimit: params.kdfOpslimit, memlimit: params.kdfMemlimit });
  const response = await client.post("/api/auth/sign-in", { handle, authKey, ...(await solvedChallenge(client, "signIn", handle)) });
  expect(response.status).toBe(200);
  const { wrappedPrivateKey } = (await response.json()) as { wrappedPrivateKey: string };
  const privateKey = await unwrapPrivateKey(wrappedPrivateKey, wrapKey, "passphrase");
  return { client, keys: { privateKey, publicKey: await publicKeyFromPrivate(privateKey) } };
}

/** The first recovery step over HTTP: 200 with the recovery-wrapped key for a working code, 401 otherwise. */
async function startRecovery(handle: string, code: string): Promise<{ status: number; publicKey?: string }> {
  const client = await newClient(baseUrl);
  const { authKey, wrapKey } = await deriveRecoveryKeys(code);
  const response = await client.post("/api/auth/recover", { intent: "start", handle, recoveryAuthKey: authKey, ...(await solvedChallenge(client, "recovery", handle)) });
  if (response.status !== 200) return { status: response.status };
  const { recoveryWrappedPrivateKey } = (await response.json()) as { recoveryWrappedPrivateKey: string };
  return { status: 200, publicKey: await publicKeyFromPrivate(await unwrapPrivateKey(recoveryWrappedPrivateKey, wrapKey, "recovery")) };
}

/** The member's own stored vault, from their export. */
async function storedVault(client: HttpClient): Promise<{ ownerId: string; record: VaultRecord }> {
  const { data } = (await (await client.get("/api/identity/export")).json()) as { data: { profile: { userId: string }; identityVault: VaultRecord } };
  return { ownerId: data.profile.userId, record: data.identityVault };
}

/** Fills one of the account page's key sections, submits it and returns the recovery code it shows (after confirming it was saved). */
async function newCodeFrom(page: Page, name: "recovery" | "replace", passphrase: string): Promise<string> {
  await page.fill(`#${name}-passphrase`, passphrase);
  await page.check(`#${name}-confirm`);
  await page.click(`form:has(#${name}-passphrase) button[type=submit]`);
  const code = ((await page.locator("[data-testid=recovery-code]").textContent({ timeout: 60_000 })) ?? "").trim();
  expect(code).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
  const continueButton = page.locator("[data-testid=recovery-code-continue]");
  await expect(continueButton.isDisabled()).resolves.toBe(true);
  await page.check(".recovery-code input[type=checkbox]");
  await continueButton.click();
  return code;
}

describe("replacing keys and the recovery code (zh-CN, 390 px)", () => {
  const browser = useBrowser();

  it("a new recovery code retires the old one; new keys keep the identity and the worker's share, retire old keys and codes, and other tabs unlock again", async () => {
    const { legalName } = identityCanaries();
    const passphrase = `replace keys ${crypto.randomUUID()}`;
    const handle = uniqueHandle("rekey");
    const requests: RecordedRequest[] = [];

    // Sign up, choose the area, save the identity and share it with the demo social worker.
    const member = await openContext(browser());
    await member.page.setViewportSize(PHONE);
    const firstCode = await signUp(member.page, baseUrl, handle, passphrase);
    await member.page.goto(`${baseUrl}/account`);
    await pickHomeArea(member.page, DEMO_AREAS.tianhe);
    await expect(member.page.locator(".form-message--info").first().textContent()).resolves.toBe("地区已保存。");
    await member.page.goto(`${baseUrl}/identity`);
    await member.page.fill("#identity-legalName", legalName);
    await member.page.click("form:has(#identity-legalName) button[type=submit]");
    await expect(member.page.locator("form:has(#identity-legalName) .form-message--info").textContent({ timeout: 30_000 })).resolves.toBe("已加密保存。");
    await chooseShareRecipient(member.page, DEMO.workerLi.handle);
    await member.page.click("form:has(#share-recipient) button[type=submit]");
    await member.page.click("[data-testid=share-confirm] button[type=submit]");
    await expect(member.page.locator("form:has(#share-recipient) .form-message--info").textContent({ timeout: 30_000 })).resolves.toContain("已共享");

    // The account page: both sections in plain words, each refusing without its tick, beside the box.
    await member.page.goto(`${baseUrl}/account`);
    await expect(member.page.locator("#recovery-title").textContent()).resolves.toBe("换一个新的恢复码");
    await expect(member.page.locator("#replace-title").textContent()).resolves.toBe("更换我的钥匙");
    await expect(member.page.locator("section:has(#replace-title)").textContent()).resolves.toContain("手机丢了");
    await fitsThePhone(member.page);
    expect(await seriousViolations(member.page)).toEqual([]);
    await member.page.fill("#replace-passphrase", passphrase);
    await member.page.click("form:has(#replace-passphrase) button[type=submit]");
    await expect(member.page.locator("#replace-confirm-error").textContent()).resolves.toBe("请先勾选确认。");
    await member.page.check("#recovery-confirm");
    await member.page.fill("#recovery-passphrase", `wrong ${passphrase}`);
    await member.page.click("form:has(#recovery-passphrase) button[type=submit]");
    await expect(member.page.locator("#recovery-passphrase-error").textContent({ timeout: 30_000 })).resolves.toBe("当前密码不对。");

    // A new recovery code, shown as at sign-up; the old code stops working at once.
    const secondCode = await newCodeFrom(member.page, "recovery", passphrase);
    expect(secondCode).not.toBe(firstCode);
    await expect(member.page.locator("section:has(#recovery-title) .form-message--info").textContent()).resolves.toBe("新的恢复码已经启用，旧的不能再用了。");
    const recover = await openContext(browser());
    await recover.page.setViewportSize(PHONE);
    await recover.page.goto(`${baseUrl}/recover`);
    await recover.page.fill("#handle", handle);
    await recover.page.fill("#recovery-code", firstCode);
    await recover.page.fill("#passphrase", `${passphrase} new`);
    await recover.page.fill("#passphrase-confirm", `${passphrase} new`);
    await recover.page.click("main form button[type=submit]");
    await expect(recover.page.locator(".form-message--error").textContent({ timeout: 30_000 })).resolves.toBe("昵称或恢复码不对。");
    requests.push(...recover.requests);
    await recover.context.close();
    // (Recovery allows 5 attempts an hour per handle from one network: each check here counts.)
    const before = await keysOverHttp(handle, passphrase);
    expect(await startRecovery(handle, secondCode)).toEqual({ status: 200, publicKey: before.keys.publicKey });

    // Another signed-in browser, whose tab holds the keys and shows the identity.
    const other = await openContext(browser());
    await other.page.setViewportSize(PHONE);
    await signIn(other.page, baseUrl, { handle, passphrase });
    await other.page.goto(`${baseUrl}/identity`);
    await expect(other.page.inputValue("#identity-legalName", { timeout: 30_000 })).resolves.toBe(legalName);

    // Replace the keys: a new code again, and the vault rotated to the new pair.
    const thirdCode = await newCodeFrom(member.page, "replace", passphrase);
    expect([firstCode, secondCode]).not.toContain(thirdCode);
    await expect(member.page.locator("section:has(#replace-title) .form-message--info").textContent()).resolves.toBe("钥匙已更换。以后请使用新的恢复码。");
    await fitsThePhone(member.page);

    // This tab keeps the new keys: the identity still opens, after a reload too.
    await member.page.goto(`${baseUrl}/identity`);
    await expect(member.page.inputValue("#identity-legalName", { timeout: 30_000 })).resolves.toBe(legalName);
    await member.page.reload();
    await expect(member.page.inputValue("#identity-legalName", { timeout: 30_000 })).resolves.toBe(legalName);

    // The worker still opens the share, re-sealed to them.
    const worker = await openContext(browser());
    await signIn(worker.page, baseUrl, DEMO.workerLi);
    await worker.page.goto(`${baseUrl}/shared`);
    await worker.page.click(`button[aria-label*="${handle}"]`);
    await expect(worker.page.locator("[data-testid=opened-identity]").textContent({ timeout: 30_000 })).resolves.toContain(legalName);

    // The other browser is still signed in but must unlock again, and then sees the identity.
    await other.page.reload();
    await other.page.waitForSelector("#unlock-passphrase", { timeout: 30_000 });
    await expect(other.page.locator("#identity-legalName").count()).resolves.toBe(0);
    await other.page.fill("#unlock-passphrase", passphrase);
    await other.page.click("form:has(#unlock-passphrase) button[type=submit]");
    await expect(other.page.inputValue("#identity-legalName", { timeout: 30_000 })).resolves.toBe(legalName);

    // Old keys and old codes open nothing; the new ones do.
    const after = await keysOverHttp(handle, passphrase);
    expect(after.keys.publicKey).not.toBe(before.keys.publicKey);
    const { ownerId, record } = await storedVault(after.client);
    expect(record.keyVersion).toBe(2);
    expect((await openVault({ ownerId, record, keys: after.keys })).fields.legalName).toBe(legalName);
    await expect(openVault({ ownerId, record, keys: before.keys })).rejects.toThrow();
    expect(await startRecovery(handle, secondCode)).toEqual({ status: 401 });
    expect(await startRecovery(handle, thirdCode)).toEqual({ status: 200, publicKey: after.keys.publicKey });

    // No passphrase, code or identity ever left a browser.
    requests.push(...member.requests, ...other.requests);
    const secrets = [passphrase, legalName, ...[firstCode, secondCode, thirdCode].flatMap((code) => [code, code.replaceAll("-", "")])];
    const leaks = requests.flatMap((request) =>
      secrets.flatMap((secret) => encodings(secret).filter((form) => request.body.includes(form) || request.url.includes(form)).map(() => `${request.url}: ${secret}`)),
    );
    expect(leaks).toEqual([]);
    expect(requests.some((r) => r.url.endsWith("/api/account/replace-keys"))).toBe(true);
    await Promise.all([member.context.close(), other.context.close(), worker.context.close()]);
  });

  it("the key endpoints refuse bad, stale or unproven input with a translated 4xx and change nothing", async () => {
    const passphrase = `stale keys ${crypto.randomUUID()}`;
    const handle = uniqueHandle("stale");
    const { context, page } = await openContext(browser());
    await signUp(page, baseUrl, handle, passphrase);
    await context.close();
    const { client, keys } = await keysOverHttp(handle, passphrase);
    const params = (await (await client.post("/api/auth/params", { handle })).json()) as { kdfSalt: string; kdfOpslimit: number; kdfMemlimit: number };
    const { authKey } = await deriveAccountKeys(passphrase, params.kdfSalt, { opslimit: params.kdfOpslimit, memlimit: params.kdfMemlimit });
    const refusedWith = async (path: string, fields: Record<string, string | number>) => {
      const response = await client.post(path, fields);
      const body = (await response.json()) as { ok: boolean; fieldErrors?: Record<string, string>; formError?: string };
      expect(body.ok, path).toBe(false);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      return { status: response.status, body };
    };
    const key32 = "A".repeat(43);
    const wrapped = `v1.xc20p.${"A".repeat(32)}.${"B".repeat(64)}`;
    // Shapes: a bad key, a half-sent vault.
    expect((await refusedWith("/api/account/recovery-code", { currentAuthKey: "short", recoveryAuthKey: key32, recoveryWrappedPrivateKey: wrapped })).status).toBe(400);
    const keysUpload = { currentAuthKey: authKey, authKey: key32, kdfSalt: "A".repeat(22), kdfOpslimit: 3, kdfMemlimit: 67108864, wrappedPrivateKey: wrapped, publicKey: key32, recoveryAuthKey: key32, recoveryWrappedPrivateKey: wrapped };
    expect((await refusedWith("/api/account/replace-keys", { ...keysUpload, ciphertext: wrapped })).status).toBe(400);
    // A wrong passphrase's auth key, beside the passphrase field.
    const wrong = await refusedWith("/api/account/replace-keys", { ...keysUpload, currentAuthKey: key32 });
    expect(wrong).toEqual({ status: 401, body: expect.objectContaining({ fieldErrors: { replacePassphrase: "errors.passphrase.currentWrong" } }) });
    expect((await refusedWith("/api/account/recovery-code", { currentAuthKey: key32, recoveryAuthKey: key32, recoveryWrappedPrivateKey: wrapped })).body.fieldErrors).toEqual({
      recoveryPassphrase: "errors.passphrase.currentWrong",
    });
    // A rotation for a vault the member does not have: stale, and the keys stay as they were.
    const stale = await refusedWith("/api/account/replace-keys", {
      ...keysUpload,
      ciphertext: wrapped,
      ownerSealedKey: `v2.box.${"A".repeat(96)}`,
      newKeyVersion: 2,
      reseals: "[]",
    });
    expect(stale).toEqual({ status: 409, body: expect.objectContaining({ formError: "errors.account.keysChanged" }) });
    expect((await keysOverHttp(handle, passphrase)).keys.publicKey).toBe(keys.publicKey);
    // Without scripts the page says both sections need JavaScript, and nothing can be sent.
    const noScript = await browser().newContext({ javaScriptEnabled: false, locale: "zh-CN", viewport: PHONE });
    await noScript.addCookies([{ name: "tx_session", value: client.cookie("tx_session") ?? "", url: baseUrl }]);
    const plain = await noScript.newPage();
    await plain.goto(`${baseUrl}/account`);
    for (const name of ["recovery", "replace"]) {
      const section = plain.locator(`section:has(#${name}-title)`);
      await expect(section.innerText()).resolves.toContain("在浏览器中打开");
      await expect(section.locator("button[type=submit]").isDisabled()).resolves.toBe(true);
    }
    await noScript.close();
    // Signed out: a translated 401.
    const stranger = await newClient(baseUrl);
    expect((await stranger.post("/api/account/replace-keys", keysUpload)).status).toBe(401);
    expect((await stranger.post("/api/account/recovery-code", { currentAuthKey: key32, recoveryAuthKey: key32, recoveryWrappedPrivateKey: wrapped })).status).toBe(401);
  });
});
