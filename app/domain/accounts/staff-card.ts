/**
 * How members see a member of staff (migration 0020): the name they go by at work and their
 * organisation, set by an admin. The limits are the database's check constraints.
 */
export const STAFF_CARD_MAX_LENGTH = { displayName: 60, organisation: 80 } as const;

/** What a member is shown beside a worker's handle; null until an admin has set it. */
export interface StaffCard {
  displayName: string;
  organisation: string;
}

/** A card from a row's two columns, which a left join leaves both null or both set. */
export function staffCardOf(displayName: string | null, organisation: string | null): StaffCard | null {
  return displayName === null || organisation === null ? null : { displayName, organisation };
}
