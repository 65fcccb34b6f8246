import { useState } from "react";
import { PageLink } from "~/components/ui/page-link";
import { CONTACT_WAYS, HELP_CATEGORIES, HELP_URGENCIES } from "~/domain/help/request-rules";
import { identityHints } from "~/domain/help/identity-hints";
import { fieldError } from "~/forms/form-reply";
import { formatList } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

/** The longest description or message (the database's limit too). */
export const HELP_TEXT_MAX = 4000;

export type HelpRequestValues = { category: string; urgency: string; contactWay: string; description: string };

/** A field's error beside it, announced. */
function ChoiceError({ id, error }: { id: string; error?: string }) {
  const { t } = useTranslation();
  return error ? (
    <p id={id} className="field__error" role="alert">
      {t(error)}
    </p>
  ) : null;
}

/** The warning beside a text that seems to hold identifying details, with the way to the identity page. */
export function IdentityWarning({ text }: { text: string }) {
  const { t, i18n } = useTranslation();
  const hints = identityHints(text);
  if (hints.length === 0) return null;
  return (
    <p className="form-message form-message--info" data-testid="identity-warning">
      {t("help.hints.warning", { what: formatList(hints.map((hint) => t(`help.hints.${hint}`)), i18n.language) })} <PageLink to="/identity">{t("help.form.identityLink")}</PageLink>
    </p>
  );
}

/**
 * What a member asks: category, urgency, contact way and the description, which warns while
 * they type when it seems to hold their phone number, ID number, name or e-mail address.
 */
export function HelpRequestFields({ reply, values }: { reply: unknown; values: HelpRequestValues }) {
  const { t } = useTranslation();
  const [description, setDescription] = useState(values.description);
  const descriptionError = fieldError(reply, "description");
  return (
    <>
      <fieldset className="choices field" aria-describedby={fieldError(reply, "category") ? "help-category-error" : undefined}>
        <legend>{t("help.form.category")}</legend>
        {HELP_CATEGORIES.map((category) => (
          <label key={category} className="choice">
            <input type="radio" name="category" value={category} defaultChecked={values.category === category} />
            <span>
              <strong>{t(`help.categories.${category}.name`)}</strong> — {t(`help.categories.${category}.line`)}
            </span>
          </label>
        ))}
        <ChoiceError id="help-category-error" error={fieldError(reply, "category")} />
      </fieldset>
      <fieldset className="choices field">
        <legend>{t("help.form.urgency")}</legend>
        <p className="field__hint">{t("help.form.emergency")}</p>
        {HELP_URGENCIES.map((urgency) => (
          <label key={urgency} className="choice">
            <input type="radio" name="urgency" value={urgency} defaultChecked={values.urgency === urgency} /> {t(`help.urgencies.${urgency}`)}
          </label>
        ))}
        <ChoiceError id="help-urgency-error" error={fieldError(reply, "urgency")} />
      </fieldset>
      <fieldset className="choices field">
        <legend>{t("help.form.contactWay")}</legend>
        {CONTACT_WAYS.map((way) => (
          <label key={way} className="choice">
            <input type="radio" name="contactWay" value={way} defaultChecked={values.contactWay === way} /> {t(`help.contactWays.${way}`)}
          </label>
        ))}
        <p className="field__hint">{t("help.form.phoneHint")}</p>
        <ChoiceError id="help-contact-error" error={fieldError(reply, "contactWay")} />
      </fieldset>
      <div className="field">
        <label htmlFor="help-description">{t("help.form.description")}</label>
        <p id="help-description-hint" className="field__hint">
          {t("help.form.descriptionHint", { max: HELP_TEXT_MAX })}
        </p>
        <textarea
          id="help-description"
          name="description"
          rows={6}
          maxLength={HELP_TEXT_MAX}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          aria-invalid={descriptionError ? true : undefined}
          aria-describedby={descriptionError ? "help-description-hint help-description-error" : "help-description-hint"}
        />
        <p className="field__hint" aria-live="polite">
          {t("help.form.count", { count: description.length, max: HELP_TEXT_MAX })}
        </p>
        <IdentityWarning text={description} />
        <ChoiceError id="help-description-error" error={descriptionError} />
      </div>
    </>
  );
}
