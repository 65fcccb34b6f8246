import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import type { SealedKeyPin } from "~/crypto/message-pins";
import { FormMessage, TextAreaField } from "~/components/ui/form-field";
import { useCsrfToken } from "~/components/ui/csrf-field";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import { MESSAGE_TEXT_MAX_BYTES } from "~/domain/formats/message-shape";
import { nextSequence } from "~/domain/mentors/messages";
import { NeedsJavascript } from "~/features/keys/key-work";
import { SafetyNumberText, useSafetyNumberOf } from "~/features/keys/safety-number";
import { UnlockKeys, useTabKeys } from "~/features/keys/unlock-keys";
import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import {
  checkPin,
  openConversation,
  pinCounterpartKey,
  postOutgoing,
  sealOutgoing,
  type ConversationParties,
  type EnvelopeRow,
  type OpenedMessage,
  type OutgoingMessage,
  type PinCheck,
} from "./conversation.client";

/** Where the page hears that something of the member's changed (the header's badge listens there too). */
const STREAM = "/api/notifications/stream";
const SEQUENCE_TAKEN = "errors.messages.sequenceTaken";

type Pending = { outgoing: OutgoingMessage; status: "sending" | "failed"; error?: string };

/**
 * The conversation itself: messages opened in this browser, the other person's key checked
 * against this browser's pin (a changed key stops sending until the member compares safety
 * numbers), sending with a visible "not sent, try again", and new messages without reloading.
 */
export function ConversationPanel({
  mentorshipId,
  ownerId,
  material,
  counterpart,
  messages,
  pin,
  canSend,
}: {
  mentorshipId: string;
  ownerId: string;
  material: KeyMaterial;
  counterpart: { id: string; handle: string; publicKey: string };
  messages: readonly EnvelopeRow[];
  pin: SealedKeyPin | null;
  canSend: boolean;
}) {
  const { t, i18n } = useTranslation();
  const csrf = useCsrfToken();
  const revalidator = useRevalidator();
  const { keys, ready, setKeys } = useTabKeys();
  const parties: ConversationParties = { mentorshipId, ownerId, counterpart };
  const [opened, setOpened] = useState<OpenedMessage[] | null>(null);
  const [pinCheck, setPinCheck] = useState<PinCheck | null>(null);
  const [pending, setPending] = useState<Pending[]>([]);
  const [textError, setTextError] = useState<string | undefined>();
  const theirNumber = useSafetyNumberOf(counterpart.publicKey);
  const ownNumber = useSafetyNumberOf(keys?.publicKey ?? null);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (!keys) return;
    let current = true;
    openConversation(parties, messages, keys).then((shown) => current && setOpened(shown));
    return () => {
      current = false;
    };
    // parties is rebuilt every render from these values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keys, messages, mentorshipId, ownerId, counterpart.id, counterpart.publicKey]);

  useEffect(() => {
    if (!keys) return;
    let current = true;
    void (async () => {
      const checked = await checkPin(parties, pin, keys);
      // First time: trust this key and remember it, sealed so that only this member can read it.
      if (checked.kind === "first" && canSend) {
        const pinned = await pinCounterpartKey(parties, keys, csrf);
        if (current) setPinCheck(pinned.ok ? { kind: "same" } : checked);
        return;
      }
      if (current) setPinCheck(checked);
    })();
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keys, pin, counterpart.id, counterpart.publicKey]);

  useLiveReload(revalidator.revalidate);

  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [opened, pending.length]);

  const ownSequences = [...messages.filter((message) => message.senderId === ownerId).map((message) => message.sequence), ...pending.map((entry) => entry.outgoing.sequence)];

  const post = useCallback(
    async (outgoing: OutgoingMessage) => {
      setPending((entries) => [...entries.filter((entry) => entry.outgoing.key !== outgoing.key), { outgoing, status: "sending" }]);
      const reply = await postOutgoing(mentorshipId, outgoing, csrf);
      if (reply.ok) {
        setPending((entries) => entries.filter((entry) => entry.outgoing.key !== outgoing.key));
        revalidator.revalidate();
        return;
      }
      const error = "formError" in reply && reply.formError ? reply.formError : "errors.form.unexpected";
      setPending((entries) => entries.map((entry) => (entry.outgoing.key === outgoing.key ? { outgoing, status: "failed", error } : entry)));
    },
    [mentorshipId, csrf, revalidator],
  );

  async function retry(entry: Pending) {
    if (!keys) return;
    if (entry.error !== SEQUENCE_TAKEN) return post(entry.outgoing);
    // Another device of the member used that number: the same words, sealed again with the next one.
    const others = ownSequences.filter((sequence) => sequence !== entry.outgoing.sequence);
    const resealed = await sealOutgoing(parties, entry.outgoing.text, nextSequence([...others, entry.outgoing.sequence]), keys);
    if (!resealed.ok) return;
    setPending((entries) => entries.filter((other) => other.outgoing.key !== entry.outgoing.key));
    return post(resealed.outgoing);
  }

  async function onSend(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!keys || pinCheck?.kind !== "same") return;
    const form = event.currentTarget;
    const text = String(new FormData(form).get("text") ?? "");
    const sealed = await sealOutgoing(parties, text, nextSequence(ownSequences), keys);
    if (!sealed.ok) return setTextError("fieldErrors" in sealed ? sealed.fieldErrors?.text : undefined);
    setTextError(undefined);
    form.reset();
    await post(sealed.outgoing);
  }

  async function acceptNewKey() {
    if (!keys) return;
    const pinned = await pinCounterpartKey(parties, keys, csrf);
    if (pinned.ok) setPinCheck({ kind: "same" });
  }

  return (
    <>
      <NeedsJavascript />
      <noscript>
        <p className="form-message form-message--error">{t("conversation.needsJavascript")}</p>
      </noscript>
      {ready && !keys ? <UnlockKeys material={material} onUnlocked={setKeys} /> : null}
      {pinCheck?.kind === "changed" ? (
        <div className="form-message form-message--error" role="alert" data-testid="conversation-key-changed">
          <p>
            <strong>{t("conversation.keyChanged.title", { handle: counterpart.handle })}</strong>
          </p>
          <p>{t("conversation.keyChanged.line", { handle: counterpart.handle })}</p>
          <p>
            <SafetyNumberText number={theirNumber} />
          </p>
          <button type="button" className="button button--secondary" onClick={acceptNewKey}>
            {t("conversation.keyChanged.accept")}
          </button>
        </div>
      ) : null}
      <ol className="messages" ref={list} aria-live="polite" data-testid="conversation-messages">
        {(opened ?? []).map((message) => (
          <li key={message.id} className={message.mine ? "message message--mine" : "message message--theirs"} data-message={message.id}>
            {message.missingBefore > 0 ? <p className="field__hint">{t("conversation.missing", { count: message.missingBefore })}</p> : null}
            <p className="message__text">{message.text ?? t(`conversation.problem.${message.problem ?? "unreadable"}`)}</p>
            <p className="message__meta">
              {message.mine ? t("conversation.you") : counterpart.handle} · <time dateTime={message.sentAt}>{formatDateTime(message.sentAt, i18n.language)}</time>
              {message.expiresAt ? <> · {t("conversation.disappearsOn", { date: formatDateTime(message.expiresAt, i18n.language) })}</> : null}
            </p>
          </li>
        ))}
        {pending.map((entry) => (
          <li key={entry.outgoing.key} className="message message--mine message--pending" data-pending={entry.status}>
            <p className="message__text">{entry.outgoing.text}</p>
            <p className="message__meta">
              {entry.status === "sending" ? t("conversation.sending") : <strong>{t("conversation.notSent")}</strong>}{" "}
              {entry.status === "failed" ? (
                <button type="button" className="button button--secondary" onClick={() => void retry(entry)}>
                  {t("conversation.retry")}
                </button>
              ) : null}
            </p>
            {entry.status === "failed" && entry.error ? <FormMessage message={entry.error} /> : null}
          </li>
        ))}
      </ol>
      {keys && opened && opened.length === 0 && pending.length === 0 ? <p>{t("conversation.empty")}</p> : null}
      {/* Only with the keys open: without them (or without JavaScript) nothing could be sealed. */}
      {canSend && keys ? (
        <form onSubmit={(event) => void onSend(event)} noValidate aria-label={t("conversation.write")}>
          <TextAreaField
            id="conversation-text"
            name="text"
            label={t("conversation.write")}
            hint={t("conversation.writeHint", { max: MESSAGE_TEXT_MAX_BYTES })}
            error={textError}
            maxLength={MESSAGE_TEXT_MAX_BYTES}
            rows={3}
          />
          <button type="submit" className="button" disabled={pinCheck?.kind !== "same"}>
            {t("conversation.send")}
          </button>
        </form>
      ) : null}
      <details className="field">
        <summary>{t("conversation.safety.title", { handle: counterpart.handle })}</summary>
        <p>{t("conversation.safety.line", { handle: counterpart.handle })}</p>
        <p>
          {t("conversation.safety.theirs", { handle: counterpart.handle })}
          <br />
          <SafetyNumberText number={theirNumber} id="conversation-their-number" />
        </p>
        {keys ? (
          <p>
            {t("conversation.safety.yours")}
            <br />
            <SafetyNumberText number={ownNumber} id="conversation-own-number" />
          </p>
        ) : null}
      </details>
    </>
  );
}

/** Reloads the page's data when the server says something of the member's changed (a new message from either side). */
function useLiveReload(reload: () => void) {
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const events = new EventSource(STREAM);
    events.addEventListener("signal", () => latest.current());
    events.addEventListener("end", () => events.close());
    return () => events.close();
  }, []);
}
