/**
 * The crisis page's service worker, as the script the server sends (decision 031). It
 * touches nothing but the crisis page and the files that page needs without scripts (its
 * stylesheet, the icon): on install and after every visit online it keeps one copy of the
 * page, fetched WITHOUT cookies, so the copy holds no account, handle or token of anyone —
 * only the public hotlines of the area named in the worker's own address (`?area=`) and the
 * national ones, in the language named there (`?lang=`). When the network fails, a visit to
 * the crisis page gets that copy. Quick exit's Clear-Site-Data ("storage") removes the worker
 * and its cache; so does a new version of the script (a new cache name).
 */

/** Where the worker lives and what it may control: the crisis page only. */
export const CRISIS_WORKER = { url: "/crisis-offline.js", scope: "/crisis", page: "/crisis" } as const;

/** The worker's source; `assets` are the exact same-origin paths the page needs offline. */
export function offlineWorkerSource(assets: readonly string[], languages: readonly string[]): string {
  const version = assets.join("|");
  return `"use strict";
const CACHE = ${JSON.stringify(`crisis:${version}`)};
const PAGE = ${JSON.stringify(CRISIS_WORKER.page)};
const ASSETS = ${JSON.stringify(assets)};
const LANGUAGES = ${JSON.stringify(languages)};
const AREA = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function copyRequest() {
  const own = new URL(self.location.href).searchParams;
  const area = own.get("area");
  const lang = own.get("lang");
  const url = area && AREA.test(area) ? PAGE + "?area=" + area : PAGE;
  const headers = LANGUAGES.includes(lang) ? { "Accept-Language": lang } : {};
  return new Request(url, { credentials: "omit", cache: "no-store", redirect: "error", headers });
}

async function keepCopy() {
  const cache = await caches.open(CACHE);
  const page = await fetch(copyRequest());
  if (!page.ok) return;
  await cache.put(PAGE, page);
  await Promise.all(ASSETS.map(async (asset) => {
    if (!(await cache.match(asset))) await cache.add(new Request(asset, { credentials: "omit" }));
  }));
}

self.addEventListener("install", (event) => {
  event.waitUntil(keepCopy().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === PAGE) {
    event.respondWith(
      fetch(request).then(
        (response) => {
          if (response.ok) event.waitUntil(keepCopy().catch(() => undefined));
          return response;
        },
        () => caches.open(CACHE).then((cache) => cache.match(PAGE)).then((copy) => copy || Response.error()),
      ),
    );
    return;
  }
  if (ASSETS.includes(url.pathname) && url.search === "") {
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(url.pathname)).then((copy) => copy || fetch(request)),
    );
  }
});
`;
}
