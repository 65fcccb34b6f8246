import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readForAccount } from "~/auth/current-account.server";
import { calendarResponse, singleEvent, type CalendarEvent } from "~/calendar/meeting-calendar.server";
import { getGroupPage } from "~/data/groups.server";
import { calendarExceptions, expandOccurrences, toRRule } from "~/domain/groups/recurrence";
import { localDateTimeOf as local } from "~/domain/groups/local-time";
import { findOccurrence } from "~/domain/groups/schedule";
import { i18nFor } from "~/i18n/all-messages";
import { detectLanguage } from "~/i18n/language.server";

const Query = z.object({
  meeting: z.uuid(),
  occurrence: z.iso.date().optional(),
  // Off unless the member asks: whoever sees their calendar would see where they go.
  address: z.literal("1").optional(),
});

/** A calendar file of one occurrence, or of the whole series, for members and leaders of the group only. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const groupId = z.uuid().safeParse(params.groupId);
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!groupId.success || !query.success) throw new Response(null, { status: 404 });
  const { read: page } = await readForAccount(request, context, (trx) => getGroupPage(trx, groupId.data));
  const member = page && (page.isLeader || page.membership?.status === "approved");
  const series = member ? page.series.find((entry) => entry.id === query.data.meeting) : undefined;
  if (!series) throw new Response(null, { status: 404 });
  const { timeZone } = series.series;
  const title = i18nFor(detectLanguage(request)).t("groups.calendar.eventTitle");
  const location = query.data.address && series.details ? [series.details.address, series.details.conferenceLink].filter(Boolean).join(" ") || null : null;
  let event: CalendarEvent;
  if (query.data.occurrence) {
    const occurrence = findOccurrence(series, query.data.occurrence, new Date());
    if (!occurrence || occurrence.status === "cancelled") throw new Response(null, { status: 404 });
    event = singleEvent({ uid: `${series.id}-${occurrence.occurrenceOn}@tongxing`, timeZone, start: local(occurrence.startsAt, timeZone), end: local(occurrence.endsAt, timeZone), title, location });
  } else {
    // A series starts at its first rule date and carries its exceptions beside the RRULE; a
    // one-off meeting has no rule for them to refer to, so it is written where it now is.
    const rrule = toRRule(series.series);
    const first = expandOccurrences(series.series, rrule ? [] : series.exceptions, { from: new Date(0), to: new Date(Date.now() + 3 * 366 * 86_400_000) })[0];
    if (!first || first.status === "cancelled") throw new Response(null, { status: 404 });
    const { excluded, moved } = rrule ? calendarExceptions(series.series, series.exceptions) : { excluded: [], moved: [] };
    event = {
      uid: `${series.id}@tongxing`,
      timeZone,
      start: local(first.startsAt, timeZone),
      end: local(first.endsAt, timeZone),
      rrule,
      cancelledStarts: excluded,
      moved,
      title,
      location,
    };
  }
  return calendarResponse([event]);
}
