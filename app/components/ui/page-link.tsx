import type { AnchorHTMLAttributes } from "react";

/**
 * A path from the portal's root, as a `<Link>` would have resolved it: the `href` is the
 * browser's to resolve, and a relative one ("?page=2") would be resolved against the address
 * the page happens to have (after a form's answer, for one), not against its route.
 */
export type PagePath = `/${string}`;

type PageLinkProps = Pick<AnchorHTMLAttributes<HTMLAnchorElement>, "className" | "id" | "title" | "aria-label" | "aria-live" | "children"> & {
  to: PagePath;
  "data-testid"?: string;
};

/**
 * A link to a page of the portal: a plain `<a>`, without the hooks Remix's `<Link>` runs for
 * each link on the server (decision 039). Once the page's scripts run, a click on it is a
 * client-side navigation like a `<Link>`'s (usePageLinkNavigation, in the root layout);
 * before that, the browser simply opens the page. `data-discover` is the attribute Remix puts
 * on its own links: with it, Remix learns the linked page's route before the click, as for
 * its own.
 */
export function PageLink(props: PageLinkProps) {
  // Each attribute by name: copying "the rest" of the props into the <a> cost the server three
  // times the link itself (object rest in V8), on pages with dozens of links.
  return (
    <a
      href={props.to}
      data-discover="true"
      className={props.className}
      id={props.id}
      title={props.title}
      aria-label={props["aria-label"]}
      aria-live={props["aria-live"]}
      data-testid={props["data-testid"]}
    >
      {props.children}
    </a>
  );
}

/** The attribute that marks a page link (and Remix's own links, whose clicks Remix handles first). */
export const PAGE_LINK_MARK = "data-discover";
