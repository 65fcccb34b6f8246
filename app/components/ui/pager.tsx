import { PageLink, type PagePath } from "./page-link";

type PagerLink = { to: PagePath; text: string };

/**
 * The links to a list's page before and after the one shown (either may be missing), with
 * where the reader is between them; nothing when there is neither. Plain links, so paging
 * works without JavaScript.
 */
export function Pager({ label, previous, next, position }: { label: string; previous: PagerLink | null; next: PagerLink | null; position?: string }) {
  if (!previous && !next) return null;
  return (
    <nav className="pager" aria-label={label}>
      {previous ? <PageLink to={previous.to}>{previous.text}</PageLink> : null}
      {position ? <span>{position}</span> : null}
      {next ? <PageLink to={next.to}>{next.text}</PageLink> : null}
    </nav>
  );
}
