/** Areas form a tree: province > city > district (public.areas.level). */
export const AREA_LEVELS = ["province", "city", "district"] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** An area's name in the reader's language (areas carry both). */
export function areaName(area: { nameZh: string; nameEn: string }, language: string): string {
  return language === "en" ? area.nameEn : area.nameZh;
}
