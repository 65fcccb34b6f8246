import { useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { UnlockedKeys } from "~/crypto/account-keys";
import type { VaultRecord } from "~/crypto/vault";
import { useCsrfToken } from "~/components/ui/csrf-field";
import { IDENTITY_FIELDS, type IdentityFields } from "~/domain/identity/identity-fields";
import type { KeyPins } from "~/domain/identity/key-pins";
import { useKeyForm } from "~/features/keys/use-key-form";
import {
  deleteSavedIdentity,
  exportOwnData,
  isKeysChanged,
  NOT_PROVEN_OWN,
  openOwnVault,
  revokeShare,
  saveIdentity,
  shareIdentity,
  type HandledKeyChange,
  type OpenedVault,
  type ShareKeyHolder,
  type ShareRecipient,
  type ShareUseCase,
} from "./identity-vault.client";
import type { UseCaseResult } from "~/forms/form-reply";

const SHARE_FIELDS = ["recipientId", "days"];

/** What was stopped because workers' keys changed: the action, to run again once the member accepts the new keys. */
type StoppedAction = { kind: "share"; recipient: ShareRecipient; days: string } | { kind: "revoke"; shareId: string };
export type KeyWarning = { action: StoppedAction; changes: HandledKeyChange[] };

/**
 * The identity page's state around its use cases (identity-vault.client.ts): the vault opened
 * with the tab's keys, and one form state each for save, share, revoke, export and deleting a
 * vault that cannot be proven the member's. A handler runs its use case, shows the outcome
 * and reloads the page's data after a change. A share or
 * revoke stopped by a changed key leaves a `keyWarning` until the member accepts the new keys
 * (the action runs again with exactly those keys allowed) or dismisses it. `shareWith`: the
 * share's use case (a help request's share posts elsewhere), and `sharedMessage` what it says.
 */
export function useIdentityVault({
  ownerId,
  vault,
  shares,
  keys,
  shareWith = shareIdentity,
  sharedMessage = "identity.shared",
}: {
  ownerId: string;
  vault: VaultRecord | null;
  shares: readonly ShareKeyHolder[];
  keys: UnlockedKeys | null;
  shareWith?: ShareUseCase;
  sharedMessage?: string;
}) {
  const csrf = useCsrfToken();
  const revalidator = useRevalidator();
  const [openedVault, setOpenedVault] = useState<UseCaseResult<OpenedVault> | null>(null);
  const [keyWarning, setKeyWarning] = useState<KeyWarning | null>(null);
  const saving = useKeyForm(IDENTITY_FIELDS);
  const sharing = useKeyForm(SHARE_FIELDS);
  const revoking = useKeyForm([]);
  const exporting = useKeyForm([]);
  const deleting = useKeyForm([]);
  const opened = openedVault?.ok ? openedVault : null;

  useEffect(() => {
    if (!keys) return;
    let current = true;
    void openOwnVault({ ownerId, keys, vault }).then((result) => {
      if (current) setOpenedVault(result);
    });
    return () => {
      current = false;
    };
  }, [keys, vault, ownerId]);

  async function save(draft: IdentityFields) {
    if (!keys || !opened) return;
    const saved = await saveIdentity(draft, { ownerId, keys, vault, dataKey: opened.dataKey, pins: opened.pins }, { csrf, onWorking: saving.start });
    if (!saved.ok) return saving.fail(saved);
    setOpenedVault({ ok: true, fields: saved.fields, pins: opened.pins, dataKey: saved.dataKey });
    saving.succeed("identity.saved");
    revalidator.revalidate();
  }

  async function share(recipient: ShareRecipient, days: string, accepted?: KeyPins) {
    if (!opened) return;
    setKeyWarning(null);
    const own = { ownerId, vault, dataKey: opened.dataKey, fields: opened.fields, pins: opened.pins, shares };
    const shared = await shareWith({ recipient, days, accepted }, own, { csrf, onWorking: sharing.start });
    if (isKeysChanged(shared)) setKeyWarning({ action: { kind: "share", recipient, days }, changes: shared.keysChanged });
    if (!shared.ok) return sharing.fail(shared);
    setOpenedVault({ ...opened, ok: true, pins: shared.pins });
    sharing.succeed(sharedMessage);
    revalidator.revalidate();
  }

  async function revoke(shareId: string, accepted?: KeyPins) {
    if (!keys || !vault || !opened) return;
    setKeyWarning(null);
    const revoked = await revokeShare(shareId, { ownerId, keys, vault, shares, pins: opened.pins }, { csrf, onWorking: revoking.start }, accepted);
    if (isKeysChanged(revoked)) setKeyWarning({ action: { kind: "revoke", shareId }, changes: revoked.keysChanged });
    if (!revoked.ok) return revoking.fail(revoked);
    setOpenedVault((state) => (state?.ok ? { ...state, dataKey: revoked.dataKey, pins: revoked.pins } : state));
    revoking.succeed("identity.revoked");
    revalidator.revalidate();
  }

  /** The member compared safety numbers and accepts exactly the keys the warning showed: run the stopped action again. */
  function acceptNewKeys() {
    if (!keyWarning) return;
    const accepted: KeyPins = Object.fromEntries(keyWarning.changes.map((change) => [change.userId, change.currentKey]));
    const { action } = keyWarning;
    if (action.kind === "share") void share(action.recipient, action.days, accepted);
    else void revoke(action.shareId, accepted);
  }

  async function deleteSaved() {
    const deleted = await deleteSavedIdentity({ csrf, onWorking: deleting.start });
    if (!deleted.ok) return deleting.fail(deleted);
    deleting.succeed("identity.deleted");
    // The reloaded page has no vault: it opens as empty fields, ready to fill in again.
    revalidator.revalidate();
  }

  async function exportData() {
    if (!keys) return;
    const exported = await exportOwnData({ ownerId, keys }, { onWorking: exporting.start });
    if (!exported.ok) return exporting.fail(exported);
    exporting.succeed("identity.exportSaved");
  }

  return {
    /** The opened vault, once the tab's keys have opened it (empty fields before the first save). */
    opened,
    /** Why the vault could not be opened (a message key). */
    openError: openedVault && !openedVault.ok ? openedVault.formError : undefined,
    /** The stored vault is not one the member's keys made: it is not shown, and may be deleted. */
    notProvenOwn: openedVault !== null && !openedVault.ok && openedVault.formError === NOT_PROVEN_OWN,
    /** A share or revoke stopped because a worker's key changed. */
    keyWarning,
    acceptNewKeys,
    dismissKeyWarning: () => setKeyWarning(null),
    saving,
    sharing,
    revoking,
    exporting,
    deleting,
    save: (draft: IdentityFields) => void save(draft),
    share: (recipient: ShareRecipient, days: string) => void share(recipient, days),
    revoke: (shareId: string) => void revoke(shareId),
    exportData: () => void exportData(),
    deleteSaved: () => void deleteSaved(),
  };
}
