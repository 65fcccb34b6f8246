/**
 * A group's own words, as a leader writes them when starting the group and when changing it
 * later: name, description and the languages spoken (checkboxes "language_<code>").
 */
import { z } from "zod";
import { GROUP_LANGUAGES, checkText, type GroupLanguage } from "~/domain/groups/meeting-fields";
import type { FieldErrors } from "./form-reply";

export const GroupDetailsFields = {
  name: z.string().trim().min(1, "errors.field.required"),
  description: z.string().trim(),
  ...(Object.fromEntries(GROUP_LANGUAGES.map((language) => [`language_${language}`, z.literal("on").optional()])) as Record<`language_${GroupLanguage}`, z.ZodOptional<z.ZodLiteral<"on">>>),
};

type GroupDetailsValue = { name: string; description: string } & Partial<Record<`language_${GroupLanguage}`, "on">>;

/** The languages ticked, and what is wrong with the words (translation keys by field). */
export function readGroupDetails(value: GroupDetailsValue): { details: { name: string; description: string; languages: GroupLanguage[] }; problems: FieldErrors } {
  const languages = GROUP_LANGUAGES.filter((language) => value[`language_${language}`] === "on");
  const problems: FieldErrors = {};
  for (const [field, limit] of [["name", "groupName"], ["description", "groupDescription"]] as const) {
    const problem = checkText(limit, value[field]);
    if (problem) problems[field] = problem.problem === "tooLong" ? `errors.groups.tooLong.${limit}` : "errors.groups.characters";
  }
  if (languages.length === 0) problems.languages = "errors.groups.languages";
  return { details: { name: value.name, description: value.description, languages }, problems };
}
