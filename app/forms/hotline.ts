/**
 * A hotline as an admin writes it on /admin/hotlines: the same fields add one and change one;
 * "remove" names only the hotline. Languages are checkboxes "language_<code>", as for groups.
 * The area is an area's id or "national" (null in the table).
 */
import { z } from "zod";
import { HOTLINE_LIMITS, NATIONAL, checkHotlineNumber, type HotlineNumberProblem } from "~/domain/crisis/hotlines";
import { GROUP_LANGUAGES, type GroupLanguage } from "~/domain/groups/meeting-fields";
import type { HotlineFields } from "~/domain/crisis/hotlines";
import type { FieldErrors } from "./form-reply";
import { memberText } from "./member-text";

const NUMBER_MESSAGES: Record<HotlineNumberProblem, string> = {
  required: "errors.crisis.numberRequired",
  characters: "errors.crisis.numberCharacters",
  digits: "errors.crisis.numberDigits",
  tooLong: "errors.crisis.numberTooLong",
};

const languageBoxes = Object.fromEntries(GROUP_LANGUAGES.map((language) => [`language_${language}`, z.literal("on").optional()])) as Record<
  `language_${GroupLanguage}`,
  z.ZodOptional<z.ZodLiteral<"on">>
>;

const HotlineWords = {
  areaId: z.union([z.literal(NATIONAL), z.uuid("errors.crisis.area")], { error: "errors.crisis.area" }),
  name: memberText(HOTLINE_LIMITS.name, "errors.crisis.nameTooLong").pipe(z.string().min(1, "errors.crisis.nameRequired")),
  number: z
    .string()
    .trim()
    .superRefine((number, ctx) => {
      const problem = checkHotlineNumber(number);
      if (problem) ctx.addIssue({ code: "custom", message: NUMBER_MESSAGES[problem] });
    }),
  hours: memberText(HOTLINE_LIMITS.hours, "errors.crisis.hoursTooLong"),
  note: memberText(HOTLINE_LIMITS.note, "errors.crisis.noteTooLong"),
  sortOrder: z
    .string()
    .trim()
    .regex(/^[0-9]{1,3}$/, "errors.crisis.sortOrder")
    .transform(Number),
  ...languageBoxes,
};

export const HotlineAction = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("add"), ...HotlineWords }),
    z.object({ intent: z.literal("edit"), hotlineId: z.uuid("errors.form.invalid"), ...HotlineWords }),
    z.object({ intent: z.literal("remove"), hotlineId: z.uuid("errors.form.invalid") }),
  ],
  { error: "errors.form.invalid" },
);

type HotlineWordsValue = z.output<z.ZodObject<typeof HotlineWords>>;

/** The hotline as the data layer takes it, or the problem with its languages (none ticked). */
export function readHotline(value: HotlineWordsValue): { ok: true; hotline: HotlineFields } | { ok: false; problems: FieldErrors } {
  const languages = GROUP_LANGUAGES.filter((language) => value[`language_${language}`] === "on");
  if (languages.length === 0) return { ok: false, problems: { languages: "errors.crisis.languages" } };
  const { areaId, name, number, hours, note, sortOrder } = value;
  return { ok: true, hotline: { areaId: areaId === NATIONAL ? null : areaId, name, number, hours, note, sortOrder, languages } };
}
