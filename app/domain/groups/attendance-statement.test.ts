import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkStatementPeriod, newStatementCode, normaliseStatementCode, statementSigningPayload } from "./attendance-statement";

describe("attendance statements", () => {
  it("take a period up to today, in order, of at most five years", () => {
    expect(checkStatementPeriod({ from: "2026-01-01", to: "2026-06-30", today: "2026-12-04" })).toEqual([]);
    expect(checkStatementPeriod({ from: "2026-07-01", to: "2026-06-30", today: "2026-12-04" })).toEqual([{ field: "periodFrom", problem: "order", years: 5 }]);
    expect(checkStatementPeriod({ from: "2026-01-01", to: "2026-12-05", today: "2026-12-04" })).toEqual([{ field: "periodTo", problem: "future", years: 5 }]);
    expect(checkStatementPeriod({ from: "2020-01-01", to: "2026-01-01", today: "2026-12-04" })).toEqual([{ field: "periodFrom", problem: "tooLong", years: 5 }]);
    expect(checkStatementPeriod({ from: "2026-02-30", to: "x", today: "2026-12-04" })).toEqual([
      { field: "periodFrom", problem: "date", years: 5 },
      { field: "periodTo", problem: "date", years: 5 },
    ]);
  });

  it("have codes of 12 unambiguous characters that survive being read out and typed back", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
        const code = newStatementCode(bytes);
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
        expect(normaliseStatementCode(code.toLowerCase().replace(/-/g, " "))).toBe(code);
      }),
    );
    expect(newStatementCode(new Uint8Array(8))).toBe("0000-0000-0000");
    expect(normaliseStatementCode("oooo-iiii-llll")).toBe("0000-1111-1111");
    expect(normaliseStatementCode("UUUU-0000-0000")).toBeNull();
    expect(normaliseStatementCode("0000-0000")).toBeNull();
    expect(() => newStatementCode(new Uint8Array(4))).toThrow(RangeError);
  });

  it("sign a versioned text that names neither the member nor the group", () => {
    expect(statementSigningPayload({ code: "ABCD-EFGH-JKMN", attendedCount: 12, periodFrom: "2026-01-01", periodTo: "2026-06-30", issuedOn: "2026-12-04" })).toBe(
      "tongxing-attendance-v1\nABCD-EFGH-JKMN\n12\n2026-01-01\n2026-06-30\n2026-12-04",
    );
  });
});
