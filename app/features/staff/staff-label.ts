import type { TFunction } from "~/i18n/translator";
import type { StaffCard } from "~/domain/accounts/staff-card";

/**
 * How a member of staff is named to members: the name and organisation an admin set, then the
 * handle (which the safety number and the worker's own screen go by); the bare handle until
 * a card is set. Null when the account is gone (no handle), for the caller to say so.
 */
export function staffLabel(t: TFunction, handle: string | null, card: StaffCard | null): string | null {
  if (handle === null) return null;
  if (!card) return handle;
  return t("staff.label", { name: card.displayName, organisation: card.organisation, handle });
}
