import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { recoveryCodeFileText, recoveryCodeGroups } from "~/domain/formats/recovery-code";
import { titleText } from "~/i18n/meta";

/**
 * What the last copy/save/print did, said in the panel's live region; `count` renders each
 * tap as a new line there, so that tapping "copy" twice is read out twice.
 */
type Feedback = { kind: "copied" | "selected" | "saved" | "printing"; count: number } | null;

/** The file's name says nothing about the portal: it may sit in a shared Downloads folder. */
const FILE_NAME = "recovery-code.txt";

/**
 * Shows a recovery code once (the page's heading on sign-up and recovery, a section's on the
 * account page) and asks the member to confirm they saved it: copy, save as a
 * file, print (only the code and its explanation, see the print styles), and groups that
 * never break inside on a small screen.
 */
export function RecoveryCodePanel({ code, onConfirmed, heading: Heading = "h1" }: { code: string; onConfirmed: () => void; heading?: "h1" | "h2" }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const say = (kind: NonNullable<Feedback>["kind"]) => setFeedback((last) => ({ kind, count: (last?.count ?? 0) + 1 }));
  const codeText = useRef<HTMLParagraphElement>(null);
  const checkboxId = useId();

  // The page's title says what the page now is, and goes back when the code is put away.
  useEffect(() => {
    const before = document.title;
    document.title = titleText(t, "recoveryCode.pageTitle");
    return () => {
      document.title = before;
    };
  }, [t]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      say("copied");
    } catch {
      // Clipboard refused (old browser, no permission): select the code for a long-press copy.
      const range = document.createRange();
      if (codeText.current) range.selectNodeContents(codeText.current);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      say("selected");
    }
  }

  function save() {
    const text = recoveryCodeFileText(code, t("recoveryCode.fileExplain"));
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = FILE_NAME;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    say("saved");
  }

  function print() {
    say("printing");
    window.print();
  }

  const groups = recoveryCodeGroups(code);
  return (
    <section className="panel recovery-code" aria-labelledby={`${checkboxId}-title`}>
      <Heading id={`${checkboxId}-title`}>{t("recoveryCode.title")}</Heading>
      <p>{t("recoveryCode.explain")}</p>
      <p ref={codeText} className="recovery-code__value" data-testid="recovery-code" translate="no" aria-label={t("recoveryCode.codeLabel", { code: groups.join(" ") })}>
        {groups.map((group, index) => (
          <span key={index}>
            <span className="recovery-code__group">
              {group}
              {index < groups.length - 1 ? "-" : ""}
            </span>
            {index < groups.length - 1 ? <wbr /> : null}
          </span>
        ))}
      </p>
      <div className="recovery-code__actions">
        <button type="button" className="button button--secondary" data-testid="recovery-code-copy" onClick={copy}>
          {t("recoveryCode.copy")}
        </button>
        <button type="button" className="button button--secondary" data-testid="recovery-code-save" onClick={save}>
          {t("recoveryCode.save")}
        </button>
        <button type="button" className="button button--secondary" data-testid="recovery-code-print" onClick={print}>
          {t("recoveryCode.print")}
        </button>
      </div>
      <p className={feedback ? "form-message form-message--info recovery-code__feedback" : "recovery-code__feedback"} role="status" aria-live="polite" data-testid="recovery-code-feedback">
        {feedback ? <span key={feedback.count}>{t(`recoveryCode.feedback.${feedback.kind}`)}</span> : null}
      </p>
      <p className="field__hint">{t("recoveryCode.once")}</p>
      <div className="checkbox">
        <input id={checkboxId} type="checkbox" data-testid="recovery-code-saved" checked={saved} onChange={(event) => setSaved(event.target.checked)} />
        <label htmlFor={checkboxId}>{t("recoveryCode.confirm")}</label>
      </div>
      <button type="button" className="button" data-testid="recovery-code-continue" disabled={!saved} onClick={onConfirmed}>
        {t("recoveryCode.continue")}
      </button>
    </section>
  );
}
