import { useState } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { FormMessage } from "~/components/ui/form-field";
import type { FormNotice } from "~/features/keys/use-key-form";

/**
 * The way out of a stored vault the member's keys did not make (decision 011): delete it,
 * with its shares, and enter the details again. What goes is said first; the member ticks
 * that they understand.
 */
export function DeleteSavedIdentity({ busy, notice, onDelete }: { busy: boolean; notice?: FormNotice; onDelete: () => void }) {
  const { t } = useTranslation();
  const [understood, setUnderstood] = useState(false);
  return (
    <div>
      <h2 id="delete-saved-title">{t("identity.deleteTitle")}</h2>
      <p id="delete-saved-intro">{t("identity.deleteIntro")}</p>
      <div className="checkbox">
        <input id="delete-saved-understood" type="checkbox" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} aria-describedby="delete-saved-intro" />
        <label htmlFor="delete-saved-understood">{t("identity.deleteUnderstood")}</label>
      </div>
      <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
      <button type="button" className="button button--secondary" disabled={!understood || busy} onClick={onDelete}>
        {t("identity.delete")}
      </button>
    </div>
  );
}
