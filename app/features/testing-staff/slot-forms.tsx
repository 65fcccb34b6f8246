import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormField } from "~/components/ui/form-field";
import { CAPACITY_MAX, SLOT_MINUTES } from "~/domain/testing/slot-series";
import { fieldError } from "~/forms/form-reply";
import { useTranslation } from "~/i18n/use-translation";

const LIMITS = { slotMinutes: SLOT_MINUTES, capacity: { min: 1, max: CAPACITY_MAX } };
/** Monday first, as weeks are read in China; the numbers are the domain's (0 = Sunday). */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;

function LengthAndCapacity({ prefix, reply }: { prefix: string; reply: unknown }) {
  const { t } = useTranslation();
  return (
    <>
      <FormField id={`${prefix}-minutes`} name="slotMinutes" type="number" inputMode="numeric" defaultValue="30" label={t("testingStaff.slots.slotMinutes")} error={fieldError(reply, "slotMinutes")} errorValues={LIMITS.slotMinutes} />
      <FormField id={`${prefix}-capacity`} name="capacity" type="number" inputMode="numeric" defaultValue="1" label={t("testingStaff.slots.capacity")} error={fieldError(reply, "capacity")} errorValues={LIMITS.capacity} />
    </>
  );
}

/** A form that adds slots: its own date and time fields, then length, capacity and the button. */
function AddSlotsForm({ intent, reply, busy, children }: { intent: "series" | "single"; reply: unknown; busy: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Form method="post" aria-labelledby={`${intent}-title`}>
      <h2 id={`${intent}-title`}>{t(`testingStaff.slots.${intent}Title`)}</h2>
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      {children}
      <LengthAndCapacity prefix={intent} reply={reply} />
      <button type="submit" className="button" disabled={busy}>
        {t(`testingStaff.slots.${intent}Add`)}
      </button>
    </Form>
  );
}

/** The form for a series of slots: weekdays, dates, daily hours, slot length and capacity. */
export function SlotSeriesForm({ reply, today, busy }: { reply: unknown; today: string; busy: boolean }) {
  const { t } = useTranslation();
  const weekdaysError = fieldError(reply, "weekdays");
  return (
    <AddSlotsForm intent="series" reply={reply} busy={busy}>
      <fieldset className="field" aria-describedby={weekdaysError ? "series-weekdays-error" : undefined}>
        <legend>{t("testingStaff.slots.weekdays")}</legend>
        {WEEKDAYS.map((day) => (
          <label key={day} className="checkbox">
            <input type="checkbox" name={`weekday_${day}`} /> {t(`testingStaff.slots.weekday.${day}`)}
          </label>
        ))}
        {weekdaysError ? (
          <p id="series-weekdays-error" className="field__error" role="alert">
            {t(weekdaysError)}
          </p>
        ) : null}
      </fieldset>
      <FormField id="series-from" name="startsOn" type="date" min={today} defaultValue={today} label={t("testingStaff.slots.startsOn")} error={fieldError(reply, "startsOn")} />
      <FormField id="series-to" name="endsOn" type="date" min={today} label={t("testingStaff.slots.endsOn")} error={fieldError(reply, "endsOn")} />
      <FormField id="series-start" name="startTime" type="time" defaultValue="09:00" label={t("testingStaff.slots.startTime")} error={fieldError(reply, "startTime")} />
      <FormField id="series-end" name="endTime" type="time" defaultValue="12:00" label={t("testingStaff.slots.endTime")} error={fieldError(reply, "endTime")} />
    </AddSlotsForm>
  );
}

/** The form for one slot: date, time, length and capacity. */
export function SingleSlotForm({ reply, today, busy }: { reply: unknown; today: string; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <AddSlotsForm intent="single" reply={reply} busy={busy}>
      <FormField id="single-date" name="startsOn" type="date" min={today} defaultValue={today} label={t("testingStaff.slots.date")} error={fieldError(reply, "startsOn")} />
      <FormField id="single-time" name="startTime" type="time" defaultValue="10:00" label={t("testingStaff.slots.time")} error={fieldError(reply, "startTime")} />
    </AddSlotsForm>
  );
}
