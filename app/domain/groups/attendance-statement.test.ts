import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkStatementPeriod, countAttendance, newStatementCode, normaliseStatementCode, statementSigningPayload, type AttendanceMark } from "./attendance-statement";

const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe("attendance statements", () => {
  it("take a period up to today, in order, of at most five years", () => {
    expect(checkStatementPeriod({ from: "2026-01-01", to: "2026-06-30", today: "2026-12-04" })).toEqual([]);
    expect(checkStatementPeriod({ from: "2026-12-04", to: "2026-12-04", today: "2026-12-04" })).toEqual([]);
    expect(checkStatementPeriod({ from: "2026-07-01", to: "2026-06-30", today: "2026-12-04" })).toEqual([{ field: "periodFrom", problem: "order", years: 5 }]);
    expect(checkStatementPeriod({ from: "2026-01-01", to: "2026-12-05", today: "2026-12-04" })).toEqual([{ field: "periodTo", problem: "future", years: 5 }]);
    expect(checkStatementPeriod({ from: "2020-01-01", to: "2026-01-01", today: "2026-12-04" })).toEqual([{ field: "periodFrom", problem: "tooLong", years: 5 }]);
    expect(checkStatementPeriod({ from: "2026-02-30", to: "x", today: "2026-12-04" })).toEqual([
      { field: "periodFrom", problem: "date", years: 5 },
      { field: "periodTo", problem: "date", years: 5 },
    ]);
  });

  it("allow exactly five years from the first day, and from 29 February up to 28 February", () => {
    expect(checkStatementPeriod({ from: "2021-03-15", to: "2026-03-15", today: "2026-12-04" })).toEqual([]);
    expect(checkStatementPeriod({ from: "2021-03-15", to: "2026-03-16", today: "2026-12-04" })).toEqual([{ field: "periodFrom", problem: "tooLong", years: 5 }]);
    expect(checkStatementPeriod({ from: "2024-02-29", to: "2029-02-28", today: "2030-01-01" })).toEqual([]);
    expect(checkStatementPeriod({ from: "2024-02-29", to: "2029-03-01", today: "2030-01-01" })).toEqual([{ field: "periodFrom", problem: "tooLong", years: 5 }]);
  });

  it("have codes of 12 unambiguous characters (60 random bits) that survive being read out and typed back", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
        const code = newStatementCode(bytes);
        expect(code).toMatch(CODE);
        expect(normaliseStatementCode(code)).toBe(code);
        expect(normaliseStatementCode(code.toLowerCase().replace(/-/g, " "))).toBe(code);
        expect(normaliseStatementCode(` ${code.replace(/0/g, "o").replace(/1/g, "l")} `)).toBe(code);
      }),
    );
    expect(newStatementCode(new Uint8Array(8))).toBe("0000-0000-0000");
    expect(normaliseStatementCode("oooo-iiii-llll")).toBe("0000-1111-1111");
    expect(normaliseStatementCode("UUUU-0000-0000")).toBeNull();
    expect(normaliseStatementCode("0000-0000")).toBeNull();
    expect(normaliseStatementCode("0000-0000-0000-0")).toBeNull();
    expect(normaliseStatementCode(`${"0".repeat(12)}${" ".repeat(60)}`)).toBeNull();
    expect(() => newStatementCode(new Uint8Array(4))).toThrow(RangeError);
  });

  it("read codes typed on a Chinese keyboard: full-width letters, digits and dashes", () => {
    const typed = ["ＡＢＣＤ－１２３４－ｗｘｙｚ", "ABCD—1234—WXYZ", "ABCD\u30001234\u3000WXYZ"];
    expect(typed.map(normaliseStatementCode)).toEqual(["ABCD-1234-WXYZ", "ABCD-1234-WXYZ", "ABCD-1234-WXYZ"]);
  });

  it("give every one of the 60 bits its own code", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 59 }), (bytes, bit) => {
        const flipped = Uint8Array.from(bytes);
        // Bit 0 is the last byte's lowest.
        const index = 7 - Math.floor(bit / 8);
        flipped[index] = (flipped[index] ?? 0) ^ (1 << bit % 8);
        expect(newStatementCode(flipped)).not.toBe(newStatementCode(bytes));
      }),
    );
  });

  it("sign a versioned text that names neither the member nor the group", () => {
    expect(statementSigningPayload({ code: "ABCD-EFGH-JKMN", attendedCount: 12, periodFrom: "2026-01-01", periodTo: "2026-06-30", issuedOn: "2026-12-04" })).toBe(
      "tongxing-attendance-v1\nABCD-EFGH-JKMN\n12\n2026-01-01\n2026-06-30\n2026-12-04",
    );
  });
});

describe("counting attendance for a statement", () => {
  const mark = (overrides: Partial<AttendanceMark>): AttendanceMark => ({ meetingId: "m1", occurrenceOn: "2027-01-05", heldOn: "2027-01-05", present: true, cancelled: false, ...overrides });
  const january = { from: "2027-01-01", to: "2027-01-31" };

  it("counts meetings marked present within the period, its first and last days included", () => {
    const marks = [mark({}), mark({ occurrenceOn: "2027-01-01", heldOn: "2027-01-01" }), mark({ occurrenceOn: "2027-01-31", heldOn: "2027-01-31" }), mark({ meetingId: "m2" })];
    expect(countAttendance(marks, january)).toBe(4);
    expect(countAttendance([mark({ occurrenceOn: "2026-12-31", heldOn: "2026-12-31" }), mark({ occurrenceOn: "2027-02-01", heldOn: "2027-02-01" })], january)).toBe(0);
  });

  it("leaves out absences and cancelled meetings, and counts each meeting once", () => {
    expect(countAttendance([mark({ present: false }), mark({ meetingId: "m2", cancelled: true })], january)).toBe(0);
    expect(countAttendance([mark({}), mark({})], january)).toBe(1);
  });

  it("places a moved meeting on the day it was held", () => {
    expect(countAttendance([mark({ occurrenceOn: "2027-01-31", heldOn: "2027-02-02" })], january)).toBe(0);
    expect(countAttendance([mark({ occurrenceOn: "2026-12-29", heldOn: "2027-01-02" })], january)).toBe(1);
  });

  it("adds up over periods that split the time between them", () => {
    const day = fc.integer({ min: 0, max: 364 }).map((offset) => new Date(Date.UTC(2027, 0, 1 + offset)).toISOString().slice(0, 10));
    // One occurrence is held on one day: marks of the same occurrence agree on it.
    const marks = fc.array(fc.record({ meetingId: fc.constantFrom("m1", "m2", "m3"), occurrenceOn: day, present: fc.boolean(), cancelled: fc.boolean() }), { maxLength: 40 }).map((entries) =>
      entries.map((entry) => ({ ...entry, heldOn: entry.occurrenceOn })),
    );
    fc.assert(
      fc.property(marks, day, (all, split) => {
        const whole = countAttendance(all, { from: "2027-01-01", to: "2027-12-31" });
        const present = new Set(all.filter((entry) => entry.present && !entry.cancelled).map((entry) => `${entry.meetingId} ${entry.occurrenceOn}`));
        expect(whole).toBe(present.size);
        expect(countAttendance(all, { from: "2027-01-01", to: split }) + countAttendance(all, { from: split, to: "2027-12-31" }) - countAttendance(all, { from: split, to: split })).toBe(whole);
      }),
    );
  });
});
