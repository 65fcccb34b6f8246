import { safeRedirectPath } from "./safe-redirect";

/** The lock page (routes/locked.tsx): where a locked session's pages send the member. */
export const LOCK_PAGE = "/locked";

/** Remix's own query parameters on data requests (single fetch), not part of the page's address. */
const FRAMEWORK_PARAMS = ["_routes", "_data", "index"];

/** The page a request was for (path and query, without Remix's own parameters), to come back to. */
export function pagePathOf(url: URL): string {
  const search = new URLSearchParams(url.search);
  for (const name of FRAMEWORK_PARAMS) search.delete(name);
  const query = search.toString();
  return `${url.pathname}${query ? `?${query}` : ""}`;
}

/** The lock page's address, remembering the page to return to once unlocked. */
export function lockPageFor(returnTo: string): string {
  return `${LOCK_PAGE}?${new URLSearchParams({ redirectTo: returnTo })}`;
}

/**
 * Where unlocking returns to: a same-site path (safeRedirectPath), never the lock page
 * itself (that would loop), else `fallback`.
 */
export function returnPathAfterUnlock(target: string | null | undefined, fallback = "/home"): string {
  const path = safeRedirectPath(target ?? undefined, fallback);
  const pathname = path.split(/[?#]/, 1)[0];
  return pathname === LOCK_PAGE || pathname === `${LOCK_PAGE}/` ? fallback : path;
}
