/** Areas form a tree: province > city > district (public.areas.level). */
export const AREA_LEVELS = ["province", "city", "district"] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** An area's name in the reader's language (areas carry both). */
export function areaName(area: { nameZh: string; nameEn: string }, language: string): string {
  return language === "en" ? area.nameEn : area.nameZh;
}

/** Each area's parent (null for a province), by area id. */
export type AreaParents = ReadonlyMap<string, string | null>;

/**
 * Whether a staff grant in `grantAreaId` covers an account living in `areaId`: a grant
 * covers its own area and every area below it (a city's social worker serves its
 * districts); a grant without an area covers all areas; nothing covers an account without
 * an area. private.area_covers (migration 0012) is the same rule in SQL, and a database
 * test checks that the two agree on every pair.
 */
export function areaCovers(grantAreaId: string | null, areaId: string | null, parents: AreaParents): boolean {
  if (areaId === null) return false;
  if (grantAreaId === null) return true;
  const seen = new Set<string>();
  for (let at: string | null | undefined = areaId; at != null && !seen.has(at); at = parents.get(at)) {
    if (at === grantAreaId) return true;
    seen.add(at);
  }
  return false;
}
