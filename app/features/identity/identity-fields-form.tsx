import { useState, type FormEvent } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { IDENTITY_FIELD_MAX_LENGTH, IDENTITY_FIELDS, type IdentityField, type IdentityFields } from "~/domain/identity/identity-fields";
import { FormField, FormMessage } from "~/components/ui/form-field";
import { KeyFormSubmit } from "~/features/keys/key-work";
import type { FormNotice } from "~/features/keys/use-key-form";

const INPUT_TYPES: Partial<Record<IdentityField, string>> = { phone: "tel", emergencyContactPhone: "tel", dateOfBirth: "date" };

/**
 * The identity fields, edited in the browser only: the inputs have no names, so
 * nothing here can be posted as plaintext; the parent encrypts and uploads. Autofill is
 * off for every field: with "name", "tel" or "street-address" Chromium saved what was
 * typed into its autofill file in the profile, readable by anyone who picks up the phone
 * (tests/e2e/device-traces.test.ts found them there).
 */
export function IdentityFieldsForm({
  initial,
  busy,
  errors,
  notice,
  onSave,
}: {
  initial: IdentityFields;
  busy: boolean;
  errors: Partial<Record<string, string>>;
  notice?: FormNotice;
  onSave: (fields: IdentityFields) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<IdentityFields>(initial);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSave(draft);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="identity-form-title">
      <h2 id="identity-form-title">{t("identity.formTitle")}</h2>
      <p>{t("identity.formIntro")}</p>
      {IDENTITY_FIELDS.map((field) => (
        <FormField
          key={field}
          id={`identity-${field}`}
          label={t(`identity.fields.${field}`)}
          hint={field === "nationalId" ? t("identity.nationalIdHint") : undefined}
          type={INPUT_TYPES[field] ?? "text"}
          autoComplete="off"
          value={draft[field] ?? ""}
          onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
          error={errors[field]}
          errorValues={{ max: IDENTITY_FIELD_MAX_LENGTH[field] }}
        />
      ))}
      <KeyFormSubmit busy={busy} label={t("identity.save")} />
      <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
    </form>
  );
}
