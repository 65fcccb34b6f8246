import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { remixOptions } from "./remix.config.js";

export default defineConfig({
  plugins: [remix(remixOptions)],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  // libsodium (with Argon2id) is one ~540 KB chunk, loaded lazily and only by pages that encrypt.
  build: { target: "es2020", assetsInlineLimit: 0, chunkSizeWarningLimit: 600 },
  // The key-derivation worker (decision 017) loads libsodium with a dynamic import: ES workers can split chunks.
  worker: { format: "es" },
  server: { port: 3000 },
});
