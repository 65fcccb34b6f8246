import { IDENTITY_FIELDS, type IdentityFields } from "./identity-fields";

/**
 * The vault plaintext (decision 003): JSON `{"v":1,"fields":{…}}`, the fields as strings
 * in IDENTITY_FIELDS order, absent ones left out. Only the browser ever holds it.
 * Encoding and decoding check the structure only, not the values (findIdentityProblems
 * does that before saving): a vault saved under older rules must still open.
 */

export const IDENTITY_PLAINTEXT_VERSION = 1;

/**
 * - `unsupportedVersion` `v` is a whole number other than 1 (a newer format);
 * - `notJson`            the text is not JSON;
 * - `shape`              not an object with `v` and a `fields` object;
 * - `unknownKey`         a key other than `v`/`fields` or other than the identity fields;
 * - `notString`          a field value that is not a string.
 * Messages never contain field values or key names.
 */
export type IdentityPlaintextErrorCode = "unsupportedVersion" | "notJson" | "shape" | "unknownKey" | "notString";

export class IdentityPlaintextError extends Error {
  readonly code: IdentityPlaintextErrorCode;

  constructor(code: IdentityPlaintextErrorCode, message: string) {
    super(message);
    this.name = "IdentityPlaintextError";
    this.code = code;
  }
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(IDENTITY_FIELDS);

/** Throws IdentityPlaintextError ('unknownKey', 'notString') rather than encode anything else. */
export function encodeIdentityPlaintext(fields: IdentityFields): string {
  for (const key of Object.keys(fields)) {
    if (!KNOWN_FIELDS.has(key)) throw new IdentityPlaintextError("unknownKey", "identity fields contain an unknown key");
  }
  const ordered: IdentityFields = {};
  for (const field of IDENTITY_FIELDS) {
    const value: unknown = fields[field];
    if (value === undefined) continue;
    if (typeof value !== "string") throw new IdentityPlaintextError("notString", "identity field values must be strings");
    ordered[field] = value;
  }
  return JSON.stringify({ v: IDENTITY_PLAINTEXT_VERSION, fields: ordered });
}

/** Reads a vault plaintext whole or not at all: throws IdentityPlaintextError. */
export function decodeIdentityPlaintext(json: string): IdentityFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new IdentityPlaintextError("notJson", "identity plaintext is not JSON");
  }
  if (!isPlainObject(parsed)) throw new IdentityPlaintextError("shape", "identity plaintext is not an object");
  const version = ownValue(parsed, "v");
  if (typeof version !== "number" || !Number.isSafeInteger(version)) {
    throw new IdentityPlaintextError("shape", "identity plaintext has no version");
  }
  if (version !== IDENTITY_PLAINTEXT_VERSION) {
    throw new IdentityPlaintextError("unsupportedVersion", "unknown identity plaintext version");
  }
  for (const key of Object.keys(parsed)) {
    if (key !== "v" && key !== "fields") throw new IdentityPlaintextError("unknownKey", "identity plaintext has an unknown key");
  }
  const raw = ownValue(parsed, "fields");
  if (!isPlainObject(raw)) throw new IdentityPlaintextError("shape", "identity plaintext has no fields object");
  for (const key of Object.keys(raw)) {
    if (!KNOWN_FIELDS.has(key)) throw new IdentityPlaintextError("unknownKey", "identity plaintext has an unknown field");
  }
  const fields: IdentityFields = {};
  for (const field of IDENTITY_FIELDS) {
    const value = ownValue(raw, field);
    if (value === undefined) continue;
    if (typeof value !== "string") throw new IdentityPlaintextError("notString", "identity field values must be strings");
    fields[field] = value;
  }
  return fields;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
