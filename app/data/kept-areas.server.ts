/**
 * The area tree, read once a minute per process instead of on every page that shows it (the
 * group finder, every area picker; decision 041). No page changes areas: an operator loads
 * them, and a change shows everywhere within a minute, on every instance.
 *
 * Read as a visitor (`asAnon`): everyone may read every area (migration 0002), and one
 * caller's own limits (a signed-in account without a profile reads nothing) must not become
 * everyone's list.
 */
import type { Kysely } from "kysely";
import { getDatabase } from "./db.server";
import { asAnon } from "./rls.server";
import { listAreas, type Area } from "./roles.server";
import type { Database } from "./schema";

export const AREAS_KEPT_MS = 60_000;

type Kept = { areas: Promise<readonly Area[]>; until: number };

// Per database: tests open several.
const kept = new WeakMap<Kysely<Database>, Kept>();

/**
 * Every area, in listAreas's order, for a page's loader. Shared between requests: never change
 * what it gives. Ask beside the page's transaction (`Promise.all([readForAccount(…), keptAreas()])`),
 * never inside one: a read opens a transaction of its own, which on PGlite's one connection
 * would wait for the caller's forever.
 */
export async function keptAreas(): Promise<readonly Area[]> {
  return listKeptAreas(await getDatabase());
}

/** keptAreas of this database, as of `now`. */
export function listKeptAreas(db: Kysely<Database>, now = Date.now()): Promise<readonly Area[]> {
  const current = kept.get(db);
  if (current && now < current.until) return current.areas;
  const areas: Promise<readonly Area[]> = asAnon(db, (trx) => listAreas(trx));
  kept.set(db, { areas, until: now + AREAS_KEPT_MS });
  // A failed read is not kept: the next page asks again.
  areas.catch(() => {
    if (kept.get(db)?.areas === areas) kept.delete(db);
  });
  return areas;
}
