import { publicKeyFromPrivate, unwrapPrivateKey, type UnlockedKeys } from "~/crypto/account-keys";
import { runKeyWork } from "~/features/keys/key-work.client";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import { storeTabKeys } from "~/features/keys/tab-keys.client";
import { UnlockInput } from "~/forms/account-input";
import { checkInput } from "~/forms/field-errors";
import { fieldFailure, formFailure, type UseCaseResult } from "~/forms/form-reply";

/**
 * Unlocks this tab's keys with the passphrase (decision 005's use-case pattern): derive the
 * wrap key from the account's salt and parameters, unwrap the private key, keep it in the
 * tab. Nothing is posted; a failure to unwrap means the passphrase is not this account's.
 * The public key is computed from the private key; a server whose copy differs could be
 * trying to have data sealed to a key it holds, so the keys are refused then.
 * `onWorking` is called once the check passes, as the slow part begins.
 */
export async function unlockKeys(
  typed: UnlockInput,
  material: KeyMaterial,
  { onWorking }: { onWorking?: () => void } = {},
): Promise<UseCaseResult<{ keys: UnlockedKeys }>> {
  const checked = checkInput(UnlockInput, typed);
  if (!checked.ok) return checked;
  onWorking?.();
  let keys: UnlockedKeys;
  try {
    const { wrapKey } = await runKeyWork("deriveAccountKeys", typed.passphrase, material.kdfSalt, { opslimit: material.kdfOpslimit, memlimit: material.kdfMemlimit });
    const privateKey = await unwrapPrivateKey(material.wrappedPrivateKey, wrapKey, "passphrase");
    keys = { privateKey, publicKey: await publicKeyFromPrivate(privateKey) };
  } catch {
    return fieldFailure({ passphrase: "errors.passphrase.currentWrong" });
  }
  if (keys.publicKey !== material.publicKey) return formFailure("errors.keys.publicKeyMismatch");
  await storeTabKeys(keys);
  return { ok: true, keys };
}
