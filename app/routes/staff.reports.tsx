import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage, TextAreaField } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { closeReport, listReportsToHandle } from "~/data/messages.server";
import { asMember } from "~/data/rls.server";
import { fieldError, formFailure, isFormFailure } from "~/forms/form-reply";
import { memberText } from "~/forms/member-text";
import { parseForm } from "~/forms/parse-form.server";
import { formatDateTime } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reports.staff.title");

const isStaff = (roles: readonly string[]) => roles.includes("social_worker") || roles.includes("admin");

/** How long the note of what was done may be (the database's limit). */
const OUTCOME_MAX = 1000;

/**
 * Reports from members (migration 0053) for the social workers of the reported person's area
 * and admins: open ones newest first, or the closed ones (?view=closed). Each shows the two
 * handles, whether the reported person is a mentor (with the way to stop them), the reason,
 * the note, and the messages the reporter chose to attach, marked as theirs. Members get 404.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const closed = new URL(request.url).searchParams.get("view") === "closed";
  const { account, read } = await readForAccount(request, context, async (trx, account) => (isStaff(account.roles) ? listReportsToHandle(trx, !closed) : null));
  if (!read || !isStaff(account.roles)) throw new Response(null, { status: 404 });
  return {
    view: closed ? ("closed" as const) : ("open" as const),
    reports: read.map((report) => ({
      ...report,
      createdAt: report.createdAt.toISOString(),
      closedAt: report.closedAt?.toISOString() ?? null,
      attached: Array.isArray(report.attached) ? report.attached : [],
    })),
  };
}

const CloseReport = z.object({
  intent: z.literal("close", { error: "errors.form.invalid" }),
  reportId: z.uuid("errors.form.invalid"),
  outcome: memberText(OUTCOME_MAX, "errors.reports.outcomeTooLong").pipe(z.string().min(1, "errors.reports.outcomeRequired")),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  if (!isStaff(account.roles)) throw new Response(null, { status: 404 });
  // Which report's form was sent, so that a refusal shows beside that one only.
  const sent = await request
    .clone()
    .formData()
    .catch(() => null);
  const forReport = String(sent?.get("reportId") ?? "");
  const form = await parseForm(request, CloseReport);
  if (!form.ok) return data({ ...form.body, forReport }, { status: form.status });
  const { reportId, outcome } = form.value;
  const closed = await asMember(await getDatabase(), account.userId, (trx) => closeReport(trx, reportId, outcome));
  if (!closed.ok) return data({ ...formFailure("errors.reports.notFound"), forReport }, { status: 404 });
  return { ok: true as const, closed: reportId };
}

export default function StaffReports() {
  const { view, reports } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const busy = navigation.state === "submitting";
  const failure = reply && isFormFailure(reply) && "forReport" in reply ? reply : null;
  return (
    <section className="panel" aria-labelledby="staff-reports-title">
      <h1 id="staff-reports-title">{t("reports.staff.title")}</h1>
      <p>{t("reports.staff.intro")}</p>
      <nav aria-label={t("reports.staff.title")}>
        <p>
          {view === "open" ? <strong aria-current="page">{t("reports.staff.open")}</strong> : <PageLink to="/staff/reports">{t("reports.staff.open")}</PageLink>}
          {" · "}
          {view === "closed" ? (
            <strong aria-current="page">{t("reports.staff.closed")}</strong>
          ) : (
            <PageLink to="/staff/reports?view=closed">{t("reports.staff.closed")}</PageLink>
          )}
        </p>
      </nav>
      <FormMessage message={failure ? failure.formError : reply?.ok ? "reports.staff.done" : undefined} tone={failure ? "error" : "info"} />
      {reports.length === 0 ? <p>{t(view === "open" ? "reports.staff.none" : "reports.staff.noneClosed")}</p> : null}
      <ul className="request-list">
        {reports.map((report) => (
          <li key={report.id} data-report={report.id} data-reporter={report.reporterHandle}>
            <h2>{t(`reports.reasons.${report.reason}`)}</h2>
            <dl>
              <dt>{t("reports.staff.reporter")}</dt>
              <dd translate="no">{report.reporterHandle}</dd>
              <dt>{t("reports.staff.reported")}</dt>
              <dd>
                <span translate="no">{report.reportedHandle}</span>
                {report.reportedIsMentor ? <> ({t("reports.staff.isMentor")})</> : null}
              </dd>
              <dt>{t("reports.staff.note")}</dt>
              <dd className="report-note">{report.note === "" ? t("reports.staff.noNote") : report.note}</dd>
            </dl>
            <p className="field__hint">{t("reports.staff.when", { date: formatDateTime(report.createdAt, i18n.language) })}</p>
            {report.attached.length > 0 ? (
              <section className="report-attached" aria-label={t("reports.staff.attachedTitle", { count: report.attached.length })}>
                <h3>{t("reports.staff.attachedTitle", { count: report.attached.length })}</h3>
                <p className="field__hint">{t("reports.staff.attachedWarning")}</p>
                <ol className="messages">
                  {report.attached.map((message, index) => (
                    <li key={`${message.sentAt}:${index}`} className={message.fromReporter ? "message message--mine" : "message message--theirs"}>
                      <p className="message__text">{message.text}</p>
                      <p className="message__meta">
                        {message.fromReporter ? t("reports.staff.fromReporter") : t("reports.staff.fromReported", { handle: report.reportedHandle })} ·{" "}
                        <time dateTime={message.sentAt}>{formatDateTime(message.sentAt, i18n.language)}</time>
                      </p>
                    </li>
                  ))}
                </ol>
              </section>
            ) : (
              <p className="field__hint">{t("reports.staff.noAttached")}</p>
            )}
            {report.reportedIsMentor ? (
              <p>
                <PageLink to="/staff/mentors">{t("reports.staff.suspend")}</PageLink>
              </p>
            ) : null}
            {report.closedAt ? (
              <>
                <p>
                  <strong>{t("reports.staff.closedOn", { date: formatDateTime(report.closedAt, i18n.language) })}</strong>
                </p>
                <p className="report-note">{report.outcomeNote}</p>
              </>
            ) : (
              <Form method="post" preventScrollReset>
                <CsrfField />
                <input type="hidden" name="intent" value="close" />
                <input type="hidden" name="reportId" value={report.id} />
                <TextAreaField
                  id={`report-outcome-${report.id}`}
                  name="outcome"
                  label={t("reports.staff.outcome")}
                  hint={t("reports.staff.outcomeHint", { max: OUTCOME_MAX })}
                  maxLength={OUTCOME_MAX}
                  rows={3}
                  error={failure?.forReport === report.id ? fieldError(reply, "outcome") : undefined}
                />
                <button type="submit" className="button button--secondary" disabled={busy}>
                  {t("reports.staff.close")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
