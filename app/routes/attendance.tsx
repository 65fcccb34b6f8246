import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormField, FormMessage } from "~/components/ui/form-field";
import { issueAttendanceStatement, listOwnAttendance, listOwnStatements, withdrawAttendanceStatement, type IssueResult } from "~/data/attendance.server";
import { getDatabase } from "~/data/db.server";
import { asMember, asSystemThenMember } from "~/data/rls.server";
import { getOrCreateServerSecret } from "~/data/server-secret.server";
import { DEFAULT_TIME_ZONE, todayIn } from "~/domain/groups/local-time";
import { STATEMENT_CODE_BYTES, STATEMENT_MAX_YEARS, checkStatementPeriod, newStatementCode } from "~/domain/groups/attendance-statement";
import { fieldError, fieldFailure, formFailure, type FieldErrors } from "~/forms/form-reply";
import { formReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { formatDate, formatDateTime } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "attendance.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { read } = await readForAccount(request, context, async (trx) => {
    const [attendance, statements] = await Promise.all([listOwnAttendance(trx), listOwnStatements(trx)]);
    return { attendance, statements };
  });
  return { ...read, today: todayIn(DEFAULT_TIME_ZONE, new Date()) };
}

const AttendanceAction = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("issue"), periodFrom: z.string().trim(), periodTo: z.string().trim() }),
    z.object({ intent: z.literal("withdraw"), statementId: z.uuid("errors.form.invalid") }),
  ],
  { error: "errors.form.invalid" },
);

const REFUSALS: Refusals<RefusalReason<IssueResult> | "gone"> = {
  changed: refusal(409, formFailure("errors.attendance.changed")),
  gone: refusal(404, formFailure("errors.attendance.gone")),
};

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, AttendanceAction);
  if (!form.ok) return formReply(form);
  const change = form.value;
  const db = await getDatabase();
  if (change.intent === "withdraw") {
    const withdrawn = await asMember(db, account.userId, (trx) => withdrawAttendanceStatement(trx, change.statementId));
    return withdrawn.ok ? { ok: true as const, done: "withdraw" } : formReply(REFUSALS.gone);
  }
  const today = todayIn(DEFAULT_TIME_ZONE, new Date());
  const problems: FieldErrors = {};
  for (const problem of checkStatementPeriod({ from: change.periodFrom, to: change.periodTo, today })) problems[problem.field] ??= `errors.attendance.period.${problem.problem}`;
  if (Object.keys(problems).length > 0) return formReply(refusal(400, fieldFailure(problems)));
  const code = newStatementCode(crypto.getRandomValues(new Uint8Array(STATEMENT_CODE_BYTES)));
  const issued = await asSystemThenMember(db, "attendance: sign a statement", account.userId, getOrCreateServerSecret, (trx, secret) =>
    issueAttendanceStatement(trx, secret, { code, periodFrom: change.periodFrom, periodTo: change.periodTo, issuedOn: today }),
  );
  if (!issued.ok) return formReply(REFUSALS[issued.reason]);
  return { ok: true as const, done: "issue", code };
}

export default function Attendance() {
  const { attendance, statements, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const busy = navigation.state === "submitting";
  const present = attendance.filter((row) => row.present);
  return (
    <>
      <section className="panel" aria-labelledby="attendance-title">
        <h1 id="attendance-title">{t("attendance.title")}</h1>
        <p>{t("attendance.intro")}</p>
        {present.length === 0 ? <p>{t("attendance.noneYet")}</p> : null}
        <ul>
          {present.slice(0, 30).map((row) => (
            <li key={`${row.groupId}:${row.meetingName}:${row.occurrenceOn}`}>
              {formatDate(row.occurrenceOn, i18n.language)} · <PageLink to={`/groups/${row.groupId}`}>{row.groupName}</PageLink>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="statement-title">
        <h2 id="statement-title">{t("attendance.statement.title")}</h2>
        <p>{t("attendance.statement.intro")}</p>
        <Form method="post" preventScrollReset>
          <CsrfField />
          <input type="hidden" name="intent" value="issue" />
          <FormField id="period-from" name="periodFrom" type="date" max={today} label={t("attendance.statement.from")} error={fieldError(reply, "periodFrom")} errorValues={{ years: STATEMENT_MAX_YEARS }} required />
          <FormField id="period-to" name="periodTo" type="date" max={today} defaultValue={today} label={t("attendance.statement.to")} error={fieldError(reply, "periodTo")} required />
          <button type="submit" className="button" disabled={busy}>
            {t("attendance.statement.make")}
          </button>
          <FormMessage message={reply && !reply.ok ? reply.formError : reply?.ok && reply.done === "issue" ? "attendance.statement.made" : undefined} tone={reply && !reply.ok ? "error" : "info"} />
        </Form>
      </section>
      {statements.length > 0 ? (
        <section className="panel" aria-labelledby="statements-title">
          <h2 id="statements-title">{t("attendance.statements.title")}</h2>
          <p className="field__hint">{t("attendance.statements.howToCheck")}</p>
          <ul className="request-list">
            {statements.map((statement) => (
              <li key={statement.id} data-code={statement.code}>
                <p>
                  <strong className="statement-code" translate="no">
                    {statement.code}
                  </strong>
                  {statement.withdrawnAt ? ` · ${t("attendance.statements.withdrawn")}` : null}
                </p>
                <p>{t("attendance.statements.says", { count: statement.attendedCount, from: formatDate(statement.periodFrom, i18n.language), to: formatDate(statement.periodTo, i18n.language) })}</p>
                <p className="field__hint">
                  {statement.checks.length === 0
                    ? t("attendance.statements.neverChecked")
                    : t("attendance.statements.checked", { count: statement.checks.length, last: formatDateTime(statement.checks[0] ?? statement.issuedAt, i18n.language) })}
                </p>
                {!statement.withdrawnAt ? (
                  <Form method="post" preventScrollReset>
                    <CsrfField />
                    <input type="hidden" name="intent" value="withdraw" />
                    <input type="hidden" name="statementId" value={statement.id} />
                    <button type="submit" className="button button--secondary" disabled={busy}>
                      {t("attendance.statements.withdraw")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          <FormMessage message={reply?.ok && reply.done === "withdraw" ? "attendance.statements.withdrawnDone" : undefined} tone="info" />
        </section>
      ) : null}
    </>
  );
}
