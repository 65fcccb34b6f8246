/**
 * The account use cases that make new secrets (account-flows.client.ts), against the fake
 * server of account-flows-test-helpers.ts: a new recovery code, and new keys with the vault
 * rotated to them; and keys that differ from the server's copy, refused before anything is posted.
 */
import { describe, expect, it, vi } from "vitest";
import { loadSodium } from "~/crypto/sodium";
import { openSharedVault, openVault, sealNewVault } from "~/crypto/vault";
import { changePassphrase, newRecoveryCode, recoverAccount, replaceKeys, signUp } from "~/features/accounts/account-flows.client";
import { readTabKeys } from "~/features/keys/tab-keys.client";
import { unlockKeys } from "~/features/keys/unlock-keys.client";
import { formFailure } from "~/forms/form-reply";
import { CSRF, expectNoSecretPosted, fakeServer, material, installFakeAccountServer } from "~/features/accounts/account-flows-test-helpers";

installFakeAccountServer();

const WORKER_IDS = ["d0000000-0000-4000-8000-000000000002", "d0000000-0000-4000-8000-000000000003"] as const;

describe("account use cases: new secrets", () => {
  it("a new recovery code: the passphrase proves it, the new code recovers, the old one no longer does", { timeout: 120_000 }, async () => {
    const passphrase = "recovery passphrase 一二三";
    const options = { csrf: CSRF, onWorking: vi.fn() };
    const created = await signUp({ handle: "ming", passphrase, passphraseConfirm: passphrase }, options);
    if (!created.ok) throw new Error(JSON.stringify(created));
    const publicKey = fakeServer.account.publicKey;
    expect(await newRecoveryCode({ recoveryConfirm: false, recoveryPassphrase: passphrase }, material(), options)).toEqual({
      ok: false,
      fieldErrors: { recoveryConfirm: "errors.account.confirmTick" },
    });
    const posts = fakeServer.posted.length;
    expect(await newRecoveryCode({ recoveryConfirm: true, recoveryPassphrase: `wrong ${passphrase}` }, material(), options)).toEqual({
      ok: false,
      fieldErrors: { recoveryPassphrase: "errors.passphrase.currentWrong" },
    });
    expect(fakeServer.posted.length).toBe(posts);

    const renewed = await newRecoveryCode({ recoveryConfirm: true, recoveryPassphrase: passphrase }, material(), options);
    if (!renewed.ok) throw new Error(JSON.stringify(renewed));
    expect(renewed.recoveryCode).not.toBe(created.recoveryCode);
    expect(fakeServer.posted.at(-1)?.url).toBe("/api/account/recovery-code");
    expect(Object.keys(fakeServer.posted.at(-1)?.fields ?? {}).sort()).toEqual(["csrf", "currentAuthKey", "recoveryAuthKey", "recoveryWrappedPrivateKey"]);
    expect(fakeServer.account.publicKey).toBe(publicKey);

    const third = "third passphrase 七八九";
    expect(await recoverAccount({ handle: "ming", recoveryCode: created.recoveryCode, passphrase: third, passphraseConfirm: third }, options)).toEqual(
      formFailure("errors.recovery.failed"),
    );
    const recovered = await recoverAccount({ handle: "ming", recoveryCode: renewed.recoveryCode, passphrase: third, passphraseConfirm: third }, options);
    expect(recovered.ok).toBe(true);
    expect((await readTabKeys())?.publicKey).toBe(publicKey);
    expectNoSecretPosted(passphrase, third, created.recoveryCode.replaceAll("-", ""), renewed.recoveryCode, renewed.recoveryCode.replaceAll("-", ""));
  });

  it("replacing keys: a new pair under the same passphrase and a new code, the vault rotated to it, live shares re-sealed", { timeout: 120_000 }, async () => {
    const passphrase = "replace passphrase 一二三";
    const ownerId = "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f7";
    const options = { csrf: CSRF, onWorking: vi.fn() };
    const created = await signUp({ handle: "ming", passphrase, passphraseConfirm: passphrase }, options);
    if (!created.ok) throw new Error(JSON.stringify(created));
    const oldKeys = await readTabKeys();
    if (!oldKeys) throw new Error("no keys");
    const oldMaterial = material();
    const oldTabKey = fakeServer.tabKey;

    // A vault shared with two workers; the second share is no longer live.
    const sodium = await loadSodium();
    const workers = [sodium.crypto_box_keypair(), sodium.crypto_box_keypair()].map((pair) => ({
      publicKey: Buffer.from(pair.publicKey).toString("base64url"),
      privateKey: pair.privateKey,
    }));
    const fields = { legalName: "王小明" };
    const sealed = await sealNewVault({ ownerId, keys: oldKeys, fields });
    const shares = [
      { id: "5f0c1e2d-0000-4000-8000-000000000001", recipientId: WORKER_IDS[0], recipientHandle: "worker_li", recipientPublicKey: workers[0]?.publicKey ?? "", live: true },
      { id: "5f0c1e2d-0000-4000-8000-000000000002", recipientId: WORKER_IDS[1], recipientHandle: "worker_wang", recipientPublicKey: workers[1]?.publicKey ?? "", live: false },
    ];
    const own = { ownerId, vault: sealed.record, shares };

    expect(await replaceKeys({ replaceConfirm: true, replacePassphrase: `wrong ${passphrase}` }, oldMaterial, own, options)).toEqual({
      ok: false,
      fieldErrors: { replacePassphrase: "errors.passphrase.currentWrong" },
    });
    const replaced = await replaceKeys({ replaceConfirm: true, replacePassphrase: passphrase }, oldMaterial, own, options);
    if (!replaced.ok) throw new Error(JSON.stringify(replaced));
    const body = fakeServer.posted.at(-1)?.fields ?? {};
    expect(fakeServer.posted.at(-1)?.url).toBe("/api/account/replace-keys");
    expect(fakeServer.account.publicKey).not.toBe(oldKeys.publicKey);
    expect(fakeServer.account.kdfSalt).not.toBe(oldMaterial.kdfSalt);
    expect(replaced.recoveryCode).not.toBe(created.recoveryCode);

    // This tab keeps the new keys, under a fresh tab key.
    expect(fakeServer.tabKey).not.toBe(oldTabKey);
    const newKeys = await readTabKeys();
    expect(newKeys?.publicKey).toBe(fakeServer.account.publicKey);
    if (!newKeys) throw new Error("no new keys");

    // The rotated vault opens with the new keys only; the live share's recipient opens it, the other got nothing.
    const record = { ciphertext: body.ciphertext ?? "", ownerSealedKey: body.ownerSealedKey ?? "", keyVersion: Number(body.newKeyVersion) };
    expect(record.keyVersion).toBe(2);
    // The fields and the key pins go along: the live share's worker is pinned (the vault had no pins yet).
    expect(await openVault({ ownerId, record, keys: newKeys })).toMatchObject({ fields, pins: { [WORKER_IDS[0]]: workers[0]?.publicKey } });
    await expect(openVault({ ownerId, record, keys: oldKeys })).rejects.toThrow();
    const reseals = JSON.parse(body.reseals ?? "[]") as { shareId: string; sealedKey: string }[];
    expect(reseals.map((r) => r.shareId)).toEqual([shares[0]?.id]);
    const worker = workers[0];
    if (!worker) throw new Error("set-up");
    const opened = await openSharedVault({ ownerId, ciphertext: record.ciphertext, sealedKey: reseals[0]?.sealedKey ?? "", keyVersion: 2, keys: worker });
    expect(opened).toEqual(fields);

    // The same passphrase unlocks the new keys; the new code recovers them, the old code nothing.
    sessionStorage.removeItem("tx.keys");
    const unlocked = await unlockKeys({ passphrase }, material());
    expect(unlocked.ok && unlocked.keys.publicKey).toBe(newKeys.publicKey);
    const next = "next passphrase 七八九";
    expect(await recoverAccount({ handle: "ming", recoveryCode: created.recoveryCode, passphrase: next, passphraseConfirm: next }, options)).toEqual(
      formFailure("errors.recovery.failed"),
    );
    const recovered = await recoverAccount({ handle: "ming", recoveryCode: replaced.recoveryCode, passphrase: next, passphraseConfirm: next }, options);
    expect(recovered.ok).toBe(true);
    expect((await readTabKeys())?.publicKey).toBe(newKeys.publicKey);

    // A member without a vault replaces just the keys: no vault fields are posted.
    const bare = await replaceKeys({ replaceConfirm: true, replacePassphrase: next }, material(), { ownerId, vault: null, shares: [] }, options);
    expect(bare.ok).toBe(true);
    expect(Object.keys(fakeServer.posted.at(-1)?.fields ?? {}).filter((name) => ["ciphertext", "ownerSealedKey", "newKeyVersion", "reseals"].includes(name))).toEqual([]);
    expectNoSecretPosted(passphrase, next, created.recoveryCode.replaceAll("-", ""), replaced.recoveryCode, replaced.recoveryCode.replaceAll("-", ""));
  });

  it("replacing keys refuses a vault the old keys cannot open, posting nothing", { timeout: 60_000 }, async () => {
    const passphrase = "planted passphrase 一二三";
    const created = await signUp({ handle: "ming", passphrase, passphraseConfirm: passphrase }, { csrf: CSRF });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const sodium = await loadSodium();
    const planter = sodium.crypto_box_keypair();
    const planted = await sealNewVault({
      ownerId: "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f7",
      keys: { publicKey: Buffer.from(planter.publicKey).toString("base64url"), privateKey: planter.privateKey },
      fields: { legalName: "假名字" },
    });
    const before = fakeServer.posted.length;
    const own = { ownerId: "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f7", vault: planted.record, shares: [] };
    expect(await replaceKeys({ replaceConfirm: true, replacePassphrase: passphrase }, material(), own, { csrf: CSRF })).toEqual(
      formFailure("errors.account.vaultNotOpened"),
    );
    expect(fakeServer.posted.length).toBe(before);
  });

  it("refuse keys whose public key differs from the server's copy: nothing stored, nothing posted", { timeout: 60_000 }, async () => {
    const passphrase = "mismatch passphrase 一二三";
    const created = await signUp({ handle: "ming", passphrase, passphraseConfirm: passphrase }, { csrf: CSRF });
    if (!created.ok) throw new Error(JSON.stringify(created));
    sessionStorage.removeItem("tx.keys");
    // A server that swapped in a public key of its own, hoping to have data sealed to it.
    const planted = { ...material(), publicKey: "2J47rXlDfb7Z-ENBgwT0YP8Fx_6B_kqVd6gEy5Nn_2Y" };
    expect(await unlockKeys({ passphrase }, planted)).toEqual(formFailure("errors.keys.publicKeyMismatch"));
    expect(sessionStorage.getItem("tx.keys")).toBeNull();
    const before = fakeServer.posted.length;
    const changed = await changePassphrase({ currentPassphrase: passphrase, newPassphrase: `${passphrase} 2`, passphraseConfirm: `${passphrase} 2` }, planted, { csrf: CSRF });
    expect(changed).toEqual(formFailure("errors.keys.publicKeyMismatch"));
    expect(fakeServer.posted.length).toBe(before);
  });
});
