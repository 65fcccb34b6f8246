import { forwardRef, useEffect, useRef, useState, type InputHTMLAttributes, type ReactNode } from "react";
import { useHydrated } from "~/components/ui/use-hydrated";
import { HANDLE_MAX } from "~/domain/accounts/handle";
import { PASSPHRASE_MAX } from "~/domain/accounts/passphrase";
import { useTranslation } from "~/i18n/use-translation";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  /** A translation key, shown beside the field and announced. */
  error?: string;
  /** Numbers the error's message names (a field's own limit). */
  errorValues?: Record<string, number>;
  hint?: string;
  /** Shown after the input, inside the field (a show/hide button). */
  children?: ReactNode;
};

/**
 * A labelled input with its hint and error tied to it for screen readers. Secret
 * inputs are given no name, so a form posted without scripts cannot carry them.
 */
export const FormField = forwardRef<HTMLInputElement, FieldProps>(function FormField({ id, label, error, errorValues, hint, children, ...input }, ref) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} errorValues={errorValues} after={children}>
      {(described) => <input ref={ref} id={id} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />}
    </LabelledField>
  );
});

/** The frame every field shares: label, hint, the control (given the ids describing it), error. */
function LabelledField(props: { id: string; label: string; hint?: string; error?: string; errorValues?: Record<string, number>; after?: ReactNode; children: (described: string | undefined) => ReactNode }) {
  const { id, hint, error } = props;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {props.children(described)}
      {props.after}
      <FieldError id={id} error={error} values={props.errorValues} />
    </div>
  );
}

type TextAreaProps = { id: string; name: string; label: string; hint?: string; error?: string; maxLength: number; rows?: number; defaultValue?: string };

/** A longer text (a note, a description) with its hint and error tied to it, like FormField. */
export function TextAreaField({ id, label, hint, error, rows = 3, ...textarea }: TextAreaProps) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error}>
      {(described) => <textarea id={id} rows={rows} aria-invalid={error ? true : undefined} aria-describedby={described} {...textarea} />}
    </LabelledField>
  );
}

/**
 * A field's error (a translation key), announced and tied to the field by id. Its words may not
 * have come yet (a page carries only the words it shows at first): until they have, there is no
 * alert at all rather than an empty one, as for FormMessage.
 */
function FieldError({ id, error, values }: { id: string; error?: string; values?: Record<string, number> }) {
  const { t } = useTranslation();
  const text = error ? (values ? t(error, values) : t(error)) : null;
  if (!text) return null;
  return (
    <p id={`${id}-error`} className="field__error" role="alert">
      {text}
    </p>
  );
}

/**
 * A message for the whole form (a translation key), placed right after the form's button so
 * that it appears where the member just tapped. Confirmations go into a polite live region
 * that is on the page before they arrive (a region added together with its text is often not
 * read out); failures are alerts, read out when they appear.
 */
export function FormMessage({ message, tone = "error", values }: { message?: string; tone?: "error" | "info"; values?: Record<string, number> }) {
  const { t } = useTranslation();
  const text = message ? (values ? t(message, values) : t(message)) : null;
  const shown = useRef<HTMLParagraphElement>(null);
  // A button near the bottom edge would leave its message just below the screen.
  useEffect(() => {
    if (text) shown.current?.scrollIntoView({ block: "nearest" });
  }, [text]);
  return (
    <>
      <div role="status" aria-live="polite" className="form-status">
        {text && tone === "info" ? (
          <p ref={shown} className="form-message form-message--info">
            {text}
          </p>
        ) : null}
      </div>
      {text && tone === "error" ? (
        <p ref={shown} className="form-message form-message--error" role="alert">
          {text}
        </p>
      ) : null}
    </>
  );
}

/** The pseudonym field, the same on every form that asks for it. */
export function HandleField({ error, hint }: { error?: string; hint?: string }) {
  const { t } = useTranslation();
  return (
    <FormField
      id="handle"
      name="handle"
      label={t("fields.handle")}
      hint={hint}
      autoComplete="username"
      autoCapitalize="none"
      spellCheck={false}
      maxLength={HANDLE_MAX * 2}
      error={error}
      required
    />
  );
}

type SecretProps = { id: string; label: string; error?: string; hint?: string; autoComplete: "current-password" | "new-password" | "off" };

/**
 * A passphrase or recovery code: read by script through the ref, never given a name, never posted.
 * `visible` is how it starts; the show/hide button needs scripts, so without them it stays as it starts.
 */
export const SecretField = forwardRef<HTMLInputElement, SecretProps & { visible?: boolean }>(function SecretField(
  { visible = false, ...props },
  ref,
) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [shown, setShown] = useState(visible);
  return (
    <FormField ref={ref} type={shown ? "text" : "password"} maxLength={PASSPHRASE_MAX} spellCheck={false} required {...props}>
      {hydrated ? (
        <button
          type="button"
          className="link-button field__toggle"
          aria-controls={props.id}
          data-testid={`${props.id}-toggle`}
          onClick={() => setShown((now) => !now)}
        >
          {t(shown ? "fields.hideSecret" : "fields.showSecret")}
        </button>
      ) : null}
    </FormField>
  );
});

type SelectProps = {
  id: string;
  name: string;
  label: string;
  error?: string;
  defaultValue?: string;
  /** Called with the chosen value, for pages that show something about the choice. */
  onChange?: (value: string) => void;
  children: ReactNode;
};

export function SelectField({ id, name, label, error, defaultValue, onChange, children }: SelectProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        onChange={onChange ? (event) => onChange(event.target.value) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {children}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}
