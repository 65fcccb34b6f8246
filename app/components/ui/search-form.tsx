import type { ReactNode } from "react";
import type { PagePath } from "~/components/ui/page-link";

/**
 * A search form of the portal (finders, filters): a plain `<form method="get">` whose choices
 * become the address's query, so a search can be bookmarked and shared. Like a page link
 * (decision 039) it has none of the hooks Remix's `<Form>` runs on every render; once the
 * page's scripts run, sending it is a client-side navigation (usePageLinkNavigation), and
 * before that the browser simply opens the address.
 */
export function SearchForm(props: { to: PagePath; className?: string; "aria-label"?: string; children: ReactNode }) {
  return (
    <form method="get" action={props.to} className={props.className} aria-label={props["aria-label"]} data-discover="true">
      {props.children}
    </form>
  );
}
