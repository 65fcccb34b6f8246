/**
 * An audit-log search as the page shows it and links to it: what was asked and which page.
 * Kept apart from the zod schema that reads it (audit-search.ts), so the page's links are
 * made in the browser without downloading zod (issue 15's budget).
 */
import type { AuditAction } from "~/domain/audit/audit-actions";

/** Which page: entries older than one entry, newer than one, or the newest. */
export type AuditPage = { direction: "older" | "newer"; entryId: string } | null;

export interface AuditSearch {
  action: AuditAction | null;
  /** Beijing days as typed ("" when not given), for the form and the page links. */
  from: string;
  to: string;
  /** The instants they mean: from the start of `from`, up to (not including) the day after `to`. */
  since: Date | null;
  until: Date | null;
  page: AuditPage;
}

/** The query string of a search's page (for the next and previous links). */
export function auditSearchQuery(search: Pick<AuditSearch, "action" | "from" | "to">, page: AuditPage): string {
  const query = new URLSearchParams();
  if (search.action) query.set("action", search.action);
  if (search.from) query.set("from", search.from);
  if (search.to) query.set("to", search.to);
  if (page) query.set(page.direction, page.entryId);
  return `?${query.toString()}`;
}
