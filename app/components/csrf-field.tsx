import { useRouteLoaderData } from "@remix-run/react";

/** The hidden CSRF token every form carries (see auth/csrf.server.ts). */
export function CsrfField() {
  const root = useRouteLoaderData<{ csrfToken: string }>("root");
  return <input type="hidden" name="csrf" value={root?.csrfToken ?? ""} />;
}

export function useCsrfToken(): string {
  return useRouteLoaderData<{ csrfToken: string }>("root")?.csrfToken ?? "";
}
