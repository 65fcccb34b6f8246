import type { UnlockedKeys } from "~/crypto/account-keys";
import { openSharedVault, openVault, resealVault, rotateVault, sealKeyForPinned, sealNewVault, type VaultRecord } from "~/crypto/vault";
import { isCryptoError } from "~/domain/formats/crypto-error";
import type { StaffCard } from "~/domain/accounts/staff-card";
import type { IdentityFields } from "~/domain/identity/identity-fields";
import { findKeyChanges, NO_PINS, pinKeys, type KeyChange, type KeyPins } from "~/domain/identity/key-pins";
import { fieldFailure, formFailure, type FormFailure, type UseCaseResult, type UseCaseOptions } from "~/forms/form-reply";
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
 *
 * Sealing to a social worker checks their key against the pin in the vault first
 * (decision 014): a changed key stops the use case before anything is sealed or posted,
 * with a `KeysChanged` refusal naming the workers, unless the member accepted exactly that
 * key after comparing safety numbers.
 */

/**
 * What the member's page holds: who they are, the tab's keys, the stored vault and, once
 * opened, its fields (as saved), key pins and data key.
 */
export type OwnVault = {
  ownerId: string;
  keys: UnlockedKeys;
  vault: VaultRecord | null;
  dataKey: Uint8Array | null;
  fields: IdentityFields;
  pins: KeyPins;
};
/** The member's vault as opened in this tab; no data key before the first save. */
export type OpenedVault = { fields: IdentityFields; pins: KeyPins; dataKey: Uint8Array | null };
/**
 * What sealing to one of the member's shares needs to know. `live`: only live shares are
 * re-sealed (and their keys checked) at a rotation; the database deletes the others with it.
 */
export type ShareKeyHolder = { id: string; recipientId: string; recipientHandle: string | null; recipientPublicKey: string; live: boolean };
/** A social worker to share with, as the server lists them. */
export type ShareRecipient = { userId: string; handle: string; card: StaffCard | null; publicKey: string };

/** A worker whose key changed since the member's browser pinned it, with their handle to name them. */
export type HandledKeyChange = KeyChange & { handle: string };
/** Nothing was sealed: these workers' keys are not the ones pinned. */
export type KeysChanged = FormFailure & { keysChanged: HandledKeyChange[] };

export function isKeysChanged(result: UseCaseResult | KeysChanged): result is KeysChanged {
  return !result.ok && "keysChanged" in result;
}

function keysChanged(changes: KeyChange[], handleOf: (userId: string) => string): KeysChanged {
  return { ...formFailure("errors.keys.changed"), keysChanged: changes.map((change) => ({ ...change, handle: handleOf(change.userId) })) };
}

/** The message when the stored vault is not one the member's own keys made: the page offers to delete it. */
export const NOT_PROVEN_OWN = "errors.vault.notProvenOwn";

/**
 * The member opens their own vault with the tab's keys; no vault yet gives empty fields and
 * no pins. A vault the member's keys did not make, or that was altered (decision 011: an
 * anonymous owner copy, a box from other keys, a changed ciphertext), is refused with
 * NOT_PROVEN_OWN, never shown and never re-encrypted; anything else (libsodium not loading)
 * is "try again".
 */
export async function openOwnVault({ ownerId, keys, vault }: Pick<OwnVault, "ownerId" | "keys" | "vault">): Promise<UseCaseResult<OpenedVault>> {
  if (!vault) return { ok: true, fields: {}, pins: NO_PINS, dataKey: null };
  try {
    const { fields, pins, dataKey } = await openVault({ ownerId, record: vault, keys });
    return { ok: true, fields, pins, dataKey };
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

/** Checks what the member typed, encrypts it with the pins (a new vault, or under the same data key as before) and uploads it. */
export async function saveIdentity(
  draft: IdentityFields,
  { ownerId, keys, vault, dataKey, pins }: Omit<OwnVault, "fields">,
  { csrf, onWorking }: UseCaseOptions,
  today = new Date(),
): Promise<UseCaseResult<{ fields: IdentityFields; dataKey: Uint8Array }>> {
  const checked = checkIdentityDraft(draft, today);
  if (!checked.ok) return checked;
  onWorking?.();
  const { fields } = checked;
  const sealed =
    vault && dataKey
      ? { record: { ...vault, ciphertext: await resealVault({ ownerId, keyVersion: vault.keyVersion, dataKey, fields, pins }) }, dataKey }
      : await sealNewVault({ ownerId, keys, fields });
  const { ciphertext, ownerSealedKey, keyVersion } = sealed.record;
  const reply = await postFormStep("/api/identity/vault", { ciphertext, ownerSealedKey, keyVersion }, csrf);
  if (!reply.ok) return reply;
  return { ok: true, fields, dataKey: sealed.dataKey };
}

/** What the member's page holds that sealing to a worker needs. */
export type OwnVaultForShare = Omit<OwnVault, "keys"> & { shares: readonly ShareKeyHolder[] };
type ShareRequest = { recipient: ShareRecipient; days: string; accepted?: KeyPins };
type ShareResult = UseCaseResult<{ pins: KeyPins }> | KeysChanged;

/** A share's use case as the identity vault's state runs it (shareIdentity, or a help request's share). */
export type ShareUseCase = (request: ShareRequest, own: OwnVaultForShare, options: UseCaseOptions) => Promise<ShareResult>;

/**
 * Seals the vault's data key to a social worker and posts the share to `url` with `fields`.
 * The worker's key is checked against its pin first (a first share pins it; `accepted`: keys
 * the member accepted after comparing safety numbers). The vault goes up with the share,
 * re-encrypted under the same data key with the pin in it, and the server stores both or
 * neither. Returns the pins now in the vault.
 */
export async function sealAndPostShare(
  url: string,
  fields: Record<string, string>,
  { recipient, accepted = NO_PINS }: Omit<ShareRequest, "days">,
  { ownerId, vault, dataKey, fields: identity, pins, shares }: OwnVaultForShare,
  { csrf, onWorking }: UseCaseOptions,
): Promise<ShareResult> {
  if (!vault || !dataKey) return fieldFailure({ recipientId: "errors.share.noVault" });
  const changes = findKeyChanges(pins, [recipient], accepted);
  if (changes.length > 0) return keysChanged(changes, () => recipient.handle);
  onWorking?.();
  const pinned = pinKeys(pins, [recipient], new Set(shares.filter((share) => share.live).map((share) => share.recipientId)));
  const sealedKey = await sealKeyForPinned(dataKey, recipient, pinned);
  const ciphertext = await resealVault({ ownerId, keyVersion: vault.keyVersion, dataKey, fields: identity, pins: pinned });
  const reply = await postFormStep(
    url,
    { recipientId: recipient.userId, sealedKey, ...fields, ciphertext, ownerSealedKey: vault.ownerSealedKey, keyVersion: vault.keyVersion },
    csrf,
  );
  return reply.ok ? { ok: true, pins: pinned } : reply;
}

/** Shares the identity with a social worker of the member's area for `days` days (the server checks the number). */
export const shareIdentity: ShareUseCase = ({ days, ...request }, own, options) => sealAndPostShare("/api/identity/shares", { days }, request, own, options);

/**
 * Takes a share back by rotating the vault: a new data key, key version + 1, re-sealed to the
 * owner and every other live share, uploaded at once. Every remaining live recipient's key is
 * checked against its pin first (shares from before pins are pinned now); the other shares
 * are deleted with the rotation and need no key. Returns the new data key and pins for later
 * edits.
 */
export async function revokeShare(
  shareId: string,
  { ownerId, keys, vault, shares, pins }: Pick<OwnVault, "ownerId" | "keys" | "pins"> & { vault: VaultRecord; shares: readonly ShareKeyHolder[] },
  { csrf, onWorking }: UseCaseOptions,
  accepted: KeyPins = NO_PINS,
): Promise<UseCaseResult<{ dataKey: Uint8Array; pins: KeyPins }> | KeysChanged> {
  const remaining = shares.filter((share) => share.live && share.id !== shareId);
  const recipients = remaining.map((share) => ({ userId: share.recipientId, publicKey: share.recipientPublicKey }));
  const changes = findKeyChanges(pins, recipients, accepted);
  if (changes.length > 0) return keysChanged(changes, (userId) => remaining.find((share) => share.recipientId === userId)?.recipientHandle ?? "");
  onWorking?.();
  const pinned = pinKeys(pins, recipients);
  const remainingShares = remaining.map((share) => ({ shareId: share.id, recipientId: share.recipientId, recipientPublicKey: share.recipientPublicKey }));
  const rotated = await rotateVault({ ownerId, record: vault, keys, remainingShares, pins: pinned });
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
  return { ok: true, dataKey: rotated.dataKey, pins: pinned };
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
 * the new pair, every live share re-sealed to its recipient, the key pins carried over. No
 * fields without a vault. A vault the old keys cannot open (not the member's own, decision
 * 011) is refused: the member deletes it on the identity page first, so no key replacement
 * leaves it behind unreadable. Every live share's worker is checked against their pin first
 * (decision 014; shares from before pins are pinned now): a changed key stops it with nothing
 * posted, and the member settles it on the identity page, where the warning names the worker.
 */
export async function vaultRotatedToNewKeys(
  { ownerId, keys, vault, shares }: Pick<OwnVault, "ownerId" | "keys"> & { vault: VaultRecord | null; shares: readonly ShareKeyHolder[] },
  newKeys: UnlockedKeys,
): Promise<UseCaseResult<{ fields: Record<string, string | number> }>> {
  if (!vault) return { ok: true, fields: {} };
  const live = shares.filter((share) => share.live);
  const recipients = live.map((share) => ({ userId: share.recipientId, publicKey: share.recipientPublicKey }));
  const remainingShares = live.map((share) => ({ shareId: share.id, recipientId: share.recipientId, recipientPublicKey: share.recipientPublicKey }));
  let rotated: Awaited<ReturnType<typeof rotateVault>>;
  try {
    const opened = await openVault({ ownerId, record: vault, keys });
    opened.dataKey.fill(0);
    if (findKeyChanges(opened.pins, recipients).length > 0) return formFailure("errors.account.workerKeyChanged");
    rotated = await rotateVault({ ownerId, record: vault, keys, remainingShares, pins: pinKeys(opened.pins, recipients), newOwnerKeys: newKeys });
  } catch (error) {
    return formFailure(isCryptoError(error) ? "errors.account.vaultNotOpened" : "errors.vault.openFailed");
  }
  const { ciphertext, ownerSealedKey, keyVersion } = rotated.record;
  return { ok: true, fields: { ciphertext, ownerSealedKey, newKeyVersion: keyVersion, reseals: JSON.stringify(rotated.reseals) } };
}
