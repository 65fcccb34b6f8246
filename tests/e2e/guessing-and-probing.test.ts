/**
 * What someone who knows a handle can do with requests alone (issue 14, decision 013): guess
 * at its passphrase from many networks, replay or move a solved challenge, probe sign-up
 * for taken handles, and watch a handle's answers for its account's deletion. Each network
 * is a loopback address of its own (127.x.y.z); the server trusts no proxy here.
 */
import { describe, expect, inject, it } from "vitest";
import { createAccountKeys, deriveRecoveryKeys } from "~/crypto/account-keys";
import { CHALLENGE_COSTS, MAX_CHALLENGE_EXPONENT, readChallenge } from "~/domain/accounts/challenge";
import { RATE_LIMITS } from "~/domain/accounts/rate-limits";
import { uniqueHandle } from "../support/browser";
import { newClient, signedInClient, solvedChallenge, type HttpClient } from "../support/http-client";
import { startWithinOneWindow } from "../support/rate-windows";

const baseUrl = inject("baseUrl");

/** A random auth key: a wrong guess. */
const guess = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
const exponentOf = (challenge: string) => readChallenge(challenge)?.exponent;

/** Signs an account up over HTTP, as the browser does; returns its passphrase and recovery code. */
async function newAccount(prefix: string): Promise<{ handle: string; passphrase: string; recoveryCode: string }> {
  const handle = uniqueHandle(prefix);
  const passphrase = `passphrase of ${handle} ${crypto.randomUUID()}`;
  const created = await createAccountKeys(passphrase);
  const client = await newClient(baseUrl);
  const response = await client.post("/api/auth/sign-up", { handle, ...created.upload, ...(await solvedChallenge(client, "signUp", handle)) });
  expect(response.status).toBe(201);
  return { handle, passphrase, recoveryCode: created.recoveryCode };
}

async function params(client: HttpClient, handle: string): Promise<unknown> {
  return (await client.post("/api/auth/params", { handle })).json();
}

describe("guessing at a handle from many networks", () => {
  it("makes every guess cost more, but never blocks the owner's right passphrase", { timeout: 600_000 }, async () => {
    const owner = await newAccount("owner");
    const perNetwork = RATE_LIMITS.signIn.perHandleFromClient?.limit ?? 0;
    // The first network counts up to its limit: all in one window.
    await startWithinOneWindow(RATE_LIMITS.signIn.perHandleFromClient?.windowSeconds ?? 0, 120);
    // More wrong guesses than the per-handle ceiling that used to block everyone (100).
    const networks = Math.ceil(110 / perNetwork);
    const statuses = new Set<number>();
    const exponents: number[] = [];
    for (let network = 1; network <= networks; network += 1) {
      const attacker = await newClient(baseUrl, `127.0.2.${network}`);
      for (let attempt = 0; attempt < perNetwork; attempt += 1) {
        const proof = await solvedChallenge(attacker, "signIn", owner.handle);
        exponents.push(exponentOf(proof.challenge) ?? 0);
        statuses.add((await attacker.post("/api/auth/sign-in", { handle: owner.handle, authKey: guess(), ...proof })).status);
      }
      if (network === 1) {
        // One network still stops at its own limit.
        const proof = await solvedChallenge(attacker, "signIn", owner.handle);
        exponents.push(exponentOf(proof.challenge) ?? 0);
        expect((await attacker.post("/api/auth/sign-in", { handle: owner.handle, authKey: guess(), ...proof })).status).toBe(429);
      }
    }
    expect([...statuses]).toEqual([401]);
    // The cost rose with the guesses, one doubling at a time, up to the ceiling and no further.
    const rule = CHALLENGE_COSTS.signIn;
    expect(rule.kind === "growing" && exponents[0] === rule.minExponent).toBe(true);
    expect(exponents.every((exponent, i) => i === 0 || exponent - (exponents[i - 1] ?? 0) <= 1)).toBe(true);
    expect(exponents.at(-1)).toBe(MAX_CHALLENGE_EXPONENT);

    // The owner, from their own network, pays the ceiling once and is in.
    const ownerClient = await newClient(baseUrl, "127.0.3.1");
    const ownersProof = await solvedChallenge(ownerClient, "signIn", owner.handle);
    expect(exponentOf(ownersProof.challenge)).toBe(MAX_CHALLENGE_EXPONENT);
    await signedInClient(baseUrl, owner);
  });

  it("costs the same for a handle that exists and one that does not, and refuses both alike", async () => {
    const known = await newAccount("known");
    const client = await newClient(baseUrl);
    const unknown = uniqueHandle("nobody");
    const knownProof = await solvedChallenge(client, "signIn", known.handle);
    const unknownProof = await solvedChallenge(client, "signIn", unknown);
    expect(exponentOf(knownProof.challenge)).toBe(exponentOf(unknownProof.challenge));
    const wrong = await client.post("/api/auth/sign-in", { handle: known.handle, authKey: guess(), ...knownProof });
    const none = await client.post("/api/auth/sign-in", { handle: unknown, authKey: guess(), ...unknownProof });
    expect(wrong.status).toBe(401);
    expect(none.status).toBe(401);
    expect(await wrong.json()).toEqual(await none.json());
  });
});

describe("a challenge", () => {
  it("is needed, spent once, and good only for the handle and step it was issued for", async () => {
    const client = await newClient(baseUrl);
    const handle = uniqueHandle("spent");
    const failed = { ok: false, fieldErrors: {}, formError: "errors.challenge.failed" };

    const missing = await client.post("/api/auth/sign-in", { handle, authKey: guess() });
    expect(missing.status).toBe(400);
    expect(Object.keys(((await missing.json()) as { fieldErrors: object }).fieldErrors)).toEqual(expect.arrayContaining(["challenge", "solution"]));

    const proof = await solvedChallenge(client, "signIn", handle);
    const otherHandle = await client.post("/api/auth/sign-in", { handle: `${handle}x`, authKey: guess(), ...proof });
    expect(otherHandle.status).toBe(400);
    expect(await otherHandle.json()).toEqual(failed);
    const keys = (await createAccountKeys("a passphrase for a probe")).upload;
    const otherStep = await client.post("/api/auth/sign-up", { handle, ...keys, ...proof });
    expect(otherStep.status).toBe(400);
    expect(await otherStep.json()).toEqual(failed);
    const wrongNumber = await client.post("/api/auth/sign-in", { handle, authKey: guess(), ...proof, solution: (proof.solution + 1) % 1024 });
    expect(wrongNumber.status).toBe(400);

    // Used as issued it goes through (to the passphrase check), and only once.
    expect((await client.post("/api/auth/sign-in", { handle, authKey: guess(), ...proof })).status).toBe(401);
    const replayed = await client.post("/api/auth/sign-in", { handle, authKey: guess(), ...proof });
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toEqual(failed);
  });

  // Up to a minute waiting for a fresh rate window, then the attempts.
  it("is given to one network only a few more times per handle than its own attempts need, with the wait in the message", { timeout: 180_000 }, async () => {
    const handle = uniqueHandle("asked");
    const network = await newClient(baseUrl, "127.0.4.1");
    const perHandle = RATE_LIMITS.challenge.perHandleFromClient?.limit ?? 0;
    await startWithinOneWindow(RATE_LIMITS.challenge.perHandleFromClient?.windowSeconds ?? 0, 60);
    // Enough for the sign-ins and recovery steps this network may try on the handle.
    expect(perHandle).toBeGreaterThanOrEqual((RATE_LIMITS.signIn.perHandleFromClient?.limit ?? 0) + 2 * (RATE_LIMITS.recovery.perHandleFromClient?.limit ?? 0));
    const exponents: number[] = [];
    for (let asked = 0; asked < perHandle; asked += 1) {
      const response = await network.post("/api/auth/challenge", { purpose: "signIn", handle });
      expect(response.status).toBe(200);
      exponents.push(exponentOf(((await response.json()) as { challenge: string }).challenge) ?? 0);
    }
    const refused = await network.post("/api/auth/challenge", { purpose: "signIn", handle });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ ok: false, formError: "errors.form.rateLimited", retryAfterSeconds: expect.any(Number) });
    // One network alone leaves the handle's price far below the ceiling.
    expect(Math.max(...exponents)).toBeLessThanOrEqual(MAX_CHALLENGE_EXPONENT - 5);
    // Another handle from the same network, and the same handle from another, are still served.
    expect((await network.post("/api/auth/challenge", { purpose: "signIn", handle: `${handle}x` })).status).toBe(200);
    expect((await (await newClient(baseUrl, "127.0.4.2")).post("/api/auth/challenge", { purpose: "signIn", handle })).status).toBe(200);
  });

  it("guards recovery too, on counters of its own", async () => {
    const account = await newAccount("recov");
    const client = await newClient(baseUrl);
    const { authKey } = await deriveRecoveryKeys(account.recoveryCode);
    expect((await client.post("/api/auth/recover", { intent: "start", handle: account.handle, recoveryAuthKey: authKey })).status).toBe(400);
    const signInProof = await solvedChallenge(client, "signIn", account.handle);
    expect((await client.post("/api/auth/recover", { intent: "start", handle: account.handle, recoveryAuthKey: authKey, ...signInProof })).status).toBe(400);
    const proof = await solvedChallenge(client, "recovery", account.handle);
    const started = await client.post("/api/auth/recover", { intent: "start", handle: account.handle, recoveryAuthKey: authKey, ...proof });
    expect(started.status).toBe(200);
    expect(exponentOf(proof.challenge)).toBe(CHALLENGE_COSTS.recovery.kind === "growing" ? CHALLENGE_COSTS.recovery.minExponent : -1);
  });
});

describe("probing sign-up for taken handles", () => {
  it("costs every attempt the same proof of work, and a drop-in centre still signs many people up on one connection", async () => {
    const centre = await newClient(baseUrl, "127.0.4.1");
    const exponents = new Set<number | undefined>();
    for (let person = 0; person < 4; person += 1) {
      const handle = uniqueHandle("centre");
      const keys = (await createAccountKeys(`a passphrase for person ${person}`)).upload;
      expect((await centre.post("/api/auth/sign-up", { handle, ...keys })).status).toBe(400);
      const proof = await solvedChallenge(centre, "signUp", handle);
      exponents.add(exponentOf(proof.challenge));
      expect((await centre.post("/api/auth/sign-up", { handle, ...keys, ...proof })).status).toBe(201);
      // A probe of a taken handle pays the same.
      const probe = await solvedChallenge(centre, "signUp", handle);
      exponents.add(exponentOf(probe.challenge));
      expect((await centre.post("/api/auth/sign-up", { handle, ...keys, ...probe })).status).toBe(409);
    }
    expect([...exponents]).toEqual([CHALLENGE_COSTS.signUp.kind === "constant" ? CHALLENGE_COSTS.signUp.exponent : -1]);
  });
});

describe("a deleted account's handle", () => {
  it("answers as before deletion, lets nobody in, and stays taken", { timeout: 120_000 }, async () => {
    const account = await newAccount("gone");
    const stranger = await newClient(baseUrl);
    const before = await params(stranger, account.handle);

    const member = await signedInClient(baseUrl, account);
    const { deriveAccountKeys } = await import("~/crypto/account-keys");
    const kdf = before as { kdfSalt: string; kdfOpslimit: number; kdfMemlimit: number };
    const { authKey } = await deriveAccountKeys(account.passphrase, kdf.kdfSalt, { opslimit: kdf.kdfOpslimit, memlimit: kdf.kdfMemlimit });
    expect((await member.post("/api/account/delete", { authKey })).status).toBe(200);

    expect(await params(stranger, account.handle)).toEqual(before);
    // The right passphrase is refused exactly as a wrong one, or a handle never used.
    const signIn = await stranger.post("/api/auth/sign-in", { handle: account.handle, authKey, ...(await solvedChallenge(stranger, "signIn", account.handle)) });
    const unknown = uniqueHandle("never");
    const neverUsed = await stranger.post("/api/auth/sign-in", { handle: unknown, authKey, ...(await solvedChallenge(stranger, "signIn", unknown)) });
    expect(signIn.status).toBe(401);
    expect(await signIn.json()).toEqual(await neverUsed.json());
    // Sign-up says "taken", as it did while the account lived.
    const keys = (await createAccountKeys("someone else's passphrase")).upload;
    const again = await stranger.post("/api/auth/sign-up", { handle: account.handle, ...keys, ...(await solvedChallenge(stranger, "signUp", account.handle)) });
    expect(again.status).toBe(409);
    expect(await params(stranger, account.handle)).toEqual(before);
  });
});
