import { LOCALES } from "~/domain/accounts/locales";
import { CRISIS_WORKER, offlineWorkerSource } from "~/features/crisis/offline-worker-source";
import stylesUrl from "~/styles/app.css?url";

/**
 * The crisis page's service worker (features/crisis/offline-worker-source.ts): the exact files
 * the page needs without scripts are named here, so the worker fetches nothing else.
 */
export function loader() {
  return new Response(offlineWorkerSource([stylesUrl, "/favicon.svg"], LOCALES), {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      // Never wider than the crisis page, whatever a registration asks for.
      "Service-Worker-Allowed": CRISIS_WORKER.scope,
    },
  });
}
