import { readFileSync } from "node:fs";
import path from "node:path";

/** Vite's manifest of the client build: each source module's built, content-hashed file. */
export type ClientManifest = Readonly<Record<string, { file: string }>>;

let manifest: ClientManifest | undefined;

/**
 * The client build's manifest (build/.vite, not served), read once, so that pages can name the
 * chunks they will need in their HTML (decisions 018 and 020). Empty without a build
 * (development, unit tests), where Vite serves modules unbundled.
 */
export function clientManifest(): ClientManifest {
  if (manifest === undefined) {
    try {
      manifest = JSON.parse(readFileSync(path.resolve("build/.vite/client-manifest.json"), "utf8")) as ClientManifest;
    } catch {
      manifest = {};
    }
  }
  return manifest;
}
