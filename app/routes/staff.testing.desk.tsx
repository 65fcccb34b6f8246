import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { readForRole, requireRole } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormField, FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { checkIn, markNoShow, recordResult, type StepResult } from "~/data/testing-staff.server";
import { TEST_OUTCOMES } from "~/domain/testing/booking-rules";
import { DeskStep } from "~/forms/desk-step";
import { fieldError, formFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "testingStaff.desk.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await readForRole(request, context, "social_worker", () => Promise.resolve(true));
  return { code: new URL(request.url).searchParams.get("code") ?? "" };
}

const REFUSALS: Refusals<RefusalReason<StepResult>> = {
  // An unknown code and one from another area's site get the same words: nothing is given away.
  "not-found": refusal(404, formFailure("errors.testingStaff.desk.unknown")),
  "wrong-status": refusal(409, formFailure("errors.testingStaff.desk.wrongStatus")),
};

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireRole(request, context, "social_worker");
  const form = await parseForm(request, DeskStep);
  if (!form.ok) return formReply(form);
  const step = form.value;
  const outcome = await asMember(await getDatabase(), account.userId, (trx) =>
    step.intent === "checkIn" ? checkIn(trx, step.code) : step.intent === "noShow" ? markNoShow(trx, step.code) : recordResult(trx, step.code, step.outcome),
  );
  if (!outcome.ok) return formReply(REFUSALS[outcome.reason]);
  return { ok: true as const, done: step.intent };
}

export default function TestingDesk() {
  const { code } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="desk-title">
      <p>
        <PageLink to="/staff/testing">{t("testingStaff.slots.back")}</PageLink>
      </p>
      <h1 id="desk-title">{t("testingStaff.desk.title")}</h1>
      <p>{t("testingStaff.desk.intro")}</p>
      <Form method="post">
        <CsrfField />
        <FormField id="desk-code" name="code" autoComplete="off" autoCapitalize="characters" defaultValue={code} label={t("testingStaff.desk.code")} hint={t("testingStaff.desk.codeHint")} error={fieldError(reply, "code")} />
        <button type="submit" name="intent" value="checkIn" className="button" disabled={busy}>
          {t("testingStaff.desk.checkIn")}
        </button>
        <fieldset className="field">
          <legend>{t("testingStaff.desk.outcome")}</legend>
          {TEST_OUTCOMES.map((outcome) => (
            <label key={outcome} className="checkbox">
              <input type="radio" name="outcome" value={outcome} /> {t(`testingStaff.desk.outcomes.${outcome}`)}
            </label>
          ))}
          {fieldError(reply, "outcome") ? (
            <p className="field__error" role="alert">
              {t(fieldError(reply, "outcome") ?? "")}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" name="intent" value="result" className="button" disabled={busy}>
          {t("testingStaff.desk.record")}
        </button>
        <p className="field__hint">{t("testingStaff.desk.noShowHint")}</p>
        <button type="submit" name="intent" value="noShow" className="button button--secondary" disabled={busy}>
          {t("testingStaff.desk.noShow")}
        </button>
        <FormMessage message={reply?.ok ? `testingStaff.desk.done.${reply.done}` : reply?.formError} tone={reply?.ok ? "info" : "error"} />
      </Form>
    </section>
  );
}
