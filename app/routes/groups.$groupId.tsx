import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { refreshGroupMeetingTimes } from "~/data/meeting-times.server";
import { addCoLeader, decideMembership, getGroupPage, leaveGroup, listRoster, removeCoLeader, requestToJoin, type DecideResult, type JoinResult } from "~/data/groups.server";
import { answerRsvp, getSeries, listOwnWaitlistPlaces, listRsvps, meetingIdsOfGroup, meetingLedByCaller, replaceSeriesFrom, setOccurrenceException, type RsvpResult } from "~/data/meetings.server";
import { checkSeries, MEETING_MINUTES, splitSeriesFrom } from "~/domain/groups/recurrence";
import { listAnnouncements, listAttendance, markAttendance, postAnnouncement } from "~/data/attendance.server";
import { asMember } from "~/data/rls.server";
import { addDays, DEFAULT_TIME_ZONE, todayIn } from "~/domain/groups/local-time";
import { TEXT_LIMITS } from "~/domain/groups/meeting-fields";
import { findOccurrence, upcomingOccurrences } from "~/domain/groups/schedule";
import { failureFor, fieldError, formFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { GroupLeaderPanel } from "~/features/groups/group-leader-panel";
import { Announcements } from "~/features/groups/announcements";
import { AttendancePanel } from "~/features/groups/attendance-panel";
import { JoinPanel } from "~/features/groups/join-panel";
import { UpcomingMeetings } from "~/features/groups/upcoming-meetings";
import { MeetingKinds, SeriesRule } from "~/features/groups/meeting-words";
import { memberText } from "~/forms/member-text";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";
import { formatList } from "~/i18n/format";

// The page title stays neutral ("Group"): a group's name can say what it is about.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "groups.page.title");

const GroupId = z.uuid();
const UPCOMING_DAYS = 35;
/** How far back a leader can mark attendance. */
const ATTENDANCE_DAYS = 21;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const groupId = GroupId.safeParse(params.groupId);
  if (!groupId.success) throw new Response(null, { status: 404 });
  const today = todayIn(DEFAULT_TIME_ZONE, new Date());
  const { account, read } = await readForAccount(request, context, async (trx) => {
    // All sent together: the group's meetings are named by a query, not by a list read first.
    const meetingIds = meetingIdsOfGroup(trx, groupId.data);
    const [page, rsvps, places, announcements, attendance] = await Promise.all([
      getGroupPage(trx, groupId.data),
      listRsvps(trx, meetingIds, addDays(today, -1)),
      listOwnWaitlistPlaces(trx, meetingIds, addDays(today, -1)),
      listAnnouncements(trx, [groupId.data], 5),
      listAttendance(trx, meetingIds, addDays(today, -ATTENDANCE_DAYS)),
    ]);
    if (!page) return null;
    // RLS shows a member their own marks; the attendance panel is a leader's.
    return { page, rsvps, places, announcements, attendance: page.isLeader ? attendance : [] };
  });
  if (!read) throw new Response(null, { status: 404 });
  const { page, rsvps, places, announcements, attendance } = read;
  const member = page.isLeader || page.membership?.status === "approved";
  const now = new Date();
  // Meetings of the last weeks that have started: the leader marks who came.
  const past = page.isLeader
    ? upcomingOccurrences(page.series, new Date(now.getTime() - ATTENDANCE_DAYS * 86_400_000), ATTENDANCE_DAYS, 20)
        .filter((occurrence) => occurrence.startsAt <= now && occurrence.status !== "cancelled")
        .reverse()
        .slice(0, 6)
        .map((occurrence) => ({
          meetingId: occurrence.meetingId,
          occurrenceOn: occurrence.occurrenceOn,
          startsAt: occurrence.startsAt.toISOString(),
          endsAt: occurrence.endsAt.toISOString(),
          present: attendance.filter((mark) => mark.meetingId === occurrence.meetingId && mark.occurrenceOn === occurrence.occurrenceOn && mark.present).map((mark) => mark.memberId),
        }))
    : [];
  const upcoming = upcomingOccurrences(page.series, new Date(), UPCOMING_DAYS, 12).map((occurrence) => {
    const answers = rsvps.filter((rsvp) => rsvp.meetingId === occurrence.meetingId && rsvp.occurrenceOn === occurrence.occurrenceOn);
    return {
      meetingId: occurrence.meetingId,
      occurrenceOn: occurrence.occurrenceOn,
      startsAt: occurrence.startsAt.toISOString(),
      endsAt: occurrence.endsAt.toISOString(),
      status: occurrence.status,
      mine: answers.find((rsvp) => rsvp.memberId === account.userId)?.status ?? null,
      place: places.find((entry) => entry.meetingId === occurrence.meetingId && entry.occurrenceOn === occurrence.occurrenceOn)?.place ?? null,
      going: page.isLeader ? answers.filter((rsvp) => rsvp.status === "going").length : null,
      waiting: page.isLeader ? answers.filter((rsvp) => rsvp.status === "waitlisted").length : null,
    };
  });
  return { page, member, upcoming, announcements, past };
}

const Note = memberText(TEXT_LIMITS.joinNote, "errors.groups.noteTooLong");
const Reason = memberText(TEXT_LIMITS.decisionReason, "errors.groups.reasonTooLong");
const Occurrence = { meetingId: z.uuid("errors.form.invalid"), occurrenceOn: z.iso.date("errors.form.invalid") };

const GroupAction = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("join"), note: Note }),
    z.object({ intent: z.literal("leave") }),
    z.object({ intent: z.literal("rsvp"), ...Occurrence, going: z.enum(["yes", "no"]) }),
    z.object({ intent: z.literal("decide"), memberId: z.uuid("errors.form.invalid"), decision: z.enum(["approved", "declined", "removed"]), reason: Reason }),
    z.object({ intent: z.literal("cancel"), ...Occurrence }),
    z.object({ intent: z.literal("restore"), ...Occurrence }),
    z.object({ intent: z.literal("move"), ...Occurrence, movedToOn: z.iso.date("errors.groups.date"), movedStartTime: z.iso.time({ precision: -1, error: "errors.groups.series.startTime.time" }) }),
    z.object({ intent: z.literal("coLeader"), memberId: z.uuid("errors.form.invalid") }),
    z.object({ intent: z.literal("stopCoLeader"), memberId: z.uuid("errors.form.invalid") }),
    z.object({
      intent: z.literal("changeFrom"),
      meetingId: z.uuid("errors.form.invalid"),
      fromOn: z.iso.date("errors.groups.date"),
      startTime: z.iso.time({ precision: -1, error: "errors.groups.series.startTime.time" }),
      durationMinutes: z.coerce.number("errors.groups.number").int("errors.groups.number"),
    }),
    // One checkbox per member, named present_<member id>: ticked = came.
    z.object({ intent: z.literal("attendance"), ...Occurrence }).catchall(z.literal("on")),
    z.object({ intent: z.literal("announce"), body: memberText(TEXT_LIMITS.announcement, "errors.groups.tooLong.announcement").refine((body) => body.length > 0, "errors.field.required") }),
  ],
  { error: "errors.form.invalid" },
);

const REFUSALS: Refusals<RefusalReason<JoinResult | DecideResult | RsvpResult> | "no-occurrence" | "move-past" | "co-leader-not-member" | "bad-change"> = {
  "bad-change": refusal(400, formFailure("errors.groups.badChange")),
  "co-leader-not-member": refusal(409, formFailure("errors.groups.coLeaderNotMember")),
  "move-past": refusal(400, formFailure("errors.groups.movePast")),
  "not-found": refusal(404, formFailure("errors.groups.notFound")),
  already: refusal(409, formFailure("errors.groups.already")),
  removed: refusal(403, formFailure("errors.groups.removed")),
  "not-allowed": refusal(403, formFailure("errors.groups.notAllowed")),
  "not-member": refusal(403, formFailure("errors.groups.notMember")),
  "no-occurrence": refusal(404, formFailure("errors.groups.noOccurrence")),
};

/** Changes after which the group's next meeting times are worked out again at once (for the finder). */
const SCHEDULE_CHANGES = new Set<string>(["move", "cancel", "restore", "changeFrom"]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const groupId = GroupId.safeParse(params.groupId);
  if (!groupId.success) throw new Response(null, { status: 404 });
  const form = await parseForm(request, GroupAction);
  if (!form.ok) return formReply(form);
  const change = form.value;
  const db = await getDatabase();
  const outcome = await asMember(db, account.userId, async (trx): Promise<{ ok: true; status?: string } | { ok: false; reason: keyof typeof REFUSALS }> => {
    switch (change.intent) {
      case "join":
        return requestToJoin(trx, groupId.data, change.note);
      case "leave":
        return (await leaveGroup(trx, groupId.data)).ok ? { ok: true as const } : { ok: false as const, reason: "not-member" as const };
      case "decide":
        return decideMembership(trx, { groupId: groupId.data, ...change });
      case "rsvp": {
        const series = await getSeries(trx, change.meetingId);
        const occurrence = series?.groupId === groupId.data ? findOccurrence(series, change.occurrenceOn, new Date()) : null;
        if (!occurrence || occurrence.status === "cancelled") return { ok: false as const, reason: "no-occurrence" as const };
        return answerRsvp(trx, change.meetingId, change.occurrenceOn, change.going === "yes");
      }
      case "changeFrom": {
        const led = await meetingLedByCaller(trx, change.meetingId);
        if (!led || led.groupId !== groupId.data) return { ok: false as const, reason: "not-allowed" as const };
        if (change.fromOn < todayIn(led.series.timeZone, new Date())) return { ok: false as const, reason: "move-past" as const };
        const split = splitSeriesFrom(led.series, change.fromOn, { startTime: change.startTime, durationMinutes: change.durationMinutes });
        if (!split) return { ok: false as const, reason: "no-occurrence" as const };
        const problem = checkSeries(split.after)[0];
        if (problem) return { ok: false as const, reason: "bad-change" as const };
        return replaceSeriesFrom(trx, change.meetingId, split);
      }
      case "stopCoLeader":
        return removeCoLeader(trx, groupId.data, change.memberId);
      case "coLeader": {
        const added = await addCoLeader(trx, groupId.data, change.memberId);
        return added.ok ? added : { ok: false as const, reason: added.reason === "not-member" ? ("co-leader-not-member" as const) : ("not-allowed" as const) };
      }
      case "move":
      case "cancel":
      case "restore": {
        const led = await meetingLedByCaller(trx, change.meetingId);
        if (!led || led.groupId !== groupId.data) return { ok: false as const, reason: "not-allowed" as const };
        if (!findOccurrence({ id: change.meetingId, series: led.series, exceptions: [] }, change.occurrenceOn, new Date())) {
          return { ok: false as const, reason: "no-occurrence" as const };
        }
        if (change.intent === "move") {
          if (change.movedToOn < todayIn(led.series.timeZone, new Date())) return { ok: false as const, reason: "move-past" as const };
          await setOccurrenceException(trx, change.meetingId, { occurrenceOn: change.occurrenceOn, kind: "moved", movedToOn: change.movedToOn, movedStartTime: change.movedStartTime });
        } else {
          await setOccurrenceException(trx, change.meetingId, { occurrenceOn: change.occurrenceOn, kind: change.intent === "cancel" ? "cancelled" : "scheduled" });
        }
        return { ok: true as const };
      }
      case "attendance": {
        const led = await meetingLedByCaller(trx, change.meetingId);
        if (!led || led.groupId !== groupId.data) return { ok: false as const, reason: "not-allowed" as const };
        const occurrence = findOccurrence(led, change.occurrenceOn, new Date(), ATTENDANCE_DAYS);
        if (!occurrence || occurrence.status === "cancelled") return { ok: false as const, reason: "no-occurrence" as const };
        const members = (await listRoster(trx, groupId.data)).filter((entry) => entry.status === "approved");
        return markAttendance(
          trx,
          members.map((entry) => ({ meetingId: change.meetingId, occurrenceOn: change.occurrenceOn, memberId: entry.memberId, present: change[`present_${entry.memberId}`] === "on" })),
        );
      }
      case "announce":
        return postAnnouncement(trx, groupId.data, change.body);
    }
  });
  if (!outcome.ok) {
    const refused = REFUSALS[outcome.reason];
    return formReply({ status: refused.status, body: { ...refused.body, intent: change.intent } });
  }
  if (SCHEDULE_CHANGES.has(change.intent)) await refreshGroupMeetingTimes(db, groupId.data);
  return { ok: true as const, done: change.intent, ...(outcome.status ? { status: outcome.status } : {}) };
}

export default function GroupPage() {
  const { page, member, upcoming, announcements, past } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const { group } = page;
  return (
    <>
      <section className="panel" aria-labelledby="group-title">
        <p className="breadcrumb">
          <PageLink to="/groups">{t("groups.page.back")}</PageLink>
        </p>
        <h1 id="group-title">{group.name}</h1>
        {group.status === "closed" ? <p className="form-message form-message--info">{t("groups.page.closed")}</p> : null}
        {group.description ? <p className="group-description">{group.description}</p> : null}
        <dl className="facts">
          <dt>{t("groups.page.languages")}</dt>
          <dd>{formatList(group.languages.map((language) => t(`groups.languages.${language}`)), i18n.language)}</dd>
          <dt>{t("groups.page.leaders")}</dt>
          <dd translate="no">{formatList(page.leaders.map((leader) => leader.handle), i18n.language)}</dd>
        </dl>
        <h2>{t("groups.page.schedule")}</h2>
        {page.series.length === 0 ? <p>{t("groups.page.noMeetings")}</p> : null}
        <ul className="series-list">
          {page.series.map((series) => (
            <li key={series.id}>
              <strong>{series.name}</strong>
              <br />
              <SeriesRule series={series.series} />
              <br />
              <MeetingKinds mode={series.attendanceMode} types={series.types} />
              {series.notes ? <p className="field__hint">{series.notes}</p> : null}
              {series.details ? (
                <dl className="facts facts--private">
                  {series.details.address ? (
                    <>
                      <dt>{t("groups.page.address")}</dt>
                      <dd>{series.details.address}</dd>
                    </>
                  ) : null}
                  {series.details.conferenceLink ? (
                    <>
                      <dt>{t("groups.page.link")}</dt>
                      <dd>
                        <a href={series.details.conferenceLink} rel="noreferrer noopener" target="_blank">
                          {series.details.conferenceLink}
                        </a>
                      </dd>
                    </>
                  ) : null}
                  {series.details.conferencePhone ? (
                    <>
                      <dt>{t("groups.page.phone")}</dt>
                      <dd>{series.details.conferencePhone}</dd>
                    </>
                  ) : null}
                </dl>
              ) : null}
              {page.isLeader ? (
                <p>
                  <PageLink to={`/groups/${group.id}/meetings/${series.id}/edit`}>{t("groups.editMeeting.link")}</PageLink>
                </p>
              ) : null}
              {page.isLeader && series.series.frequency !== "once" ? (
                <details className="move-meeting">
                  <summary>{t("groups.changeFrom.title")}</summary>
                  <Form method="post" preventScrollReset>
                    <CsrfField />
                    <input type="hidden" name="intent" value="changeFrom" />
                    <input type="hidden" name="meetingId" value={series.id} />
                    <p className="field__hint">{t("groups.changeFrom.hint")}</p>
                    <div className="field">
                      <label htmlFor={`change-from-${series.id}`}>{t("groups.changeFrom.fromOn")}</label>
                      <input id={`change-from-${series.id}`} name="fromOn" type="date" required />
                    </div>
                    <div className="field">
                      <label htmlFor={`change-time-${series.id}`}>{t("groups.newMeeting.startTime")}</label>
                      <input id={`change-time-${series.id}`} name="startTime" type="time" defaultValue={series.series.startTime} required />
                    </div>
                    <div className="field">
                      <label htmlFor={`change-duration-${series.id}`}>{t("groups.newMeeting.duration")}</label>
                      <input id={`change-duration-${series.id}`} name="durationMinutes" type="number" inputMode="numeric" min={MEETING_MINUTES.min} max={MEETING_MINUTES.max} defaultValue={series.series.durationMinutes} required />
                    </div>
                    <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                      {t("groups.changeFrom.save")}
                    </button>
                    <FormMessage message={failureFor(reply, ["changeFrom"]) ?? (reply?.ok && reply.done === "changeFrom" ? "groups.changeFrom.done" : undefined)} tone={failureFor(reply, ["changeFrom"]) ? "error" : "info"} />
                  </Form>
                </details>
              ) : null}
              {member ? (
                <form method="get" action={`/groups/${group.id}/calendar.ics`} className="calendar-form">
                  <input type="hidden" name="meeting" value={series.id} />
                  {series.details?.address || series.details?.conferenceLink ? (
                    <label className="choice">
                      <input type="checkbox" name="address" value="1" /> {t("groups.calendar.withAddress")}
                    </label>
                  ) : null}
                  <button type="submit" className="button button--secondary">
                    {t("groups.calendar.addSeries")}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {!member ? <p className="field__hint">{t("groups.page.detailsForMembers")}</p> : null}
      </section>
      {member ? <Announcements announcements={announcements} isLeader={page.isLeader} reply={reply} busy={navigation.state === "submitting"} /> : null}
      {member ? <UpcomingMeetings groupId={group.id} upcoming={upcoming} isLeader={page.isLeader} reply={reply} busy={navigation.state === "submitting"} /> : null}
      {page.isLeader ? (
        <>
          <GroupLeaderPanel groupId={group.id} roster={page.roster} coLeaders={page.leaders.filter((leader) => leader.kind === "co_leader").map((leader) => leader.memberId)} reply={reply} busy={navigation.state === "submitting"} />
          <AttendancePanel past={past} members={page.roster.filter((entry) => entry.status === "approved")} reply={reply} busy={navigation.state === "submitting"} />
        </>
      ) : (
        <JoinPanel membership={page.membership} noteError={fieldError(reply, "note")} failure={failureFor(reply, ["join", "leave"])} done={reply?.ok ? reply.done : undefined} busy={navigation.state === "submitting"} />
      )}
      {member && !page.isLeader && page.roster.length > 0 ? (
        <section className="panel" aria-labelledby="roster-title">
          <h2 id="roster-title">{t("groups.page.roster")}</h2>
          <p translate="no">{formatList(page.roster.map((entry) => entry.handle), i18n.language)}</p>
        </section>
      ) : null}
    </>
  );
}
