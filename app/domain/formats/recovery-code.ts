/**
 * The recovery code's text form (decision 001): 32 characters of Crockford's base32
 * (0-9 and A-Z without I, L, O, U), shown in groups of four. What a person types is forgiven:
 * any case, full-width forms, spaces and dashes of any kind, I/L read as 1 and O as 0.
 * One rule for the browser's form check and the crypto core that derives keys from it.
 */
export const RECOVERY_CODE_CHARS = 32;
/** The random bytes a code spells: 160 bits, exactly 32 characters of 5 bits. */
export const RECOVERY_CODE_BYTES = 20;
const CANONICAL = /^[0-9A-HJKMNP-TV-Z]+$/;
// Crockford base32: no I, L, O, U.
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function isCanonicalRecoveryCode(text: string): boolean {
  return text.length === RECOVERY_CODE_CHARS && CANONICAL.test(text);
}

/** The canonical code a person meant, or a refusal when the text cannot be one. */
export function readRecoveryCode(typed: string): { ok: true; code: string } | { ok: false } {
  const code = typed
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212\u30FC]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  return isCanonicalRecoveryCode(code) ? { ok: true, code } : { ok: false };
}

/** The groups of a formatted code ("M2GT-58X4-…"), each shown unbroken on a small screen. */
export function recoveryCodeGroups(formatted: string): string[] {
  return formatted.split("-").filter((group) => group !== "");
}

/** The text of a saved recovery-code file: what it is, then the code on a line of its own. */
export function recoveryCodeFileText(formatted: string, explanation: string): string {
  return `${explanation}\n\n${formatted}\n`;
}

/** The canonical code that spells these RECOVERY_CODE_BYTES bytes. */
export function recoveryCodeOfBytes(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD.charAt((buffer >> bits) & 31);
    }
  }
  return out;
}

/** The bytes a canonical code spells (isCanonicalRecoveryCode must hold). */
export function recoveryCodeBytes(canonical: string): Uint8Array {
  const bytes = new Uint8Array(RECOVERY_CODE_BYTES);
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of canonical) {
    buffer = ((buffer << 5) | CROCKFORD.indexOf(char)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[index++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}
