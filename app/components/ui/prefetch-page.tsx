import { Link } from "@remix-run/react";

/**
 * The page a form will open by itself once it is done (sign-in → home): its route is asked
 * for and its scripts fetched while the member waits, so opening it costs only its data.
 *
 * Pages learn the routes they link to, not all of them (lazy route discovery, decision 036),
 * and Remix learns a route from a rendered link. This link is that: hidden, out of the tab
 * order and of what screen readers read; `prefetch="render"` fetches the page's scripts.
 */
export function PrefetchPage({ page }: { page: string }) {
  return <Link to={page} prefetch="render" hidden tabIndex={-1} aria-hidden="true" />;
}

/**
 * A route's `handle` naming the pages its forms open by themselves: their routes come in the
 * page's first manifest (a patch to Remix's getPartialManifest, decision 037), so opening one
 * waits for its data, not first for a round trip to learn its route.
 */
export function opensPages(...pages: string[]): { opens: readonly string[] } {
  return { opens: pages };
}
