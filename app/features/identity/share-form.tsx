import { useState, type FormEvent } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { SHARE_DEFAULT_DAYS, SHARE_MAX_DAYS, shareExpiry } from "~/domain/identity/share-expiry";
import { ShareDays } from "~/forms/identity-payloads";
import { formatDate } from "~/i18n/format";
import { isPinnedKey, type KeyPins } from "~/domain/identity/key-pins";
import { FormField, FormMessage, SelectField } from "~/components/ui/form-field";
import { KeyFormSubmit } from "~/features/keys/key-work";
import { SafetyNumberText, useSafetyNumberOf } from "~/features/keys/safety-number";
import { staffLabel } from "~/features/staff/staff-label";
import type { FormNotice } from "~/features/keys/use-key-form";
import type { ShareRecipient } from "./identity-vault.client";

/**
 * Choose a social worker of the member's area and how long they may read the identity. The
 * chosen worker's safety number is shown before sharing, computed here from the key the
 * browser will seal to, with how to compare it (decision 014). No worker is preselected, and the
 * member is asked once more, in plain words, what goes to whom until when before anything is sent.
 */
export function ShareForm({
  recipients,
  pins,
  busy,
  errors,
  notice,
  onShare,
}: {
  recipients: ShareRecipient[];
  /** The key pins from the opened vault: says when a worker's key is the one shared with before. */
  pins: KeyPins;
  busy: boolean;
  errors: Partial<Record<string, string>>;
  notice?: FormNotice;
  onShare: (recipient: ShareRecipient, days: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState(String(SHARE_DEFAULT_DAYS));
  const [chosenId, setChosenId] = useState("");
  const [confirming, setConfirming] = useState<{ until: Date } | null>(null);
  const [notChosen, setNotChosen] = useState(false);
  const chosen = recipients.find((recipient) => recipient.userId === chosenId);
  const number = useSafetyNumberOf(chosen?.publicKey ?? null);
  const chosenLabel = chosen ? staffLabel(t, chosen.handle, chosen.card) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!chosen) {
      setNotChosen(true);
      return;
    }
    const parsed = ShareDays.safeParse(days);
    // Bad days go straight on, so the usual message appears beside the field.
    if (confirming || !parsed.success) {
      setConfirming(null);
      onShare(chosen, days);
      return;
    }
    setConfirming({ until: shareExpiry(new Date(), parsed.data) });
  }

  function choose(id: string) {
    setChosenId(id);
    setNotChosen(false);
    setConfirming(null);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="share-title">
      <h2 id="share-title">{t("identity.shareTitle")}</h2>
      <p>{t("identity.shareIntro")}</p>
      <SelectField id="share-recipient" name="recipient" label={t("identity.recipient")} error={notChosen ? "identity.chooseRecipient" : errors.recipientId} onChange={choose}>
        <option value="">{t("identity.chooseRecipientOption")}</option>
        {recipients.map((recipient) => (
          <option key={recipient.userId} value={recipient.userId}>
            {staffLabel(t, recipient.handle, recipient.card)}
          </option>
        ))}
      </SelectField>
      {chosen && chosenLabel ? (
        <div className="field" data-testid="recipient-safety-number">
          <p>
            {t("safetyNumber.ofWorker", { handle: chosenLabel })}
            <br />
            <SafetyNumberText number={number} id="share-safety-number" />
          </p>
          <p className="field__hint">{t("safetyNumber.compareBeforeSharing", { handle: chosenLabel })}</p>
          {isPinnedKey(pins, chosen) ? <p className="field__hint">{t("safetyNumber.sameAsBefore", { handle: chosenLabel })}</p> : null}
        </div>
      ) : null}
      <FormField
        id="share-days"
        label={t("identity.days")}
        hint={t("identity.daysHint")}
        type="number"
        inputMode="numeric"
        min={1}
        max={SHARE_MAX_DAYS}
        value={days}
        onChange={(event) => {
          setDays(event.target.value);
          setConfirming(null);
        }}
        error={errors.days}
      />
      {confirming && chosen ? (
        <div className="field share-confirm" role="group" aria-labelledby="share-confirm-question" data-testid="share-confirm">
          <p id="share-confirm-question">
            <strong>{t("identity.confirmShare", { handle: chosenLabel ?? chosen.handle, until: formatDate(confirming.until, i18n.language) })}</strong>
          </p>
          <KeyFormSubmit busy={busy} label={t("identity.confirmShareYes")} />{" "}
          <button type="button" className="button button--secondary" onClick={() => setConfirming(null)}>
            {t("identity.goBack")}
          </button>
        </div>
      ) : (
        <KeyFormSubmit busy={busy} label={t("identity.share")} />
      )}
      <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
    </form>
  );
}
