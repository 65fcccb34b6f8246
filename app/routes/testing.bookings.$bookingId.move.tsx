import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { keptAreas } from "~/data/kept-areas.server";
import { getOwnBooking, listOpenSlots, moveBooking } from "~/data/testing.server";
import { getEnv } from "~/env.server";
import { currentBookings, groupSlotsByDayAndSite, slotQuery } from "~/domain/testing/member-view";
import { BookingFacts } from "~/features/testing/booking-card";
import { SlotFinder } from "~/features/testing/slot-finder";
import { formReply, parseForm } from "~/forms/parse-form.server";
import { BOOKING_REFUSALS, SlotChoiceForm } from "~/forms/testing-booking.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "testing.title");

/** Moving a booking: the booking as it is, and the open slots to choose the new time from. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams;
  const [{ read }, areas] = await Promise.all([
    readForAccount(request, context, async (trx, account) => {
      const query = slotQuery(search, account.areaId);
      const [booking, slots] = await Promise.all([
        getOwnBooking(trx, params.bookingId ?? ""),
        query.areaId ? listOpenSlots(trx, { areaId: query.areaId, days: query.weeks * 7 }) : Promise.resolve([]),
      ]);
      return { query, booking, slots };
    }),
    keptAreas(),
  ]);
  const [booking] = currentBookings(read.booking ? [read.booking] : [], new Date(), getEnv().TESTING_CHANGE_NOTICE_MINUTES);
  // Only a booking that can still be moved; its own slot is not offered back.
  const movable = booking?.changeUntil ? booking : null;
  return data(
    {
      ...read.query,
      areas,
      booking: movable,
      days: groupSlotsByDayAndSite(read.slots.filter((slot) => slot.slotId !== read.booking?.slotId)),
      // A fresh key each time the page is shown (see testing._index.tsx).
      idempotencyKey: crypto.randomUUID(),
    },
    { status: movable ? 200 : 404 },
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, SlotChoiceForm.extend({ intent: z.literal("move") }));
  if (!form.ok) return formReply(form);
  const move = { ...form.value, bookingId: params.bookingId ?? "", noticeMinutes: getEnv().TESTING_CHANGE_NOTICE_MINUTES };
  const moved = await asMember(await getDatabase(), account.userId, (trx) => moveBooking(trx, move));
  if (!moved.ok) return formReply(BOOKING_REFUSALS[moved.reason]);
  return redirect(`/testing?booked=${moved.bookingId}&moved=1`, 303);
}

export default function MoveBooking() {
  const { booking, areas, areaId, weeks, days, idempotencyKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <>
      <section className="panel" aria-labelledby="move-title">
        <p className="breadcrumb">
          <PageLink to="/testing">{t("testing.back")}</PageLink>
        </p>
        <h1 id="move-title">{t("testing.move.title")}</h1>
        {booking ? (
          <>
            <h2>{t("testing.move.now")}</h2>
            <BookingFacts booking={booking} />
            <p>{t("testing.move.hint")}</p>
          </>
        ) : (
          <p>{t("testing.gone")}</p>
        )}
      </section>
      {booking ? <SlotFinder areas={areas} areaId={areaId} weeks={weeks} days={days} choice={{ intent: "move", idempotencyKey, label: "testing.slots.moveHere" }} reply={reply} busy={navigation.state === "submitting"} /> : null}
    </>
  );
}
