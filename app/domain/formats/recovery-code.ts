/**
 * The recovery code's text form (decision 001): 32 characters of Crockford's base32
 * (0-9 and A-Z without I, L, O, U), shown in groups of four. What a person types is forgiven:
 * any case, full-width forms, spaces and dashes of any kind, I/L read as 1 and O as 0.
 * One rule for the browser's form check and the crypto core that derives keys from it.
 */
export const RECOVERY_CODE_CHARS = 32;
const CANONICAL = /^[0-9A-HJKMNP-TV-Z]+$/;

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
