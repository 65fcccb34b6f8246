/**
 * What the mentoring pages send: the mentor's profile choices (checkboxes "language_<code>"
 * and "experience_<code>", as the group forms do), and the moves either side makes on a
 * mentorship from either page (end, block, take a block back).
 */
import { z } from "zod";
import { EXPERIENCE_AREAS, MENTOR_CAPACITY, MENTOR_LANGUAGES, type ExperienceArea } from "~/domain/mentors/mentor-fields";
import type { GroupLanguage } from "~/domain/groups/meeting-fields";

const ticked = z.literal("on").optional();

export const MentorProfileFields = {
  showYears: ticked,
  paused: ticked,
  capacity: z.coerce
    .number("errors.mentors.capacity")
    .int("errors.mentors.capacity")
    .min(MENTOR_CAPACITY.min, "errors.mentors.capacity")
    .max(MENTOR_CAPACITY.max, "errors.mentors.capacity"),
  ...(Object.fromEntries(MENTOR_LANGUAGES.map((language) => [`language_${language}`, ticked])) as Record<`language_${GroupLanguage}`, typeof ticked>),
  ...(Object.fromEntries(EXPERIENCE_AREAS.map((area) => [`experience_${area}`, ticked])) as Record<`experience_${ExperienceArea}`, typeof ticked>),
};

type ProfileValue = { showYears?: "on"; paused?: "on"; capacity: number } & Partial<Record<`language_${GroupLanguage}` | `experience_${ExperienceArea}`, "on">>;

/** The choices the boxes ticked make. */
export function readMentorProfile(value: ProfileValue) {
  return {
    showYears: value.showYears === "on",
    paused: value.paused === "on",
    capacity: value.capacity,
    languages: MENTOR_LANGUAGES.filter((language) => value[`language_${language}`] === "on"),
    experience: EXPERIENCE_AREAS.filter((area) => value[`experience_${area}`] === "on"),
  };
}

/** A move on a mentorship either side can make from either page. */
export const MentorshipMoveFields = [
  z.object({ intent: z.literal("end"), mentorshipId: z.uuid("errors.form.invalid") }),
  z.object({ intent: z.literal("block"), memberId: z.uuid("errors.form.invalid") }),
  z.object({ intent: z.literal("unblock"), memberId: z.uuid("errors.form.invalid") }),
] as const;

export type MentorshipMove = z.output<(typeof MentorshipMoveFields)[number]>;
