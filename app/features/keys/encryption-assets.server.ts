import { readdirSync } from "node:fs";
import path from "node:path";

/** Vite's manifest of the client build (app/client-manifest.server.ts reads it). */
type ClientManifest = Readonly<Record<string, { file: string }>>;

/**
 * What a sign-in needs first: hash-wasm (Argon2id, SHA-256; crypto/hashes.ts), 16 KB gzip.
 * libsodium (150 KB) is left to start when the page's scripts run: preloaded too, it slowed
 * the page's own scripts on a slow link and the sign-in was no faster (decision 018).
 */
const ENCRYPTION_PACKAGES = /(^|\/)hash-wasm\/dist\//;

const urls = new WeakMap<ClientManifest, readonly string[]>();

/**
 * The content-hashed chunks of the encryption, so that pages which encrypt can name them in
 * their HTML and the browser fetches them with the page, not only once its scripts have run
 * (decision 018). None without a build, where the pages load them when their scripts run.
 */
export function encryptionAssetUrls(manifest: ClientManifest): readonly string[] {
  let found = urls.get(manifest);
  if (!found) {
    found = preloadsIn(manifest);
    urls.set(manifest, found);
  }
  return found;
}

/** The URLs of the built files of what a sign-in needs first, each once. */
export function preloadsIn(manifest: ClientManifest): string[] {
  const files = Object.entries(manifest).filter(([source]) => ENCRYPTION_PACKAGES.test(source)).map(([, entry]) => `/${entry.file}`);
  return [...new Set(files)];
}

let workerUrl: string | null | undefined;

/**
 * The built key worker (key-work.worker.ts), which a sign-in page starts as its HTML arrives
 * (key-work.tsx). Vite emits a worker beside the chunks without naming it in its manifest, so
 * it is found by its name in the build's assets. Null without a build: the page starts it later.
 */
export function keyWorkerUrl(assetsDir = path.resolve("build/client/assets")): string | null {
  if (workerUrl === undefined) workerUrl = keyWorkerIn(assetsDir);
  return workerUrl;
}

/** The URL of the one key-worker file in a build's assets directory, or null. */
export function keyWorkerIn(assetsDir: string): string | null {
  let files: string[];
  try {
    files = readdirSync(assetsDir);
  } catch {
    return null;
  }
  const workers = files.filter((file) => /^key-work\.worker-[\w-]+\.js$/.test(file));
  return workers.length === 1 ? `/assets/${workers[0]}` : null;
}
