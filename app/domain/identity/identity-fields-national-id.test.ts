// The resident ID number (GB 11643): how findIdentityProblems checks it, and its check
// character. The other fields' checks are in identity-fields.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nationalIdChecksumDigit } from "./identity-fields";
import { problemAfterNormalizing, problemOf } from "./identity-fields-test-helpers";

/** ISO 7064 MOD 11-2 computed the other way round, as a cross-check: Σ aᵢ·2^(i−1) ≡ 1 (mod 11). */
function iso7064Valid(id: string): boolean {
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const c = id.charAt(17 - i);
    const value = c === "X" ? 10 : Number(c);
    sum = (sum + value * 2 ** i) % 11;
  }
  return sum === 1;
}

/** A resident ID of Beijing Dongcheng with this YYYYMMDD birth date and a correct check character. */
function idBornOn(birth: string): string {
  const first17 = `110101${birth}001`;
  return first17 + nationalIdChecksumDigit(first17);
}

const VALID_IDS = [
  "11010519491231002X", // GB 11643-1999 example
  "440524188001010014", // GB 11643-1999 example
  "110101199003074477",
  "110101200002290018", // 29 February of a leap year
  "110101190001010014",
];

describe("findIdentityProblems: resident IDs", () => {
  it.each(VALID_IDS)("accepts %s", (id) => {
    expect(problemOf("nationalId", id)).toBeUndefined();
  });

  it.each([
    ["17 digits", "11010519491231002"],
    ["a lower-case x (not normalised)", "11010519491231002x"],
    ["X not at the end", "1101051949123100X2"],
    ["a letter", "11010519491231002A"],
    ["a space", "110105 1949123102X"],
    ["15-digit first-generation ID", "110105491231002"],
  ])("refuses %s as nationalIdFormat", (_name, id) => {
    expect(problemOf("nationalId", id)).toBe("nationalIdFormat");
  });

  it("reports 19 characters as tooLong", () => {
    expect(problemOf("nationalId", "11010519491231002X1")).toBe("tooLong");
  });

  it("refuses every wrong check character", () => {
    for (const id of VALID_IDS) {
      for (const check of "0123456789X") {
        const candidate = id.slice(0, 17) + check;
        expect(problemOf("nationalId", candidate)).toBe(candidate === id ? undefined : "nationalIdChecksum");
      }
    }
  });

  it("refuses a single changed digit and two swapped neighbours", () => {
    const id = "440524188001010014";
    for (let i = 0; i < 17; i++) {
      const digit = Number(id.charAt(i));
      const changed = id.slice(0, i) + String((digit + 1) % 10) + id.slice(i + 1);
      expect(problemOf("nationalId", changed)).toBe("nationalIdChecksum");
    }
    expect(problemOf("nationalId", "440524188001010041")).toBe("nationalIdChecksum"); // 1↔4 at the end
    expect(problemOf("nationalId", "11010519491231020X")).toBe("nationalIdChecksum"); // 0↔2
  });

  it.each([
    ["30 February", "19900230"],
    ["month 13", "19901331"],
    ["month 00", "19900031"],
    ["day 00", "19900100"],
    ["29 February of a common year", "19000229"],
    ["a birth date tomorrow", "20240616"],
    ["year 0000", "00000110"],
    ["a birth date before 1800", "17991231"],
  ])("refuses %s as nationalIdBirthDate", (_name, birth) => {
    const id = idBornOn(birth);
    expect(iso7064Valid(id)).toBe(true);
    expect(problemOf("nationalId", id)).toBe("nationalIdBirthDate");
  });

  it("accepts the earliest birth date 1800-01-01 (the standard's own example is from 1880)", () => {
    expect(problemOf("nationalId", idBornOn("18000101"))).toBeUndefined();
  });

  it("accepts a birth date of today, in the member's local calendar", () => {
    const id = idBornOn("20240615");
    expect(problemOf("nationalId", id)).toBeUndefined();
    expect(problemOf("nationalId", id, new Date(2024, 5, 15, 0, 0, 1))).toBeUndefined();
    expect(problemOf("nationalId", id, new Date(2024, 5, 14, 23, 59, 59))).toBe("nationalIdBirthDate");
  });

  it("accepts full-width digits and x after normalisation", () => {
    expect(problemAfterNormalizing("nationalId", " １１０１０５１９４９１２３１００２ｘ ")).toEqual({
      fields: { nationalId: "11010519491231002X" },
      problem: undefined,
    });
  });
});

describe("nationalIdChecksumDigit", () => {
  it("gives the check characters of the standard's examples", () => {
    expect(nationalIdChecksumDigit("11010519491231002")).toBe("X");
    expect(nationalIdChecksumDigit("44052418800101001")).toBe("4");
    expect(nationalIdChecksumDigit("11010119900307447")).toBe("7");
  });

  it("agrees with ISO 7064 MOD 11-2 computed independently", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}$/), (first17) => {
        const id = first17 + nationalIdChecksumDigit(first17);
        expect(iso7064Valid(id)).toBe(true);
        for (const other of "0123456789X") {
          if (other !== id.charAt(17)) expect(iso7064Valid(first17 + other)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each(["", "1101051949123100", "110105194912310021", "1101051949123100X", "１１０１０５１９４９１２３１００２", "11010519491231 02"])(
    "throws RangeError for %j",
    (input) => {
      expect(() => nationalIdChecksumDigit(input)).toThrow(RangeError);
    },
  );
});
