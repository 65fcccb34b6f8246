import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { useTranslation } from "~/i18n/use-translation";
import { readForAccount } from "~/auth/current-account.server";
import { listOwnAnnouncements } from "~/data/attendance.server";
import { listOwnMeetingSeries } from "~/data/meetings.server";
import { upcomingOccurrences } from "~/domain/groups/schedule";
import { homeEntries, type HomeEntry } from "~/domain/navigation/home-entries";
import { MeetingTime } from "~/features/groups/meeting-words";
import { TalkNowPanel } from "~/features/talk-now/talk-now-panel";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home.title");

const NEXT_MEETINGS_DAYS = 14;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account, read } = await readForAccount(request, context, async (trx) => {
    const [meetings, announcements] = await Promise.all([listOwnMeetingSeries(trx), listOwnAnnouncements(trx, 3)]);
    return { meetings, announcements };
  });
  const meetingOf = new Map(read.meetings.map((meeting) => [meeting.id, meeting]));
  const nextMeetings = upcomingOccurrences(read.meetings, new Date(), NEXT_MEETINGS_DAYS, 5).map((occurrence) => ({
    key: `${occurrence.meetingId}:${occurrence.occurrenceOn}`,
    startsAt: occurrence.startsAt.toISOString(),
    endsAt: occurrence.endsAt.toISOString(),
    cancelled: occurrence.status === "cancelled",
    groupId: meetingOf.get(occurrence.meetingId)?.groupId ?? "",
    name: meetingOf.get(occurrence.meetingId)?.groupName ?? "",
  }));
  return { handle: account.handle, entries: homeEntries(account), nextMeetings, announcements: read.announcements };
}

export default function Home() {
  const { handle, entries, nextMeetings, announcements } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const atWork = entries.work.length > 0;
  return (
    <section className="panel" aria-labelledby="home-title">
      <h1 id="home-title">{t("home.greeting", { handle })}</h1>
      {atWork ? (
        <section aria-labelledby="home-work-title">
          <h2 id="home-work-title">{t("home.work")}</h2>
          <EntryList entries={entries.work} />
        </section>
      ) : null}
      <TalkNowPanel />
      {nextMeetings.length > 0 ? (
        <section aria-labelledby="next-meetings-title" className="next-meetings">
          <h2 id="next-meetings-title">{t("home.nextMeetings")}</h2>
          <ul>
            {nextMeetings.map((meeting) => (
              <li key={meeting.key}>
                <PageLink to={`/groups/${meeting.groupId}`}>{meeting.name}</PageLink> · <MeetingTime occurrence={meeting} />
                {meeting.cancelled ? ` · ${t("groups.upcoming.cancelled")}` : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {announcements.length > 0 ? (
        <section aria-labelledby="home-announcements-title" className="next-meetings">
          <h2 id="home-announcements-title">{t("home.announcements")}</h2>
          <ul>
            {announcements.map((announcement) => (
              <li key={announcement.id}>
                <PageLink to={`/groups/${announcement.groupId}`}>{announcement.groupName}</PageLink>：<span className="group-description">{announcement.body}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>{t(atWork ? "home.introOwn" : "home.intro")}</p>
      <EntryList entries={entries.own} />
      <p className="field__hint">{t("home.quickExitTip")}</p>
    </section>
  );
}

function EntryList({ entries }: { entries: HomeEntry[] }) {
  const { t } = useTranslation();
  return (
    <ul className="entries">
      {entries.map((entry) => (
        <li key={entry.id} className={entry.id === "finishSetup" ? "entries__item entries__item--first-step" : "entries__item"}>
          <PageLink to={entry.to} className="entries__link">
            <span className="entries__title">{t(`home.entries.${entry.id}.title`)}</span>
            <span className="entries__line">{t(`home.entries.${entry.id}.line`)}</span>
          </PageLink>
        </li>
      ))}
    </ul>
  );
}
