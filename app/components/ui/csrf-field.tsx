import { createContext, useContext } from "react";

/** This browser's CSRF token; the root layout provides it from its loader (see forms/csrf.server.ts). */
export const CsrfContext = createContext<string>("");

/** The hidden CSRF token every form carries. */
export function CsrfField() {
  return <input type="hidden" name="csrf" value={useCsrfToken()} />;
}

export function useCsrfToken(): string {
  return useContext(CsrfContext);
}
