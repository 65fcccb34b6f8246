import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { FormMessage } from "~/components/ui/form-field";
import { CsrfField } from "~/components/ui/csrf-field";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { cancelBooking, getOwnBooking } from "~/data/testing.server";
import { getEnv } from "~/env.server";
import { currentBookings } from "~/domain/testing/member-view";
import { BookingFacts } from "~/features/testing/booking-card";
import { formReply, parseForm } from "~/forms/parse-form.server";
import { BOOKING_REFUSALS } from "~/forms/testing-booking.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "testing.title");

/** The confirm step before cancelling (a page of its own, so it works without scripts). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { read } = await readForAccount(request, context, (trx) => getOwnBooking(trx, params.bookingId ?? ""));
  const [booking] = currentBookings(read ? [read] : [], new Date(), getEnv().TESTING_CHANGE_NOTICE_MINUTES);
  // Someone else's booking, a made-up one, or one already over: the same "not found".
  return data({ booking: booking ?? null }, { status: booking ? 200 : 404 });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, z.object({}));
  if (!form.ok) return formReply(form);
  const db = await getDatabase();
  const cancelled = await asMember(db, account.userId, (trx) => cancelBooking(trx, params.bookingId ?? "", getEnv().TESTING_CHANGE_NOTICE_MINUTES));
  if (!cancelled.ok) return formReply(BOOKING_REFUSALS[cancelled.reason === "not-found" ? "no-booking" : cancelled.reason]);
  return redirect("/testing?cancelled=1", 303);
}

export default function CancelBooking() {
  const { booking } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="cancel-title">
      <p className="breadcrumb">
        <PageLink to="/testing">{t("testing.back")}</PageLink>
      </p>
      <h1 id="cancel-title">{t("testing.cancel.title")}</h1>
      {booking ? (
        <BookingFacts booking={booking}>
          <p>{t("testing.cancel.hint")}</p>
          <Form method="post" className="booking__actions">
            <CsrfField />
            <button type="submit" className="button button--danger" disabled={navigation.state === "submitting"}>
              {t("testing.cancel.confirm")}
            </button>
            <PageLink className="button button--secondary" to="/testing">
              {t("testing.cancel.keep")}
            </PageLink>
          </Form>
          <FormMessage message={reply?.formError} />
        </BookingFacts>
      ) : (
        <p>{t("testing.gone")}</p>
      )}
    </section>
  );
}
