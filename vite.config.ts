import { vitePlugin as remix } from "@remix-run/dev";
import type { ManualChunkMeta } from "rollup";
import { defineConfig, type Plugin } from "vite";
import { compression } from "vite-plugin-compression2";
import { remixOptions } from "./remix.config.js";

/**
 * The browser's files, compressed once at build time (Brotli at its best level, and gzip for
 * browsers without it) instead of on every request: fewer bytes to a cheap phone and no
 * compression work per request. The server build is not served, so not compressed.
 */
const precompressed: Plugin = {
  ...compression({ algorithms: ["brotliCompress", "gzip"], include: /\.(js|css|svg)$/ }),
  apply: (_config, env) => env.command === "build" && !env.isSsrBuild,
};

const SHELL = /\/app\/(root|entry\.client)\.tsx$/;

/**
 * One chunk for what every page loads first: the entry, the root route and what they import,
 * and the modules most pages import (form fields, dates). One request and one compressed file
 * instead of a dozen small ones, for a little code some pages do not use (issue 15, decision 036).
 */
function everyPagesChunk(): (id: string, meta: ManualChunkMeta) => string | undefined {
  let chosen: Set<string> | undefined;
  return (id, { getModuleIds, getModuleInfo }) => {
    if (!chosen) {
      const reached = (from: readonly string[]) => {
        const seen = new Set<string>();
        const queue = [...from];
        while (queue.length) {
          const next = queue.pop()!;
          if (seen.has(next)) continue;
          seen.add(next);
          queue.push(...(getModuleInfo(next)?.importedIds ?? []));
        }
        return seen;
      };
      const ids = [...getModuleIds()];
      const shell = reached(ids.filter((each) => SHELL.test(each)));
      const isEntry = (each: string) => getModuleInfo(each)?.isEntry === true;
      // Pages: route modules that render (they reach the shell's React); resource routes reach nothing.
      const pages = ids.filter((each) => isEntry(each) && !SHELL.test(each)).map((entry) => reached([entry])).filter((page) => [...page].some((each) => shell.has(each)));
      const pagesUsing = new Map<string, number>();
      for (const page of pages) for (const each of page) pagesUsing.set(each, (pagesUsing.get(each) ?? 0) + 1);
      chosen = new Set([...shell].filter((each) => !SHELL.test(each)));
      for (const [each, count] of pagesUsing) if (count * 2 > pages.length && !isEntry(each)) chosen.add(each);
    }
    return chosen.has(id) ? "every-page" : undefined;
  };
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [remix(remixOptions), precompressed],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  // libsodium and hash-wasm's Argon2id are chunks loaded lazily and only by pages that encrypt.
  // The manifest stays in build/.vite (not served): the server names the encryption's chunks from it.
  // Minified by terser (two passes), not esbuild: about 4% fewer bytes after gzip on every page,
  // 3.6 KB of the 90 KB first-load budget (issue 15, decision 018), for a slower build.
  build: {
    target: "es2020",
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
    manifest: true,
    minify: "terser",
    terserOptions: { ecma: 2020, module: true, compress: { passes: 2 } },
    rollupOptions: isSsrBuild ? {} : { output: { manualChunks: everyPagesChunk() } },
  },
  // The key-derivation worker (decision 017) loads libsodium with a dynamic import: ES workers can split chunks.
  worker: { format: "es" },
  server: { port: 3000 },
}));
