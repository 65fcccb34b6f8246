import { PageLink } from "~/components/ui/page-link";
import type { ReactNode } from "react";
import type { BookingView } from "~/domain/testing/member-view";
import { formatDay } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

/** "12月5日周六 09:00–09:30" on the site's clock. */
export function SlotWhen({ clock }: { clock: { date: string; start: string; end: string } }) {
  const { i18n } = useTranslation();
  return (
    <>
      {formatDay(clock.date, i18n.language)} {clock.start}–{clock.end}
    </>
  );
}

/** When, where, the code to read out and the address; `children` go below (buttons, next steps). */
export function BookingFacts({ booking, children }: { booking: BookingView; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="booking" data-booking={booking.id}>
      <dl className="facts">
        <dt>{t("testing.when")}</dt>
        <dd>
          <SlotWhen clock={booking.clock} />
        </dd>
        <dt>{t("testing.where")}</dt>
        <dd>{booking.siteName}</dd>
        {booking.address ? (
          <>
            <dt>{t("testing.address")}</dt>
            <dd className="booking__address">{booking.address}</dd>
          </>
        ) : null}
      </dl>
      <p className="booking__code-label">{t("testing.code")}</p>
      <p className="booking__code" translate="no" data-testid="booking-code">
        {booking.code}
      </p>
      <p className="field__hint">{t("testing.codeHint")}</p>
      {children}
    </div>
  );
}

/** One current booking with what the member can do with it: calendar, move, cancel (until the notice). */
export function BookingCard({ booking }: { booking: BookingView }) {
  const { t, i18n } = useTranslation();
  return (
    <BookingFacts booking={booking}>
      {booking.status === "checked_in" ? <p>{t("testing.bookings.checkedIn")}</p> : null}
      {booking.status === "booked" && booking.changeUntil ? <p>{t("testing.bookings.deadline", { day: formatDay(booking.changeUntil.date, i18n.language), time: booking.changeUntil.time })}</p> : null}
      {booking.status === "booked" && !booking.changeUntil ? <p>{t("testing.bookings.tooLate")}</p> : null}
      <div className="booking__actions">
        <form method="get" action={`/testing/bookings/${booking.id}/calendar.ics`}>
          <button type="submit" className="button button--secondary">
            {t("testing.bookings.calendar")}
          </button>
        </form>
        {booking.status === "booked" && booking.changeUntil ? (
          <>
            <PageLink className="button button--secondary" to={`/testing/bookings/${booking.id}/move`}>
              {t("testing.bookings.move")}
            </PageLink>
            <PageLink className="button button--secondary" to={`/testing/bookings/${booking.id}/cancel`}>
              {t("testing.bookings.cancel")}
            </PageLink>
          </>
        ) : null}
      </div>
    </BookingFacts>
  );
}
