import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { remixOptions } from "./remix.config.js";

export default defineConfig({
  plugins: [remix(remixOptions)],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  // libsodium and hash-wasm's Argon2id are chunks loaded lazily and only by pages that encrypt.
  // The manifest stays in build/.vite (not served): the server names the encryption's chunks from it.
  build: { target: "es2020", assetsInlineLimit: 0, chunkSizeWarningLimit: 600, manifest: true },
  // The key-derivation worker (decision 017) loads libsodium with a dynamic import: ES workers can split chunks.
  worker: { format: "es" },
  server: { port: 3000 },
});
