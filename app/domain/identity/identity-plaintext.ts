import { IDENTITY_FIELDS, type IdentityFields } from "./identity-fields";
import { readKeyPins, type KeyPins } from "./key-pins";

/**
 * The vault plaintext (decisions 003 and 014), only ever held by the browser:
 * - version 2, written: `{"v":2,"fields":{…},"pins":{…}}`, the fields as strings in
 *   IDENTITY_FIELDS order, absent ones left out, and the key pins (key-pins.ts: social
 *   worker's account id → the public key first sealed to), oldest first;
 * - version 1, still read: `{"v":1,"fields":{…}}`, from before pins; it reads as no pins.
 *   The next upload (an edit, a share or a rotation) writes it as version 2.
 * Encoding and decoding check the structure only, not the values (findIdentityProblems
 * does that before saving): a vault saved under older rules must still open.
 */

export const IDENTITY_PLAINTEXT_VERSION = 2;
const VERSION_WITHOUT_PINS = 1;

/** What the vault holds: the member's identity fields and their key pins. */
export type IdentityPlaintext = { fields: IdentityFields; pins: KeyPins };

/**
 * - `unsupportedVersion` `v` is a whole number other than 1 or 2 (a newer format);
 * - `notJson`            the text is not JSON;
 * - `shape`              not an object with `v`, a `fields` object and (version 2) a
 *                        `pins` map of lower-case account ids to 32-byte base64url keys;
 * - `unknownKey`         a key other than `v`/`fields`/`pins` (`pins` only in version 2) or
 *                        other than the identity fields;
 * - `notString`          a field value that is not a string.
 * Messages never contain field values, key names or pins.
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

/** Throws IdentityPlaintextError ('unknownKey', 'notString', 'shape') rather than encode anything else. */
export function encodeIdentityPlaintext({ fields, pins }: IdentityPlaintext): string {
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
  const checkedPins = readKeyPins(pins);
  if (!checkedPins) throw new IdentityPlaintextError("shape", "key pins must map account ids to public keys");
  return JSON.stringify({ v: IDENTITY_PLAINTEXT_VERSION, fields: ordered, pins: checkedPins });
}

/** Reads a vault plaintext (version 1 or 2) whole or not at all: throws IdentityPlaintextError. */
export function decodeIdentityPlaintext(json: string): IdentityPlaintext {
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
  if (version !== IDENTITY_PLAINTEXT_VERSION && version !== VERSION_WITHOUT_PINS) {
    throw new IdentityPlaintextError("unsupportedVersion", "unknown identity plaintext version");
  }
  const topKeys = version === VERSION_WITHOUT_PINS ? ["v", "fields"] : ["v", "fields", "pins"];
  for (const key of Object.keys(parsed)) {
    if (!topKeys.includes(key)) throw new IdentityPlaintextError("unknownKey", "identity plaintext has an unknown key");
  }
  const pins = version === VERSION_WITHOUT_PINS ? {} : readKeyPins(ownValue(parsed, "pins"));
  if (!pins) throw new IdentityPlaintextError("shape", "identity plaintext has no valid key pins");
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
  return { fields, pins };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
