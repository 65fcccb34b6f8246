import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { answerNotification, listOwnNotifications, markOwnNotificationsRead } from "~/data/talk-requests.server";
import { formFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { NotificationAction } from "~/forms/talk-now";
import { formatDateTime } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { read } = await readForAccount(request, context, listOwnNotifications);
  return { notifications: read.map((notification) => ({ ...notification, createdAt: notification.createdAt.toISOString() })) };
}

const GONE = refusal(404, formFailure("errors.talkNow.notFound"));

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, NotificationAction);
  if (!form.ok) return formReply(form);
  const { value } = form;
  const db = await getDatabase();
  if (value.intent === "read-all") {
    await asMember(db, account.userId, markOwnNotificationsRead);
    return redirect("/notifications", 303);
  }
  const answered = await asMember(db, account.userId, (trx) => answerNotification(trx, value.notificationId));
  return answered.ok ? redirect("/notifications", 303) : formReply(GONE);
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const unread = notifications.some((notification) => !notification.read);
  return (
    <section className="panel" aria-labelledby="notifications-title">
      <h1 id="notifications-title">{t("notifications.title")}</h1>
      <FormMessage message={reply?.formError} />
      {notifications.length === 0 ? <p>{t("notifications.none")}</p> : null}
      <ul className="notifications">
        {notifications.map((notification) => (
          <li key={notification.id} className={notification.read ? "notifications__item" : "notifications__item notifications__item--new"}>
            <p className="notifications__what">
              {notification.read ? null : <span className="notifications__new">{t("notifications.new")}</span>}
              {t(`notifications.kinds.${notification.kind}`, { handle: notification.memberHandle ?? t("notifications.someone") })}
            </p>
            <p className="field__hint">
              <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt, i18n.language)}</time>
            </p>
            {notification.mentorshipId ? (
              <p>
                <PageLink to={`/mentors/${notification.mentorshipId}`}>{t("notifications.openConversation")}</PageLink>
              </p>
            ) : null}
            {notification.note ? <p className="group-description">{t("notifications.note", { note: notification.note })}</p> : null}
            {notification.kind === "talk_request" ? <TalkRequestAnswer notification={notification} busy={navigation.state === "submitting"} /> : null}
          </li>
        ))}
      </ul>
      {unread ? (
        <Form method="post">
          <CsrfField />
          <button type="submit" name="intent" value="read-all" className="button button--secondary" disabled={navigation.state === "submitting"}>
            {t("notifications.readAll")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** An ask to talk: taken back, answered (by this person or another), or the button that says "I'll reply". */
function TalkRequestAnswer({
  notification,
  busy,
}: {
  notification: { id: string; cancelled: boolean; answered: boolean; answeredBySomeone: boolean };
  busy: boolean;
}) {
  const { t } = useTranslation();
  if (notification.cancelled) return <p>{t("notifications.cancelled")}</p>;
  if (notification.answered) return <p>{t("notifications.answered")}</p>;
  return (
    <>
      {notification.answeredBySomeone ? <p>{t("notifications.answeredByOther")}</p> : null}
      <p>{t("notifications.howToReply")}</p>
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="notificationId" value={notification.id} />
        <button type="submit" name="intent" value="answer" className="button" disabled={busy}>
          {t("notifications.answer")}
        </button>
      </Form>
    </>
  );
}
