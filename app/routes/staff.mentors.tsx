import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormField, FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { leaderMinimumYears, verifyAbstinence, type VerifyResult } from "~/data/leaders.server";
import {
  decideMentorApplication,
  listMentorApplicationsToAnswer,
  listMentorsToOversee,
  setMentorSuspension,
  type DecideMentorApplicationResult,
  type SuspensionResult,
} from "~/data/mentors.server";
import { keptAreas } from "~/data/kept-areas.server";
import { asMember } from "~/data/rls.server";
import { areaNameById } from "~/domain/areas/areas";
import { leaderEligibility } from "~/domain/groups/leader-eligibility";
import { DEFAULT_TIME_ZONE, todayIn } from "~/domain/groups/local-time";
import { MENTOR_TEXT_LIMITS } from "~/domain/mentors/mentor-fields";
import { ApplicationCard } from "~/features/staff/application-card";
import { ApplicationAnswerFields } from "~/forms/application-answers";
import { fieldError, fieldFailure, formFailure } from "~/forms/form-reply";
import { memberText } from "~/forms/member-text";
import { formReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { formatDate } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mentors.staff.title");

const isStaff = (roles: readonly string[]) => roles.includes("social_worker") || roles.includes("admin");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [{ account, read }, areas] = await Promise.all([
    readForAccount(request, context, async (trx, account) => {
      if (!isStaff(account.roles)) return null;
      const [applications, mentors, years] = await Promise.all([listMentorApplicationsToAnswer(trx), listMentorsToOversee(trx), leaderMinimumYears(trx)]);
      return { applications, mentors, years };
    }),
    keptAreas(),
  ]);
  if (!read || !isStaff(account.roles)) throw new Response(null, { status: 404 });
  const today = todayIn(DEFAULT_TIME_ZONE, new Date());
  return {
    ...read,
    areas,
    today,
    applications: read.applications.map((application) => ({
      ...application,
      eligibility: leaderEligibility({ verifiedSince: application.verifiedSince, today, minimumYears: read.years }),
    })),
  };
}

const StaffAction = z.discriminatedUnion(
  "intent",
  [
    ...ApplicationAnswerFields,
    z.object({
      intent: z.literal("suspend"),
      memberId: z.uuid("errors.form.invalid"),
      reason: memberText(MENTOR_TEXT_LIMITS.suspensionReason, "errors.mentors.reasonTooLong").pipe(z.string().min(1, "errors.mentors.reasonRequired")),
    }),
    z.object({ intent: z.literal("lift"), memberId: z.uuid("errors.form.invalid") }),
  ],
  { error: "errors.form.invalid" },
);

type Result = VerifyResult | DecideMentorApplicationResult | SuspensionResult;

const REFUSALS: Refusals<RefusalReason<Result>> = {
  "not-allowed": refusal(403, formFailure("errors.groups.notAllowed")),
  future: refusal(400, formFailure("errors.groups.sinceFuture")),
  "not-found": refusal(404, formFailure("errors.groups.applicationGone")),
  "not-eligible": refusal(409, formFailure("errors.groups.notEligible")),
  "no-reason": refusal(400, fieldFailure({ reason: "errors.mentors.reasonRequired" })),
};

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  if (!isStaff(account.roles)) throw new Response(null, { status: 404 });
  const form = await parseForm(request, StaffAction);
  if (!form.ok) return formReply(form);
  const change = form.value;
  const outcome = await asMember<Result>(await getDatabase(), account.userId, (trx) => {
    switch (change.intent) {
      case "verify":
        return verifyAbstinence(trx, change.memberId, change.since);
      case "decide":
        return decideMentorApplication(trx, { applicationId: change.applicationId, approve: change.decision === "approve", reason: change.reason });
      default:
        return setMentorSuspension(trx, { memberId: change.memberId, suspend: change.intent === "suspend", reason: change.intent === "suspend" ? change.reason : "" });
    }
  });
  if (!outcome.ok) return formReply(REFUSALS[outcome.reason]);
  return { ok: true as const, done: change.intent === "decide" ? change.decision : change.intent };
}

export default function StaffMentors() {
  const { applications, mentors, areas, today, years } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const busy = navigation.state === "submitting";
  const areaOf = (id: string) => areaNameById(areas, id, i18n.language);
  return (
    <>
      <section className="panel" aria-labelledby="staff-mentors-title">
        <h1 id="staff-mentors-title">{t("mentors.staff.title")}</h1>
        <p>{t("mentors.staff.intro", { years })}</p>
        <FormMessage message={reply && !reply.ok ? reply.formError : reply?.ok ? `mentors.staff.done.${reply.done}` : undefined} tone={reply && !reply.ok ? "error" : "info"} />
        {applications.length === 0 ? <p>{t("mentors.staff.none")}</p> : null}
        <ul className="request-list">
          {applications.map((application) => (
            <ApplicationCard key={application.id} application={application} areaName={areaOf(application.areaId)} today={today} busy={busy} reply={reply} />
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="staff-mentor-list-title">
        <h2 id="staff-mentor-list-title">{t("mentors.staff.mentorsTitle")}</h2>
        {mentors.length === 0 ? <p>{t("mentors.staff.noMentors")}</p> : null}
        <ul className="request-list">
          {mentors.map((mentor) => (
            <li key={mentor.memberId} data-handle={mentor.handle}>
              <h3 translate="no">{mentor.handle}</h3>
              <p>
                {areaOf(mentor.areaId)} · {t("mentors.staff.active", { count: mentor.active })}
                {mentor.paused ? ` · ${t("mentors.staff.paused")}` : null}
              </p>
              {mentor.suspendedAt ? (
                <Form method="post" preventScrollReset>
                  <p>{t("mentors.staff.suspendedBecause", { date: formatDate(mentor.suspendedAt, i18n.language), reason: mentor.suspensionReason })}</p>
                  <CsrfField />
                  <input type="hidden" name="intent" value="lift" />
                  <input type="hidden" name="memberId" value={mentor.memberId} />
                  <button type="submit" className="button button--secondary" disabled={busy}>
                    {t("mentors.staff.lift")}
                  </button>
                </Form>
              ) : (
                <Form method="post" preventScrollReset>
                  <CsrfField />
                  <input type="hidden" name="intent" value="suspend" />
                  <input type="hidden" name="memberId" value={mentor.memberId} />
                  <FormField
                    id={`suspend-reason-${mentor.memberId}`}
                    name="reason"
                    maxLength={MENTOR_TEXT_LIMITS.suspensionReason}
                    autoComplete="off"
                    label={t("mentors.staff.reason")}
                    hint={t("mentors.staff.reasonHint")}
                    error={fieldError(reply, "reason")}
                  />
                  <button type="submit" className="button button--secondary" disabled={busy}>
                    {t("mentors.staff.suspend")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
