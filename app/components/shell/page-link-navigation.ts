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

/** A link or form aimed at this window: no target, or "_self". */
const inThisWindow = (target: string) => target === "" || target === "_self";

/** An address on this site, or null for another site. */
function onThisSite(address: string, origin: string): URL | null {
  const url = new URL(address, origin);
  return url.origin === origin ? url : null;
}

/**
 * Where a click on a link goes inside the portal (path, query and fragment), or null when the
 * browser should handle it as usual: not a page link, already handled (Remix's own links),
 * not a plain left click (a new tab or window), another target, a download, another site.
 */
export function pageLinkDestination(click: LinkClick, link: ClickedLink | null, origin: string): string | null {
  if (link === null || !link.pageLink || click.defaultPrevented) return null;
  if (click.button !== 0 || click.metaKey || click.altKey || click.ctrlKey || click.shiftKey) return null;
  if (!inThisWindow(link.target) || link.download) return null;
  const url = onThisSite(link.href, origin);
  return url && url.pathname + url.search + url.hash;
}

export type SentForm = { method: string; action: string; target: string; pageLink: boolean; submitterNamed: boolean };

/**
 * The page a search form (components/ui/search-form) opens inside the portal, before its
 * query is added, or null when the browser should send it as usual: not a search form,
 * already handled (Remix's own forms), not GET, another target, another site. A button with
 * a name adds its value to the query, which older browsers' FormData cannot do: the browser
 * sends those itself.
 */
export function searchFormPath(submit: { defaultPrevented: boolean }, form: SentForm | null, origin: string): string | null {
  if (form === null || !form.pageLink || submit.defaultPrevented) return null;
  if (form.method !== "get" || !inThisWindow(form.target) || form.submitterNamed) return null;
  return onThisSite(form.action, origin)?.pathname ?? null;
}

/**
 * Page links (components/ui/page-link) and search forms open their page as a client-side
 * navigation, as Remix's `<Link>` and `<Form>` do: one listener for the whole document
 * instead of hooks and handlers per link. On `window`, so that it hears a click or a
 * submission after React's own listeners on the document.
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
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target instanceof HTMLFormElement ? event.target : null;
      // Attributes, not properties: a field named "action" (the audit log's) is form.action.
      const sent = form && {
        method: (form.getAttribute("method") ?? "get").toLowerCase(),
        action: new URL(form.getAttribute("action") ?? "", window.location.href).href,
        target: form.getAttribute("target") ?? "",
        pageLink: form.hasAttribute(PAGE_LINK_MARK),
        submitterNamed: Boolean(event.submitter?.getAttribute("name")),
      };
      const path = searchFormPath(event, sent, window.location.origin);
      if (form === null || path === null) return;
      event.preventDefault();
      const query = new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString();
      navigate(query === "" ? path : `${path}?${query}`);
    };
    window.addEventListener("click", onClick);
    window.addEventListener("submit", onSubmit);
    return () => {
      window.removeEventListener("click", onClick);
      window.removeEventListener("submit", onSubmit);
    };
  }, [navigate]);
}
