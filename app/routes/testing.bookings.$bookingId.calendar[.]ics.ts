import type { LoaderFunctionArgs } from "@remix-run/node";
import { readForAccount } from "~/auth/current-account.server";
import { calendarResponse, singleEvent } from "~/calendar/meeting-calendar.server";
import { getOwnBooking } from "~/data/testing.server";
import { localDateTimeOf as local } from "~/domain/groups/local-time";
import { isCurrentBooking } from "~/domain/testing/member-view";
import { i18nFor } from "~/i18n/all-messages";
import { detectLanguage } from "~/i18n/language.server";

/**
 * A calendar file of the member's own current booking. Whoever sees their calendar sees only
 * "Appointment", a time, an address and a code: no word about what it is for.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { read: booking } = await readForAccount(request, context, (trx) => getOwnBooking(trx, params.bookingId ?? ""));
  if (!booking || !isCurrentBooking(booking, new Date())) throw new Response(null, { status: 404 });
  const { t } = i18nFor(detectLanguage(request));
  return calendarResponse([
    singleEvent({
      uid: `${booking.id}@tongxing`,
      timeZone: booking.timeZone,
      start: local(booking.startsAt, booking.timeZone),
      end: local(booking.endsAt, booking.timeZone),
      title: t("testing.calendar.eventTitle"),
      location: booking.address,
      description: t("testing.calendar.description", { code: booking.code }),
    }),
  ]);
}
