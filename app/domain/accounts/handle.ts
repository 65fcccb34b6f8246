/**
 * Handles are pseudonyms: 2 to 24 letters (any script), digits, "_" or "-", and nothing
 * invisible (no default-ignorable code points).
 * NFKC folds look-alike forms (full-width letters, ligatures) before checking, and
 * uniqueness is decided on the lower-cased form, so "Ming" and "ｍｉｎｇ" are one handle.
 */
export const HANDLE_MIN = 2;
export const HANDLE_MAX = 24;
const HANDLE_PATTERN = /^[\p{L}\p{M}\p{N}_-]+$/u;

export type HandleProblem = "required" | "tooShort" | "tooLong" | "characters";

export function normalizeHandle(input: string): string {
  return input.normalize("NFKC").trim();
}

export function handleKey(handle: string): string {
  return normalizeHandle(handle).toLowerCase();
}

export function findHandleProblem(handle: string): HandleProblem | null {
  const normalized = normalizeHandle(handle);
  const length = [...normalized].length;
  if (length === 0) return "required";
  if (length < HANDLE_MIN) return "tooShort";
  if (length > HANDLE_MAX) return "tooLong";
  if (!HANDLE_PATTERN.test(normalized)) return "characters";
  // A combining mark may not start a handle (it would attach to the text before it).
  if (/^\p{M}/u.test(normalized)) return "characters";
  // Nor may anything a screen does not show (U+034F, variation selectors, …): two handles
  // differing only by one would look the same to the person reading them.
  if (/\p{Default_Ignorable_Code_Point}/u.test(normalized)) return "characters";
  return null;
}
