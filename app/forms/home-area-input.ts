import { z } from "zod";
import { AREA_PICK_FIELDS } from "~/domain/areas/areas";

/**
 * The home-area picker as the account and welcome pages post it (read on the server; the
 * browser posts it as it is). Kept apart from the account forms' checks (account-input.ts),
 * which the sign-in page runs in the browser with zod's smaller build.
 */

/** One step of the home-area picker as posted: an area's id, or "" for none at that step. */
const AreaPick = z.union([z.literal(""), z.uuid("errors.account.area")]).optional();
export const AREA_PICKS = { areaPick0: AreaPick, areaPick1: AreaPick, areaPick2: AreaPick };

/**
 * The home-area form (account and welcome pages): save the picks, or, without scripts, come
 * back one step further (features/areas/home-area-form.tsx). Field names: domain/areas AREA_PICK_FIELDS.
 */
export const HomeAreaInputs = [
  z.object({ intent: z.literal("area"), ...AREA_PICKS }),
  z.object({ intent: z.literal("area-step"), ...AREA_PICKS }),
] as const;
export type HomeAreaInput = z.output<(typeof HomeAreaInputs)[number]>;

/** The picks of a home-area form, top down, as chooseOwnAreaByPicks (data) takes them. */
export function areaPicksOf(input: HomeAreaInput): (string | undefined)[] {
  return AREA_PICK_FIELDS.map((field) => input[field]);
}
