import { vitePlugin as remix } from "@remix-run/dev";
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

export default defineConfig({
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
  },
  // The key-derivation worker (decision 017) loads libsodium with a dynamic import: ES workers can split chunks.
  worker: { format: "es" },
  server: { port: 3000 },
});
