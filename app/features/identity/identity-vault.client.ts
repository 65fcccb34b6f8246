import type { UnlockedKeys } from "~/crypto/account-keys";
import { openSharedVault, openVault, resealVault, rotateVault, sealKeyFor, sealNewVault, type VaultRecord } from "~/crypto/vault";
import { isCryptoError } from "~/domain/formats/crypto-error";
import type { IdentityFields } from "~/domain/identity/identity-fields";
import { fieldFailure, formFailure, type UseCaseResult, type UseCaseOptions } from "~/forms/form-reply";
import { postFormStep } from "~/forms/post-form-step.client";
import { checkIdentityDraft } from "./identity-draft";

/**
 * The identity vault's use cases in the browser (decision 003), one function each:
 * check → encrypt → post. Each takes what the member asked for, what the page holds
 * (keys, vault record) and how to post (csrf token, `onWorking`, called once the checks
 * pass, as the slow part begins), and returns a typed result whose refusal is a form
 * failure to show; none touches React state (use-identity-vault.ts and
 * use-shared-identity.ts do). Only ciphertext and sealed keys leave the browser. Crypto
 * errors other than failing to open are unexpected, and thrown.
 */

/** A use case's outcome: done (with what the page needs next), or a refusal to show on the form. */

/** What the member's page holds: who they are, the tab's keys, the stored vault and, once opened, its data key. */
export type OwnVault = { ownerId: string; keys: UnlockedKeys; vault: VaultRecord | null; dataKey: Uint8Array | null };
/** The member's vault as opened in this tab; no data key before the first save. */
export type OpenedVault = { fields: IdentityFields; dataKey: Uint8Array | null };
/** What rotating needs to know about one of the member's shares. */
/** `live`: only live shares are re-sealed at a rotation (the database deletes the others with it). */
export type ShareKeyHolder = { id: string; recipientPublicKey: string; live: boolean };

/** The message when the stored vault is not one the member's own keys made: the page offers to delete it. */
export const NOT_PROVEN_OWN = "errors.vault.notProvenOwn";

/**
 * The member opens their own vault with the tab's keys; no vault yet gives empty fields.
 * A vault the member's keys did not make, or that was altered (decision 011: an anonymous
 * owner copy, a box from other keys, a changed ciphertext), is refused with NOT_PROVEN_OWN,
 * never shown and never re-encrypted; anything else (libsodium not loading) is "try again".
 */
export async function openOwnVault({ ownerId, keys, vault }: Pick<OwnVault, "ownerId" | "keys" | "vault">): Promise<UseCaseResult<OpenedVault>> {
  if (!vault) return { ok: true, fields: {}, dataKey: null };
  try {
    const { fields, dataKey } = await openVault({ ownerId, record: vault, keys });
    return { ok: true, fields, dataKey };
  } catch (error) {
    return formFailure(isCryptoError(error) ? NOT_PROVEN_OWN : "errors.vault.openFailed");
  }
}

/**
 * Deletes the member's stored vault and, with it, every share of it: the way out of a vault
 * that cannot be proven to be theirs. The member then enters their details again.
 */
export async function deleteSavedIdentity({ csrf, onWorking }: UseCaseOptions): Promise<UseCaseResult> {
  onWorking?.();
  const reply = await postFormStep("/api/identity/delete", {}, csrf);
  return reply.ok ? { ok: true } : reply;
}

/** Checks what the member typed, encrypts it (a new vault, or under the same data key as before) and uploads it. */
export async function saveIdentity(
  draft: IdentityFields,
  { ownerId, keys, vault, dataKey }: OwnVault,
  { csrf, onWorking }: UseCaseOptions,
  today = new Date(),
): Promise<UseCaseResult<{ fields: IdentityFields; dataKey: Uint8Array }>> {
  const checked = checkIdentityDraft(draft, today);
  if (!checked.ok) return checked;
  onWorking?.();
  const { fields } = checked;
  const sealed =
    vault && dataKey
      ? { record: { ...vault, ciphertext: await resealVault({ ownerId, keyVersion: vault.keyVersion, dataKey, fields }) }, dataKey }
      : await sealNewVault({ ownerId, keys, fields });
  const { ciphertext, ownerSealedKey, keyVersion } = sealed.record;
  const reply = await postFormStep("/api/identity/vault", { ciphertext, ownerSealedKey, keyVersion }, csrf);
  if (!reply.ok) return reply;
  return { ok: true, fields, dataKey: sealed.dataKey };
}

/** Seals the vault's data key to a social worker and shares it for `days` days (the server checks the number). */
export async function shareIdentity(
  { recipient, days }: { recipient: { userId: string; publicKey: string }; days: string },
  { vault, dataKey }: Pick<OwnVault, "vault" | "dataKey">,
  { csrf, onWorking }: UseCaseOptions,
): Promise<UseCaseResult> {
  if (!vault || !dataKey) return fieldFailure({ recipientId: "errors.share.noVault" });
  onWorking?.();
  const sealedKey = await sealKeyFor(dataKey, recipient.publicKey);
  const reply = await postFormStep("/api/identity/shares", { recipientId: recipient.userId, sealedKey, keyVersion: vault.keyVersion, days }, csrf);
  return reply.ok ? { ok: true } : reply;
}

/**
 * Takes a share back by rotating the vault: a new data key, key version + 1, re-sealed to the
 * owner and every other live share, uploaded at once. The new data key is returned for later edits.
 */
export async function revokeShare(
  shareId: string,
  { ownerId, keys, vault, shares }: Pick<OwnVault, "ownerId" | "keys"> & { vault: VaultRecord; shares: readonly ShareKeyHolder[] },
  { csrf, onWorking }: UseCaseOptions,
): Promise<UseCaseResult<{ dataKey: Uint8Array }>> {
  onWorking?.();
  const remainingShares = shares.filter((share) => share.live && share.id !== shareId).map((share) => ({ shareId: share.id, recipientPublicKey: share.recipientPublicKey }));
  const rotated = await rotateVault({ ownerId, record: vault, keys, remainingShares });
  const reply = await postFormStep(
    "/api/identity/revoke",
    {
      shareId,
      ciphertext: rotated.record.ciphertext,
      ownerSealedKey: rotated.record.ownerSealedKey,
      newKeyVersion: rotated.record.keyVersion,
      reseals: JSON.stringify(rotated.reseals),
    },
    csrf,
  );
  if (!reply.ok) return reply;
  return { ok: true, dataKey: rotated.dataKey };
}

/** The name the export is saved under (in the browser's downloads folder). */
export const EXPORT_FILE_NAME = "my-data.json";

/**
 * Downloads the member's own data as a JSON file: everything the server holds about them,
 * with the identity vault decrypted here in the browser. Nothing is sent anywhere. The
 * file holds no key material (the server leaves it out, and the vault's ciphertext and
 * sealed keys stay out too): it is readable by anyone who gets the phone, which the page
 * says before the download, but it opens nothing else.
 */
export async function exportOwnData(
  { ownerId, keys }: Pick<OwnVault, "ownerId" | "keys">,
  { onWorking }: Pick<UseCaseOptions, "onWorking"> = {},
): Promise<UseCaseResult> {
  onWorking?.();
  try {
    const response = await fetch("/api/identity/export", { credentials: "same-origin" });
    if (!response.ok) throw new Error(`export failed: ${response.status}`);
    const { data } = (await response.json()) as { data: { identityVault?: VaultRecord | null } & Record<string, unknown> };
    const { identityVault, ...rest } = data;
    const identity = identityVault ? (await openVault({ ownerId, record: identityVault, keys })).fields : null;
    downloadJson(EXPORT_FILE_NAME, { exportedAt: new Date().toISOString(), ...rest, identity });
    return { ok: true };
  } catch {
    return formFailure("errors.vault.exportFailed");
  }
}

type SharedVault = { ownerId: string; ciphertext: string; sealedKey: string; keyVersion: number };

/** A social worker opens an identity shared with them (the server logs the access as it hands it out). */
export async function openShare(shareId: string, keys: UnlockedKeys, { csrf, onWorking }: UseCaseOptions): Promise<UseCaseResult<{ fields: IdentityFields }>> {
  onWorking?.();
  const reply = await postFormStep<SharedVault>("/api/identity/open", { shareId }, csrf);
  if (!reply.ok) return reply;
  try {
    const { ownerId, ciphertext, sealedKey, keyVersion } = reply;
    return { ok: true, fields: await openSharedVault({ ownerId, ciphertext, sealedKey, keyVersion, keys }) };
  } catch {
    return formFailure("errors.vault.openFailed");
  }
}

function downloadJson(fileName: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The vault rotated to a new owner key pair, as replacing the keys posts it (decision 015):
 * opened with the old keys, a new data key and key version + 1, the owner's copy boxed with
 * the new pair, every live share re-sealed to its recipient. No fields without a vault. A
 * vault the old keys cannot open (not the member's own, decision 011) is refused: the member
 * deletes it on the identity page first, so no key replacement leaves it behind unreadable.
 */
export async function vaultRotatedToNewKeys(
  { ownerId, keys, vault, shares }: Pick<OwnVault, "ownerId" | "keys"> & { vault: VaultRecord | null; shares: readonly ShareKeyHolder[] },
  newKeys: UnlockedKeys,
): Promise<UseCaseResult<{ fields: Record<string, string | number> }>> {
  if (!vault) return { ok: true, fields: {} };
  const remainingShares = shares.filter((share) => share.live).map((share) => ({ shareId: share.id, recipientPublicKey: share.recipientPublicKey }));
  let rotated: Awaited<ReturnType<typeof rotateVault>>;
  try {
    rotated = await rotateVault({ ownerId, record: vault, keys, remainingShares, newOwnerKeys: newKeys });
  } catch (error) {
    return formFailure(isCryptoError(error) ? "errors.account.vaultNotOpened" : "errors.vault.openFailed");
  }
  const { ciphertext, ownerSealedKey, keyVersion } = rotated.record;
  return { ok: true, fields: { ciphertext, ownerSealedKey, newKeyVersion: keyVersion, reseals: JSON.stringify(rotated.reseals) } };
}
