/** Areas form a tree: province > city > district (public.areas.level). */
export const AREA_LEVELS = ["province", "city", "district"] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** An area's name in the reader's language (areas carry both). */
export function areaName(area: { nameZh: string; nameEn: string }, language: string): string {
  return language === "en" ? area.nameEn : area.nameZh;
}

/** The name of the area with this id among `areas`, or "" when it is not there. */
export function areaNameById(areas: ReadonlyArray<{ id: string; nameZh: string; nameEn: string }>, id: string, language: string): string {
  const area = areas.find((entry) => entry.id === id);
  return area ? areaName(area, language) : "";
}

/** Each area's parent (null for a province), by area id. */
export type AreaParents = ReadonlyMap<string, string | null>;

export function areaParentsOf(areas: ReadonlyArray<{ id: string; parentId: string | null }>): AreaParents {
  return new Map(areas.map((area) => [area.id, area.parentId]));
}

/** Each area's two names, by area id: what a page sends for an area it names. */
export function areaWordsById(areas: ReadonlyArray<{ id: string; nameZh: string; nameEn: string }>): ReadonlyMap<string, { nameZh: string; nameEn: string }> {
  return new Map(areas.map((area) => [area.id, { nameZh: area.nameZh, nameEn: area.nameEn }]));
}

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

/** An area as a picker needs it. */
export type AreaNode = { id: string; parentId: string | null; level: AreaLevel; nameZh: string; nameEn: string };

/** One step of a step-by-step picker: the areas to choose from, and which one is chosen. */
export type AreaStep<A extends AreaNode = AreaNode> = { level: AreaLevel; choices: A[]; chosenId: string | null };

/** The areas from the province down to `chosenId`; empty when nothing (known) is chosen. */
export function areaChain<A extends AreaNode>(areas: readonly A[], chosenId: string | null): A[] {
  const byId = new Map(areas.map((area) => [area.id, area]));
  const chain: A[] = [];
  for (let at = chosenId === null ? undefined : byId.get(chosenId); at && !chain.includes(at); at = at.parentId === null ? undefined : byId.get(at.parentId)) {
    chain.unshift(at);
  }
  return chain;
}

/**
 * The steps of a province → city → district picker showing `chosenId`: the provinces, then
 * the children of each chosen area, as long as the chosen one has children. A city chosen
 * shows its districts to pick from next, none chosen yet.
 */
export function areaSteps<A extends AreaNode>(areas: readonly A[], chosenId: string | null): AreaStep<A>[] {
  const chain = areaChain(areas, chosenId);
  const steps: AreaStep<A>[] = [];
  let parentId: string | null = null;
  for (const level of AREA_LEVELS) {
    const choices = areas.filter((area) => area.parentId === parentId && area.level === level);
    if (choices.length === 0) break;
    const chosen = chain[steps.length];
    steps.push({ level, choices, chosenId: chosen?.id ?? null });
    if (!chosen) break;
    parentId = chosen.id;
  }
  return steps;
}

/** The form field of each step's select, top down (a picker posts these; pickedArea reads them). */
export const AREA_PICK_FIELDS = ["areaPick0", "areaPick1", "areaPick2"] as const;

/**
 * What a step-by-step picker posted (its selects, top down; "" where nothing was picked):
 * the deepest pick that lies inside the pick above it. A pick below a changed province (a
 * city left from before, without scripts) is dropped rather than trusted. Null when nothing
 * usable was picked.
 */
export function pickedArea(picks: readonly (string | undefined)[], parents: AreaParents): string | null {
  let picked: string | null = null;
  for (const pick of picks) {
    if (!pick || !parents.has(pick)) break;
    if ((parents.get(pick) ?? null) !== picked) break;
    picked = pick;
  }
  return picked;
}

/** Every area under its province, each after its parent (depth 0 for a province): a tree read top down. */
export function areasInTreeOrder<A extends AreaNode>(areas: readonly A[]): Array<{ area: A; depth: number }> {
  const ordered: Array<{ area: A; depth: number }> = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const area of areas) {
      if (area.parentId !== parentId || ordered.some((seen) => seen.area === area)) continue;
      ordered.push({ area, depth });
      visit(area.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}
