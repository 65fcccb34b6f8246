import { useEffect, useState } from "react";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import { REPORT_ATTACH_MAX } from "~/domain/mentors/messages";
import { UnlockKeys, useTabKeys } from "~/features/keys/unlock-keys";
import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { openConversation, type EnvelopeRow, type OpenedMessage } from "./conversation.client";

/** A message as a report carries it: who wrote it, when (the sender's clock), and its words. */
export type AttachedMessage = { fromReporter: boolean; sentAt: string; text: string };

/** The chosen messages in the order they were written, as the report's `attached` field holds them. */
export function attachedMessages(opened: readonly OpenedMessage[], chosen: ReadonlySet<string>): AttachedMessage[] {
  return opened.filter((message) => chosen.has(message.id) && message.text !== null).map((message) => ({ fromReporter: message.mine, sentAt: message.sentAt, text: message.text ?? "" }));
}

/**
 * The report page's attachments (decision 032): with the member's keys unlocked in this tab,
 * the conversation's messages are opened here, in the browser, each with a box to tick (at
 * most 20). Only the ticked ones go into the report's hidden `attached` field, as words;
 * nothing else of the conversation leaves the browser. Without JavaScript the report goes
 * without attachments, and the page says so. The hidden field and this part's own unlock
 * form sit outside the report's form (no form inside a form): the field joins it by `form`.
 */
export function ReportAttachments({
  formId,
  mentorshipId,
  ownerId,
  material,
  counterpart,
  messages,
  error,
}: {
  formId: string;
  mentorshipId: string;
  ownerId: string;
  material: KeyMaterial;
  counterpart: { id: string; handle: string; publicKey: string };
  messages: readonly EnvelopeRow[];
  /** A translation key for the attachments, from the server. */
  error?: string;
}) {
  const { t, i18n } = useTranslation();
  const { keys, ready, setKeys } = useTabKeys();
  const [opened, setOpened] = useState<OpenedMessage[] | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    if (!keys) return;
    let current = true;
    openConversation({ mentorshipId, ownerId, counterpart }, messages, keys).then((shown) => current && setOpened(shown));
    return () => {
      current = false;
    };
    // The parties are rebuilt every render from these values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keys, messages, mentorshipId, ownerId, counterpart.id, counterpart.publicKey]);

  function toggle(id: string, on: boolean) {
    setChosen((now) => {
      const next = new Set(now);
      if (on && next.size < REPORT_ATTACH_MAX) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  const full = chosen.size >= REPORT_ATTACH_MAX;
  return (
    <section className="field" aria-labelledby="report-attach-title" data-testid="report-attachments">
      <h2 id="report-attach-title">{t("reports.member.attach.title")}</h2>
      <p className="field__hint">{t("reports.member.attach.explain", { max: REPORT_ATTACH_MAX })}</p>
      <noscript>
        <p className="form-message form-message--info">{t("reports.member.attach.noScript")}</p>
      </noscript>
      {ready && !keys ? <UnlockKeys material={material} onUnlocked={setKeys} /> : null}
      {keys && !opened ? <p role="status">{t("reports.member.attach.opening")}</p> : null}
      {opened && opened.length === 0 ? <p>{t("reports.member.attach.none")}</p> : null}
      {opened && opened.length > 0 ? (
        <>
          <ol className="messages report-attach-list" data-testid="report-attach-list">
            {opened.map((message) => {
              const checked = chosen.has(message.id);
              const author = message.mine ? t("reports.member.attach.you") : counterpart.handle;
              return (
                <li key={message.id} className={message.mine ? "message message--mine" : "message message--theirs"} data-message={message.id}>
                  <label className="choice">
                    <input
                      type="checkbox"
                      checked={checked}
                      disabled={message.text === null || (full && !checked)}
                      onChange={(event) => toggle(message.id, event.target.checked)}
                    />
                    <span className="message__text">{message.text ?? t("reports.member.attach.unreadable")}</span>
                  </label>
                  <p className="message__meta">
                    {author} · <time dateTime={message.sentAt}>{formatDateTime(message.sentAt, i18n.language)}</time>
                  </p>
                </li>
              );
            })}
          </ol>
          <p role="status" aria-live="polite">
            {full ? t("reports.member.attach.full", { max: REPORT_ATTACH_MAX }) : t("reports.member.attach.chosen", { count: chosen.size, max: REPORT_ATTACH_MAX })}
          </p>
        </>
      ) : null}
      <input type="hidden" name="attached" form={formId} value={JSON.stringify(opened ? attachedMessages(opened, chosen) : [])} />
      {error ? (
        <p className="field__error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </section>
  );
}
