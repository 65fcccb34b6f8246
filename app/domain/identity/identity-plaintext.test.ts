import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IDENTITY_FIELDS, type IdentityFields } from "./identity-fields";
import {
  decodeIdentityPlaintext,
  encodeIdentityPlaintext,
  IdentityPlaintextError,
  type IdentityPlaintextErrorCode,
} from "./identity-plaintext";
import { NO_PINS, type KeyPins } from "./key-pins";

const ALL: IdentityFields = {
  emergencyContactPhone: "+86 139 0000 0000",
  legalName: "阿依古丽·买买提",
  dateOfBirth: "1990-03-07",
  address: '北京市朝阳区 "引号" \\ 反斜杠',
  nationalId: "11010519491231002X",
  phone: "13800138000",
  emergencyContactName: "张三",
};

const LI = "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f1";
const WANG = "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f2";
const KEY_A = "qpZhoE8chLBkgLXWkUt_fcwHmNC9-9LPMMDmzlandAI";
const KEY_B = "HdIURNgbypdZGaa7rPbfd9qdVxbcbitxkVE51bF8Y0I";
const PINS: KeyPins = { [WANG]: KEY_B, [LI]: KEY_A };

/** Encodes fields with no pins. */
const encodeFields = (fields: IdentityFields) => encodeIdentityPlaintext({ fields, pins: NO_PINS });

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
  it("writes {v:2, fields, pins} with the fields in IDENTITY_FIELDS order and the pins in their order", () => {
    const json = encodeIdentityPlaintext({ fields: ALL, pins: PINS });
    expect(json.startsWith('{"v":2,"fields":{"legalName":')).toBe(true);
    const parsed = JSON.parse(json) as { v: number; fields: Record<string, string>; pins: Record<string, string> };
    expect(Object.keys(parsed)).toEqual(["v", "fields", "pins"]);
    expect(Object.keys(parsed.fields)).toEqual([...IDENTITY_FIELDS]);
    expect(parsed.fields).toEqual(ALL);
    expect(Object.keys(parsed.pins)).toEqual([WANG, LI]);
    expect(parsed.pins).toEqual(PINS);
  });

  it("leaves absent and undefined fields out, and writes empty pins", () => {
    expect(encodeFields({})).toBe('{"v":2,"fields":{},"pins":{}}');
    expect(encodeFields({ phone: "13800138000", legalName: undefined })).toBe('{"v":2,"fields":{"phone":"13800138000"},"pins":{}}');
  });

  it("refuses unknown keys, non-string values and bad pins that slipped past the types", () => {
    expect(() => encodeFields({ nickname: "x" } as unknown as IdentityFields)).toThrow(IdentityPlaintextError);
    expect(() => encodeFields({ phone: 13800138000 } as unknown as IdentityFields)).toThrow(expect.objectContaining({ code: "notString" }));
    expect(() => encodeFields({ phone: null } as unknown as IdentityFields)).toThrow(expect.objectContaining({ code: "notString" }));
    expect(() => encodeFields({ nickname: "x" } as unknown as IdentityFields)).toThrow(expect.objectContaining({ code: "unknownKey" }));
    for (const pins of [{ worker_li: KEY_A }, { [LI]: "short" }, null, [KEY_A]]) {
      expect(() => encodeIdentityPlaintext({ fields: {}, pins: pins as unknown as KeyPins })).toThrow(expect.objectContaining({ code: "shape" }));
    }
  });
});

describe("decodeIdentityPlaintext", () => {
  it("round-trips every field and the pins", () => {
    expect(decodeIdentityPlaintext(encodeIdentityPlaintext({ fields: ALL, pins: PINS }))).toEqual({ fields: ALL, pins: PINS });
    expect(decodeIdentityPlaintext(encodeFields({}))).toEqual({ fields: {}, pins: {} });
  });

  it("still reads version 1 (from before pins) as no pins", () => {
    expect(decodeIdentityPlaintext('{"v":1,"fields":{"phone":"13800138000"}}')).toEqual({ fields: { phone: "13800138000" }, pins: {} });
    expect(Object.keys(decodeIdentityPlaintext(`{"v":2,"fields":{},"pins":{"${LI}":"${KEY_A}","${WANG}":"${KEY_B}"}}`).pins)).toEqual([LI, WANG]);
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
        expect(decodeIdentityPlaintext(encodeFields(fields))).toEqual({ fields, pins: {} });
      }),
      { numRuns: 300 },
    );
  });

  it("accepts keys in any order and returns them in IDENTITY_FIELDS order", () => {
    const decoded = decodeIdentityPlaintext('{"pins":{},"fields":{"phone":"1","legalName":"2"},"v":2}');
    expect(decoded.fields).toEqual({ legalName: "2", phone: "1" });
    expect(Object.keys(decoded.fields)).toEqual(["legalName", "phone"]);
  });

  it.each([
    ["version 3", '{"v":3,"fields":{},"pins":{}}', "unsupportedVersion"],
    ["version 0", '{"v":0,"fields":{}}', "unsupportedVersion"],
    ["version 3 with another layout", '{"v":3,"data":"…"}', "unsupportedVersion"],
    ["version 2 without pins", '{"v":2,"fields":{}}', "shape"],
    ["version 2 with pins null", '{"v":2,"fields":{},"pins":null}', "shape"],
    ["version 2 with pins as an array", `{"v":2,"fields":{},"pins":["${KEY_A}"]}`, "shape"],
    ["version 2 with a pin that is not an account id", `{"v":2,"fields":{},"pins":{"worker_li":"${KEY_A}"}}`, "shape"],
    ["version 2 with an upper-case account id", `{"v":2,"fields":{},"pins":{"${LI.toUpperCase()}":"${KEY_A}"}}`, "shape"],
    ["version 2 with a short key", `{"v":2,"fields":{},"pins":{"${LI}":"${KEY_A.slice(1)}"}}`, "shape"],
    ["version 2 with a key that is not a string", `{"v":2,"fields":{},"pins":{"${LI}":1}}`, "shape"],
    ["version 2 with a __proto__ pin", `{"v":2,"fields":{},"pins":{"__proto__":"${KEY_A}"}}`, "shape"],
    ["version 1 with pins", `{"v":1,"fields":{},"pins":{}}`, "unknownKey"],
    ["version 2 with an extra key", '{"v":2,"fields":{},"pins":{},"extra":1}', "unknownKey"],
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
