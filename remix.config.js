/** Remix options, imported by vite.config.ts (the Vite plugin takes them from here). */
/** @type {import('@remix-run/dev').VitePluginConfig} */
export const remixOptions = {
  appDirectory: "app",
  buildDirectory: "build",
  ignoredRouteFiles: ["**/*.test.ts", "**/*.test.tsx", "**/.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // On (decision 036, replacing decision 009's choice): a page's first scripts carry only its
    // own routes, not all 80-odd (3.4 KB gzip of issue 15's 90 KB budget); the routes its links
    // lead to are asked for once it is in use (a small request to /__manifest).
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};

export default remixOptions;
