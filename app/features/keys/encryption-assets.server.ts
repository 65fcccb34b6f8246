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
