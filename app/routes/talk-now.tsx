import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage, TextAreaField } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { askToTalk, cancelTalkRequest, latestOwnTalkRequest } from "~/data/talk-requests.server";
import { mayAskToTalk, TALK_NOTE_MAX_LENGTH } from "~/domain/notifications/talk-requests";
import { fieldError, formFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal, type Refusals } from "~/forms/parse-form.server";
import { TalkNowAction } from "~/forms/talk-now";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "talkNow.title");

/** What the page says after a redirect: nobody to alert, or the ask taken back. */
const SHOWN = ["nobody", "cancelled"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { read: latest } = await readForAccount(request, context, latestOwnTalkRequest);
  const shown = new URL(request.url).searchParams.get("shown");
  const may = mayAskToTalk({ open: latest?.open ?? false, lastAskedAt: latest?.createdAt ?? null }, new Date());
  return {
    open: latest?.open ? { id: latest.id, alerted: latest.alertedCount } : null,
    answered: latest?.answered === true,
    pausing: !may.ok && may.reason === "too-soon",
    shown: SHOWN.find((word) => word === shown) ?? null,
  };
}

const REFUSALS: Refusals<"too-soon" | "not-allowed" | "not-found"> = {
  "too-soon": refusal(429, formFailure("errors.talkNow.tooSoon")),
  "not-allowed": refusal(403, formFailure("errors.form.signedOut")),
  "not-found": refusal(404, formFailure("errors.talkNow.notFound")),
};

/** Where an ask leads: its page showing who was told, or (nobody to tell) the hotlines. */
const AFTER_ASK = { sent: "/talk-now", "already-open": "/talk-now", nobody: "/talk-now?shown=nobody" } as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, TalkNowAction);
  if (!form.ok) return formReply(form);
  const { value } = form;
  const db = await getDatabase();
  if (value.intent === "cancel") {
    const cancelled = await asMember(db, account.userId, (trx) => cancelTalkRequest(trx, value.requestId));
    return cancelled.ok ? redirect("/talk-now?shown=cancelled", 303) : formReply(REFUSALS["not-found"]);
  }
  const asked = await asMember(db, account.userId, (trx) => askToTalk(trx, value.note));
  if (asked.ok) return redirect(AFTER_ASK.sent, 303);
  if (asked.reason === "too-soon" || asked.reason === "not-allowed") return formReply(REFUSALS[asked.reason]);
  return redirect(AFTER_ASK[asked.reason], 303);
}

export default function TalkNow() {
  const { open, answered, pausing, shown } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="talk-now-title">
      <h1 id="talk-now-title">{t("talkNow.title")}</h1>
      <FormMessage message={reply?.formError} />
      {open ? (
        <>
          <p role="status">
            {t("talkNow.sent", { count: open.alerted })}
          </p>
          <p>{t("talkNow.whileWaiting")}</p>
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="requestId" value={open.id} />
            <button type="submit" name="intent" value="cancel" className="button button--secondary" disabled={navigation.state === "submitting"}>
              {t("talkNow.cancel")}
            </button>
          </Form>
        </>
      ) : (
        <>
          {shown === "nobody" ? (
            <p role="status">
              {t("talkNow.nobody")}
            </p>
          ) : null}
          {shown === "cancelled" ? <p role="status">{t("talkNow.cancelled")}</p> : null}
          {answered && shown === null ? <p role="status">{t("talkNow.answered")}</p> : null}
          {pausing ? (
            <p>{t("talkNow.pausing")}</p>
          ) : (
            <Form method="post">
              <CsrfField />
              <p>{t("talkNow.explain")}</p>
              <TextAreaField id="talk-note" name="note" label={t("talkNow.note")} hint={t("talkNow.noteHint", { max: TALK_NOTE_MAX_LENGTH })} maxLength={TALK_NOTE_MAX_LENGTH} rows={2} error={fieldError(reply, "note")} />
              <button type="submit" name="intent" value="ask" className="button" disabled={navigation.state === "submitting"}>
                {t("talkNow.ask")}
              </button>
            </Form>
          )}
        </>
      )}
      <p>
        <PageLink to="/crisis">{t("talkNow.hotlines")}</PageLink>
      </p>
    </section>
  );
}
