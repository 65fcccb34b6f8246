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
    // Off (decision 009): the whole route manifest is one small cached file (about 1 KB
    // gzipped), so no page asks the server for manifest patches as its links render, and no
    // request pays for matching the partial manifest.
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: true,
  },
};

export default remixOptions;
