import { Form } from "@remix-run/react";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage, TextAreaField } from "~/components/ui/form-field";
import { TEXT_LIMITS } from "~/domain/groups/meeting-fields";
import { fieldError } from "~/forms/form-reply";
import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

type Reply = { ok: true; done: string } | { ok: false; formError?: string } | undefined;

/** The group's latest announcements for its members; its leaders also post here. */
export function Announcements({ announcements, isLeader, reply, busy }: { announcements: { id: string; body: string; createdAt: Date | string }[]; isLeader: boolean; reply: Reply; busy: boolean }) {
  const { t, i18n } = useTranslation();
  if (!isLeader && announcements.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="announcements-title">
      <h2 id="announcements-title">{t("groups.announcements.title")}</h2>
      {announcements.length === 0 ? <p>{t("groups.announcements.none")}</p> : null}
      <ul className="request-list">
        {announcements.map((announcement) => (
          <li key={announcement.id}>
            <p className="field__hint">{formatDateTime(announcement.createdAt, i18n.language)}</p>
            <p className="group-description">{announcement.body}</p>
          </li>
        ))}
      </ul>
      {isLeader ? (
        <Form method="post" preventScrollReset>
          <CsrfField />
          <input type="hidden" name="intent" value="announce" />
          <TextAreaField id="announcement-body" name="body" label={t("groups.announcements.write")} hint={t("groups.announcements.hint")} maxLength={TEXT_LIMITS.announcement} error={fieldError(reply, "body")} />
          <button type="submit" className="button" disabled={busy}>
            {t("groups.announcements.post")}
          </button>
          <FormMessage message={reply?.ok && reply.done === "announce" ? "groups.announcements.posted" : undefined} tone="info" />
        </Form>
      ) : null}
    </section>
  );
}
