import { forwardRef, type InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  /** A translation key, shown beside the field and announced. */
  error?: string;
  hint?: string;
};

/**
 * A labelled input with its hint and error tied to it for screen readers. Secret
 * inputs are given no name, so a form posted without scripts cannot carry them.
 */
export const FormField = forwardRef<HTMLInputElement, FieldProps>(function FormField({ id, label, error, hint, ...input }, ref) {
  const { t } = useTranslation();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <input ref={ref} id={id} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
});

/** A message for the whole form (a translation key). */
export function FormMessage({ message, tone = "error" }: { message?: string; tone?: "error" | "info" }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <p className={`form-message form-message--${tone}`} role={tone === "error" ? "alert" : "status"}>
      {t(message)}
    </p>
  );
}
