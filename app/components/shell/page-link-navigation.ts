import { useNavigate } from "@remix-run/react";
import { useEffect } from "react";
import { PAGE_LINK_MARK } from "~/components/ui/page-link";

export type LinkClick = {
  button: number;
  metaKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  defaultPrevented: boolean;
};
export type ClickedLink = { href: string; target: string; download: boolean; pageLink: boolean };

/**
 * Where a click on a link goes inside the portal (path, query and fragment), or null when the
 * browser should handle it as usual: not a page link, already handled (Remix's own links),
 * not a plain left click (a new tab or window), another target, a download, another site.
 */
export function pageLinkDestination(click: LinkClick, link: ClickedLink | null, origin: string): string | null {
  if (link === null || !link.pageLink || click.defaultPrevented) return null;
  if (click.button !== 0 || click.metaKey || click.altKey || click.ctrlKey || click.shiftKey) return null;
  if ((link.target !== "" && link.target !== "_self") || link.download) return null;
  const url = new URL(link.href, origin);
  return url.origin === origin ? url.pathname + url.search + url.hash : null;
}

/**
 * Page links (components/ui/page-link) open their page as a client-side navigation, as
 * Remix's `<Link>` does: one listener for the whole document instead of one handler per link.
 * On `window`, so that it hears a click after React's own listeners on the document.
 */
export function usePageLinkNavigation(): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const anchor = event.target instanceof Element ? event.target.closest("a") : null;
      const link = anchor && {
        href: anchor.href,
        target: anchor.target,
        download: anchor.hasAttribute("download"),
        pageLink: anchor.hasAttribute(PAGE_LINK_MARK),
      };
      const destination = pageLinkDestination(event, link, window.location.origin);
      if (destination === null) return;
      event.preventDefault();
      // As a <Link>: opening the page one is on replaces its history entry instead of adding one.
      const here = window.location.pathname + window.location.search + window.location.hash;
      navigate(destination, { replace: destination === here });
    };
    window.addEventListener("click", onClick);
    return () => window.removeEventListener("click", onClick);
  }, [navigate]);
}
