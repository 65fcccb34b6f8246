import { type UnlockedKeys, deriveRecoveryKeys, publicKeyFromPrivate, unwrapPrivateKey } from "~/crypto/account-keys";
import type { KeyWork } from "~/crypto/key-work";
import type { VaultRecord } from "~/crypto/vault";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import { type KdfReply, sharedPhoneField, solvedChallenge } from "~/features/accounts/account-steps";
import type { ShareKeyHolder } from "~/features/identity/identity-vault.client";
import { runKeyWork, sodiumAfterPageLanguage } from "~/features/keys/key-work.client";
import { keepTabKeysSoon, storeTabKeys } from "~/features/keys/tab-keys.client";
import { wipeTabKeys } from "~/features/keys/wipe-tab-keys.client";
import {
  ChangePassphraseInput,
  DeleteAccountInput,
  NewRecoveryCodeInput,
  RecoverInput,
  ReplaceKeysInput,
  SignInInput,
  SignUpInput,
  UnlockInput,
} from "~/forms/account-input";
import { checkInput } from "~/forms/field-errors";
import { fieldFailure, formFailure, type UseCaseResult, type UseCaseOptions } from "~/forms/form-reply";
import { postFormStep } from "~/forms/post-form-step.client";

/**
 * The browser's account use cases (decision 005), one function each: check what was typed
 * (forms/account-input.ts), derive or re-wrap keys (crypto/account-keys.ts), post only
 * derived keys, keep the unlocked keys in this tab, and return a typed result. A refusal
 * is a refusal (FormFailure), from the checks or from the server; the page shows it and navigates.
 *
 * The handle is posted as typed: the server normalises it with the same schema.
 */

function kdfParams(material: Pick<KeyMaterial, "kdfOpslimit" | "kdfMemlimit">) {
  return { opslimit: material.kdfOpslimit, memlimit: material.kdfMemlimit };
}

/** Unwraps the passphrase-wrapped private key with the wrap key; the key pair comes from the private key alone. */
async function unlockedKeys(wrappedPrivateKey: string, wrapKey: Uint8Array): Promise<UnlockedKeys | null> {
  try {
    const privateKey = await unwrapPrivateKey(wrappedPrivateKey, wrapKey, "passphrase");
    return { privateKey, publicKey: await publicKeyFromPrivate(privateKey) };
  } catch {
    return null;
  }
}

/** A new account: the handle checked first, keys made here, the recovery code to show once. */
export async function signUp(typed: SignUpInput, { csrf, onWorking }: UseCaseOptions): Promise<UseCaseResult<{ recoveryCode: string }>> {
  const checked = checkInput(SignUpInput, typed);
  if (!checked.ok) return checked;
  onWorking?.();
  // A taken handle is said before the slow part (decision 017): the sign-up's own challenge asks first.
  const proof = await solvedChallenge("signUp", typed.handle, csrf);
  if (!proof.ok) return proof;
  const { challenge, solution } = proof;
  const free = await postFormStep("/api/auth/handle-check", { handle: typed.handle, challenge, solution }, csrf);
  if (!free.ok) return free;
  const created = await runKeyWork("createAccountKeys", typed.passphrase);
  const reply = await postFormStep("/api/auth/sign-up", { handle: typed.handle, challenge, solution, ...created.upload, ...sharedPhoneField(typed.sharedPhone) }, csrf);
  if (!reply.ok) return reply;
  await storeTabKeys(created.keys);
  return { ok: true, recoveryCode: created.recoveryCode };
}

/**
 * Sign-in: the proof (account-steps.ts) runs in the key worker, which the sign-in page may
 * have started on a press before its scripts came (key-work.tsx); then the private key is
 * unwrapped here and kept once open.
 */
export async function signIn(typed: SignInInput, { csrf, onWorking }: UseCaseOptions): Promise<UseCaseResult> {
  const checked = checkInput(SignInInput, typed);
  if (!checked.ok) return checked;
  onWorking?.();
  const proof = await runKeyWork("proveSignIn", typed.handle, typed.passphrase, typed.sharedPhone === true, csrf);
  if (!proof.ok) return proof;
  // Opened and kept while the home page loads (decision 018): libsodium's chunk, which only this
  // needs here, comes after the words of the home page (decision 037).
  keepTabKeysSoon(sodiumAfterPageLanguage().then(() => unlockedKeys(proof.wrappedPrivateKey, proof.wrapKey)));
  return { ok: true };
}

/**
 * Unlocks a session locked for lack of use (docs/decisions/012): the passphrase is proved to
 * the server as at sign-in (the auth key, from the locked account's salt and parameters),
 * which unlocks the session and hands back the wrapped private key; the keys are kept in
 * this tab under the session's fresh tab key. A wrong passphrase is said beside the field.
 */
export async function unlockSession(typed: UnlockInput, params: KdfReply, { csrf, onWorking }: UseCaseOptions): Promise<UseCaseResult> {
  const checked = checkInput(UnlockInput, typed);
  if (!checked.ok) return checked;
  onWorking?.();
  const derived = await runKeyWork("deriveAccountKeys", typed.passphrase, params.kdfSalt, kdfParams(params));
  const unlocked = await postFormStep<{ wrappedPrivateKey: string }>("/api/session/unlock", { authKey: derived.authKey }, csrf);
  if (!unlocked.ok) return unlocked;
  const keys = await unlockedKeys(unlocked.wrappedPrivateKey, derived.wrapKey);
  if (!keys) return formFailure("errors.keys.unwrapFailed");
  await storeTabKeys(keys);
  return { ok: true };
}

/**
 * Recovery with the code: the old code's auth key fetches the recovery-wrapped private key,
 * which is re-wrapped under the new passphrase and a new code (to show once).
 */
export async function recoverAccount(typed: RecoverInput, { csrf, onWorking }: UseCaseOptions): Promise<UseCaseResult<{ recoveryCode: string }>> {
  const checked = checkInput(RecoverInput, typed);
  if (!checked.ok) return checked;
  onWorking?.();
  const { handle, recoveryCode } = typed;
  const { authKey } = await deriveRecoveryKeys(recoveryCode);
  const startProof = await solvedChallenge("recovery", handle, csrf);
  if (!startProof.ok) return startProof;
  const started = await postFormStep<{ recoveryWrappedPrivateKey: string }>(
    "/api/auth/recover",
    { intent: "start", handle, recoveryAuthKey: authKey, challenge: startProof.challenge, solution: startProof.solution },
    csrf,
  );
  if (!started.ok) return started;
  let recovered: Awaited<ReturnType<KeyWork["recoverWithCode"]>>;
  try {
    recovered = await runKeyWork("recoverWithCode", { recoveryCode, recoveryWrappedPrivateKey: started.recoveryWrappedPrivateKey, newPassphrase: typed.passphrase });
  } catch {
    return formFailure("errors.recovery.failed");
  }
  const { recoveryAuthKey: newRecoveryAuthKey, recoveryWrappedPrivateKey: newRecoveryWrappedPrivateKey, ...passphraseKeys } = recovered.upload;
  const completeProof = await solvedChallenge("recovery", handle, csrf);
  if (!completeProof.ok) return completeProof;
  const completed = await postFormStep(
    "/api/auth/recover",
    {
      intent: "complete",
      handle,
      recoveryAuthKey: recovered.recoveryAuthKey,
      ...passphraseKeys,
      newRecoveryAuthKey,
      newRecoveryWrappedPrivateKey,
      challenge: completeProof.challenge,
      solution: completeProof.solution,
      ...sharedPhoneField(typed.sharedPhone),
    },
    csrf,
  );
  if (!completed.ok) return completed;
  await storeTabKeys(recovered.keys);
  return { ok: true, recoveryCode: recovered.recoveryCode };
}

/** Passphrase change: the same private key, re-wrapped under the new passphrase; a wrong current one is said beside it. */
export async function changePassphrase(
  typed: ChangePassphraseInput,
  material: KeyMaterial,
  { csrf, onWorking }: UseCaseOptions,
): Promise<UseCaseResult> {
  const checked = checkInput(ChangePassphraseInput, typed);
  if (!checked.ok) return checked;
  onWorking?.();
  let rewrapped: Awaited<ReturnType<KeyWork["rewrapForNewPassphrase"]>>;
  try {
    rewrapped = await runKeyWork("rewrapForNewPassphrase", {
      currentPassphrase: typed.currentPassphrase,
      currentSalt: material.kdfSalt,
      currentParams: kdfParams(material),
      wrappedPrivateKey: material.wrappedPrivateKey,
      newPassphrase: typed.newPassphrase,
    });
  } catch {
    return fieldFailure({ currentPassphrase: "errors.passphrase.currentWrong" });
  }
  const { privateKey, ...upload } = rewrapped;
  // The key pair comes from the private key itself, never from the server's copy.
  const keys = { privateKey, publicKey: await publicKeyFromPrivate(privateKey) };
  if (keys.publicKey !== material.publicKey) return formFailure("errors.keys.publicKeyMismatch");
  const reply = await postFormStep("/api/auth/passphrase", upload, csrf);
  if (!reply.ok) return reply;
  // The server ended every session and started a new one: a new tab key to store under.
  await storeTabKeys(keys);
  return { ok: true };
}

/** What opening the account's private key with the passphrase needs from the page. */
function currentPassphrase(passphrase: string, material: KeyMaterial) {
  return { currentPassphrase: passphrase, currentSalt: material.kdfSalt, currentParams: kdfParams(material), wrappedPrivateKey: material.wrappedPrivateKey };
}

/**
 * A new recovery code for the same keys, proved by the passphrase; the old code stops
 * working at once. The new code is to be shown once, as at sign-up.
 */
export async function newRecoveryCode(
  typed: NewRecoveryCodeInput,
  material: KeyMaterial,
  { csrf, onWorking }: UseCaseOptions,
): Promise<UseCaseResult<{ recoveryCode: string }>> {
  const checked = checkInput(NewRecoveryCodeInput, typed);
  if (!checked.ok) return checked;
  onWorking?.();
  let renewed: Awaited<ReturnType<KeyWork["rewrapForNewRecoveryCode"]>>;
  try {
    renewed = await runKeyWork("rewrapForNewRecoveryCode", currentPassphrase(typed.recoveryPassphrase, material));
  } catch {
    return fieldFailure({ recoveryPassphrase: "errors.passphrase.currentWrong" });
  }
  // The code must open the account's own key pair, whatever the server says its public key is.
  if (renewed.keys.publicKey !== material.publicKey) return formFailure("errors.keys.publicKeyMismatch");
  const reply = await postFormStep("/api/account/recovery-code", { currentAuthKey: renewed.currentAuthKey, ...renewed.upload }, csrf);
  if (!reply.ok) return reply;
  return { ok: true, recoveryCode: renewed.recoveryCode };
}

/**
 * Replaces the key pair (decision 015), proved by the passphrase: a new pair wrapped under the
 * same passphrase and a new recovery code (to show once), the vault rotated to it with every
 * live share re-sealed, all posted at once. This tab then keeps the new keys; every other tab
 * must unlock again.
 */
export async function replaceKeys(
  typed: ReplaceKeysInput,
  material: KeyMaterial,
  own: { ownerId: string; vault: VaultRecord | null; shares: readonly ShareKeyHolder[] },
  { csrf, onWorking }: UseCaseOptions,
): Promise<UseCaseResult<{ recoveryCode: string }>> {
  const checked = checkInput(ReplaceKeysInput, typed);
  if (!checked.ok) return checked;
  onWorking?.();
  let replacement: Awaited<ReturnType<KeyWork["createReplacementKeys"]>>;
  try {
    replacement = await runKeyWork("createReplacementKeys", currentPassphrase(typed.replacePassphrase, material));
  } catch {
    return fieldFailure({ replacePassphrase: "errors.passphrase.currentWrong" });
  }
  const { currentAuthKey, oldKeys, upload, recoveryCode, keys } = replacement;
  if (oldKeys.publicKey !== material.publicKey) return formFailure("errors.keys.publicKeyMismatch");
  // Only this use case needs the vault's code: fetched here, not by every page that signs in or up.
  let vaultRotatedToNewKeys: typeof import("~/features/identity/identity-vault.client").vaultRotatedToNewKeys;
  try {
    ({ vaultRotatedToNewKeys } = await import("~/features/identity/identity-vault.client"));
  } catch {
    return formFailure("errors.form.network");
  }
  const vault = await vaultRotatedToNewKeys({ ...own, keys: oldKeys }, keys);
  if (!vault.ok) return vault;
  const reply = await postFormStep("/api/account/replace-keys", { currentAuthKey, ...upload, ...vault.fields }, csrf);
  if (!reply.ok) return reply;
  // The server took every session's tab key: this one is made afresh for the new keys.
  await storeTabKeys(keys);
  return { ok: true, recoveryCode };
}

/** Deletes the account, proved by the passphrase's auth key, and forgets this tab's keys. */
export async function deleteAccount(typed: DeleteAccountInput, material: KeyMaterial, { csrf, onWorking }: UseCaseOptions): Promise<UseCaseResult> {
  const checked = checkInput(DeleteAccountInput, typed);
  if (!checked.ok) return checked;
  onWorking?.();
  const { authKey } = await runKeyWork("deriveAccountKeys", typed.deletePassphrase, material.kdfSalt, kdfParams(material));
  const reply = await postFormStep("/api/account/delete", { authKey }, csrf);
  if (!reply.ok) return reply;
  wipeTabKeys();
  return { ok: true };
}
