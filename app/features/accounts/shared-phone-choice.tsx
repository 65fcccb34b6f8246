import { useTranslation } from "~/i18n/use-translation";
import { SHARED_PHONE_LIFETIME_SECONDS, SHARED_PHONE_LOCK_MINUTES } from "~/domain/sessions/session-terms";

/** The checkbox's name: the page reads it from the form (FormData) and the use case posts it as a checkbox would. */
export const SHARED_PHONE_FIELD = "sharedPhone";

/**
 * "This is a shared or borrowed phone", on every form that starts a session (sign-in,
 * sign-up, recovery): the session then ends with the browser, lasts hours instead of days
 * and locks after a few minutes without use (domain/sessions/session-terms.ts).
 */
export function SharedPhoneChoice() {
  const { t } = useTranslation();
  return (
    <div>
      <div className="checkbox">
        <input id="shared-phone" name={SHARED_PHONE_FIELD} type="checkbox" value="on" aria-describedby="shared-phone-hint" />
        <label htmlFor="shared-phone">{t("sharedPhone.label")}</label>
      </div>
      <p id="shared-phone-hint" className="field__hint">
        {t("sharedPhone.hint", { hours: SHARED_PHONE_LIFETIME_SECONDS / 3600, minutes: SHARED_PHONE_LOCK_MINUTES })}
      </p>
    </div>
  );
}

/** Whether the form's shared-phone box is ticked. */
export function sharedPhoneTicked(form: HTMLFormElement): boolean {
  return new FormData(form).get(SHARED_PHONE_FIELD) === "on";
}
