import { useTranslation } from "~/i18n/use-translation";
import { IDENTITY_FIELDS, type IdentityFields } from "~/domain/identity/identity-fields";

/** An identity a social worker opened in this browser: each saved field, and a button to put it away. */
export function OpenedIdentity({ title, fields, onClose }: { title: string; fields: IdentityFields; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="opened-title" data-testid="opened-identity">
      <h2 id="opened-title">{title}</h2>
      <dl className="facts">
        {IDENTITY_FIELDS.filter((field) => fields[field]).map((field) => (
          <div key={field}>
            <dt>{t(`identity.fields.${field}`)}</dt>
            <dd translate="no" data-field={field}>
              {fields[field]}
            </dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button button--secondary" onClick={onClose}>
        {t("shared.close")}
      </button>
    </section>
  );
}
