import { CRISIS_WORKER } from "./offline-worker-source";

/**
 * Keeps a copy of the crisis page on this phone for when there is no network: registers the
 * crisis page's service worker (only ever from that page), naming the area whose hotlines the
 * copy shows and its language. A new area or language registers it again, which fetches a
 * fresh copy. Browsers without service workers (or with them off) just have no copy.
 */
export function keepCrisisPageOffline(copy: { areaId: string | null; lang: string }): void {
  if (!("serviceWorker" in navigator)) return;
  const query = new URLSearchParams({ lang: copy.lang });
  if (copy.areaId) query.set("area", copy.areaId);
  navigator.serviceWorker.register(`${CRISIS_WORKER.url}?${query.toString()}`, { scope: CRISIS_WORKER.scope }).catch(() => {
    // Private windows and some browsers refuse; the page itself works the same.
  });
}
