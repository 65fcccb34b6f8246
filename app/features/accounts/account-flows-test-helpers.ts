/**
 * A fake server for the account use cases' tests (account-flows.client.ts): it keeps one
 * account, checks every posted body against the server's own wire schema and proof-of-work
 * challenges, and answers as the server routes would, minus hashing and sessions.
 */
import { afterEach, beforeEach, expect, vi } from "vitest";
import { checkSolution, mintChallenge } from "~/auth/challenge.server";
import type { ChallengePurpose } from "~/domain/accounts/challenge";
import { handleKey } from "~/domain/accounts/handle";
import type { KeyMaterial } from "~/domain/accounts/key-material";
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
import { fieldFailure, formFailure, type FormFailure } from "~/forms/form-reply";
import { MemoryStorage } from "~/features/keys/session-storage-test-helpers";

export const CSRF = "c".repeat(43);
type Posted = { url: string; fields: Record<string, string> };

/**
 * What the fake server holds, reset before each test: what was posted, its one account, the
 * session's tab key (a new one with every new session, as the server does), the handles it
 * already has an account for, and a route it refuses (every post to it fails while it is set).
 */
export const fakeServer: { posted: Posted[]; account: Record<string, string>; tabKey: string; takenHandles: Set<string>; refuseNext: string | undefined } = {
  posted: [],
  account: {},
  tabKey: "",
  takenHandles: new Set(),
  refuseNext: undefined,
};
export const newTabKey = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");

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
let spentChallenges = new Set<string>();

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

/** What each route answers a wrong passphrase or recovery code (the key made from it) with, as the real routes do. */
const WRONG_PASSPHRASE: Record<string, FormFailure> = {
  "/api/auth/sign-in": formFailure("errors.signIn.failed"),
  "/api/auth/recover": formFailure("errors.recovery.failed"),
  "/api/auth/passphrase": fieldFailure({ currentPassphrase: "errors.passphrase.currentWrong" }),
  "/api/session/unlock": fieldFailure({ passphrase: "errors.passphrase.currentWrong" }),
  "/api/account/recovery-code": fieldFailure({ recoveryPassphrase: "errors.passphrase.currentWrong" }),
  "/api/account/replace-keys": fieldFailure({ replacePassphrase: "errors.passphrase.currentWrong" }),
  "/api/account/delete": fieldFailure({ deletePassphrase: "errors.passphrase.currentWrong" }),
};
const refuse = (url: string) => reply(WRONG_PASSPHRASE[url] ?? formFailure("errors.form.invalid"), 401);

/** What the server routes would answer, minus hashing and sessions. */
function answer(url: string, fields: Record<string, string>): Response {
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
  if (fakeServer.refuseNext === url) return refuse(url);
  switch (url) {
    case "/api/auth/challenge": {
      const purpose = body.purpose as ChallengePurpose;
      return reply({ ok: true, challenge: mintChallenge(CHALLENGE_SECRET, { purpose, handleKey: handleKey(body.handle ?? ""), exponent: 8, now: new Date() }) });
    }
    case "/api/auth/handle-check":
      return fakeServer.takenHandles.has(handleKey(body.handle ?? "")) ? reply(fieldFailure({ handle: "errors.handle.taken" }), 409) : reply({ ok: true });
    case "/api/auth/sign-up":
      fakeServer.account = { ...body };
      return reply({ ok: true }, 201);
    case "/api/auth/params":
      return reply({ ok: true, kdfSalt: fakeServer.account.kdfSalt, kdfOpslimit: Number(fakeServer.account.kdfOpslimit), kdfMemlimit: Number(fakeServer.account.kdfMemlimit) });
    case "/api/auth/sign-in":
      return body.authKey === fakeServer.account.authKey ? reply({ ok: true, wrappedPrivateKey: fakeServer.account.wrappedPrivateKey }) : refuse(url);
    case "/api/auth/passphrase":
      if (body.currentAuthKey !== fakeServer.account.authKey) return refuse(url);
      Object.assign(fakeServer.account, { authKey: body.authKey, kdfSalt: body.kdfSalt, kdfOpslimit: body.kdfOpslimit, kdfMemlimit: body.kdfMemlimit, wrappedPrivateKey: body.wrappedPrivateKey });
      return reply({ ok: true });
    case "/api/auth/recover":
      if (body.recoveryAuthKey !== fakeServer.account.recoveryAuthKey) return refuse(url);
      if (body.intent === "start") return reply({ ok: true, recoveryWrappedPrivateKey: fakeServer.account.recoveryWrappedPrivateKey });
      Object.assign(fakeServer.account, {
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
      return body.authKey === fakeServer.account.authKey
        ? reply({ ok: true, wrappedPrivateKey: fakeServer.account.wrappedPrivateKey })
        : refuse(url);
    case "/api/account/recovery-code":
      if (body.currentAuthKey !== fakeServer.account.authKey) return refuse(url);
      Object.assign(fakeServer.account, { recoveryAuthKey: body.recoveryAuthKey, recoveryWrappedPrivateKey: body.recoveryWrappedPrivateKey });
      return reply({ ok: true });
    case "/api/account/replace-keys": {
      if (body.currentAuthKey !== fakeServer.account.authKey) return refuse(url);
      const { currentAuthKey: _proof, ...keys } = body;
      Object.assign(fakeServer.account, keys);
      return reply({ ok: true });
    }
    case "/api/account/delete":
      return body.authKey === fakeServer.account.authKey ? reply({ ok: true }) : refuse(url);
    default:
      return reply({}, 404);
  }
}

export function material(): KeyMaterial {
  return {
    kdfSalt: fakeServer.account.kdfSalt ?? "",
    kdfOpslimit: Number(fakeServer.account.kdfOpslimit),
    kdfMemlimit: Number(fakeServer.account.kdfMemlimit),
    publicKey: fakeServer.account.publicKey ?? "",
    wrappedPrivateKey: fakeServer.account.wrappedPrivateKey ?? "",
  };
}

/** Puts the fake server (and a session storage of its own) in place for every test of the calling file. */
export function installFakeAccountServer() {
  beforeEach(() => {
    fakeServer.posted = [];
    spentChallenges = new Set();
    fakeServer.takenHandles = new Set();
    fakeServer.account = {};
    fakeServer.refuseNext = undefined;
    vi.stubGlobal("sessionStorage", new MemoryStorage());
    fakeServer.tabKey = newTabKey();
    vi.stubGlobal("fetch", async (url: string, init: { body?: FormData }) => {
      if (url === "/api/session/tab-key") return reply({ ok: true, tabKey: fakeServer.tabKey });
      if (!init.body) return reply({}, 405);
      const fields = Object.fromEntries([...init.body.entries()].map(([name, value]) => [name, String(value)]));
      fakeServer.posted.push({ url, fields });
      const response = answer(url, fields);
      // A new session, or an unlocked one (its tab key went with the lock): a fresh tab key.
      const startsSession =
        ["/api/auth/sign-up", "/api/auth/sign-in", "/api/auth/passphrase", "/api/session/unlock"].includes(url) ||
        (url === "/api/auth/recover" && fields.intent === "complete");
      // Replacing keys takes every session's tab key: the next ask makes a fresh one.
      if (response.ok && (startsSession || url === "/api/account/replace-keys")) fakeServer.tabKey = newTabKey();
      return response;
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });
}

/** Every post carried the CSRF token, and none carried any of `secrets` (what was typed). */
export function expectNoSecretPosted(...secrets: string[]) {
  for (const { fields } of fakeServer.posted) {
    expect(fields.csrf).toBe(CSRF);
    for (const secret of secrets) expect(Object.values(fields).some((value) => value.includes(secret))).toBe(false);
  }
}
