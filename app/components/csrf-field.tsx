import { useRootData } from "./use-root-data";

/** The hidden CSRF token every form carries (see auth/csrf.server.ts). */
export function CsrfField() {
  return <input type="hidden" name="csrf" value={useCsrfToken()} />;
}

export function useCsrfToken(): string {
  return useRootData()?.csrfToken ?? "";
}
