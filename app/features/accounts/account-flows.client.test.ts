/**
 * The account use cases (account-flows.client.ts) against a fake server that keeps one
 * account (account-flows-test-helpers.ts): every posted body must pass the server's own wire
 * schema, carry the CSRF token, and never carry what was typed. Signing up and in, the
 * passphrase, unlocking, recovery and deletion; new recovery codes and new keys are in
 * account-key-flows.client.test.ts.
 */
import { describe, expect, it, vi } from "vitest";
import { handleKey } from "~/domain/accounts/handle";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import { KEY_WORK } from "~/crypto/key-work";
import { changePassphrase, deleteAccount, recoverAccount, signIn, signUp, unlockSession } from "~/features/accounts/account-flows.client";
import { readTabKeys } from "~/features/keys/tab-keys.client";
import { unlockKeys } from "~/features/keys/unlock-keys.client";
import { RecoveryPayload, SignInPayload, SignUpPayload } from "~/forms/account-payloads";
import { fieldFailure, formFailure } from "~/forms/form-reply";
import { CSRF, expectNoSecretPosted, fakeServer, material, newTabKey, installFakeAccountServer } from "~/features/accounts/account-flows-test-helpers";

installFakeAccountServer();

describe("account use cases", () => {
  it("refuse what was typed before any work: keys beside fields, nothing posted, no progress", async () => {
    const onWorking = vi.fn();
    const options = { csrf: CSRF, onWorking };
    expect(await signUp({ handle: "a", passphrase: "short", passphraseConfirm: "" }, options)).toEqual({
      ok: false,
      fieldErrors: { handle: "errors.handle.tooShort", passphrase: "errors.passphrase.tooShort" },
    });
    expect(await signIn({ handle: "a b", passphrase: "" }, options)).toEqual({
      ok: false,
      fieldErrors: { handle: "errors.handle.characters", passphrase: "errors.passphrase.required" },
    });
    const recovered = await recoverAccount({ handle: "ming", recoveryCode: "nope", passphrase: "long enough one", passphraseConfirm: "long enough two" }, options);
    expect(recovered).toEqual({ ok: false, fieldErrors: { recoveryCode: "errors.recovery.codeFormat", passphraseConfirm: "errors.passphrase.mismatch" } });
    const keys: KeyMaterial = { kdfSalt: "", kdfOpslimit: 3, kdfMemlimit: 67108864, publicKey: "", wrappedPrivateKey: "" };
    expect(await changePassphrase({ currentPassphrase: "", newPassphrase: "\u0000 control char", passphraseConfirm: "" }, keys, options)).toEqual({
      ok: false,
      fieldErrors: { currentPassphrase: "errors.passphrase.required", newPassphrase: "errors.passphrase.characters" },
    });
    expect(await deleteAccount({ deleteConfirm: false, deletePassphrase: "" }, keys, options)).toEqual({ ok: false, fieldErrors: { deleteConfirm: "errors.account.confirmDelete" } });
    expect(await unlockKeys({ passphrase: "" }, keys, { onWorking })).toEqual({ ok: false, fieldErrors: { passphrase: "errors.passphrase.required" } });
    expect(onWorking).not.toHaveBeenCalled();
    expect(fakeServer.posted).toEqual([]);
  });

  it("say a taken handle beside its field before making any keys", async () => {
    fakeServer.takenHandles.add(handleKey("Ming"));
    const making = vi.spyOn(KEY_WORK, "createAccountKeys");
    const passphrase = "a passphrase long enough";
    const result = await signUp({ handle: " ming ", passphrase, passphraseConfirm: passphrase }, { csrf: CSRF });
    expect(result).toEqual({ ok: false, fieldErrors: { handle: "errors.handle.taken" } });
    expect(making).not.toHaveBeenCalled();
    expect(fakeServer.posted.map((p) => p.url)).toEqual(["/api/auth/challenge", "/api/auth/handle-check"]);
    making.mockRestore();
  });

  it("sign up, sign in, change the passphrase, unlock, recover and delete, posting only derived keys", { timeout: 120_000 }, async () => {
    const [first, second, third] = ["first passphrase 一二三", "second passphrase 四五六", "third passphrase 七八九"];
    const onWorking = vi.fn();
    const options = { csrf: CSRF, onWorking };

    const created = await signUp({ handle: " Ming ", passphrase: first, passphraseConfirm: first }, options);
    if (!created.ok) throw new Error(JSON.stringify(created));
    // Each step that could be guessed at first asks for a challenge and sends it solved (the fake server checks).
    // Sign-up asks whether the handle is free first, then spends the same challenge.
    expect(fakeServer.posted.map((p) => p.url)).toEqual(["/api/auth/challenge", "/api/auth/handle-check", "/api/auth/sign-up"]);
    expect(fakeServer.posted[0]?.fields).toMatchObject({ purpose: "signUp", handle: " Ming " });
    expect(fakeServer.posted[1]?.fields.challenge).toBe(fakeServer.posted[2]?.fields.challenge);
    expect(fakeServer.posted[2]?.fields.handle).toBe(" Ming "); // as typed; the server normalises it
    expect((await readTabKeys())?.publicKey).toBe(fakeServer.account.publicKey);
    const code = created.recoveryCode;

    sessionStorage.removeItem("tx.keys");
    expect(await signIn({ handle: "ming", passphrase: `wrong ${first}` }, options)).toEqual(formFailure("errors.signIn.failed"));
    expect(await signIn({ handle: "ming", passphrase: first }, options)).toEqual({ ok: true });
    expect((await readTabKeys())?.publicKey).toBe(fakeServer.account.publicKey);
    const signingIn = ["/api/auth/params", "/api/auth/challenge", "/api/auth/sign-in"];
    expect(fakeServer.posted.map((p) => p.url).slice(3)).toEqual([...signingIn, ...signingIn]);

    const wrong = await changePassphrase({ currentPassphrase: second, newPassphrase: third, passphraseConfirm: third }, material(), options);
    expect(wrong).toEqual({ ok: false, fieldErrors: { currentPassphrase: "errors.passphrase.currentWrong" } });
    const changed = await changePassphrase({ currentPassphrase: first, newPassphrase: second, passphraseConfirm: second }, material(), options);
    expect(changed).toEqual({ ok: true });
    expect(fakeServer.posted.at(-1)?.url).toBe("/api/auth/passphrase");

    sessionStorage.removeItem("tx.keys");
    expect(await unlockKeys({ passphrase: first }, material())).toEqual({ ok: false, fieldErrors: { passphrase: "errors.passphrase.currentWrong" } });
    const unlocked = await unlockKeys({ passphrase: second }, material());
    expect(unlocked.ok && unlocked.keys.publicKey).toBe(fakeServer.account.publicKey);
    expect((await readTabKeys())?.publicKey).toBe(fakeServer.account.publicKey);

    sessionStorage.removeItem("tx.keys");
    const recovered = await recoverAccount({ handle: "ming", recoveryCode: code.toLowerCase().replaceAll("-", " "), passphrase: third, passphraseConfirm: third }, options);
    if (!recovered.ok) throw new Error(JSON.stringify(recovered));
    expect(recovered.recoveryCode).not.toBe(code);
    expect((await readTabKeys())?.publicKey).toBe(fakeServer.account.publicKey);
    expect(fakeServer.posted.slice(-4).map((p) => [p.url, p.fields.intent ?? p.fields.purpose])).toEqual([
      ["/api/auth/challenge", "recovery"],
      ["/api/auth/recover", "start"],
      ["/api/auth/challenge", "recovery"],
      ["/api/auth/recover", "complete"],
    ]);
    expect(await recoverAccount({ handle: "ming", recoveryCode: code, passphrase: first, passphraseConfirm: first }, options)).toEqual(formFailure("errors.recovery.failed"));

    fakeServer.refuseNext = "/api/account/delete";
    expect(await deleteAccount({ deleteConfirm: true, deletePassphrase: third }, material(), options)).toEqual(fieldFailure({ deletePassphrase: "errors.passphrase.currentWrong" }));
    fakeServer.refuseNext = undefined;
    expect(await readTabKeys()).not.toBeNull();
    expect(await deleteAccount({ deleteConfirm: true, deletePassphrase: third }, material(), options)).toEqual({ ok: true });
    expect(await readTabKeys()).toBeNull();

    expect(onWorking).toHaveBeenCalledTimes(9); // once per flow that got past its checks (unlock was given none)
    expectNoSecretPosted(first, second, third, code, code.replaceAll("-", ""), recovered.recoveryCode, recovered.recoveryCode.replaceAll("-", ""));
  });

  it("a shared phone is posted as a ticked checkbox would be, and only when ticked", { timeout: 120_000 }, async () => {
    const passphrase = "shared phone passphrase 一二三";
    const options = { csrf: CSRF };
    const created = await signUp({ handle: "ming", passphrase, passphraseConfirm: passphrase, sharedPhone: true }, options);
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect(await signIn({ handle: "ming", passphrase, sharedPhone: true }, options)).toEqual({ ok: true });
    expect(await signIn({ handle: "ming", passphrase, sharedPhone: false }, options)).toEqual({ ok: true });
    expect(await signIn({ handle: "ming", passphrase }, options)).toEqual({ ok: true });
    const recovered = await recoverAccount({ handle: "ming", recoveryCode: created.recoveryCode, passphrase, passphraseConfirm: passphrase, sharedPhone: true }, options);
    expect(recovered.ok).toBe(true);
    const sessionStarts = fakeServer.posted.filter((p) => !["/api/auth/params", "/api/auth/challenge", "/api/auth/handle-check"].includes(p.url) && p.fields.intent !== "start");
    expect(sessionStarts.map((p) => [p.url, p.fields.sharedPhone])).toEqual([
      ["/api/auth/sign-up", "on"],
      ["/api/auth/sign-in", "on"],
      ["/api/auth/sign-in", undefined],
      ["/api/auth/sign-in", undefined],
      ["/api/auth/recover", "on"],
    ]);
    for (const { url, fields } of sessionStarts) {
      const { csrf: _csrf, ...body } = fields;
      const schema = url === "/api/auth/sign-up" ? SignUpPayload : url === "/api/auth/sign-in" ? SignInPayload : RecoveryPayload;
      expect(schema.parse(body)).toMatchObject({ sharedPhone: body.sharedPhone === "on" });
    }
  });

  it("unlock a locked session: the passphrase proved with the auth key only, a wrong one refused beside the field, keys kept under the fresh tab key", { timeout: 120_000 }, async () => {
    const passphrase = "locked session passphrase 一二三";
    const onWorking = vi.fn();
    const options = { csrf: CSRF, onWorking };
    const created = await signUp({ handle: "ming", passphrase, passphraseConfirm: passphrase }, { csrf: CSRF });
    if (!created.ok) throw new Error(JSON.stringify(created));
    // Locked: the server deleted the tab key, so the copy in the tab no longer opens.
    fakeServer.tabKey = newTabKey();
    expect(await readTabKeys()).toBeNull();
    const params = { kdfSalt: fakeServer.account.kdfSalt ?? "", kdfOpslimit: Number(fakeServer.account.kdfOpslimit), kdfMemlimit: Number(fakeServer.account.kdfMemlimit) };

    expect(await unlockSession({ passphrase: "" }, params, options)).toEqual({ ok: false, fieldErrors: { passphrase: "errors.passphrase.required" } });
    expect(onWorking).not.toHaveBeenCalled();
    expect(await unlockSession({ passphrase: `wrong ${passphrase}` }, params, options)).toEqual(fieldFailure({ passphrase: "errors.passphrase.currentWrong" }));
    expect(await readTabKeys()).toBeNull();
    expect(await unlockSession({ passphrase }, params, options)).toEqual({ ok: true });
    expect((await readTabKeys())?.publicKey).toBe(fakeServer.account.publicKey);
    expect(fakeServer.posted.slice(-2).map((p) => [p.url, Object.keys(p.fields).sort()])).toEqual([
      ["/api/session/unlock", ["authKey", "csrf"]],
      ["/api/session/unlock", ["authKey", "csrf"]],
    ]);
    expect(onWorking).toHaveBeenCalledTimes(2);
    expectNoSecretPosted(passphrase, created.recoveryCode);
  });

});
