import { useCallback, useState, type FormEvent } from "react";
import type { VaultRecord } from "~/crypto/vault";
import { FormMessage } from "~/components/ui/form-field";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import { IDENTITY_FIELDS } from "~/domain/identity/identity-fields";
import { isPinnedKey } from "~/domain/identity/key-pins";
import type { ShareKeyHolder, ShareRecipient, ShareUseCase } from "~/features/identity/identity-vault.client";
import { KeyChangedWarning } from "~/features/identity/key-changed-warning";
import { RevokeConfirm } from "~/features/identity/shares-table";
import { useIdentityVault } from "~/features/identity/use-identity-vault";
import { KeyFormSubmit, NeedsJavascript } from "~/features/keys/key-work";
import { SafetyNumberText, useSafetyNumberOf } from "~/features/keys/safety-number";
import { UnlockKeys, useTabKeys } from "~/features/keys/unlock-keys";
import { staffLabel } from "~/features/staff/staff-label";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { shareForRequest } from "./request-share.client";

/**
 * Sharing the identity with the worker assigned to one help request, or taking it back: the
 * identity page's use cases (useIdentityVault), with the request's share in place of the area
 * share, so the worker's key is checked against its pin and a changed key stops it with the
 * same warning. Before sharing: the worker's card and safety number, what they will see, that
 * it is for this request only and ends with it, and one more question.
 */
export function RequestSharePanel({
  requestId,
  ownerId,
  material,
  vault,
  shares,
  recipient,
  liveShareId,
  until,
}: {
  requestId: string;
  ownerId: string;
  material: KeyMaterial;
  vault: VaultRecord | null;
  shares: readonly ShareKeyHolder[];
  recipient: ShareRecipient;
  /** The request's live share, to take back; null before sharing. */
  liveShareId: string | null;
  /** When a share made now would end at the latest. */
  until: string;
}) {
  const { t, i18n } = useTranslation();
  const { keys, ready, setKeys } = useTabKeys();
  // Called only on a share, in the browser: a .client module's exports do not exist while the server renders.
  const shareWith = useCallback<ShareUseCase>((input, own, options) => shareForRequest(requestId)(input, own, options), [requestId]);
  const identity = useIdentityVault({ ownerId, vault, shares, keys, shareWith, sharedMessage: "helpShare.shared" });
  const { opened, sharing, revoking, keyWarning } = identity;
  const [confirming, setConfirming] = useState(false);
  const number = useSafetyNumberOf(recipient.publicKey);
  const worker = staffLabel(t, recipient.handle, recipient.card) ?? recipient.handle;
  const saved = opened ? IDENTITY_FIELDS.filter((field) => opened.fields[field]).map((field) => t(`identity.fields.${field}`)) : [];

  function onShare(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!confirming) return setConfirming(true);
    setConfirming(false);
    identity.share(recipient, "");
  }

  return (
    <>
      <NeedsJavascript />
      <noscript>
        <p className="form-message form-message--error">{t("helpShare.needsJavascript")}</p>
      </noscript>
      {ready && !keys ? <UnlockKeys material={material} onUnlocked={setKeys} /> : null}
      {identity.openError ? <FormMessage message={identity.openError} /> : null}
      <p>{saved.length > 0 ? t("helpShare.whatTheySee", { fields: saved.join(t("list.separator")) }) : t("helpShare.whatTheySeeSaved")}</p>
      {liveShareId ? null : <p>{t("helpShare.onlyThisRequest")}</p>}
      <div className="field">
        <p id="help-share-worker" data-testid="help-share-worker">
          {t("helpShare.worker")} <strong translate="no">{worker}</strong>
        </p>
        <p>
          {t("safetyNumber.ofWorker", { handle: worker })}
          <br />
          <SafetyNumberText number={number} id="help-share-safety-number" />
        </p>
        <p className="field__hint">{t("safetyNumber.compareBeforeSharing", { handle: worker })}</p>
        {opened && isPinnedKey(opened.pins, recipient) ? <p className="field__hint">{t("safetyNumber.sameAsBefore", { handle: worker })}</p> : null}
      </div>
      {keyWarning ? (
        <KeyChangedWarning
          key={keyWarning.changes.map((change) => `${change.userId}:${change.currentKey}`).join(",")}
          changes={keyWarning.changes}
          action={keyWarning.action.kind}
          busy={sharing.busy || revoking.busy}
          onAccept={identity.acceptNewKeys}
          onDismiss={identity.dismissKeyWarning}
        />
      ) : null}
      {liveShareId ? (
        <RevokeRequestShare worker={worker} busy={revoking.busy || !opened} onRevoke={() => identity.revoke(liveShareId)} />
      ) : (
        <form id="help-share-form" onSubmit={onShare} noValidate aria-labelledby="help-share-title">
          <p>{t("helpShare.until", { date: formatDate(until, i18n.language) })}</p>
          {confirming ? (
            <div className="field share-confirm" role="group" aria-labelledby="help-share-question" data-testid="help-share-confirm">
              <p id="help-share-question">
                <strong>{t("helpShare.confirm", { worker })}</strong>
              </p>
              <KeyFormSubmit busy={sharing.busy} label={t("helpShare.confirmYes")} />{" "}
              <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
                {t("helpShare.goBack")}
              </button>
            </div>
          ) : (
            <KeyFormSubmit busy={sharing.busy || !opened} label={t("helpShare.share")} />
          )}
          <FormMessage message={sharing.errors.recipientId} />
        </form>
      )}
      <div id="help-share-notice">
        <FormMessage message={sharing.notice?.key} tone={sharing.notice?.tone} values={sharing.notice?.values} />
        <FormMessage message={revoking.notice?.key} tone={revoking.notice?.tone} values={revoking.notice?.values} />
      </div>
    </>
  );
}

/** Taking the request's share back, after asking once more. */
function RevokeRequestShare({ worker, busy, onRevoke }: { worker: string; busy: boolean; onRevoke: () => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" id="help-share-revoke" className="button button--secondary" disabled={busy} onClick={() => setAsking(true)}>
        {t("helpShare.revoke")}
      </button>
    );
  }
  return (
    <RevokeConfirm
      testId="help-share-revoke-confirm"
      question={t("helpShare.revokeConfirm", { worker })}
      yes={t("helpShare.revokeYes")}
      no={t("helpShare.keep")}
      busy={busy}
      onYes={() => {
        setAsking(false);
        onRevoke();
      }}
      onNo={() => setAsking(false)}
    />
  );
}
