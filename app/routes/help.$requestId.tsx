import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage, TextAreaField } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { actOnRequest, getRequestTimeline, postToRequest, type ActResult, type PostResult } from "~/data/help-requests.server";
import { getLiveRequestShare, getRequestShareRecipient } from "~/data/request-identity-shares.server";
import { keptAreas } from "~/data/kept-areas.server";
import { asMember } from "~/data/rls.server";
import { listStaffCards } from "~/data/staff-cards.server";
import { areaName, areaWordsById } from "~/domain/areas/areas";
import { memberChoices, memberTimeline, statusMeaning } from "~/domain/help/member-view";
import { askedFacts } from "~/domain/help/request-facts";
import { HELP_TEXT_MAX } from "~/features/help/help-request-fields";
import { RequestShareLink } from "~/features/help/request-share-link";
import { fieldError, formFailure } from "~/forms/form-reply";
import { memberText } from "~/forms/member-text";
import { formReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { formatDateTime } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "help.page.title");

const RequestId = z.uuid();

/** The confirmations a redirect after a change brings (?done=…). */
const DONE = ["sent", "replied", "withdrawn"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const requestId = RequestId.safeParse(params.requestId);
  if (!requestId.success) throw new Response(null, { status: 404 });
  const [{ account, read }, areas] = await Promise.all([
    readForAccount(request, context, async (trx) => {
      const [timeline, shareWorker, liveShare, cards] = await Promise.all([
        getRequestTimeline(trx, requestId.data),
        getRequestShareRecipient(trx, requestId.data),
        getLiveRequestShare(trx, requestId.data),
        // The cards of the staff this member deals with (RLS): those serving their area, and those on their requests.
        listStaffCards(trx),
      ]);
      return timeline ? { timeline, shareWorker, liveShare, cards } : null;
    }),
    keptAreas(),
  ]);
  // RLS shows a member only their own requests: anyone else's, or a made-up id, is not found.
  if (!read || read.timeline.request.memberId !== account.userId) throw new Response(null, { status: 404 });
  const { request: help, events } = read.timeline;
  const search = new URL(request.url).searchParams;
  const done = DONE.find((word) => search.get("done") === word) ?? null;
  const areaNames = areaWordsById(areas);
  const names = new Map(read.cards.map((card) => [card.userId, card.displayName]));
  const lines = memberTimeline(events, account.userId, names).map((line) => ({
    ...line,
    at: line.at.toISOString(),
    area: line.kind === "transfer" && line.toAreaId ? (areaNames.get(line.toAreaId) ?? null) : null,
  }));
  return {
    help: askedFacts(help),
    meaning: statusMeaning(help.status),
    choices: memberChoices(help.status),
    lines,
    done,
    confirmingWithdraw: search.get("withdraw") === "confirm",
    // A reply sent twice (a double tap, a resend) is stored once.
    replyKey: crypto.randomUUID(),
    identityShare: { worker: read.shareWorker ? { handle: read.shareWorker.handle, card: read.shareWorker.card } : null, shared: read.liveShare !== undefined },
  };
}

const RequestAction = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("reply"),
      body: memberText(HELP_TEXT_MAX, "errors.help.tooLong").refine((body) => body.length > 0, "errors.help.messageEmpty"),
      idempotencyKey: z.uuid("errors.form.invalid"),
    }),
    z.object({ intent: z.literal("withdraw") }),
  ],
  { error: "errors.form.invalid" },
);

const REFUSALS: Refusals<RefusalReason<ActResult | PostResult>> = {
  "not-found": refusal(404, formFailure("errors.help.notFound")),
  "not-now": refusal(409, formFailure("errors.help.notNow")),
  "note-required": refusal(409, formFailure("errors.help.notNow")),
  closed: refusal(409, formFailure("errors.help.closed")),
  "not-allowed": refusal(403, formFailure("errors.help.notFound")),
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const requestId = RequestId.safeParse(params.requestId);
  if (!requestId.success) throw new Response(null, { status: 404 });
  const form = await parseForm(request, RequestAction);
  if (!form.ok) return formReply(form);
  const { value } = form;
  const result = await asMember(await getDatabase(), account.userId, (trx): Promise<ActResult | PostResult> =>
    value.intent === "reply" ? postToRequest(trx, requestId.data, { body: value.body, internal: false, idempotencyKey: value.idempotencyKey }) : actOnRequest(trx, requestId.data, "withdraw"),
  );
  if (!result.ok) return formReply(REFUSALS[result.reason]);
  return redirect(`/help/${requestId.data}?done=${value.intent === "reply" ? "replied" : "withdrawn"}`);
}

export default function HelpRequestPage() {
  const { help, meaning, choices, lines, done, confirmingWithdraw, identityShare, replyKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const when = (at: string) => formatDateTime(at, i18n.language);
  return (
    <section className="panel" aria-labelledby="help-request-title">
      <p className="breadcrumb">
        <PageLink to="/help">{t("help.back")}</PageLink>
      </p>
      <h1 id="help-request-title">{t(`help.categories.${help.category}.name`)}</h1>
      <FormMessage tone="info" message={done ? `help.page.${done}` : undefined} />
      <h2>{t("help.page.status")}</h2>
      <p data-testid="help-status">
        <strong>{t(`help.statuses.${help.status}`)}</strong> — {t(`help.meanings.${meaning}`)}
      </p>
      <h2>{t("help.page.whatYouAsked")}</h2>
      <dl>
        <dt>{t("help.page.category")}</dt>
        <dd>{t(`help.categories.${help.category}.name`)}</dd>
        <dt>{t("help.page.urgency")}</dt>
        <dd>{t(`help.urgencies.${help.urgency}`)}</dd>
        <dt>{t("help.page.contactWay")}</dt>
        <dd>{t(`help.contactWays.${help.contactWay}`)}</dd>
      </dl>
      <p className="help-text">
        {help.description}
      </p>
      <p className="field__hint">{t("help.asked", { when: when(help.createdAt) })}</p>
      <RequestShareLink requestId={help.id} open={choices.reply} worker={identityShare.worker} shared={identityShare.shared} />
      <h2>{t("help.page.timeline")}</h2>
      <ol className="request-list" data-testid="help-timeline">
        {lines.map((line) => (
          <li key={line.id}>
            <p className="field__hint">{when(line.at)}</p>
            {line.kind === "message" ? (
              <p className="help-text">
                <strong>{line.workerName ? t("help.page.workerNamed", { name: line.workerName }) : t(`help.page.${line.from}`)}:</strong> {line.body}
              </p>
            ) : null}
            {line.kind === "status" ? (
              <>
                <p>{t("help.page.statusTo", { status: t(`help.statuses.${line.status}`) })}</p>
                {line.note ? <p className="help-text">{t("help.page.note", { note: line.note })}</p> : null}
              </>
            ) : null}
            {line.kind === "assignment" ? <p>{line.workerName ? t("help.page.assignmentNamed", { name: line.workerName }) : t("help.page.assignment")}</p> : null}
            {line.kind === "transfer" ? (
              <>
                <p>{line.area ? t("help.page.transfer", { area: areaName(line.area, i18n.language) }) : t("help.page.transferElsewhere")}</p>
                {line.note ? <p className="help-text">{t("help.page.note", { note: line.note })}</p> : null}
              </>
            ) : null}
          </li>
        ))}
      </ol>
      {choices.reply ? (
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="idempotencyKey" value={replyKey} />
          <TextAreaField id="help-reply" name="body" label={t("help.page.reply")} hint={t("help.form.descriptionHint", { max: HELP_TEXT_MAX })} maxLength={HELP_TEXT_MAX} rows={4} error={fieldError(reply, "body")} />
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("help.page.send")}
          </button>
        </Form>
      ) : null}
      {choices.withdraw && !confirmingWithdraw ? (
        <p>
          <PageLink to={`/help/${help.id}?withdraw=confirm`}>{t("help.page.withdraw")}</PageLink>
        </p>
      ) : null}
      {choices.withdraw && confirmingWithdraw ? (
        <Form method="post" className="panel" aria-labelledby="help-withdraw-question">
          <CsrfField />
          <p id="help-withdraw-question">{t("help.page.withdrawConfirm")}</p>
          <button type="submit" className="button" name="intent" value="withdraw">
            {t("help.page.withdrawYes")}
          </button>{" "}
          <PageLink to={`/help/${help.id}`}>{t("help.page.withdrawNo")}</PageLink>
        </Form>
      ) : null}
      <FormMessage message={reply && !reply.ok ? reply.formError : undefined} />
    </section>
  );
}
