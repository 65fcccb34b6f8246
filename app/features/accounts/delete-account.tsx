import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "~/i18n/use-translation";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import { deleteAccount } from "~/features/accounts/account-flows.client";
import { useCsrfToken } from "~/components/ui/csrf-field";
import { FormMessage, SecretField } from "~/components/ui/form-field";
import { KeyFormSubmit } from "~/features/keys/key-work";
import { useKeyForm } from "~/features/keys/use-key-form";

const VISIBLE_FIELDS = ["deletePassphrase", "deleteConfirm"];

/**
 * Deletes the account and everything it owns (keys, vault and shares are destroyed,
 * so nothing encrypted can ever be opened again). The passphrase confirms it.
 */
export function DeleteAccount({ material }: { material: KeyMaterial }) {
  const { t } = useTranslation();
  const csrf = useCsrfToken();
  const passphrase = useRef<HTMLInputElement>(null);
  const [confirmed, setConfirmed] = useState(false);
  const { busy, errors, notice, start, fail } = useKeyForm(VISIBLE_FIELDS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = { deleteConfirm: confirmed, deletePassphrase: passphrase.current?.value ?? "" };
    const result = await deleteAccount(typed, material, { csrf, onWorking: start });
    if (!result.ok) return fail(result);
    window.location.replace("/");
  }

  return (
    <section className="panel" aria-labelledby="delete-title">
      <h2 id="delete-title">{t("account.deleteTitle")}</h2>
      <p>{t("account.deleteIntro")}</p>
      <p>{t("account.deleteHandleKept")}</p>
      <form onSubmit={onSubmit} noValidate>
        <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
        <SecretField id="delete-passphrase" ref={passphrase} label={t("fields.currentPassphrase")} autoComplete="current-password" error={errors.deletePassphrase} />
        <div className="checkbox">
          <input
            id="delete-confirm"
            type="checkbox"
            checked={confirmed}
            onChange={(event) => setConfirmed(event.target.checked)}
            aria-describedby={errors.deleteConfirm ? "delete-confirm-error" : undefined}
          />
          <label htmlFor="delete-confirm">{t("account.deleteConfirm")}</label>
        </div>
        {errors.deleteConfirm ? (
          <p id="delete-confirm-error" className="field__error" role="alert">
            {t(errors.deleteConfirm)}
          </p>
        ) : null}
        <KeyFormSubmit busy={busy} label={t("account.delete")} />
      </form>
    </section>
  );
}
