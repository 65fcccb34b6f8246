import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { checkSolution, mintChallenge } from "~/auth/challenge.server";
import type { ChallengePurpose } from "~/domain/accounts/challenge";
import { handleKey } from "~/domain/accounts/handle";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import { KEY_WORK } from "~/crypto/key-work";
import { loadSodium } from "~/crypto/sodium";
import { openSharedVault, openVault, sealNewVault } from "~/crypto/vault";
import { changePassphrase, deleteAccount, newRecoveryCode, recoverAccount, replaceKeys, signIn, signUp, unlockSession } from "~/features/accounts/account-flows.client";
import { readTabKeys } from "~/features/keys/tab-keys.client";
import { unlockKeys } from "~/features/keys/unlock-keys.client";
import {
  ChallengeRequestPayload,
  ChangePassphrasePayload,
  LoginParamsPayload,
  NewRecoveryCodePayload,
  RecoveryPayload,
  ReplaceKeysPayload,
  SignInPayload,
  SignUpPayload,
  HandleCheckPayload,
  UnlockSessionPayload,
} from "~/forms/account-payloads";
import { fieldFailure, formFailure } from "~/forms/form-reply";

/**
 * The use cases against a fake server that keeps one account: every posted body must pass
 * the server's own wire schema, carry the CSRF token, and never carry what was typed.
 */

const CSRF = "c".repeat(43);
const WORKER_IDS = ["d0000000-0000-4000-8000-000000000002", "d0000000-0000-4000-8000-000000000003"] as const;
type Posted = { url: string; fields: Record<string, string> };

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

let posted: Posted[];
let account: Record<string, string>;
/** The fake session's tab key: a new one with every new session, as the server does. */
let tabKey: string;
const newTabKey = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
let refuseNext: string | undefined;

function reply(body: object, status = 200) {
  return Response.json(body, { status });
}

/** The fake server's proof-of-work challenges: made and checked by the real server code. */
const CHALLENGE_SECRET = "f".repeat(64);
const CHALLENGE_STEP: Record<string, ChallengePurpose> = {
  "/api/auth/handle-check": "signUp",
  "/api/auth/sign-up": "signUp",
  "/api/auth/sign-in": "signIn",
  "/api/auth/recover": "recovery",
};
let spentChallenges: Set<string>;
/** Handle keys the fake server already has an account for. */
let takenHandles: Set<string>;

function solvesChallenge(url: string, body: Record<string, string>): boolean {
  const purpose = CHALLENGE_STEP[url];
  if (!purpose) return true;
  const check = { purpose, handleKey: handleKey(body.handle ?? ""), now: new Date() };
  const solved = checkSolution(CHALLENGE_SECRET, body.challenge ?? "", Number(body.solution), check);
  if (!solved || spentChallenges.has(solved.salt)) return false;
  // A handle check leaves its challenge for the sign-up that follows.
  if (url !== "/api/auth/handle-check") spentChallenges.add(solved.salt);
  return true;
}

/** What the server routes would answer, minus hashing and sessions. */
function fakeServer(url: string, fields: Record<string, string>): Response {
  const { csrf: _csrf, ...body } = fields;
  const schemas: Record<string, { safeParse: (value: unknown) => { success: boolean } }> = {
    "/api/auth/handle-check": HandleCheckPayload,
    "/api/auth/sign-up": SignUpPayload,
    "/api/auth/params": LoginParamsPayload,
    "/api/auth/sign-in": SignInPayload,
    "/api/auth/recover": RecoveryPayload,
    "/api/auth/passphrase": ChangePassphrasePayload,
    "/api/auth/challenge": ChallengeRequestPayload,
    "/api/session/unlock": UnlockSessionPayload,
    "/api/account/recovery-code": NewRecoveryCodePayload,
    "/api/account/replace-keys": ReplaceKeysPayload,
  };
  const schema = schemas[url];
  if (schema && !schema.safeParse(body).success) return reply({ ok: false, fieldErrors: { _form: "errors.field.invalid" } }, 400);
  if (!solvesChallenge(url, body)) return reply(formFailure("errors.challenge.failed"), 400);
  if (refuseNext === url) return reply(formFailure("errors.auth.failed"), 401);
  switch (url) {
    case "/api/auth/challenge": {
      const purpose = body.purpose as ChallengePurpose;
      return reply({ ok: true, challenge: mintChallenge(CHALLENGE_SECRET, { purpose, handleKey: handleKey(body.handle ?? ""), exponent: 8, now: new Date() }) });
    }
    case "/api/auth/handle-check":
      return takenHandles.has(handleKey(body.handle ?? "")) ? reply(fieldFailure({ handle: "errors.handle.taken" }), 409) : reply({ ok: true });
    case "/api/auth/sign-up":
      account = { ...body };
      return reply({ ok: true }, 201);
    case "/api/auth/params":
      return reply({ ok: true, kdfSalt: account.kdfSalt, kdfOpslimit: Number(account.kdfOpslimit), kdfMemlimit: Number(account.kdfMemlimit) });
    case "/api/auth/sign-in":
      return body.authKey === account.authKey ? reply({ ok: true, wrappedPrivateKey: account.wrappedPrivateKey }) : reply(formFailure("errors.auth.failed"), 401);
    case "/api/auth/passphrase":
      if (body.currentAuthKey !== account.authKey) return reply(formFailure("errors.auth.failed"), 401);
      Object.assign(account, { authKey: body.authKey, kdfSalt: body.kdfSalt, kdfOpslimit: body.kdfOpslimit, kdfMemlimit: body.kdfMemlimit, wrappedPrivateKey: body.wrappedPrivateKey });
      return reply({ ok: true });
    case "/api/auth/recover":
      if (body.recoveryAuthKey !== account.recoveryAuthKey) return reply(formFailure("errors.recovery.failed"), 401);
      if (body.intent === "start") return reply({ ok: true, recoveryWrappedPrivateKey: account.recoveryWrappedPrivateKey });
      Object.assign(account, {
        authKey: body.authKey,
        kdfSalt: body.kdfSalt,
        kdfOpslimit: body.kdfOpslimit,
        kdfMemlimit: body.kdfMemlimit,
        wrappedPrivateKey: body.wrappedPrivateKey,
        recoveryAuthKey: body.newRecoveryAuthKey,
        recoveryWrappedPrivateKey: body.newRecoveryWrappedPrivateKey,
      });
      return reply({ ok: true });
    case "/api/session/unlock":
      return body.authKey === account.authKey
        ? reply({ ok: true, wrappedPrivateKey: account.wrappedPrivateKey })
        : reply(fieldFailure({ passphrase: "errors.passphrase.currentWrong" }), 401);
    case "/api/account/recovery-code":
      if (body.currentAuthKey !== account.authKey) return reply(formFailure("errors.auth.failed"), 401);
      Object.assign(account, { recoveryAuthKey: body.recoveryAuthKey, recoveryWrappedPrivateKey: body.recoveryWrappedPrivateKey });
      return reply({ ok: true });
    case "/api/account/replace-keys": {
      if (body.currentAuthKey !== account.authKey) return reply(formFailure("errors.auth.failed"), 401);
      const { currentAuthKey: _proof, ...keys } = body;
      Object.assign(account, keys);
      return reply({ ok: true });
    }
    case "/api/account/delete":
      return body.authKey === account.authKey ? reply({ ok: true }) : reply(formFailure("errors.auth.failed"), 401);
    default:
      return reply({}, 404);
  }
}

function material(): KeyMaterial {
  return {
    kdfSalt: account.kdfSalt ?? "",
    kdfOpslimit: Number(account.kdfOpslimit),
    kdfMemlimit: Number(account.kdfMemlimit),
    publicKey: account.publicKey ?? "",
    wrappedPrivateKey: account.wrappedPrivateKey ?? "",
  };
}

beforeEach(() => {
  posted = [];
  spentChallenges = new Set();
  takenHandles = new Set();
  account = {};
  refuseNext = undefined;
  vi.stubGlobal("sessionStorage", new MemoryStorage());
  tabKey = newTabKey();
  vi.stubGlobal("fetch", async (url: string, init: { body?: FormData }) => {
    if (url === "/api/session/tab-key") return reply({ ok: true, tabKey });
    if (!init.body) return reply({}, 405);
    const fields = Object.fromEntries([...init.body.entries()].map(([name, value]) => [name, String(value)]));
    posted.push({ url, fields });
    const response = fakeServer(url, fields);
    // A new session, or an unlocked one (its tab key went with the lock): a fresh tab key.
    const startsSession =
      ["/api/auth/sign-up", "/api/auth/sign-in", "/api/auth/passphrase", "/api/session/unlock"].includes(url) ||
      (url === "/api/auth/recover" && fields.intent === "complete");
    // Replacing keys takes every session's tab key: the next ask makes a fresh one.
    if (response.ok && (startsSession || url === "/api/account/replace-keys")) tabKey = newTabKey();
    return response;
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function expectNoSecretPosted(...secrets: string[]) {
  for (const { fields } of posted) {
    expect(fields.csrf).toBe(CSRF);
    for (const secret of secrets) expect(Object.values(fields).some((value) => value.includes(secret))).toBe(false);
  }
}

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
    expect(posted).toEqual([]);
  });

  it("say a taken handle beside its field before making any keys", async () => {
    takenHandles.add(handleKey("Ming"));
    const making = vi.spyOn(KEY_WORK, "createAccountKeys");
    const passphrase = "a passphrase long enough";
    const result = await signUp({ handle: " ming ", passphrase, passphraseConfirm: passphrase }, { csrf: CSRF });
    expect(result).toEqual({ ok: false, fieldErrors: { handle: "errors.handle.taken" } });
    expect(making).not.toHaveBeenCalled();
    expect(posted.map((p) => p.url)).toEqual(["/api/auth/challenge", "/api/auth/handle-check"]);
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
    expect(posted.map((p) => p.url)).toEqual(["/api/auth/challenge", "/api/auth/handle-check", "/api/auth/sign-up"]);
    expect(posted[0]?.fields).toMatchObject({ purpose: "signUp", handle: " Ming " });
    expect(posted[1]?.fields.challenge).toBe(posted[2]?.fields.challenge);
    expect(posted[2]?.fields.handle).toBe(" Ming "); // as typed; the server normalises it
    expect((await readTabKeys())?.publicKey).toBe(account.publicKey);
    const code = created.recoveryCode;

    sessionStorage.removeItem("tx.keys");
    expect(await signIn({ handle: "ming", passphrase: `wrong ${first}` }, options)).toEqual(formFailure("errors.auth.failed"));
    expect(await signIn({ handle: "ming", passphrase: first }, options)).toEqual({ ok: true });
    expect((await readTabKeys())?.publicKey).toBe(account.publicKey);
    const signingIn = ["/api/auth/params", "/api/auth/challenge", "/api/auth/sign-in"];
    expect(posted.map((p) => p.url).slice(3)).toEqual([...signingIn, ...signingIn]);

    const wrong = await changePassphrase({ currentPassphrase: second, newPassphrase: third, passphraseConfirm: third }, material(), options);
    expect(wrong).toEqual({ ok: false, fieldErrors: { currentPassphrase: "errors.passphrase.currentWrong" } });
    const changed = await changePassphrase({ currentPassphrase: first, newPassphrase: second, passphraseConfirm: second }, material(), options);
    expect(changed).toEqual({ ok: true });
    expect(posted.at(-1)?.url).toBe("/api/auth/passphrase");

    sessionStorage.removeItem("tx.keys");
    expect(await unlockKeys({ passphrase: first }, material())).toEqual({ ok: false, fieldErrors: { passphrase: "errors.passphrase.currentWrong" } });
    const unlocked = await unlockKeys({ passphrase: second }, material());
    expect(unlocked.ok && unlocked.keys.publicKey).toBe(account.publicKey);
    expect((await readTabKeys())?.publicKey).toBe(account.publicKey);

    sessionStorage.removeItem("tx.keys");
    const recovered = await recoverAccount({ handle: "ming", recoveryCode: code.toLowerCase().replaceAll("-", " "), passphrase: third, passphraseConfirm: third }, options);
    if (!recovered.ok) throw new Error(JSON.stringify(recovered));
    expect(recovered.recoveryCode).not.toBe(code);
    expect((await readTabKeys())?.publicKey).toBe(account.publicKey);
    expect(posted.slice(-4).map((p) => [p.url, p.fields.intent ?? p.fields.purpose])).toEqual([
      ["/api/auth/challenge", "recovery"],
      ["/api/auth/recover", "start"],
      ["/api/auth/challenge", "recovery"],
      ["/api/auth/recover", "complete"],
    ]);
    expect(await recoverAccount({ handle: "ming", recoveryCode: code, passphrase: first, passphraseConfirm: first }, options)).toEqual(formFailure("errors.recovery.failed"));

    refuseNext = "/api/account/delete";
    expect(await deleteAccount({ deleteConfirm: true, deletePassphrase: third }, material(), options)).toEqual(formFailure("errors.auth.failed"));
    refuseNext = undefined;
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
    const sessionStarts = posted.filter((p) => !["/api/auth/params", "/api/auth/challenge", "/api/auth/handle-check"].includes(p.url) && p.fields.intent !== "start");
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
    tabKey = newTabKey();
    expect(await readTabKeys()).toBeNull();
    const params = { kdfSalt: account.kdfSalt ?? "", kdfOpslimit: Number(account.kdfOpslimit), kdfMemlimit: Number(account.kdfMemlimit) };

    expect(await unlockSession({ passphrase: "" }, params, options)).toEqual({ ok: false, fieldErrors: { passphrase: "errors.passphrase.required" } });
    expect(onWorking).not.toHaveBeenCalled();
    expect(await unlockSession({ passphrase: `wrong ${passphrase}` }, params, options)).toEqual(fieldFailure({ passphrase: "errors.passphrase.currentWrong" }));
    expect(await readTabKeys()).toBeNull();
    expect(await unlockSession({ passphrase }, params, options)).toEqual({ ok: true });
    expect((await readTabKeys())?.publicKey).toBe(account.publicKey);
    expect(posted.slice(-2).map((p) => [p.url, Object.keys(p.fields).sort()])).toEqual([
      ["/api/session/unlock", ["authKey", "csrf"]],
      ["/api/session/unlock", ["authKey", "csrf"]],
    ]);
    expect(onWorking).toHaveBeenCalledTimes(2);
    expectNoSecretPosted(passphrase, created.recoveryCode);
  });

  it("a new recovery code: the passphrase proves it, the new code recovers, the old one no longer does", { timeout: 120_000 }, async () => {
    const passphrase = "recovery passphrase 一二三";
    const options = { csrf: CSRF, onWorking: vi.fn() };
    const created = await signUp({ handle: "ming", passphrase, passphraseConfirm: passphrase }, options);
    if (!created.ok) throw new Error(JSON.stringify(created));
    const publicKey = account.publicKey;
    expect(await newRecoveryCode({ recoveryConfirm: false, recoveryPassphrase: passphrase }, material(), options)).toEqual({
      ok: false,
      fieldErrors: { recoveryConfirm: "errors.account.confirmTick" },
    });
    const posts = posted.length;
    expect(await newRecoveryCode({ recoveryConfirm: true, recoveryPassphrase: `wrong ${passphrase}` }, material(), options)).toEqual({
      ok: false,
      fieldErrors: { recoveryPassphrase: "errors.passphrase.currentWrong" },
    });
    expect(posted.length).toBe(posts);

    const renewed = await newRecoveryCode({ recoveryConfirm: true, recoveryPassphrase: passphrase }, material(), options);
    if (!renewed.ok) throw new Error(JSON.stringify(renewed));
    expect(renewed.recoveryCode).not.toBe(created.recoveryCode);
    expect(posted.at(-1)?.url).toBe("/api/account/recovery-code");
    expect(Object.keys(posted.at(-1)?.fields ?? {}).sort()).toEqual(["csrf", "currentAuthKey", "recoveryAuthKey", "recoveryWrappedPrivateKey"]);
    expect(account.publicKey).toBe(publicKey);

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
    const oldTabKey = tabKey;

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
    const body = posted.at(-1)?.fields ?? {};
    expect(posted.at(-1)?.url).toBe("/api/account/replace-keys");
    expect(account.publicKey).not.toBe(oldKeys.publicKey);
    expect(account.kdfSalt).not.toBe(oldMaterial.kdfSalt);
    expect(replaced.recoveryCode).not.toBe(created.recoveryCode);

    // This tab keeps the new keys, under a fresh tab key.
    expect(tabKey).not.toBe(oldTabKey);
    const newKeys = await readTabKeys();
    expect(newKeys?.publicKey).toBe(account.publicKey);
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
    expect(Object.keys(posted.at(-1)?.fields ?? {}).filter((name) => ["ciphertext", "ownerSealedKey", "newKeyVersion", "reseals"].includes(name))).toEqual([]);
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
    const before = posted.length;
    const own = { ownerId: "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f7", vault: planted.record, shares: [] };
    expect(await replaceKeys({ replaceConfirm: true, replacePassphrase: passphrase }, material(), own, { csrf: CSRF })).toEqual(
      formFailure("errors.account.vaultNotOpened"),
    );
    expect(posted.length).toBe(before);
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
    const before = posted.length;
    const changed = await changePassphrase({ currentPassphrase: passphrase, newPassphrase: `${passphrase} 2`, passphraseConfirm: `${passphrase} 2` }, planted, { csrf: CSRF });
    expect(changed).toEqual(formFailure("errors.keys.publicKeyMismatch"));
    expect(posted.length).toBe(before);
  });
});
