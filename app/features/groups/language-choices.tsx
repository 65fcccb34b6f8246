import { GROUP_LANGUAGES, type GroupLanguage } from "~/domain/groups/meeting-fields";
import { useTranslation } from "~/i18n/use-translation";

/**
 * The languages spoken, as checkboxes "language_<code>" (groups and hotlines read them so),
 * ticked as given, else Mandarin; an error beside them as `<idPrefix>-languages-error`.
 */
export function LanguageChoices({ idPrefix, legend, chosen, error }: { idPrefix: string; legend: string; chosen?: readonly GroupLanguage[]; error?: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="field" aria-describedby={error ? `${idPrefix}-languages-error` : undefined}>
      <legend>{legend}</legend>
      {GROUP_LANGUAGES.map((language) => (
        <label key={language} className="choice">
          <input type="checkbox" name={`language_${language}`} defaultChecked={chosen ? chosen.includes(language) : language === "zh-CN"} /> {t(`groups.languages.${language}`)}
        </label>
      ))}
      {error ? (
        <p id={`${idPrefix}-languages-error`} className="field__error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </fieldset>
  );
}
