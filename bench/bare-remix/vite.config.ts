// The bare Remix app the server-cost bench compares against: same Remix, React, Vite,
// Express and compression versions as the portal, one root with <Outlet/> and one route
// with a loader. Built by bench/server-cost.ts into bench/bare-remix/build.
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { remixOptions } from "../../remix.config.js";

const here = new URL(".", import.meta.url).pathname;

export default defineConfig({
  root: here,
  plugins: [
    remix({
      ...remixOptions,
      // The stock Remix 2 template's flags: the portal turns lazy route discovery off (decision 009).
      future: { ...remixOptions.future, v3_lazyRouteDiscovery: true },
      appDirectory: `${here}app`,
      buildDirectory: `${here}build`,
    }),
  ],
  logLevel: "warn",
});
