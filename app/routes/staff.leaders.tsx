import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { decideLeaderApplication, leaderMinimumYears, listApplicationsToAnswer, verifyAbstinence, type DecideApplicationResult, type VerifyResult } from "~/data/leaders.server";
import { keptAreas } from "~/data/kept-areas.server";
import { asMember } from "~/data/rls.server";
import { areaNameById } from "~/domain/areas/areas";
import { leaderEligibility } from "~/domain/groups/leader-eligibility";
import { DEFAULT_TIME_ZONE, todayIn } from "~/domain/groups/local-time";
import { ApplicationCard } from "~/features/staff/application-card";
import { ApplicationAnswerFields } from "~/forms/application-answers";
import { formFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "groups.staffLeaders.title");

const isStaff = (roles: readonly string[]) => roles.includes("social_worker") || roles.includes("admin");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [{ account, read }, areas] = await Promise.all([
    readForAccount(request, context, async (trx, account) =>
      isStaff(account.roles) ? { applications: await listApplicationsToAnswer(trx), years: await leaderMinimumYears(trx) } : null,
    ),
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

const StaffAction = z.discriminatedUnion("intent", [...ApplicationAnswerFields], { error: "errors.form.invalid" });

const REFUSALS: Refusals<RefusalReason<VerifyResult | DecideApplicationResult>> = {
  "not-allowed": refusal(403, formFailure("errors.groups.notAllowed")),
  future: refusal(400, formFailure("errors.groups.sinceFuture")),
  "not-found": refusal(404, formFailure("errors.groups.applicationGone")),
  "not-eligible": refusal(409, formFailure("errors.groups.notEligible")),
};

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  if (!isStaff(account.roles)) throw new Response(null, { status: 404 });
  const form = await parseForm(request, StaffAction);
  if (!form.ok) return formReply(form);
  const change = form.value;
  const outcome = await asMember<VerifyResult | DecideApplicationResult>(await getDatabase(), account.userId, (trx) =>
    change.intent === "verify"
      ? verifyAbstinence(trx, change.memberId, change.since)
      : decideLeaderApplication(trx, { applicationId: change.applicationId, approve: change.decision === "approve", reason: change.reason }),
  );
  if (!outcome.ok) return formReply(REFUSALS[outcome.reason]);
  return { ok: true as const, done: change.intent === "verify" ? "verify" : change.decision };
}

export default function StaffLeaders() {
  const { applications, areas, today, years } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const busy = navigation.state === "submitting";
  const areaOf = (id: string) => areaNameById(areas, id, i18n.language);
  return (
    <section className="panel" aria-labelledby="staff-leaders-title">
      <h1 id="staff-leaders-title">{t("groups.staffLeaders.title")}</h1>
      <p>{t("groups.staffLeaders.intro", { years })}</p>
      <FormMessage message={reply && !reply.ok ? reply.formError : reply?.ok ? `groups.staffLeaders.done.${reply.done}` : undefined} tone={reply && !reply.ok ? "error" : "info"} />
      {applications.length === 0 ? <p>{t("groups.staffLeaders.none")}</p> : null}
      <ul className="request-list">
        {applications.map((application) => (
          <ApplicationCard key={application.id} application={application} areaName={areaOf(application.areaId)} today={today} busy={busy} reply={reply} />
        ))}
      </ul>
    </section>
  );
}
