import { Form } from "@remix-run/react";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { failureFor } from "~/forms/form-reply";
import { useTranslation } from "~/i18n/use-translation";
import { MeetingTime } from "./meeting-words";

export interface UpcomingEntry {
  meetingId: string;
  occurrenceOn: string;
  startsAt: string;
  endsAt: string;
  status: "scheduled" | "cancelled" | "moved";
  mine: "going" | "waitlisted" | "not_going" | null;
  /** The member's place in line while waiting (1 = next). */
  place: number | null;
  going: number | null;
  waiting: number | null;
}

type Reply = { ok: true; done: string; status?: string } | { ok: false; formError?: string } | undefined;

function doneMessage(reply: Reply): string | undefined {
  if (!reply?.ok) return undefined;
  if (reply.done === "rsvp" && reply.status) return `groups.rsvp.saved.${reply.status}`;
  if (reply.done === "cancel" || reply.done === "restore" || reply.done === "move") return `groups.upcoming.${reply.done}Done`;
  return undefined;
}

/** The group's next meetings: RSVP per occurrence, a calendar file for one, and for leaders counts and cancelling. */
export function UpcomingMeetings({ groupId, upcoming, isLeader, reply, busy }: { groupId: string; upcoming: UpcomingEntry[]; isLeader: boolean; reply: Reply; busy: boolean }) {
  const { t } = useTranslation();
  const failure = failureFor(reply, ["rsvp", "cancel", "restore", "move"]);
  return (
    <section className="panel" aria-labelledby="upcoming-title">
      <h2 id="upcoming-title">{t("groups.upcoming.title")}</h2>
      {upcoming.length === 0 ? <p>{t("groups.upcoming.none")}</p> : null}
      <ul className="occurrence-list">
        {upcoming.map((entry) => {
          const key = `${entry.meetingId}:${entry.occurrenceOn}`;
          const hidden = (
            <>
              <CsrfField />
              <input type="hidden" name="meetingId" value={entry.meetingId} />
              <input type="hidden" name="occurrenceOn" value={entry.occurrenceOn} />
            </>
          );
          return (
            <li key={key} className="occurrence" data-occurrence={entry.occurrenceOn}>
              <p className="occurrence__when">
                <MeetingTime occurrence={entry} />
                {entry.status === "cancelled" ? <strong className="occurrence__flag"> {t("groups.upcoming.cancelled")}</strong> : null}
                {entry.status === "moved" ? <span className="occurrence__flag"> {t("groups.upcoming.moved")}</span> : null}
              </p>
              {entry.status !== "cancelled" && !isLeader ? (
                <>
                  <p className="occurrence__mine" role="status">
                    {entry.mine ? t(`groups.rsvp.status.${entry.mine}`) : t("groups.rsvp.status.none")}
                    {entry.mine === "waitlisted" && entry.place !== null ? ` ${t("groups.rsvp.place", { place: entry.place })}` : null}
                  </p>
                  <Form method="post" preventScrollReset className="inline-form">
                    {hidden}
                    <input type="hidden" name="intent" value="rsvp" />
                    <button type="submit" name="going" value="yes" className="button" disabled={busy || entry.mine === "going" || entry.mine === "waitlisted"}>
                      {t("groups.rsvp.going")}
                    </button>{" "}
                    <button type="submit" name="going" value="no" className="button button--secondary" disabled={busy || entry.mine === "not_going"}>
                      {t("groups.rsvp.notGoing")}
                    </button>
                  </Form>
                </>
              ) : null}
              {isLeader ? (
                <p>
                  {t("groups.upcoming.counts", { going: entry.going ?? 0, waiting: entry.waiting ?? 0 })}
                </p>
              ) : null}
              {isLeader ? (
                <div className="actions">
                  <Form method="post" preventScrollReset className="inline-form">
                    {hidden}
                    <input type="hidden" name="intent" value={entry.status === "cancelled" ? "restore" : "cancel"} />
                    <button type="submit" className="button button--secondary" disabled={busy}>
                      {entry.status === "cancelled" ? t("groups.upcoming.restore") : t("groups.upcoming.cancel")}
                    </button>
                  </Form>
                  {entry.status === "moved" ? (
                    <Form method="post" preventScrollReset className="inline-form">
                      {hidden}
                      <input type="hidden" name="intent" value="restore" />
                      <button type="submit" className="button button--secondary" disabled={busy}>
                        {t("groups.upcoming.moveBack")}
                      </button>
                    </Form>
                  ) : null}
                </div>
              ) : null}
              {isLeader && entry.status !== "cancelled" ? (
                <details className="move-meeting">
                  <summary>{t("groups.upcoming.move")}</summary>
                  <Form method="post" preventScrollReset>
                    {hidden}
                    <input type="hidden" name="intent" value="move" />
                    <div className="field">
                      <label htmlFor={`move-date-${key}`}>{t("groups.upcoming.moveDate")}</label>
                      <input id={`move-date-${key}`} name="movedToOn" type="date" required />
                    </div>
                    <div className="field">
                      <label htmlFor={`move-time-${key}`}>{t("groups.upcoming.moveTime")}</label>
                      <input id={`move-time-${key}`} name="movedStartTime" type="time" required />
                    </div>
                    <button type="submit" className="button" disabled={busy}>
                      {t("groups.upcoming.moveSave")}
                    </button>
                  </Form>
                </details>
              ) : null}
              {entry.status !== "cancelled" ? (
                <p>
                  <a href={`/groups/${groupId}/calendar.ics?meeting=${entry.meetingId}&occurrence=${entry.occurrenceOn}`} download>
                    {t("groups.calendar.addOne")}
                  </a>
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      <FormMessage message={failure ?? doneMessage(reply)} tone={failure ? "error" : "info"} />
    </section>
  );
}
