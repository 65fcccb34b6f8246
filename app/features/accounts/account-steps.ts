import { deriveAccountKeys } from "~/crypto/account-keys";
import { solveChallenge } from "~/crypto/challenge";
import type { ChallengePurpose } from "~/domain/accounts/challenge";
import type { UseCaseResult } from "~/forms/form-reply";
import { postFormStep } from "~/forms/post-form-step.client";

/**
 * Steps of the account use cases that need no page: they run in the browser's key worker as
 * well as on the page (features/keys/key-work-ops.ts), so a sign-in can go ahead before the
 * page's scripts have arrived. Nothing here touches the DOM or keeps anything.
 */

/** The server's salt and Argon2id parameters for a handle. */
export type KdfReply = { kdfSalt: string; kdfOpslimit: number; kdfMemlimit: number };

/**
 * A proof of work for one step on one handle (decision 013): the server's challenge and the
 * number that solves it. Asked for just before the step, as each one is spent once and
 * expires; its cost grows while the handle is under attack (a few seconds on a slow phone).
 */
export async function solvedChallenge(purpose: ChallengePurpose, handle: string, csrf: string): Promise<UseCaseResult<{ challenge: string; solution: number }>> {
  const issued = await postFormStep<{ challenge: string }>("/api/auth/challenge", { purpose, handle }, csrf);
  if (!issued.ok) return issued;
  return { ok: true, challenge: issued.challenge, solution: await solveChallenge(issued.challenge) };
}

/** "This is a shared or borrowed phone", posted as a ticked checkbox would be (absent when not ticked). */
export function sharedPhoneField(sharedPhone: boolean | undefined): { sharedPhone?: "on" } {
  return sharedPhone ? { sharedPhone: "on" } : {};
}

/** What the server hands back to a passphrase it accepted: the private key, still wrapped, and the key that unwraps it. */
export type SignInProof = { wrappedPrivateKey: string; wrapKey: Uint8Array };

/**
 * Sign-in's proof, up to the server's yes: the salt and parameters, the auth key derived from
 * the passphrase (Argon2id) and the challenge solved meanwhile, then the post that starts the
 * session. The handle is posted as typed: the server normalises it with the same schema.
 */
export async function proveSignIn(handle: string, passphrase: string, sharedPhone: boolean, csrf: string): Promise<UseCaseResult<SignInProof>> {
  const asking = postFormStep<KdfReply>("/api/auth/params", { handle }, csrf);
  const proving = solvedChallenge("signIn", handle, csrf);
  proving.catch(() => undefined); // awaited below unless the params are refused; then its end no longer matters
  const params = await asking;
  if (!params.ok) return params;
  const [derived, proof] = await Promise.all([deriveAccountKeys(passphrase, params.kdfSalt, { opslimit: params.kdfOpslimit, memlimit: params.kdfMemlimit }), proving]);
  if (!proof.ok) return proof;
  const signedIn = await postFormStep<{ wrappedPrivateKey: string }>(
    "/api/auth/sign-in",
    { handle, authKey: derived.authKey, challenge: proof.challenge, solution: proof.solution, ...sharedPhoneField(sharedPhone) },
    csrf,
  );
  if (!signedIn.ok) return signedIn;
  return { ok: true, wrappedPrivateKey: signedIn.wrappedPrivateKey, wrapKey: derived.wrapKey };
}
