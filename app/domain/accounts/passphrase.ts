/**
 * Passphrase rules, checked in the browser only: the server never sees a passphrase.
 * Length counts characters (code points) after NFKC, so 10 Chinese characters qualify.
 */
export const PASSPHRASE_MIN = 10;
export const PASSPHRASE_MAX = 1024;

export type PassphraseProblem = "required" | "tooShort" | "tooLong" | "characters" | "mismatch";

export function normalizePassphrase(input: string): string {
  return input.normalize("NFKC");
}

export function findPassphraseProblem(passphrase: string, confirmation?: string): PassphraseProblem | null {
  const normalized = normalizePassphrase(passphrase);
  const length = [...normalized].length;
  if (length === 0) return "required";
  if (/\p{Cc}/u.test(normalized)) return "characters";
  if (length < PASSPHRASE_MIN) return "tooShort";
  if (length > PASSPHRASE_MAX) return "tooLong";
  if (confirmation !== undefined && normalizePassphrase(confirmation) !== normalized) return "mismatch";
  return null;
}
