import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { keptAreas } from "~/data/kept-areas.server";
import { bookSlot, listOpenSlots, listOwnBookings } from "~/data/testing.server";
import { getEnv } from "~/env.server";
import { currentBookings, groupSlotsByDayAndSite, slotQuery } from "~/domain/testing/member-view";
import { BookingCard } from "~/features/testing/booking-card";
import { SlotFinder } from "~/features/testing/slot-finder";
import { formReply, parseForm } from "~/forms/parse-form.server";
import { BOOKING_REFUSALS, SlotChoiceForm } from "~/forms/testing-booking.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

// The title stays neutral ("Appointments"): it shows in the tab list and the browser's history.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "testing.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const [{ read }, areas] = await Promise.all([
    readForAccount(request, context, async (trx, account) => {
      const query = slotQuery(params, account.areaId);
      const [bookings, slots] = await Promise.all([
        listOwnBookings(trx),
        query.areaId ? listOpenSlots(trx, { areaId: query.areaId, days: query.weeks * 7 }) : Promise.resolve([]),
      ]);
      return { query, bookings, slots };
    }),
    keptAreas(),
  ]);
  const bookings = currentBookings(read.bookings, new Date(), getEnv().TESTING_CHANGE_NOTICE_MINUTES);
  const justBooked = bookings.find((booking) => booking.id === params.get("booked")) ?? null;
  return {
    ...read.query,
    areas,
    bookings: bookings.filter((booking) => booking !== justBooked),
    justBooked,
    moved: params.get("moved") === "1",
    cancelled: params.get("cancelled") === "1",
    days: groupSlotsByDayAndSite(read.slots),
    // One key per page shown: every booking form on it sends it, so a form sent twice books once.
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, SlotChoiceForm.extend({ intent: z.literal("book") }));
  if (!form.ok) return formReply(form);
  const { slotId, idempotencyKey } = form.value;
  const booked = await asMember(await getDatabase(), account.userId, (trx) => bookSlot(trx, slotId, idempotencyKey));
  if (!booked.ok) return formReply(BOOKING_REFUSALS[booked.reason]);
  return redirect(`/testing?booked=${booked.bookingId}`, 303);
}

export default function Testing() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <>
      <section className="panel" aria-labelledby="testing-title">
        <h1 id="testing-title">{t("testing.heading")}</h1>
        <p>{t("testing.intro")}</p>
        <p className="field__hint">{t("testing.privacy")}</p>
        <p>
          <PageLink to="/testing/results">{t("testing.resultsLink")}</PageLink>
        </p>
        {data.cancelled ? (
          <p className="form-message form-message--info" role="status">
            {t("testing.cancelled")}
          </p>
        ) : null}
      </section>
      {data.justBooked ? (
        <section className="panel panel--done" aria-labelledby="booked-title">
          <h2 id="booked-title">{t(data.moved ? "testing.booked.moved" : "testing.booked.done")}</h2>
          <BookingCard booking={data.justBooked} />
          <h3>{t("testing.booked.next")}</h3>
          <ol>
            <li>{t("testing.booked.go")}</li>
            <li>{t("testing.booked.show")}</li>
            <li>{t("testing.booked.result")}</li>
          </ol>
        </section>
      ) : null}
      {data.bookings.length > 0 || !data.justBooked ? (
        <section className="panel" aria-labelledby="bookings-title">
          <h2 id="bookings-title">{t("testing.bookings.title")}</h2>
          {data.bookings.length === 0 ? <p>{t("testing.bookings.none")}</p> : null}
          <ul className="group-list">
            {data.bookings.map((booking) => (
              <li key={booking.id} className="group-list__item">
                <BookingCard booking={booking} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <SlotFinder
        areas={data.areas}
        areaId={data.areaId}
        weeks={data.weeks}
        days={data.days}
        choice={{ intent: "book", idempotencyKey: data.idempotencyKey, label: "testing.slots.book" }}
        reply={reply}
        busy={navigation.state === "submitting"}
      />
    </>
  );
}
