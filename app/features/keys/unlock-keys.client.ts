import { deriveAccountKeys, unwrapPrivateKey, type UnlockedKeys } from "~/crypto/account-keys";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import { storeTabKeys } from "~/features/keys/tab-keys.client";
import { UnlockInput } from "~/forms/account-input";
import { checkInput } from "~/forms/field-errors";
import { fieldFailure, type UseCaseResult } from "~/forms/form-reply";

/**
 * Unlocks this tab's keys with the passphrase (decision 005's use-case pattern): derive the
 * wrap key from the account's salt and parameters, unwrap the private key, keep it in the
 * tab. Nothing is posted; any failure means the passphrase is not this account's.
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
  try {
    const { wrapKey } = await deriveAccountKeys(typed.passphrase, material.kdfSalt, { opslimit: material.kdfOpslimit, memlimit: material.kdfMemlimit });
    const privateKey = await unwrapPrivateKey(material.wrappedPrivateKey, wrapKey, "passphrase");
    const keys = { privateKey, publicKey: material.publicKey };
    storeTabKeys(keys);
    return { ok: true, keys };
  } catch {
    return fieldFailure({ passphrase: "errors.passphrase.currentWrong" });
  }
}
