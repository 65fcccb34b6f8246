import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { readForRole, requireRole } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { closeSlot, createSlotSeries, listServedSites, listSiteSlots, listSlotBookings, type SlotSeriesResult } from "~/data/testing-staff.server";
import { dayNumber, localPartsOf, todayIn, zonedInstant } from "~/domain/groups/local-time";
import { fieldFailure, formFailure, isFormFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { SlotAction, slotProblemErrors } from "~/forms/slot-series";
import { SingleSlotForm, SlotSeriesForm } from "~/features/testing-staff/slot-forms";
import { formatDay } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "testingStaff.slots.title");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { read } = await readForRole(request, context, "social_worker", async (trx) => {
    const site = (await listServedSites(trx)).find((served) => served.id === params.siteId);
    if (!site) return null;
    const today = todayIn(site.timeZone, new Date());
    const slots = await listSiteSlots(trx, site.id, zonedInstant(dayNumber(today) ?? 0, 0, site.timeZone));
    const bookings = await Promise.all(slots.map((slot) => (slot.booked > 0 ? listSlotBookings(trx, slot.id) : Promise.resolve([]))));
    return {
      site: { id: site.id, publicName: site.publicName, status: site.status },
      today,
      slots: slots.map((slot, index) => ({
        id: slot.id,
        date: slot.localDate,
        from: localPartsOf(slot.startsAt, site.timeZone).time,
        to: localPartsOf(slot.endsAt, site.timeZone).time,
        booked: slot.booked,
        capacity: slot.capacity,
        status: slot.status,
        codes: (bookings[index] ?? []).map((booking) => ({ code: booking.code, status: booking.status })),
      })),
    };
  });
  if (!read) throw new Response(null, { status: 404 });
  return read;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireRole(request, context, "social_worker");
  const form = await parseForm(request, SlotAction);
  if (!form.ok) return formReply(form);
  const change = form.value;
  const siteId = params.siteId ?? "";
  const outcome = await asMember<SlotSeriesResult | Awaited<ReturnType<typeof closeSlot>>>(await getDatabase(), account.userId, (trx) => (change.intent === "close" ? closeSlot(trx, change.slotId) : createSlotSeries(trx, siteId, change.series)));
  if (outcome.ok) return { ok: true as const, done: change.intent };
  if (outcome.reason === "invalid" && change.intent !== "close") return formReply(refusal(400, { ...fieldFailure(slotProblemErrors(outcome.problems, change.intent)), intent: change.intent }));
  return formReply(refusal(outcome.reason === "not-allowed" ? 403 : 404, { ...formFailure("errors.testingStaff.slotGone"), intent: change.intent }));
}

export default function StaffTestingSite() {
  const { site, today, slots } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation();
  const refusedFor = (intent: string) => (isFormFailure(reply) && reply.intent === intent ? reply : undefined);
  const dates = [...new Set(slots.map((slot) => slot.date))];
  return (
    <section className="panel" aria-labelledby="site-title">
      <p>
        <PageLink to="/staff/testing">{t("testingStaff.slots.back")}</PageLink>
      </p>
      <h1 id="site-title">{site.publicName}</h1>
      <p>{t(`testingStaff.sites.status.${site.status}`)}</p>
      <FormMessage message={reply?.ok ? `testingStaff.slots.done.${reply.done}` : refusedFor("close")?.formError} tone={reply?.ok ? "info" : "error"} />
      <h2>{t("testingStaff.slots.coming")}</h2>
      {slots.length === 0 ? <p>{t("testingStaff.slots.none")}</p> : null}
      {dates.map((date) => (
        <section key={date} aria-label={formatDay(date, i18n.language)}>
          <h3>{formatDay(date, i18n.language)}</h3>
          <ul className="request-list">
            {slots
              .filter((slot) => slot.date === date)
              .map((slot) => (
                <li key={slot.id} data-slot={`${slot.date} ${slot.from}`}>
                  <p>
                    <strong>
                      {slot.from}–{slot.to}
                    </strong>{" "}
                    · {t("testingStaff.slots.booked", { booked: slot.booked, capacity: slot.capacity })} · {t(`testingStaff.slots.status.${slot.status}`)}
                  </p>
                  {slot.codes.length > 0 ? (
                    <ul>
                      {slot.codes.map((booking) => (
                        <li key={booking.code}>
                          <span translate="no">{booking.code}</span> · {t(`testingStaff.slots.bookingStatus.${booking.status}`)} ·{" "}
                          <PageLink to={`/staff/testing/desk?code=${encodeURIComponent(booking.code)}`}>{t("testingStaff.slots.toDesk")}</PageLink>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {slot.status === "open" ? (
                    <Form method="post" preventScrollReset>
                      <CsrfField />
                      <input type="hidden" name="intent" value="close" />
                      <input type="hidden" name="slotId" value={slot.id} />
                      <p className="field__hint">{t("testingStaff.slots.closeHint")}</p>
                      <button type="submit" className="button button--secondary" disabled={busy}>
                        {t("testingStaff.slots.close")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
          </ul>
        </section>
      ))}
      <SlotSeriesForm reply={refusedFor("series")} today={today} busy={busy} />
      <SingleSlotForm reply={refusedFor("single")} today={today} busy={busy} />
    </section>
  );
}
