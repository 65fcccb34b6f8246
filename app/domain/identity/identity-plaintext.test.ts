import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IDENTITY_FIELDS, type IdentityFields } from "./identity-fields";
import {
  decodeIdentityPlaintext,
  encodeIdentityPlaintext,
  IdentityPlaintextError,
  type IdentityPlaintextErrorCode,
} from "./identity-plaintext";

const ALL: IdentityFields = {
  emergencyContactPhone: "+86 139 0000 0000",
  legalName: "阿依古丽·买买提",
  dateOfBirth: "1990-03-07",
  address: '北京市朝阳区 "引号" \\ 反斜杠',
  nationalId: "11010519491231002X",
  phone: "13800138000",
  emergencyContactName: "张三",
};

function decodeError(json: string): IdentityPlaintextErrorCode | undefined {
  try {
    decodeIdentityPlaintext(json);
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityPlaintextError);
    return (error as IdentityPlaintextError).code;
  }
  return undefined;
}

describe("encodeIdentityPlaintext", () => {
  it("writes {v:1, fields} with the keys in IDENTITY_FIELDS order", () => {
    const json = encodeIdentityPlaintext(ALL);
    expect(json.startsWith('{"v":1,"fields":{"legalName":')).toBe(true);
    const parsed = JSON.parse(json) as { v: number; fields: Record<string, string> };
    expect(Object.keys(parsed)).toEqual(["v", "fields"]);
    expect(Object.keys(parsed.fields)).toEqual([...IDENTITY_FIELDS]);
    expect(parsed.fields).toEqual(ALL);
  });

  it("leaves absent and undefined fields out", () => {
    expect(encodeIdentityPlaintext({})).toBe('{"v":1,"fields":{}}');
    expect(encodeIdentityPlaintext({ phone: "13800138000", legalName: undefined })).toBe('{"v":1,"fields":{"phone":"13800138000"}}');
  });

  it("refuses unknown keys and non-string values that slipped past the types", () => {
    expect(() => encodeIdentityPlaintext({ nickname: "x" } as unknown as IdentityFields)).toThrow(IdentityPlaintextError);
    expect(() => encodeIdentityPlaintext({ phone: 13800138000 } as unknown as IdentityFields)).toThrow(
      expect.objectContaining({ code: "notString" }),
    );
    expect(() => encodeIdentityPlaintext({ phone: null } as unknown as IdentityFields)).toThrow(
      expect.objectContaining({ code: "notString" }),
    );
    expect(() => encodeIdentityPlaintext({ nickname: "x" } as unknown as IdentityFields)).toThrow(
      expect.objectContaining({ code: "unknownKey" }),
    );
  });
});

describe("decodeIdentityPlaintext", () => {
  it("round-trips every field", () => {
    expect(decodeIdentityPlaintext(encodeIdentityPlaintext(ALL))).toEqual(ALL);
    expect(decodeIdentityPlaintext(encodeIdentityPlaintext({}))).toEqual({});
  });

  it("round-trips any strings, including astral characters and lone surrogates", () => {
    const fieldsArb = fc.record(
      Object.fromEntries(IDENTITY_FIELDS.map((field) => [field, fc.string({ unit: "binary" })])) as Record<
        (typeof IDENTITY_FIELDS)[number],
        fc.Arbitrary<string>
      >,
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fieldsArb, (fields) => {
        expect(decodeIdentityPlaintext(encodeIdentityPlaintext(fields))).toEqual(fields);
      }),
      { numRuns: 300 },
    );
  });

  it("accepts keys in any order and returns them in IDENTITY_FIELDS order", () => {
    const decoded = decodeIdentityPlaintext('{"fields":{"phone":"1","legalName":"2"},"v":1}');
    expect(decoded).toEqual({ legalName: "2", phone: "1" });
    expect(Object.keys(decoded)).toEqual(["legalName", "phone"]);
  });

  it.each([
    ["version 2", '{"v":2,"fields":{}}', "unsupportedVersion"],
    ["version 0", '{"v":0,"fields":{}}', "unsupportedVersion"],
    ["version 2 with another layout", '{"v":2,"data":"…"}', "unsupportedVersion"],
    ["a version string", '{"v":"1","fields":{}}', "shape"],
    ["a fractional version", '{"v":1.5,"fields":{}}', "shape"],
    ["no version", '{"fields":{}}', "shape"],
    ["no fields", '{"v":1}', "shape"],
    ["fields as an array", '{"v":1,"fields":[]}', "shape"],
    ["fields null", '{"v":1,"fields":null}', "shape"],
    ["fields a string", '{"v":1,"fields":"x"}', "shape"],
    ["an array", "[1]", "shape"],
    ["null", "null", "shape"],
    ["a string", '"v1"', "shape"],
    ["an extra top-level key", '{"v":1,"fields":{},"extra":1}', "unknownKey"],
    ["an unknown field", '{"v":1,"fields":{"legalName":"a","nickname":"b"}}', "unknownKey"],
    ["a __proto__ field", '{"v":1,"fields":{"__proto__":{"legalName":"x"}}}', "unknownKey"],
    ["a constructor field", '{"v":1,"fields":{"constructor":"x"}}', "unknownKey"],
    ["a differently cased field", '{"v":1,"fields":{"LegalName":"a"}}', "unknownKey"],
    ["a number value", '{"v":1,"fields":{"phone":13800138000}}', "notString"],
    ["a null value", '{"v":1,"fields":{"phone":null}}', "notString"],
    ["an object value", '{"v":1,"fields":{"legalName":{"x":"y"}}}', "notString"],
    ["an array value", '{"v":1,"fields":{"legalName":["a"]}}', "notString"],
    ["a boolean value", '{"v":1,"fields":{"legalName":true}}', "notString"],
    ["one bad value among good ones", '{"v":1,"fields":{"legalName":"a","phone":"1","address":5}}', "notString"],
    ["not JSON", "{v:1}", "notJson"],
    ["empty text", "", "notJson"],
    ["truncated JSON", '{"v":1,"fields":{"legalName":"a"', "notJson"],
    ["a leading byte order mark", '\ufeff{"v":1,"fields":{}}', "notJson"],
  ] as const)("refuses %s (%s)", (_name, json, code) => {
    expect(decodeError(json)).toBe(code);
  });

  it("never puts field values in error messages", () => {
    try {
      decodeIdentityPlaintext('{"v":1,"fields":{"legalName":"秘密","secretKey":"秘密"}}');
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toMatch(/秘密|secretKey/);
    }
  });
});
