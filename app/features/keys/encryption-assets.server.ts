import { readFileSync } from "node:fs";
import path from "node:path";

/** Vite's manifest (build/.vite/client-manifest.json): each source module's built file. */
type Manifest = Record<string, { file: string }>;

/**
 * What a sign-in needs first: hash-wasm (Argon2id, SHA-256; crypto/hashes.ts), 16 KB gzip.
 * libsodium (150 KB) is left to start when the page's scripts run: preloaded too, it slowed
 * the page's own scripts on a slow link and the sign-in was no faster (decision 018).
 */
const ENCRYPTION_PACKAGES = /(^|\/)hash-wasm\/dist\//;

let urls: readonly string[] | undefined;

/**
 * The content-hashed chunks of the encryption, so that pages which encrypt can name them in
 * their HTML and the browser fetches them with the page, not only once its scripts have run
 * (decision 018). Read once from the client build's manifest; none in development, where
 * Vite serves modules unbundled.
 */
export function encryptionAssetUrls(manifestFile = path.resolve("build/.vite/client-manifest.json")): readonly string[] {
  if (urls === undefined) {
    let manifest: Manifest = {};
    try {
      manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
    } catch {
      // No build (development, unit tests): the pages load the encryption when their scripts run.
    }
    urls = preloadsIn(manifest);
  }
  return urls;
}

/** The URLs of the built files of what a sign-in needs first, each once. */
export function preloadsIn(manifest: Manifest): string[] {
  const files = Object.entries(manifest).filter(([source]) => ENCRYPTION_PACKAGES.test(source)).map(([, entry]) => `/${entry.file}`);
  return [...new Set(files)];
}
