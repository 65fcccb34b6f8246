import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { fromB64, toB64 } from "~/crypto/encoding";
import { sealEnvelope } from "~/crypto/envelope";
import { loadSodium } from "~/crypto/sodium";
import { vaultAd } from "~/crypto/vault";
import { encodeIdentityPlaintext } from "~/domain/identity/identity-plaintext";
import { NO_PINS } from "~/domain/identity/key-pins";
import { formatDate } from "~/i18n/format";
import { chooseShareRecipient, openContext, pickHomeArea, signIn, signUp, uniqueHandle, type RecordedRequest } from "../support/browser";
import { seriousViolations } from "../support/axe";
import { dumpServerDatabase, encodings, filesUnder, findInFiles, identityCanaries } from "../support/canary";
import { DEMO, DEMO_AREAS } from "../support/demo-accounts";
import { newClient, signedInClient } from "../support/http-client";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");

/**
 * A vault as a server that knows only the member's id and public key can make it: fields it
 * chose, under a data key it knows, padded and bound to the member's id and key version 1
 * like a real one, with an owner's copy of the right shape boxed from the planter's own key
 * pair (decision 011).
 */
async function plantVault(ownerId: string, ownerPublicKey: string, fields: Record<string, string>) {
  const sodium = await loadSodium();
  const dataKey = sodium.randombytes_buf(32);
  const plaintext = sodium.pad(new TextEncoder().encode(encodeIdentityPlaintext({ fields, pins: NO_PINS })), 4096);
  const planter = sodium.crypto_box_keypair();
  const nonce = sodium.randombytes_buf(24);
  const boxed = sodium.crypto_box_easy(dataKey, nonce, fromB64(sodium, ownerPublicKey), planter.privateKey);
  return {
    ciphertext: await sealEnvelope(dataKey, plaintext, vaultAd(ownerId, 1)),
    ownerSealedKey: `v2.box.${toB64(sodium, new Uint8Array([...nonce, ...boxed]))}`,
    keyVersion: 1,
  };
}

describe("identity vault: privacy canary", () => {
  const browser = useBrowser();

  it("shares with a social worker, who opens it; revoking stops them; no canary ever reaches the server in plaintext", async () => {
    const canaries = identityCanaries();
    const passphrase = `vault canary ${crypto.randomUUID()}`;
    const handle = uniqueHandle("vault");
    const requests: RecordedRequest[] = [];

    // The member: sign up, choose the area, fill every field, save.
    const member = await openContext(browser());
    await signUp(member.page, baseUrl, handle, passphrase);
    await member.page.goto(`${baseUrl}/account`);
    await pickHomeArea(member.page, DEMO_AREAS.tianhe);
    await expect(member.page.locator(".form-message--info").first().textContent()).resolves.toBe("地区已保存。");
    await member.page.goto(`${baseUrl}/identity`);
    for (const [field, value] of Object.entries(canaries)) await member.page.fill(`#identity-${field}`, value);
    await member.page.click("form:has(#identity-legalName) button[type=submit]");
    await expect(member.page.locator("form:has(#identity-legalName) .form-message--info").textContent({ timeout: 30_000 })).resolves.toBe("已加密保存。");

    // Reload: the vault decrypts in the browser (the tab still holds the keys).
    await member.page.reload();
    await expect(member.page.inputValue("#identity-legalName")).resolves.toBe(canaries.legalName);

    // Share with the social worker of Tianhe, named as the admin set it, beside the nickname.
    const workerLabel = `${DEMO.workerLi.card.displayName}（${DEMO.workerLi.card.organisation}），昵称 ${DEMO.workerLi.handle}`;
    await expect(member.page.locator("#share-recipient option").allTextContents()).resolves.toContain(workerLabel);
    await chooseShareRecipient(member.page, DEMO.workerLi.handle);
    await expect(member.page.locator("[data-testid=recipient-safety-number]").textContent()).resolves.toContain(workerLabel);
    await member.page.click("form:has(#share-recipient) button[type=submit]");
    await expect(member.page.locator("[data-testid=share-confirm]").textContent()).resolves.toContain(workerLabel);
    await member.page.click("[data-testid=share-confirm] button[type=submit]");
    await expect(member.page.locator("form:has(#share-recipient) .form-message--info").textContent({ timeout: 30_000 })).resolves.toContain("已共享");
    await expect(member.page.locator("table").first().textContent()).resolves.toContain(workerLabel);

    // The worker, in another browser: signs in, opens the identity, reads every field.
    const worker = await openContext(browser());
    await signIn(worker.page, baseUrl, DEMO.workerLi);
    await worker.page.goto(`${baseUrl}/shared`);
    await worker.page.click(`button[aria-label*="${handle}"]`);
    const opened = worker.page.locator("[data-testid=opened-identity]");
    await expect(opened.textContent({ timeout: 30_000 })).resolves.toContain(canaries.legalName);
    for (const value of Object.values(canaries)) await expect(opened.textContent()).resolves.toContain(value);

    // The member sees who opened it, and when.
    await member.page.reload();
    await expect(member.page.locator("section:has(#access-title) table").textContent()).resolves.toContain(workerLabel);

    // Revoke: the share is gone and the key rotated; the member still reads their own vault.
    await member.page.click(`button[aria-label*="${DEMO.workerLi.handle}"]`);
    await member.page.click("[data-testid=revoke-confirm] button.button--danger");
    await expect(member.page.locator("section:has(#shares-title) .form-message--info").textContent({ timeout: 30_000 })).resolves.toContain("已收回");
    await member.page.reload();
    await expect(member.page.inputValue("#identity-legalName")).resolves.toBe(canaries.legalName);
    // Listed as ended, by the member, and kept for a stated time; nothing is shared now.
    const sharesSection = member.page.locator("section:has(#shares-title)");
    await expect(sharesSection.textContent()).resolves.toContain("目前没有正在共享的信息");
    const endedRow = sharesSection.locator("tr", { hasText: DEMO.workerLi.handle });
    await expect(endedRow.textContent()).resolves.toContain(`${formatDate(new Date(), "zh-CN")} 结束（你收回了）`);
    await expect(sharesSection.textContent()).resolves.toContain("保留 90 天");

    // The worker can no longer open it: not in the list, and the old share id is refused.
    await worker.page.reload();
    await expect(worker.page.locator(`button[aria-label*="${handle}"]`).count()).resolves.toBe(0);
    const shareIds = worker.requests.filter((r) => r.url.endsWith("/api/identity/open")).map((r) => /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(r.body)?.[0]);
    expect(shareIds[0]).toBeTruthy();
    const workerApi = await signedInClient(baseUrl, DEMO.workerLi);
    expect((await workerApi.post("/api/identity/open", { shareId: shareIds[0] ?? "" })).status).toBe(404);

    requests.push(...member.requests, ...worker.requests);
    await member.context.close();
    await worker.context.close();

    // No canary in any request body or URL either browser sent, the server's log, or the database files.
    const secrets = [...Object.values(canaries), passphrase];
    const leaks: string[] = [];
    for (const request of requests) {
      for (const secret of secrets) {
        for (const form of encodings(secret)) {
          if (request.body.includes(form) || request.url.includes(form)) leaks.push(`${request.method} ${request.url}: ${secret}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(requests.some((r) => r.url.endsWith("/api/identity/vault"))).toBe(true);
    expect(findInFiles([inject("serverLogPath")], secrets)).toEqual([]);
    expect(findInFiles(filesUnder(inject("dataDir")), secrets)).toEqual([]);
    const dump = await dumpServerDatabase({ dataDir: inject("dataDir"), databaseUrl: inject("databaseUrl") });
    expect(dump).toContain(handle); // the dump really holds this member's rows…
    expect(dump).toMatch(/identity_vaults .*v1\.xc20p\./); // …including the vault, as ciphertext
    expect(secrets.filter((secret) => dump.includes(secret))).toEqual([]);
    expect(readFileSync(inject("serverLogPath"), "utf8")).toContain("/api/identity/open");
  });

  it("refuses malformed, oversized or replayed envelopes, and shares to non-staff or to oneself, changing nothing", async () => {
    const member = await signedInClient(baseUrl, DEMO.member);
    const refusedStatus = async (path: string, fields: Record<string, string | number>) => {
      const response = await member.post(path, fields);
      const body = (await response.json()) as { ok: boolean; fieldErrors?: Record<string, string>; formError?: string };
      expect(body.ok).toBe(false);
      return response.status;
    };
    const sealed = `v1.sealed.${"A".repeat(107)}`;
    const ownerKey = `v2.box.${"A".repeat(96)}`;
    expect(await refusedStatus("/api/identity/vault", { ciphertext: "plain text name", ownerSealedKey: ownerKey, keyVersion: 1 })).toBe(400);
    expect(await refusedStatus("/api/identity/vault", { ciphertext: `v1.xc20p.${"A".repeat(32)}.${"B".repeat(20_000)}`, ownerSealedKey: ownerKey, keyVersion: 1 })).toBe(400);
    expect(await refusedStatus("/api/identity/vault", { ciphertext: `v1.xc20p.${"A".repeat(32)}.${"B".repeat(64)}`, ownerSealedKey: "v2.box.short", keyVersion: 1 })).toBe(400);
    expect(await refusedStatus("/api/identity/vault", { ciphertext: `v1.xc20p.${"A".repeat(32)}.${"B".repeat(64)}`, ownerSealedKey: ownerKey, keyVersion: 0 })).toBe(400);
    // The owner's copy in the anonymous form a share uses (anyone with the public key can make it): refused.
    expect(await refusedStatus("/api/identity/vault", { ciphertext: `v1.xc20p.${"A".repeat(32)}.${"B".repeat(64)}`, ownerSealedKey: sealed, keyVersion: 1 })).toBe(400);
    // A well-formed vault, then the same upload replayed as a first save: refused as stale.
    const vault = { ciphertext: `v1.xc20p.${"A".repeat(32)}.${"B".repeat(64)}`, ownerSealedKey: ownerKey, keyVersion: 1 };
    expect((await member.post("/api/identity/vault", vault)).status).toBe(200);
    expect(await refusedStatus("/api/identity/vault", { ...vault, keyVersion: 2 })).toBe(409);
    // Shares: to a member (not staff), to oneself, to staff of another area, with bad days,
    // without the vault that pins the worker's key, or with it at another key version.
    const share = { ...vault, sealedKey: sealed, days: 90 };
    expect(await refusedStatus("/api/identity/shares", { recipientId: "d0000000-0000-4000-8000-000000000002", sealedKey: sealed, keyVersion: 1, days: 90 })).toBe(400);
    expect(await refusedStatus("/api/identity/shares", { ...share, recipientId: "d0000000-0000-4000-8000-000000000002", keyVersion: 2 })).toBe(409);
    expect(await refusedStatus("/api/identity/shares", { ...share, recipientId: "d0000000-0000-4000-8000-000000000006" })).toBe(400);
    expect(await refusedStatus("/api/identity/shares", { ...share, recipientId: "d0000000-0000-4000-8000-000000000005" })).toBe(400);
    expect(await refusedStatus("/api/identity/shares", { ...share, recipientId: "d0000000-0000-4000-8000-000000000003" })).toBe(400);
    expect(await refusedStatus("/api/identity/shares", { ...share, recipientId: "d0000000-0000-4000-8000-000000000002", days: 400 })).toBe(400);
    expect(await refusedStatus("/api/identity/shares", { ...share, recipientId: "not-a-uuid" })).toBe(400);
    expect(await refusedStatus("/api/identity/revoke", { shareId: "d0000000-0000-4000-8000-00000000dead", ...vault, newKeyVersion: 2, reseals: "not json" })).toBe(400);
    // Opening is for social workers only.
    expect((await member.post("/api/identity/open", { shareId: "d0000000-0000-4000-8000-00000000dead" })).status).toBe(404);
    // Replays: the same share twice, the same rotation twice, an edit carrying a version from before it.
    const created = await member.post("/api/identity/shares", { ...share, recipientId: "d0000000-0000-4000-8000-000000000002" });
    expect(created.status).toBe(201);
    const { id: shareId } = (await created.json()) as { id: string };
    expect(await refusedStatus("/api/identity/shares", { ...share, recipientId: "d0000000-0000-4000-8000-000000000002" })).toBe(409);
    const rotation = { shareId, ...vault, newKeyVersion: 2, reseals: "[]" };
    expect((await member.post("/api/identity/revoke", rotation)).status).toBe(200);
    expect([404, 409]).toContain(await refusedStatus("/api/identity/revoke", rotation));
    expect(await refusedStatus("/api/identity/vault", vault)).toBe(409);
    // Signed out: a translated 401, not a redirect.
    const stranger = await newClient(baseUrl);
    expect((await stranger.post("/api/identity/vault", vault)).status).toBe(401);
    expect((await stranger.post("/api/identity/delete", {})).status).toBe(401);
    expect((await member.post("/api/identity/delete", { csrf: "forged" })).status).toBe(403);
  });

  it("refuses a vault planted by someone who knows only the member's public key; the member deletes it and enters their details again", async () => {
    const { legalName } = identityCanaries();
    const passphrase = `planted ${crypto.randomUUID()}`;
    const handle = uniqueHandle("plant");
    const { context, page } = await openContext(browser());
    await signUp(page, baseUrl, handle, passphrase);

    // Stand-in for a server that writes the row itself: a client signed in as the member
    // posts a vault of the planter's making, which passes every check the server can make.
    const planter = await signedInClient(baseUrl, { handle, passphrase });
    const exported = (await (await planter.get("/api/identity/export")).json()) as { data: { profile: { userId: string }; keys: { publicKey: string } } };
    const planted = await plantVault(exported.data.profile.userId, exported.data.keys.publicKey, { legalName: "假名字" });
    expect((await planter.post("/api/identity/vault", planted)).status).toBe(200);

    // The browser refuses it: a plain message, none of the planted fields, no form to type into.
    await page.goto(`${baseUrl}/identity`);
    const identity = page.locator("section:has(#identity-title)");
    await expect(identity.locator(".form-message--error").textContent({ timeout: 30_000 })).resolves.toBe(
      "无法证明这里保存的身份信息是你本人保存的：可能是别人放进来或改动过的，所以不会显示出来。你可以在下面删除它们，然后重新填写。",
    );
    await expect(page.locator("#identity-legalName").count()).resolves.toBe(0);
    await expect(page.content()).resolves.not.toContain("假名字");
    expect(await seriousViolations(page)).toEqual([]);

    // Delete it (only once the member has ticked that they understand), then start again.
    const deleteButton = identity.locator("div:has(#delete-saved-understood) button");
    await expect(deleteButton.textContent()).resolves.toBe("删除已保存的信息");
    await expect(deleteButton.isDisabled()).resolves.toBe(true);
    await page.check("#delete-saved-understood");
    await deleteButton.click();
    await expect(page.inputValue("#identity-legalName", { timeout: 30_000 })).resolves.toBe("");
    await expect(identity.locator(".form-message--info").first().textContent()).resolves.toBe("已删除。现在可以重新填写你的信息了。");
    await expect(identity.locator(".form-message--error").count()).resolves.toBe(0);

    await page.fill("#identity-legalName", legalName);
    await page.click("form:has(#identity-legalName) button[type=submit]");
    await expect(page.locator("form:has(#identity-legalName) .form-message--info").textContent({ timeout: 30_000 })).resolves.toBe("已加密保存。");
    await page.reload();
    await expect(page.inputValue("#identity-legalName", { timeout: 30_000 })).resolves.toBe(legalName);
    const stored = (await (await planter.get("/api/identity/export")).json()) as { data: { identityVault: { ownerSealedKey: string; ciphertext: string } } };
    expect(stored.data.identityVault.ownerSealedKey).toMatch(/^v2\.box\.[A-Za-z0-9_-]{96}$/);
    expect(stored.data.identityVault.ownerSealedKey).not.toBe(planted.ownerSealedKey);
    // Padded: as long as the planted vault of one short field, whatever was typed.
    expect(stored.data.identityVault.ciphertext).toHaveLength(planted.ciphertext.length);
    await context.close();
  });
});
