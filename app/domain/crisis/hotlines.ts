/**
 * The crisis page's hotlines: how a number may be written, the text limits, and in what order
 * a person sees them (their own area's first, then the areas above it, then the national
 * lines). Migration 0052 holds the same number rule as a CHECK constraint; a database test
 * checks that the two agree.
 */
import { areaChain, type AreaNode } from "~/domain/areas/areas";
import type { GroupLanguage } from "~/domain/groups/meeting-fields";

/** A hotline as an admin writes it (public.hotlines without its id); area null = national. */
export interface HotlineFields {
  areaId: string | null;
  name: string;
  number: string;
  hours: string;
  languages: GroupLanguage[];
  note: string;
  sortOrder: number;
}

/** The area field's value for a hotline that serves the whole country (null in the table). */
export const NATIONAL = "national";

export const HOTLINE_LIMITS = { name: 60, hours: 60, note: 200, numberLength: 24, minDigits: 3, maxDigits: 20, sortOrder: 999 } as const;

export type HotlineNumberProblem = "required" | "characters" | "digits" | "tooLong";

/** Digits, "+" only in front, "-" and spaces between digits; starts and ends with a digit. */
const NUMBER_SHAPE = /^\+?[0-9][0-9 -]*[0-9]$/;

/** What is wrong with a hotline number as an admin typed it (already trimmed), or null. */
export function checkHotlineNumber(number: string): HotlineNumberProblem | null {
  if (number === "") return "required";
  if (number.length > HOTLINE_LIMITS.numberLength) return "tooLong";
  if (!NUMBER_SHAPE.test(number)) return "characters";
  const digits = number.replace(/[^0-9]/g, "").length;
  return digits < HOTLINE_LIMITS.minDigits || digits > HOTLINE_LIMITS.maxDigits ? "digits" : null;
}

/** The number as a phone dials it, for a `tel:` link: spaces and dashes dropped. */
export function dialString(number: string): string {
  return number.replace(/[\s-]/g, "");
}

export type RankedHotline = { areaId: string | null; sortOrder: number; name: string };

/**
 * The hotlines a person in `areaId` (null: no area chosen) sees, in order: those of the
 * area itself, then of each area above it (city, then province), then the national ones;
 * within each, by the admins' order, then by name. Lines of other areas are left out.
 */
export function orderHotlines<H extends RankedHotline>(hotlines: readonly H[], areas: readonly AreaNode[], areaId: string | null): H[] {
  // Nearest first: the area, its parent, …, then national (null) last.
  const tiers: Array<string | null> = [...areaChain(areas, areaId).map((area) => area.id).reverse(), null];
  return hotlines
    .filter((hotline) => tiers.includes(hotline.areaId))
    .sort(
      (a, b) =>
        tiers.indexOf(a.areaId) - tiers.indexOf(b.areaId) ||
        a.sortOrder - b.sortOrder ||
        a.name.localeCompare(b.name, "zh-CN"),
    );
}
