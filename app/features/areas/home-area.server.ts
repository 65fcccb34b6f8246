import { chooseOwnArea } from "~/data/accounts.server";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { listAreas } from "~/data/roles.server";
import { AREA_PICK_FIELDS, pickedArea } from "~/domain/areas/areas";
import { fieldFailure } from "~/forms/form-reply";
import type { HomeAreaInput } from "~/forms/account-input";
import { refusal, type Refusal } from "~/forms/parse-form.server";

export type HomeAreaAnswer = { ok: true; saved: "area" } | { ok: true; step: string | null } | ({ ok: false } & Refusal);

/**
 * What the home-area form asked (account and welcome pages): the deepest consistent pick
 * saved as the member's area, or, for a step without scripts, only worked out so the page
 * can show the next select. A pick that is no area at all is refused beside the field.
 */
export async function answerHomeArea(userId: string, input: HomeAreaInput): Promise<HomeAreaAnswer> {
  const picks = AREA_PICK_FIELDS.map((field) => input[field]);
  return asMember(await getDatabase(), userId, async (trx) => {
    const parents = new Map((await listAreas(trx)).map((area) => [area.id, area.parentId]));
    if (picks.some((pick) => pick && !parents.has(pick))) return { ok: false as const, ...refusal(400, fieldFailure({ areaId: "errors.account.area" })) };
    const areaId = pickedArea(picks, parents);
    if (input.intent === "area-step") return { ok: true as const, step: areaId };
    const saved = await chooseOwnArea(trx, areaId);
    return saved ? { ok: true as const, saved: "area" as const } : { ok: false as const, ...refusal(400, fieldFailure({ areaId: "errors.account.area" })) };
  });
}
