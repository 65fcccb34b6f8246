import { describe, expect, it } from "vitest";
import {
  findIdentityProblems,
  IDENTITY_FIELD_MAX_LENGTH,
  IDENTITY_FIELDS,
  type IdentityField,
  type IdentityFields,
  normalizeIdentityFields,
} from "./identity-fields";
import { problemAfterNormalizing, problemOf, TODAY } from "./identity-fields-test-helpers";

describe("IDENTITY_FIELDS", () => {
  it("lists the seven fields in plaintext order, each with a maximum length", () => {
    expect(IDENTITY_FIELDS).toEqual([
      "legalName",
      "phone",
      "nationalId",
      "address",
      "dateOfBirth",
      "emergencyContactName",
      "emergencyContactPhone",
    ]);
    expect(IDENTITY_FIELD_MAX_LENGTH).toEqual({
      legalName: 100,
      phone: 32,
      nationalId: 18,
      address: 300,
      dateOfBirth: 10,
      emergencyContactName: 100,
      emergencyContactPhone: 32,
    });
  });
});

describe("normalizeIdentityFields", () => {
  it("applies NFKC, trims and drops empty values", () => {
    expect(
      normalizeIdentityFields({
        legalName: "  张三\u3000",
        phone: "１３８ ００１３ ８０００",
        nationalId: "\u00a0",
        address: "",
        dateOfBirth: "２０００-０１-０２",
        emergencyContactName: "Jose\u0301",
      }),
    ).toEqual({ legalName: "张三", phone: "138 0013 8000", dateOfBirth: "2000-01-02", emergencyContactName: "José" });
  });

  it("upper-cases the resident ID's final x (full-width too), and only that", () => {
    expect(normalizeIdentityFields({ nationalId: "11010519491231002x" })).toEqual({ nationalId: "11010519491231002X" });
    expect(normalizeIdentityFields({ nationalId: "１１０１０５１９４９１２３１００２ｘ" })).toEqual({ nationalId: "11010519491231002X" });
    expect(normalizeIdentityFields({ nationalId: "x1010519491231002" })).toEqual({ nationalId: "x1010519491231002" });
    expect(normalizeIdentityFields({ legalName: "Max" })).toEqual({ legalName: "Max" });
  });

  it("ignores unknown keys, inherited keys and non-string values", () => {
    const input = JSON.parse('{"__proto__": {"legalName": "x"}, "nickname": "y", "phone": 13800138000}') as Record<string, string>;
    expect(normalizeIdentityFields(input)).toEqual({});
    const inherited = Object.create({ legalName: "inherited" }) as Record<string, string>;
    expect(normalizeIdentityFields(inherited)).toEqual({});
  });

  it("does not remove zero-width or bidi characters (validation reports them)", () => {
    expect(normalizeIdentityFields({ legalName: "张\u200b三" })).toEqual({ legalName: "张\u200b三" });
    expect(normalizeIdentityFields({ legalName: "\u202e张三" })).toEqual({ legalName: "\u202e张三" });
  });
});

describe("findIdentityProblems", () => {
  it("accepts an empty set and a complete valid set", () => {
    expect(findIdentityProblems({}, TODAY)).toEqual({});
    const fields: IdentityFields = {
      legalName: "阿依古丽·买买提",
      phone: "138 0013 8000",
      nationalId: "11010519491231002X",
      address: "北京市朝阳区建国路 88 号 3 单元 1201 室 (#5)",
      dateOfBirth: "1949-12-31",
      emergencyContactName: "Zoë O'Brien-Smith",
      emergencyContactPhone: "+44 20 7946 0958",
    };
    expect(findIdentityProblems(fields, TODAY)).toEqual({});
  });

  it("reports each field's problem separately", () => {
    expect(
      findIdentityProblems(
        { legalName: "R2D2", phone: "12345", nationalId: "110105194912310021", dateOfBirth: "2024-06-16", address: "ok" },
        TODAY,
      ),
    ).toEqual({ legalName: "characters", phone: "phoneFormat", nationalId: "nationalIdChecksum", dateOfBirth: "dateInFuture" });
  });

  describe("lengths (in code points)", () => {
    it.each(IDENTITY_FIELDS.map((field) => [field, IDENTITY_FIELD_MAX_LENGTH[field]] as const))(
      "%s is tooLong above %i characters",
      (field, max) => {
        expect(problemOf(field, "1".repeat(max + 1))).toBe("tooLong");
        expect(problemOf(field, "\u0000".repeat(max + 1))).toBe("tooLong");
      },
    );

    it("counts a supplementary-plane character as one", () => {
      expect(problemOf("legalName", "𠀀".repeat(100))).toBeUndefined();
      expect(problemOf("legalName", "𠀀".repeat(101))).toBe("tooLong");
      expect(problemOf("address", "𠀀".repeat(300))).toBeUndefined();
      expect(problemOf("address", "a".repeat(301))).toBe("tooLong");
    });
  });

  describe("characters that are never allowed", () => {
    const bad = [
      ["NUL", "\u0000"],
      ["tab", "\t"],
      ["newline", "\n"],
      ["carriage return", "\r"],
      ["DEL", "\u007f"],
      ["C1 control", "\u0085"],
      ["zero-width space", "\u200b"],
      ["zero-width non-joiner", "\u200c"],
      ["zero-width joiner", "\u200d"],
      ["word joiner", "\u2060"],
      ["byte order mark inside", "\ufeff"],
      ["soft hyphen", "\u00ad"],
      ["right-to-left override", "\u202e"],
      ["left-to-right embedding", "\u202a"],
      ["right-to-left isolate", "\u2067"],
      ["right-to-left mark", "\u200f"],
      ["line separator", "\u2028"],
      ["paragraph separator", "\u2029"],
      ["lone high surrogate", "\ud800"],
      ["lone low surrogate", "\udc00"],
      ["private use", "\ue000"],
      ["replacement character", "\ufffd"],
      ["noncharacter", "\uffff"],
      ["tag character", "\u{e0041}"],
    ] as const;

    it.each(bad)("refuses a %s in every field", (_name, char) => {
      const samples: Record<IdentityField, string> = {
        legalName: `张${char}三`,
        emergencyContactName: `Li${char} Wei`,
        address: `北京市${char}朝阳区`,
        phone: `138${char}00138000`,
        emergencyContactPhone: `138${char}00138000`,
        nationalId: `11010519${char}491231002X`.slice(0, 18),
        dateOfBirth: `2000${char}-01-0`,
      };
      expect(findIdentityProblems(samples, TODAY)).toEqual(
        Object.fromEntries(IDENTITY_FIELDS.map((field) => [field, "characters"])),
      );
    });

    it("still refuses them after normalisation (NFKC and trim keep them inside)", () => {
      for (const char of ["\u200b", "\u202e", "\ud800", "\u2066", "\ufeff"]) {
        expect(problemAfterNormalizing("legalName", `张${char}三`).problem).toBe("characters");
        expect(problemAfterNormalizing("address", `北京市${char}朝阳区`).problem).toBe("characters");
      }
    });

    it("trims a leading or trailing byte order mark or ideographic space away", () => {
      expect(problemAfterNormalizing("legalName", "\ufeff张三\u3000")).toEqual({ fields: { legalName: "张三" }, problem: undefined });
    });

    it("accepts a well-formed surrogate pair and an emoji in an address", () => {
      expect(problemOf("address", "𠀀村 🏠 1 号")).toBeUndefined();
    });
  });

  describe("names", () => {
    it.each([
      "张三",
      "欧阳娜娜",
      "阿依古丽·买买提", // middle dot U+00B7
      "爱新觉罗・溥仪", // katakana middle dot U+30FB
      "买买提‧艾力", // hyphenation point U+2027
      "Anne-Marie O'Neil",
      "D’Angelo",
      "José Álvarez",
      "Nguyễn Văn A",
      "Αλέξανδρος",
      "Владимир",
      "محمد",
      "ئابدۇللا", // Uyghur
      "བཀྲ་ཤིས", // Tibetan, syllables separated by tsheg
      "𪚥", // CJK extension B
      "\u{2ebf0}明", // CJK extension I, accepted even where Unicode data is older
      "葛\u{e0100}", // ideographic variation selector (a mark)
      "Mary  Ann", // double space
    ])("accepts %s", (name) => {
      expect(problemOf("legalName", name)).toBeUndefined();
      expect(problemOf("emergencyContactName", name)).toBeUndefined();
    });

    it.each([
      ["digits", "张三2"],
      ["full stop", "J. Smith"],
      ["at sign", "a@b"],
      ["emoji", "张三😀"],
      ["only punctuation", "-"],
      ["only middle dot", "·"],
      ["only apostrophe and hyphen", "'-'"],
      ["a leading combining mark", "\u0301Ana"],
      ["a bullet instead of a middle dot", "阿依古丽•买买提"],
      ["brackets", "张三(小)"],
      ["angle brackets", "<script>"],
    ])("refuses %s", (_name, name) => {
      expect(problemOf("legalName", name)).toBe("characters");
      expect(problemOf("emergencyContactName", name)).toBe("characters");
    });

    it("accepts a no-break space and full-width letters after normalisation", () => {
      expect(problemAfterNormalizing("legalName", "Ｍａｒｙ\u00a0Ａｎｎ")).toEqual({ fields: { legalName: "Mary Ann" }, problem: undefined });
      expect(problemAfterNormalizing("legalName", "阿依古丽\uff65买买提").problem).toBeUndefined(); // half-width ･ → ・
    });
  });

  describe("phones", () => {
    it.each([
      "13800138000",
      "19912345678",
      "138 0013 8000",
      "138-0013-8000",
      "010-12345678",
      "01012345678",
      "0755-1234567",
      "0755 8888 6666",
      "021-87654321-8001",
      "021-87654321 - 8001",
      "010-1234-5678",
      "+8613800138000",
      "+86 138 0013 8000",
      "+44 20 7946 0958",
      "+123456",
      "+123456789012345",
    ])("accepts %s", (phone) => {
      expect(problemOf("phone", phone)).toBeUndefined();
      expect(problemOf("emergencyContactPhone", phone)).toBeUndefined();
    });

    it.each([
      ["a mobile starting 12", "12800138000"],
      ["a mobile one digit short", "1380013800"],
      ["a mobile one digit long", "138001380001"],
      ["a mobile with an extension", "13800138000-12"],
      ["a landline without area code", "12345678"],
      ["a landline too short", "010-123456"],
      ["a landline too long", "0755-123456789"],
      ["an extension of 7 digits", "021-87654321-1234567"],
      ["an international number too short", "+12345"],
      ["an international number too long", "+1234567890123456"],
      ["a plus in the middle", "138+00138000"],
      ["two plus signs", "++8613800138000"],
      ["letters", "138OO138OOO"],
      ["parentheses", "(010) 12345678"],
      ["a leading hyphen", "-13800138000"],
      ["a trailing hyphen", "13800138000-"],
      ["a dot", "138.0013.8000"],
      ["00 instead of +", "008613800138000"],
      ["a single digit", "1"],
      ["only a plus", "+"],
    ])("refuses %s", (_name, phone) => {
      expect(problemOf("phone", phone)).toBe("phoneFormat");
      expect(problemOf("emergencyContactPhone", phone)).toBe("phoneFormat");
    });

    it("reads full-width digits, plus and hyphens after normalisation", () => {
      expect(problemAfterNormalizing("phone", "＋８６ １３８－００１３－８０００")).toEqual({
        fields: { phone: "+86 138-0013-8000" },
        problem: undefined,
      });
    });
  });

  describe("dates of birth", () => {
    it.each(["1900-01-01", "2000-02-29", "1949-12-31", "2024-06-15"])("accepts %s", (date) => {
      expect(problemOf("dateOfBirth", date)).toBeUndefined();
    });

    it.each([
      ["a slash date", "2000/01/02"],
      ["no zero padding", "2000-1-2"],
      ["two-digit year", "00-01-02"],
      ["day first", "02-01-2000"],
      ["month 13", "2000-13-01"],
      ["month 00", "2000-00-10"],
      ["day 00", "2000-01-00"],
      ["31 April", "2000-04-31"],
      ["29 February 1900", "1900-02-29"],
      ["29 February 2023", "2023-02-29"],
      ["a timestamp", "2000-01-0T"],
      ["words", "yesterday"],
    ])("refuses %s as dateFormat", (_name, date) => {
      expect(problemOf("dateOfBirth", date)).toBe("dateFormat");
    });

    it("refuses dates after today (local calendar) as dateInFuture", () => {
      expect(problemOf("dateOfBirth", "2024-06-16")).toBe("dateInFuture");
      expect(problemOf("dateOfBirth", "9999-12-31")).toBe("dateInFuture");
      expect(problemOf("dateOfBirth", "2024-06-15", new Date(2024, 5, 14, 23, 59))).toBe("dateInFuture");
      expect(problemOf("dateOfBirth", "2024-06-15", new Date(2024, 5, 15, 0, 0))).toBeUndefined();
    });

    it("refuses dates before 1900-01-01 as dateTooOld", () => {
      expect(problemOf("dateOfBirth", "1899-12-31")).toBe("dateTooOld");
      expect(problemOf("dateOfBirth", "0001-01-01")).toBe("dateTooOld");
    });

    it("reads full-width digits after normalisation", () => {
      expect(problemAfterNormalizing("dateOfBirth", "１９９０－０３－０７")).toEqual({ fields: { dateOfBirth: "1990-03-07" }, problem: undefined });
    });

    it("refuses an invalid today", () => {
      expect(() => findIdentityProblems({ dateOfBirth: "2000-01-01" }, new Date(Number.NaN))).toThrow(RangeError);
    });
  });
});
