import { useState, type FormEvent } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { SHARE_DEFAULT_DAYS, SHARE_MAX_DAYS } from "~/domain/identity/share-expiry";
import { FormField, FormMessage, SelectField } from "~/components/ui/form-field";
import { KeyFormSubmit } from "~/features/keys/key-work";
import type { FormNotice } from "~/features/keys/use-key-form";

export type Recipient = { userId: string; handle: string; publicKey: string };

/** Choose a social worker of the member's area and how long they may read the identity. */
export function ShareForm({
  recipients,
  busy,
  errors,
  notice,
  onShare,
}: {
  recipients: Recipient[];
  busy: boolean;
  errors: Partial<Record<string, string>>;
  notice?: FormNotice;
  onShare: (recipient: Recipient, days: string) => void;
}) {
  const { t } = useTranslation();
  const [days, setDays] = useState(String(SHARE_DEFAULT_DAYS));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = new FormData(event.currentTarget).get("recipient");
    const recipient = recipients.find((r) => r.userId === chosen);
    if (recipient) onShare(recipient, days);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="share-title">
      <h2 id="share-title">{t("identity.shareTitle")}</h2>
      <p>{t("identity.shareIntro")}</p>
      <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
      <SelectField id="share-recipient" name="recipient" label={t("identity.recipient")} error={errors.recipientId}>
        {recipients.map((recipient) => (
          <option key={recipient.userId} value={recipient.userId}>
            {recipient.handle}
          </option>
        ))}
      </SelectField>
      <FormField
        id="share-days"
        label={t("identity.days")}
        hint={t("identity.daysHint")}
        type="number"
        inputMode="numeric"
        min={1}
        max={SHARE_MAX_DAYS}
        value={days}
        onChange={(event) => setDays(event.target.value)}
        error={errors.days}
      />
      <KeyFormSubmit busy={busy} label={t("identity.share")} />
    </form>
  );
}
