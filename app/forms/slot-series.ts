/**
 * Slots as a social worker asks for them at a site: a series (weekday checkboxes
 * "weekday_0" … "weekday_6", Sunday first, first and last date, daily start and end time,
 * slot length, capacity) or one slot (date, time, length, capacity). Zod only reads the
 * fields; the domain's checkSlotSeries says what is wrong, and slotProblemErrors puts each
 * problem beside its field.
 */
import { z } from "zod";
import { singleSlot, type SlotSeries, type SlotSeriesProblem } from "~/domain/testing/slot-series";
import type { FieldErrors } from "./form-reply";

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const text = z.string().trim();
const wholeNumber = text.transform((value) => (/^\d{1,6}$/.test(value) ? Number(value) : Number.NaN));
const ticked = Object.fromEntries(WEEKDAYS.map((day) => [`weekday_${day}`, z.literal("on").optional()])) as Record<`weekday_${(typeof WEEKDAYS)[number]}`, z.ZodOptional<z.ZodLiteral<"on">>>;

export const SlotAction = z.discriminatedUnion(
  "intent",
  [
    z
      .object({ intent: z.literal("series"), startsOn: text, endsOn: text, startTime: text, endTime: text, slotMinutes: wholeNumber, capacity: wholeNumber, ...ticked })
      .transform(({ intent, startsOn, endsOn, startTime, endTime, slotMinutes, capacity, ...days }) => ({
        intent,
        series: { weekdays: WEEKDAYS.filter((day) => days[`weekday_${day}`] === "on"), startsOn, endsOn, startTime, endTime, slotMinutes, capacity },
      })),
    z.object({ intent: z.literal("single"), startsOn: text, startTime: text, slotMinutes: wholeNumber, capacity: wholeNumber }).transform(({ intent, startsOn, startTime, slotMinutes, capacity }) => {
      const { timeZone: _zone, ...series } = singleSlot(startsOn, startTime, slotMinutes, capacity, "UTC");
      return { intent, series };
    }),
    z.object({ intent: z.literal("close"), slotId: z.uuid("errors.form.invalid") }),
  ],
  { error: "errors.form.invalid" },
);
export type SlotAction = z.output<typeof SlotAction>;
export type RequestedSlots = Omit<SlotSeries, "timeZone">;

/** Where the one-slot form shows a problem of a field it does not have (its series is one day). */
const SINGLE_FIELD: Partial<Record<SlotSeriesProblem["field"], string>> = { weekdays: "startsOn", endsOn: "startsOn", endTime: "slotMinutes" };

/** Each problem the domain found, as a translation key beside its field (the first per field). */
export function slotProblemErrors(problems: readonly SlotSeriesProblem[], form: "series" | "single"): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, problem } of problems) errors[(form === "single" ? SINGLE_FIELD[field] : undefined) ?? field] ??= `errors.testingStaff.slots.${field}.${problem}`;
  return errors;
}
