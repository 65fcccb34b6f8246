import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "~/i18n/use-translation";
import type { UseCaseOptions, UseCaseResult } from "~/forms/form-reply";
import { FormMessage, SecretField } from "~/components/ui/form-field";
import { RecoveryCodePanel } from "~/features/accounts/recovery-code-panel";
import { KeyFormSubmit, NeedsJavascript } from "~/features/keys/key-work";
import { useKeyForm } from "~/features/keys/use-key-form";

/** What the member typed: the tick that says they understand, and their passphrase. */
export type TickAndPassphrase = { confirmed: boolean; passphrase: string };

type Props = {
  /** Prefix of the element ids, and of the field names errors come back under (`<name>Passphrase`, `<name>Confirm`). */
  name: "recovery" | "replace";
  title: string;
  children: ReactNode;
  confirmLabel: string;
  submitLabel: string;
  /** Shown once the member confirmed they saved the new recovery code. */
  doneMessage: string;
  run: (typed: TickAndPassphrase, options: Pick<UseCaseOptions, "onWorking">) => Promise<UseCaseResult<{ recoveryCode: string }>>;
  /**
   * Called once the member has confirmed the new code: the page's key material is old by then.
   * Not earlier: reloading the page's data while the code is on screen raced the member's tick
   * on it. Until then the old material only fails (the passphrase no longer matches its salt).
   */
  onChanged?: () => void;
};

/**
 * A section of the account page for a step that gives the member a new recovery code: it
 * explains when to use it, asks for a tick and the passphrase (errors beside each), and
 * then shows the new code the way sign-up does, with the same "I have saved it" tick.
 */
export function KeyChangeSection({ name, title, children, confirmLabel, submitLabel, doneMessage, run, onChanged }: Props) {
  const { t } = useTranslation();
  const passphrase = useRef<HTMLInputElement>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [recoveryCode, setRecoveryCode] = useState<string>();
  const passphraseField = `${name}Passphrase`;
  const confirmField = `${name}Confirm`;
  const { busy, errors, notice, start, fail, succeed } = useKeyForm([passphraseField, confirmField]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const result = await run({ confirmed, passphrase: passphrase.current?.value ?? "" }, { onWorking: start });
    if (!result.ok) return fail(result);
    form.reset();
    setConfirmed(false);
    succeed();
    setRecoveryCode(result.recoveryCode);
  }

  if (recoveryCode) {
    return (
      <RecoveryCodePanel
        code={recoveryCode}
        heading="h2"
        onConfirmed={() => {
          setRecoveryCode(undefined);
          succeed(doneMessage);
          onChanged?.();
        }}
      />
    );
  }

  const confirmError = errors[confirmField];
  return (
    <section className="panel" aria-labelledby={`${name}-title`}>
      <h2 id={`${name}-title`}>{title}</h2>
      {children}
      <NeedsJavascript />
      <form onSubmit={onSubmit} noValidate>
        <SecretField
          id={`${name}-passphrase`}
          ref={passphrase}
          label={t("fields.currentPassphrase")}
          autoComplete="current-password"
          error={errors[passphraseField]}
        />
        <div className="checkbox">
          <input
            id={`${name}-confirm`}
            type="checkbox"
            checked={confirmed}
            onChange={(event) => setConfirmed(event.target.checked)}
            aria-invalid={confirmError ? true : undefined}
            aria-describedby={confirmError ? `${name}-confirm-error` : undefined}
          />
          <label htmlFor={`${name}-confirm`}>{confirmLabel}</label>
        </div>
        {confirmError ? (
          <p id={`${name}-confirm-error`} className="field__error" role="alert">
            {t(confirmError)}
          </p>
        ) : null}
        <KeyFormSubmit busy={busy} label={submitLabel} />
        <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
      </form>
    </section>
  );
}
