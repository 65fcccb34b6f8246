import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormField, FormMessage, SelectField, TextAreaField } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { leaderMinimumYears } from "~/data/leaders.server";
import {
  answerMentorship,
  applyMentorshipMove,
  applyToMentor,
  getOwnMentorStatus,
  listOwnMentorships,
  saveMentorProfile,
  type AnswerMentorshipResult,
  type ApplyToMentorResult,
  type MoveResult,
} from "~/data/mentors.server";
import { keptAreas } from "~/data/kept-areas.server";
import { asMember } from "~/data/rls.server";
import { areaNameById } from "~/domain/areas/areas";
import { leaderEligibility } from "~/domain/groups/leader-eligibility";
import { DEFAULT_TIME_ZONE, todayIn } from "~/domain/groups/local-time";
import { abstinentYears, EXPERIENCE_AREAS, MENTOR_CAPACITY, MENTOR_LANGUAGES, MENTOR_TEXT_LIMITS } from "~/domain/mentors/mentor-fields";
import { AreaOptions } from "~/features/areas/area-options";
import { MentorshipList } from "~/features/mentors/mentorship-list";
import { fieldError, fieldFailure, formFailure } from "~/forms/form-reply";
import { MentorProfileFields, MentorshipMoveFields, readMentorProfile } from "~/forms/mentor-forms";
import { memberText } from "~/forms/member-text";
import { formReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { formatDate } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mentors.mentor.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [{ account, read }, areas] = await Promise.all([
    readForAccount(request, context, async (trx) => {
      const [status, years, mentorships] = await Promise.all([getOwnMentorStatus(trx), leaderMinimumYears(trx), listOwnMentorships(trx)]);
      return { status, years, mentorships };
    }),
    keptAreas(),
  ]);
  const today = todayIn(DEFAULT_TIME_ZONE, new Date());
  const { verifiedSince } = read.status;
  return {
    ...read,
    areas,
    mentorships: read.mentorships.filter((entry) => entry.asMentor),
    homeAreaId: account.areaId,
    eligibility: leaderEligibility({ verifiedSince, today, minimumYears: read.years }),
    yearsNow: verifiedSince ? abstinentYears(verifiedSince, today) : null,
  };
}

const MentorAction = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("apply"), areaId: z.uuid("errors.mentors.area"), note: memberText(MENTOR_TEXT_LIMITS.applicationNote, "errors.mentors.applicationTooLong") }),
    z.object({ intent: z.literal("profile"), ...MentorProfileFields }),
    z.object({ intent: z.literal("answer"), mentorshipId: z.uuid("errors.form.invalid"), answer: z.enum(["accept", "decline"], "errors.form.invalid") }),
    ...MentorshipMoveFields,
  ],
  { error: "errors.form.invalid" },
);

type Result = ApplyToMentorResult | AnswerMentorshipResult | MoveResult | { ok: false; reason: "not-mentor" } | { ok: true };

const REFUSALS: Refusals<RefusalReason<Result>> = {
  pending: refusal(409, formFailure("errors.mentors.applicationPending")),
  already: refusal(409, formFailure("errors.mentors.alreadyMentor")),
  "unknown-area": refusal(400, fieldFailure({ areaId: "errors.mentors.area" })),
  "not-mentor": refusal(404, formFailure("errors.mentors.notMentor")),
  "not-found": refusal(404, formFailure("errors.mentors.notFound")),
  full: refusal(409, formFailure("errors.mentors.full")),
  suspended: refusal(409, formFailure("errors.mentors.suspended")),
};

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, MentorAction);
  if (!form.ok) return formReply(form);
  const change = form.value;
  const outcome = await asMember<Result>(await getDatabase(), account.userId, (trx) => {
    switch (change.intent) {
      case "apply":
        return applyToMentor(trx, { areaId: change.areaId, note: change.note });
      case "profile":
        return saveMentorProfile(trx, readMentorProfile(change));
      case "answer":
        return answerMentorship(trx, { mentorshipId: change.mentorshipId, accept: change.answer === "accept" });
      default:
        return applyMentorshipMove(trx, change);
    }
  });
  if (!outcome.ok) return formReply(REFUSALS[outcome.reason]);
  return { ok: true as const, done: change.intent === "answer" ? change.answer : change.intent };
}

export default function Mentor() {
  const { status, areas, years, mentorships, homeAreaId, eligibility, yearsNow } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const busy = navigation.state === "submitting";
  const { profile } = status;
  const pending = status.applications.some((application) => application.status === "pending");
  const message = <FormMessage message={reply && !reply.ok ? reply.formError : reply?.ok ? `mentors.done.${reply.done}` : undefined} tone={reply && !reply.ok ? "error" : "info"} />;
  return (
    <>
      <section className="panel" aria-labelledby="mentor-title">
        <h1 id="mentor-title">{t("mentors.mentor.title")}</h1>
        <p>{t("mentors.mentor.intro", { years })}</p>
        {message}
        {profile === null ? (
          <p>
            {eligibility.eligible
              ? t("mentors.mentor.eligible")
              : eligibility.reason === "notVerified"
                ? t("mentors.mentor.notVerified", { years })
                : t("mentors.mentor.tooRecent", { date: formatDate(eligibility.eligibleOn, i18n.language) })}
          </p>
        ) : null}
        {profile?.suspended ? (
          <p className="form-message form-message--error" role="status">
            {t("mentors.mentor.suspended", { reason: profile.suspensionReason })}
          </p>
        ) : null}
        {status.applications.length > 0 && profile === null ? (
          <>
            <h2>{t("mentors.mentor.yourApplications")}</h2>
            <ul>
              {status.applications.map((application) => (
                <li key={application.id}>
                  {areaNameById(areas, application.areaId, i18n.language)} · {formatDate(application.createdAt, i18n.language)} · {t(`mentors.mentor.status.${application.status}`)}
                  {application.decisionReason ? ` · ${t("mentors.mentor.theySaid", { reason: application.decisionReason })}` : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      {profile === null && !pending ? (
        <section className="panel" aria-labelledby="mentor-apply-title">
          <h2 id="mentor-apply-title">{t("mentors.mentor.applyTitle")}</h2>
          <Form method="post" preventScrollReset>
            <CsrfField />
            <input type="hidden" name="intent" value="apply" />
            <SelectField id="mentor-area" name="areaId" label={t("mentors.mentor.area")} defaultValue={homeAreaId ?? ""} error={fieldError(reply, "areaId")}>
              <option value="">{t("mentors.mentor.chooseArea")}</option>
              <AreaOptions areas={areas} />
            </SelectField>
            <TextAreaField id="mentor-note" name="note" label={t("mentors.mentor.note")} hint={t("mentors.mentor.noteHint")} maxLength={MENTOR_TEXT_LIMITS.applicationNote} error={fieldError(reply, "note")} />
            <button type="submit" className="button" disabled={busy}>
              {t("mentors.mentor.send")}
            </button>
          </Form>
        </section>
      ) : null}
      {profile === null && pending ? (
        <section className="panel">
          <p role="status">{t("mentors.mentor.waiting")}</p>
        </section>
      ) : null}
      {profile ? (
        <>
          <section className="panel" aria-labelledby="mentor-profile-title">
            <h2 id="mentor-profile-title">{t("mentors.mentor.profileTitle")}</h2>
            <p>{t("mentors.mentor.profileIntro")}</p>
            <Form method="post" preventScrollReset>
              <CsrfField />
              <input type="hidden" name="intent" value="profile" />
              <label className="choice">
                <input type="checkbox" name="showYears" defaultChecked={profile.showYears} /> {t("mentors.mentor.showYears", { count: yearsNow ?? 0 })}
              </label>
              <fieldset className="field">
                <legend>{t("mentors.mentor.languages")}</legend>
                {MENTOR_LANGUAGES.map((language) => (
                  <label key={language} className="choice">
                    <input type="checkbox" name={`language_${language}`} defaultChecked={profile.languages.includes(language)} /> {t(`groups.languages.${language}`)}
                  </label>
                ))}
              </fieldset>
              <fieldset className="field">
                <legend>{t("mentors.mentor.experience")}</legend>
                {EXPERIENCE_AREAS.map((area) => (
                  <label key={area} className="choice">
                    <input type="checkbox" name={`experience_${area}`} defaultChecked={profile.experience.includes(area)} /> {t(`mentors.experience.${area}`)}
                  </label>
                ))}
              </fieldset>
              <FormField
                id="mentor-capacity"
                name="capacity"
                type="number"
                inputMode="numeric"
                min={MENTOR_CAPACITY.min}
                max={MENTOR_CAPACITY.max}
                defaultValue={profile.capacity}
                label={t("mentors.mentor.capacity")}
                hint={t("mentors.mentor.capacityHint", { min: MENTOR_CAPACITY.min, max: MENTOR_CAPACITY.max })}
                error={fieldError(reply, "capacity")}
                errorValues={{ min: MENTOR_CAPACITY.min, max: MENTOR_CAPACITY.max }}
                required
              />
              <label className="choice">
                <input type="checkbox" name="paused" defaultChecked={profile.paused} /> {t("mentors.mentor.paused")}
              </label>
              <button type="submit" className="button" disabled={busy}>
                {t("mentors.mentor.save")}
              </button>
            </Form>
          </section>
          <section className="panel" aria-labelledby="mentor-requests-title">
            <h2 id="mentor-requests-title">{t("mentors.mentor.requestsTitle")}</h2>
            <MentorshipList entries={mentorships.filter((entry) => entry.state === "requested")} busy={busy} empty="mentors.mentor.noRequests" />
          </section>
          <section className="panel" aria-labelledby="mentor-mentees-title">
            <h2 id="mentor-mentees-title">{t("mentors.mentor.menteesTitle")}</h2>
            <MentorshipList entries={mentorships.filter((entry) => entry.state !== "requested")} busy={busy} empty="mentors.mentor.noMentees" />
          </section>
        </>
      ) : null}
    </>
  );
}
