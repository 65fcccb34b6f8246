import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormField, FormMessage, SelectField } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { getLedGroup } from "~/data/groups.server";
import { createMeeting } from "~/data/meetings.server";
import { refreshGroupMeetingTimes } from "~/data/meeting-times.server";
import { asMember } from "~/data/rls.server";
import { DEFAULT_TIME_ZONE, todayIn } from "~/domain/groups/local-time";
import { TEXT_LIMITS } from "~/domain/groups/meeting-fields";
import { FREQUENCIES, MEETING_MINUTES, MONTHLY_WEEKS, SERIES_MAX_YEARS, checkSeries, type MeetingSeries } from "~/domain/groups/recurrence";
import { fieldError, fieldFailure, formFailure, type FieldErrors } from "~/forms/form-reply";
import { MeetingDetailsFields, optionalInteger, readMeetingDetails } from "~/forms/meeting-details";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { MeetingDetailsFieldset } from "~/features/groups/meeting-details-fields";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "groups.newMeeting.title");

const GroupId = z.uuid();

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // Only the group's leaders add meetings: for anyone else the page does not exist.
  const { read } = await readForAccount(request, context, (trx) => getLedGroup(trx, params.groupId));
  if (!read) throw new Response(null, { status: 404 });
  const { group } = read;
  return { groupId: group.id, groupName: group.name, today: todayIn(DEFAULT_TIME_ZONE, new Date()) };
}

const NewMeetingForm = z.object({
  ...MeetingDetailsFields,
  startsOn: z.string().trim().min(1, "errors.field.required"),
  startTime: z.string().trim().min(1, "errors.field.required"),
  durationMinutes: z.coerce.number("errors.groups.number").int("errors.groups.number"),
  frequency: z.enum(FREQUENCIES, { error: "errors.form.invalid" }),
  monthlyWeek: z.union([z.literal(""), z.enum(MONTHLY_WEEKS.map(String) as ["1", "2", "3", "4", "-1"])]),
  end: z.enum(["none", "until", "count"], { error: "errors.form.invalid" }),
  untilOn: z.string().trim(),
  occurrenceCount: optionalInteger,
});

type MeetingFormValue = z.output<typeof NewMeetingForm>;

function seriesOf(form: MeetingFormValue): MeetingSeries {
  return {
    startsOn: form.startsOn,
    startTime: form.startTime,
    durationMinutes: form.durationMinutes,
    timeZone: DEFAULT_TIME_ZONE,
    frequency: form.frequency,
    monthlyWeek: form.frequency === "monthly" && form.monthlyWeek !== "" ? (Number(form.monthlyWeek) as MeetingSeries["monthlyWeek"]) : null,
    untilOn: form.frequency !== "once" && form.end === "until" ? form.untilOn : null,
    occurrenceCount: form.frequency !== "once" && form.end === "count" && form.occurrenceCount !== "" ? form.occurrenceCount : null,
  };
}

/** Every problem of the form as a field message (the series rules live in the domain, the meeting's words in forms/meeting-details). */
function problemsOf(form: MeetingFormValue, series: MeetingSeries, today: string): FieldErrors {
  const errors: FieldErrors = { ...readMeetingDetails(form).problems };
  for (const problem of checkSeries(series)) {
    const key = problem.field === "frequency" ? "frequency" : problem.field;
    errors[key] ??= `errors.groups.series.${problem.field}.${problem.problem}`;
  }
  if (series.startsOn < today && !errors.startsOn) errors.startsOn = "errors.groups.series.startsOn.past";
  if (form.end === "until" && form.frequency !== "once" && form.untilOn === "") errors.untilOn = "errors.field.required";
  if (form.end === "count" && form.frequency !== "once" && form.occurrenceCount === "") errors.occurrenceCount = "errors.field.required";
  return errors;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const groupId = GroupId.safeParse(params.groupId);
  if (!groupId.success) throw new Response(null, { status: 404 });
  const form = await parseForm(request, NewMeetingForm);
  if (!form.ok) return formReply(form);
  const series = seriesOf(form.value);
  const problems = problemsOf(form.value, series, todayIn(series.timeZone, new Date()));
  if (Object.keys(problems).length > 0) return formReply(refusal(400, fieldFailure(problems)));
  const { value } = form;
  const db = await getDatabase();
  const created = await asMember(db, account.userId, (trx) => createMeeting(trx, { ...readMeetingDetails(value).meeting, groupId: groupId.data, series }));
  if (!created) return formReply(refusal(403, formFailure("errors.groups.notAllowed")));
  await refreshGroupMeetingTimes(db, groupId.data);
  return redirect(`/groups/${groupId.data}?added=meeting`);
}

export default function NewMeeting() {
  const { groupId, groupName, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const error = (field: string) => fieldError(reply, field);
  return (
    <section className="panel" aria-labelledby="new-meeting-title">
      <p className="breadcrumb">
        <PageLink to={`/groups/${groupId}`}>{groupName}</PageLink>
      </p>
      <h1 id="new-meeting-title">{t("groups.newMeeting.title")}</h1>
      <p>{t("groups.newMeeting.intro")}</p>
      <Form method="post">
        <CsrfField />
        <FormField id="meeting-name" name="name" label={t("groups.newMeeting.name")} maxLength={TEXT_LIMITS.meetingName} error={error("name")} required />
        <FormField id="meeting-starts-on" name="startsOn" type="date" min={today} label={t("groups.newMeeting.startsOn")} error={error("startsOn")} required />
        <FormField id="meeting-start-time" name="startTime" type="time" label={t("groups.newMeeting.startTime")} hint={t("groups.newMeeting.timeZoneHint")} error={error("startTime")} required />
        <FormField
          id="meeting-duration"
          name="durationMinutes"
          type="number"
          inputMode="numeric"
          min={MEETING_MINUTES.min}
          max={MEETING_MINUTES.max}
          defaultValue={90}
          label={t("groups.newMeeting.duration")}
          error={error("durationMinutes")}
          errorValues={MEETING_MINUTES}
          required
        />
        <SelectField id="meeting-frequency" name="frequency" label={t("groups.newMeeting.frequency")} error={error("frequency")} defaultValue="weekly">
          {FREQUENCIES.map((frequency) => (
            <option key={frequency} value={frequency}>
              {t(`groups.newMeeting.frequencies.${frequency}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="meeting-monthly-week" name="monthlyWeek" label={t("groups.newMeeting.monthlyWeek")} error={error("monthlyWeek")} defaultValue="">
          <option value="">{t("groups.newMeeting.notMonthly")}</option>
          {MONTHLY_WEEKS.map((week) => (
            <option key={week} value={week}>
              {t(`groups.newMeeting.weeks.${week === -1 ? "last" : String(week)}`)}
            </option>
          ))}
        </SelectField>
        <fieldset className="field">
          <legend>{t("groups.newMeeting.end")}</legend>
          <p className="field__hint">{t("groups.newMeeting.endHint", { years: SERIES_MAX_YEARS })}</p>
          {(["none", "until", "count"] as const).map((end) => (
            <label key={end} className="choice">
              <input type="radio" name="end" value={end} defaultChecked={end === "none"} /> {t(`groups.newMeeting.ends.${end}`)}
            </label>
          ))}
        </fieldset>
        <FormField id="meeting-until" name="untilOn" type="date" min={today} label={t("groups.newMeeting.untilOn")} error={error("untilOn")} errorValues={{ years: SERIES_MAX_YEARS }} />
        <FormField id="meeting-count" name="occurrenceCount" type="number" inputMode="numeric" min={1} label={t("groups.newMeeting.occurrenceCount")} error={error("occurrenceCount")} errorValues={{ years: SERIES_MAX_YEARS }} />
        <MeetingDetailsFieldset reply={reply} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("groups.newMeeting.save")}
        </button>
        <FormMessage message={reply && !reply.ok ? (reply.formError ?? "errors.groups.checkFields") : undefined} />
      </Form>
    </section>
  );
}
