import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage, SelectField, TextAreaField } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { applyToLead, getOwnLeaderStatus, leaderMinimumYears, type ApplyResult } from "~/data/leaders.server";
import { keptAreas } from "~/data/kept-areas.server";
import { asMember } from "~/data/rls.server";
import { areaName } from "~/domain/areas/areas";
import { leaderEligibility } from "~/domain/groups/leader-eligibility";
import { DEFAULT_TIME_ZONE, todayIn } from "~/domain/groups/local-time";
import { TEXT_LIMITS } from "~/domain/groups/meeting-fields";
import { AreaOptions } from "~/features/areas/area-options";
import { fieldError, fieldFailure, formFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { formatDate, formatList } from "~/i18n/format";
import { memberText } from "~/forms/member-text";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "groups.leadApply.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [{ account, read }, areas] = await Promise.all([
    readForAccount(request, context, async (trx) => {
      const [status, years] = await Promise.all([getOwnLeaderStatus(trx), leaderMinimumYears(trx)]);
      return { status, years };
    }),
    keptAreas(),
  ]);
  const today = todayIn(DEFAULT_TIME_ZONE, new Date());
  return {
    ...read,
    areas,
    homeAreaId: account.areaId,
    eligibility: leaderEligibility({ verifiedSince: read.status.verifiedSince, today, minimumYears: read.years }),
  };
}

const Apply = z.object({
  areaId: z.uuid("errors.groups.area"),
  note: memberText(TEXT_LIMITS.applicationNote, "errors.groups.tooLong.applicationNote"),
});

const REFUSALS: Refusals<RefusalReason<ApplyResult>> = {
  pending: refusal(409, formFailure("errors.groups.applicationPending")),
  "unknown-area": refusal(400, fieldFailure({ areaId: "errors.groups.area" })),
};

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, Apply);
  if (!form.ok) return formReply(form);
  const applied = await asMember(await getDatabase(), account.userId, (trx) => applyToLead(trx, form.value));
  if (!applied.ok) return formReply(REFUSALS[applied.reason]);
  return { ok: true as const };
}

export default function Lead() {
  const { status, areas, years, homeAreaId, eligibility } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const nameOf = (id: string | null) => {
    const area = areas.find((entry) => entry.id === id);
    return area ? areaName(area, i18n.language) : t("groups.leadApply.allAreas");
  };
  const pending = status.applications.some((application) => application.status === "pending");
  return (
    <>
      <section className="panel" aria-labelledby="lead-apply-title">
        <h1 id="lead-apply-title">{t("groups.leadApply.title")}</h1>
        <p>{t("groups.leadApply.intro", { years })}</p>
        {status.leaderAreas.length > 0 ? (
          <p className="form-message form-message--info">
            {t("groups.leadApply.youLead", { areas: formatList(status.leaderAreas.map(nameOf), i18n.language) })} <PageLink to="/groups/new">{t("groups.leadApply.openGroup")}</PageLink>
          </p>
        ) : null}
        <p>
          {eligibility.eligible
            ? t("groups.leadApply.eligible")
            : eligibility.reason === "notVerified"
              ? t("groups.leadApply.notVerified", { years })
              : t("groups.leadApply.tooRecent", { date: formatDate(eligibility.eligibleOn, i18n.language) })}
        </p>
        {status.applications.length > 0 ? (
          <>
            <h2>{t("groups.leadApply.yourApplications")}</h2>
            <ul>
              {status.applications.map((application) => (
                <li key={application.id}>
                  {nameOf(application.areaId)} · {formatDate(application.createdAt, i18n.language)} · {t(`groups.leadApply.status.${application.status}`)}
                  {application.decisionReason ? ` · ${t("groups.join.theySaid", { reason: application.decisionReason })}` : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      {!pending ? (
        <section className="panel" aria-labelledby="apply-title">
          <h2 id="apply-title">{t("groups.leadApply.applyTitle")}</h2>
          <Form method="post" preventScrollReset>
            <CsrfField />
            <SelectField id="apply-area" name="areaId" label={t("groups.leadApply.area")} defaultValue={homeAreaId ?? ""} error={fieldError(reply, "areaId")}>
              <option value="">{t("groups.newGroup.chooseArea")}</option>
              <AreaOptions areas={areas} />
            </SelectField>
            <TextAreaField id="apply-note" name="note" label={t("groups.leadApply.note")} hint={t("groups.leadApply.noteHint")} maxLength={TEXT_LIMITS.applicationNote} error={fieldError(reply, "note")} />
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {t("groups.leadApply.send")}
            </button>
            <FormMessage message={reply && !reply.ok ? reply.formError : undefined} />
          </Form>
        </section>
      ) : (
        <section className="panel">
          <p role="status">{reply?.ok ? t("groups.leadApply.sent") : t("groups.leadApply.waiting")}</p>
        </section>
      )}
    </>
  );
}
