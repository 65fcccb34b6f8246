import { describe, expect, it } from "vitest";
import { parseAuditSearch } from "./audit-search";
import { auditSearchQuery } from "./audit-search-query";

const parse = (query: string) => parseAuditSearch(new URLSearchParams(query));

describe("the audit-log search", () => {
  it("searches everything, newest first, when nothing is chosen", () => {
    expect(parse("")).toEqual({ ok: true, search: { action: null, from: "", to: "", since: null, until: null, page: null } });
  });

  it("reads an action and Beijing days, up to the end of the last day", () => {
    const parsed = parse("action=role.granted&from=2026-12-01&to=2026-12-03");
    expect(parsed.ok && parsed.search.action).toBe("role.granted");
    expect(parsed.ok && parsed.search.since?.toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(parsed.ok && parsed.search.until?.toISOString()).toBe("2026-12-03T16:00:00.000Z");
  });

  it("says beside the field what is wrong, and searches nothing", () => {
    expect(parse("from=2026-02-30&to=yesterday")).toEqual({
      ok: false,
      fieldErrors: { from: "errors.audit.date", to: "errors.audit.date" },
      typed: { action: "", from: "2026-02-30", to: "yesterday" },
    });
    expect(parse("from=2026-12-03&to=2026-12-01")).toMatchObject({ ok: false, fieldErrors: { to: "errors.audit.toBeforeFrom" } });
    expect(parse("action=drop.table")).toMatchObject({ ok: false, fieldErrors: { action: "errors.audit.action" } });
  });

  it("takes a page link's entry id and drops one that is not an id", () => {
    expect(parse("older=42")).toMatchObject({ ok: true, search: { page: { direction: "older", entryId: "42" } } });
    expect(parse("newer=7")).toMatchObject({ ok: true, search: { page: { direction: "newer", entryId: "7" } } });
    for (const bad of ["older=0", "older=-1", "older=1e3", "older=12345678901234567890", "newer=x"]) expect(parse(bad), bad).toMatchObject({ ok: true, search: { page: null } });
  });

  it("writes a page's link that reads back as the same search", () => {
    const query = auditSearchQuery({ action: "session.started", from: "2026-12-01", to: "" }, { direction: "older", entryId: "99" });
    expect(query).toBe("?action=session.started&from=2026-12-01&older=99");
    expect(parse(query.slice(1))).toMatchObject({ ok: true, search: { action: "session.started", from: "2026-12-01", to: "", page: { direction: "older", entryId: "99" } } });
  });
});
