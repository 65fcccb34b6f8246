import { useEffect, useRef, useState } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { SafetyNumberText, useSafetyNumberOf } from "~/features/keys/safety-number";
import type { HandledKeyChange } from "./identity-vault.client";

/**
 * The loud warning when a social worker's key is not the one the member's browser pinned
 * (decision 014). Nothing was sealed or sent. It names each worker, shows both safety
 * numbers, says in plain words what may have happened and what to do, and lets the member
 * go on only after ticking that they compared the new number with the worker; going on
 * then accepts exactly the keys shown here. It takes the focus, so that a member who pressed
 * a button further down the page is brought to it.
 */
export function KeyChangedWarning({
  changes,
  action,
  busy,
  onAccept,
  onDismiss,
}: {
  changes: readonly HandledKeyChange[];
  action: "share" | "revoke";
  busy: boolean;
  onAccept: () => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const [compared, setCompared] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.focus();
  }, []);
  const handles = changes.map((change) => change.handle).join(t("list.separator"));
  return (
    <div className="key-warning" role="alert" tabIndex={-1} ref={panel} aria-labelledby="key-warning-title" data-testid="key-warning">
      <h2 id="key-warning-title">{t("safetyNumber.changedTitle", { handle: handles })}</h2>
      <p>{t(action === "share" ? "safetyNumber.changedNothingShared" : "safetyNumber.changedNothingRevoked")}</p>
      <p>{t("safetyNumber.changedWhy", { handle: handles })}</p>
      {changes.map((change) => (
        <ChangedNumbers key={change.userId} change={change} />
      ))}
      <p>
        <strong>{t("safetyNumber.changedWhatToDo", { handle: handles })}</strong>
      </p>
      <p>{t(action === "share" ? "safetyNumber.changedIfDifferentShare" : "safetyNumber.changedIfDifferentRevoke", { handle: handles })}</p>
      <div className="checkbox">
        <input id="key-warning-compared" type="checkbox" checked={compared} onChange={(event) => setCompared(event.target.checked)} />
        <label htmlFor="key-warning-compared">{t("safetyNumber.changedCompared", { handle: handles })}</label>
      </div>
      <div className="actions">
        <button type="button" className="button button--danger" disabled={!compared || busy} onClick={onAccept}>
          {t("safetyNumber.changedAccept")}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={onDismiss}>
          {t("safetyNumber.changedCancel")}
        </button>
      </div>
    </div>
  );
}

function ChangedNumbers({ change }: { change: HandledKeyChange }) {
  const { t } = useTranslation();
  const before = useSafetyNumberOf(change.pinnedKey);
  const now = useSafetyNumberOf(change.currentKey);
  return (
    <dl className="facts">
      <dt>{t("safetyNumber.changedBefore", { handle: change.handle })}</dt>
      <dd>
        <SafetyNumberText number={before} />
      </dd>
      <dt>{t("safetyNumber.changedNow", { handle: change.handle })}</dt>
      <dd>
        <SafetyNumberText number={now} />
      </dd>
    </dl>
  );
}
