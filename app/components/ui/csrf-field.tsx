import { useRootData } from "~/components/shell/use-root-data";

/** The hidden CSRF token every form carries (see forms/csrf.server.ts). */
export function CsrfField() {
  return <input type="hidden" name="csrf" value={useCsrfToken()} />;
}

export function useCsrfToken(): string {
  return useRootData()?.csrfToken ?? "";
}
