import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/root";

/** What the root loader gives every page: language, CSRF token, the signed-in account, public settings. */
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root") ?? undefined;
}
