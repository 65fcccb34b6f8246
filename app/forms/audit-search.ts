/**
 * The admins' audit-log search as it lives in the URL (`?action=…&from=…&to=…&older=…`): one
 * zod schema, read on the server. A bad value is a message beside its field and no search,
 * never an error page; a page link that makes no sense is dropped (the first page is shown).
 */
import { z } from "zod";
import { AUDIT_ACTIONS } from "~/domain/audit/audit-actions";
import { DEFAULT_TIME_ZONE, dayNumber, zonedInstant } from "~/domain/groups/local-time";
import { fieldErrorsFromIssues } from "./field-errors";
import type { AuditPage, AuditSearch } from "./audit-search-query";
import type { FieldErrors } from "./form-reply";

const Day = z.union([z.literal(""), z.string().refine((value) => dayNumber(value) !== null, "errors.audit.date")]);

const AuditSearchInput = z
  .object({
    action: z.union([z.literal(""), z.enum(AUDIT_ACTIONS)], { error: "errors.audit.action" }).default(""),
    from: Day.default(""),
    to: Day.default(""),
  })
  .refine((search) => search.from === "" || search.to === "" || search.from <= search.to, { path: ["to"], error: "errors.audit.toBeforeFrom" });

/** An entry's id (a page link's cursor): digits only. */
const ENTRY_ID = /^[1-9]\d{0,18}$/;

export type ParsedAuditSearch = { ok: true; search: AuditSearch } | { ok: false; fieldErrors: FieldErrors; typed: { action: string; from: string; to: string } };

const startOf = (day: string, plusDays: number): Date | null => {
  const number = dayNumber(day);
  return number === null ? null : zonedInstant(number + plusDays, 0, DEFAULT_TIME_ZONE);
};

export function parseAuditSearch(query: URLSearchParams): ParsedAuditSearch {
  const typed = { action: query.get("action") ?? "", from: query.get("from")?.trim() ?? "", to: query.get("to")?.trim() ?? "" };
  const parsed = AuditSearchInput.safeParse(typed);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromIssues(parsed.error.issues), typed };
  const { action, from, to } = parsed.data;
  const older = query.get("older") ?? "";
  const newer = query.get("newer") ?? "";
  const page: AuditPage = ENTRY_ID.test(older) ? { direction: "older", entryId: older } : ENTRY_ID.test(newer) ? { direction: "newer", entryId: newer } : null;
  return { ok: true, search: { action: action === "" ? null : action, from, to, since: from === "" ? null : startOf(from, 0), until: to === "" ? null : startOf(to, 1), page } };
}
