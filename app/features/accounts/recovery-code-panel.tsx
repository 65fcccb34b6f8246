import { useId, useState } from "react";
import { useTranslation } from "~/i18n/use-translation";

/** Shows a recovery code once and asks the member to confirm they saved it. */
export function RecoveryCodePanel({ code, onConfirmed }: { code: string; onConfirmed: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const checkboxId = useId();
  return (
    <section className="panel recovery-code" aria-labelledby={`${checkboxId}-title`}>
      <h2 id={`${checkboxId}-title`}>{t("recoveryCode.title")}</h2>
      <p>{t("recoveryCode.explain")}</p>
      <p className="recovery-code__value" data-testid="recovery-code" translate="no">
        {code}
      </p>
      <p className="field__hint">{t("recoveryCode.once")}</p>
      <div className="checkbox">
        <input id={checkboxId} type="checkbox" checked={saved} onChange={(event) => setSaved(event.target.checked)} />
        <label htmlFor={checkboxId}>{t("recoveryCode.confirm")}</label>
      </div>
      <button type="button" className="button" disabled={!saved} onClick={onConfirmed}>
        {t("recoveryCode.continue")}
      </button>
    </section>
  );
}
