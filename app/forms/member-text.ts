/**
 * Free text a member, leader or worker writes (a note, a reason, an announcement): trimmed,
 * within its limit, and without the control and invisible characters no text may hold
 * (the database would refuse some of them with an error, not a message).
 */
import { z } from "zod";
import { hasForbiddenCharacters } from "~/domain/groups/meeting-fields";

export function memberText(max: number, tooLongKey: string) {
  return z
    .string()
    .trim()
    .max(max, tooLongKey)
    .refine((value) => !hasForbiddenCharacters(value), "errors.groups.characters");
}
