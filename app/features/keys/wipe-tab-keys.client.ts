/**
 * Where the tab keeps its sealed keys, and forgetting them: all that the pages without
 * keys need (sign-out, quick exit, the root), kept apart from tab-keys.client.ts so that
 * they do not load the envelope code.
 */
export const TAB_KEYS_STORAGE_KEY = "tx.keys";

/** Forgets the tab's keys. */
export function wipeTabKeys(): void {
  sessionStorage.removeItem(TAB_KEYS_STORAGE_KEY);
}
