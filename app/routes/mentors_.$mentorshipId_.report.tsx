import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { keyMaterial, readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage, TextAreaField } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { blockMember } from "~/data/mentors.server";
import { getConversation, listConversationMessages, reportMember, type ReportOutcome, toEnvelopeRow } from "~/data/messages.server";
import { asMember } from "~/data/rls.server";
import { REPORT_NOTE_MAX, REPORT_REASONS } from "~/domain/mentors/messages";
import { ReportAttachments } from "~/features/messages/report-attachments";
import { fieldError, formFailure } from "~/forms/form-reply";
import { ReportForm } from "~/forms/message-payloads";
import { parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reports.member.title");

const MentorshipId = z.uuid();
const FORM_ID = "report-form";

/** What the page says after a report went in (post, then redirect: a reload sends nothing twice). */
const SHOWN = ["sent", "sentBlocked"] as const;

/**
 * A member reports the other person of one of their mentorships to the staff of that person's
 * area (migration 0053): why, a note, and, if they choose, messages they open and attach in
 * this browser; nothing else of the conversation leaves it. Without JavaScript the report
 * works with no attachments. Anyone else's mentorship, or a made-up id, is not found.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const id = MentorshipId.safeParse(params.mentorshipId);
  if (!id.success) throw new Response(null, { status: 404 });
  const mentorshipId = id.data;
  const { account, read } = await readForAccount(request, context, async (trx) => {
    const conversation = await getConversation(trx, mentorshipId);
    if (!conversation) return null;
    return { conversation, messages: await listConversationMessages(trx, mentorshipId) };
  });
  if (!read) throw new Response(null, { status: 404 });
  const { conversation, messages } = read;
  const shown = new URL(request.url).searchParams.get("shown");
  return {
    mentorshipId,
    ownerId: account.userId,
    material: keyMaterial(account),
    counterpart: conversation.counterpart,
    messages: messages.map(toEnvelopeRow),
    shown: SHOWN.find((word) => word === shown) ?? null,
  };
}

const REFUSALS: Refusals<RefusalReason<ReportOutcome>> = {
  "not-found": refusal(404, formFailure("errors.messages.notFound")),
  "too-many": refusal(429, formFailure("errors.reports.tooMany")),
  "not-allowed": refusal(403, formFailure("errors.form.signedOut")),
};

/** What the member chose and wrote, kept when the report is refused so that nothing has to be written again. */
type Kept = { reason: string; note: string; block: boolean };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const id = MentorshipId.safeParse(params.mentorshipId);
  if (!id.success) throw new Response(null, { status: 404 });
  const mentorshipId = id.data;
  const raw = await request
    .clone()
    .formData()
    .catch(() => null);
  const kept: Kept = { reason: String(raw?.get("reason") ?? ""), note: String(raw?.get("note") ?? "").slice(0, REPORT_NOTE_MAX * 2), block: raw?.get("block") === "yes" };
  const form = await parseForm(request, ReportForm);
  if (!form.ok) {
    // No reason ticked is "choose what happened", not the general "fill this in".
    const fieldErrors = form.body.fieldErrors.reason === "errors.field.required" ? { ...form.body.fieldErrors, reason: "errors.messages.reportReason" } : form.body.fieldErrors;
    return data({ ...form.body, fieldErrors, kept }, { status: form.status });
  }
  const { reason, note, attached, block } = form.value;
  const outcome = await asMember<ReportOutcome>(await getDatabase(), account.userId, async (trx) => {
    const conversation = await getConversation(trx, mentorshipId);
    if (!conversation) return { ok: false, reason: "not-found" };
    const reported = await reportMember(trx, { mentorshipId, reason, note, attached });
    if (reported.ok && block === "yes") await blockMember(trx, conversation.counterpart.id);
    return reported;
  });
  if (!outcome.ok) {
    const { status, body } = REFUSALS[outcome.reason];
    return data({ ...body, kept }, { status });
  }
  return redirect(`/mentors/${mentorshipId}/report?shown=${block === "yes" ? "sentBlocked" : "sent"}`, 303);
}

export default function ReportPage() {
  const { mentorshipId, ownerId, material, counterpart, messages, shown } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const handle = counterpart.handle;
  const kept = reply && "kept" in reply ? reply.kept : null;
  const reasonError = fieldError(reply, "reason");
  if (shown) {
    return (
      <section className="panel" aria-labelledby="report-title">
        <h1 id="report-title">{t("reports.member.title")}</h1>
        <p className="form-message form-message--info" role="status" data-testid="report-sent">
          {t("reports.member.sent")}
        </p>
        {shown === "sentBlocked" ? <p>{t("reports.member.sentBlocked", { handle })}</p> : null}
        <p>
          <PageLink to="/mentors">{t("reports.member.toMentors")}</PageLink>
        </p>
        <p>
          <PageLink to={`/mentors/${mentorshipId}/report`}>{t("reports.member.another")}</PageLink>
        </p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="report-title">
      <p className="breadcrumb">
        <PageLink to={`/mentors/${mentorshipId}`}>{t("reports.member.back")}</PageLink>
      </p>
      <h1 id="report-title">{t("reports.member.title")}</h1>
      <p>{t("reports.member.about", { handle })}</p>
      <p>
        {t("reports.member.danger")} <PageLink to="/crisis">{t("reports.member.hotlines")}</PageLink>
      </p>
      <Form method="post" id={FORM_ID} noValidate aria-labelledby="report-title">
        <CsrfField />
        <fieldset className="choices field" aria-describedby={reasonError ? "report-reason-error" : undefined}>
          <legend>{t("reports.member.reason")}</legend>
          {REPORT_REASONS.map((reason) => (
            <label key={reason} className="choice">
              <input type="radio" name="reason" value={reason} defaultChecked={kept?.reason === reason} /> <span>{t(`reports.reasons.${reason}`)}</span>
            </label>
          ))}
          {reasonError ? (
            <p id="report-reason-error" className="field__error" role="alert">
              {t(reasonError)}
            </p>
          ) : null}
        </fieldset>
        <TextAreaField
          id="report-note"
          name="note"
          label={t("reports.member.note")}
          hint={t("reports.member.noteHint", { max: REPORT_NOTE_MAX })}
          error={fieldError(reply, "note")}
          maxLength={REPORT_NOTE_MAX}
          rows={4}
          defaultValue={kept?.note ?? ""}
        />
        <div className="field">
          <label className="choice">
            <input type="checkbox" name="block" value="yes" defaultChecked={kept?.block ?? false} /> <span>{t("reports.member.block", { handle })}</span>
          </label>
        </div>
      </Form>
      <ReportAttachments
        formId={FORM_ID}
        mentorshipId={mentorshipId}
        ownerId={ownerId}
        material={material}
        counterpart={counterpart}
        messages={messages}
        error={fieldError(reply, "attached")}
      />
      <p>
        <button type="submit" form={FORM_ID} className="button" disabled={navigation.state === "submitting"}>
          {t("reports.member.send")}
        </button>
      </p>
      <FormMessage message={reply?.formError} />
    </section>
  );
}
