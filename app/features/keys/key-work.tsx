import { useTranslation } from "~/i18n/use-translation";
import { useHydrated } from "~/components/ui/use-hydrated";

/** Shown while the browser derives keys (Argon2id takes a moment on a phone). */
function KeyWorkProgress({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="key-work" role="status" aria-live="polite">
      {active ? (
        <>
          <progress aria-label={t("keys.working")} />
          <span>{t("keys.working")}</span>
        </>
      ) : null}
    </div>
  );
}

/** Pages that encrypt need scripts; say so plainly when they are off. */
export function NeedsJavascript() {
  const { t } = useTranslation();
  return (
    <noscript>
      <p className="form-message form-message--error">{t("keys.needsJavascript")}</p>
    </noscript>
  );
}

/** Progress and the submit button of a form that derives keys: usable once scripts run, idle while working. */
export function KeyFormSubmit({ busy, label }: { busy: boolean; label: string }) {
  const hydrated = useHydrated();
  return (
    <>
      <KeyWorkProgress active={busy} />
      <button type="submit" className="button" disabled={!hydrated || busy}>
        {label}
      </button>
    </>
  );
}
