/**
 * The only place that loads libsodium: its standard build, which has everything the browser
 * needs but Argon2id and SHA-256 (hashes.ts brings those from hash-wasm). It is ~37 KB gzip
 * smaller than the sumo build, which only the server's auth-key hash still loads (decision 018).
 *
 * Loaded lazily with a dynamic import, so Vite puts the library in its own content-hashed
 * chunk that only pages which encrypt will fetch. The package's "exports" map sends `import`
 * to its ESM build, which works unchanged in the browser, in Node ≥ 19 (vitest, tsx, the
 * Remix server) and under Vite. That ESM build exposes the functions only on its *default*
 * export, and only after `ready` has resolved (the named exports in its .d.mts other than
 * helpers such as `ready` are not there at run time), so always go through the instance
 * returned here.
 */
type SodiumModule = typeof import("libsodium-wrappers");
export type Sodium = SodiumModule["default"];

let loading: Promise<Sodium> | undefined;

export function loadSodium(): Promise<Sodium> {
  if (loading === undefined) {
    loading = load().catch((error: unknown) => {
      loading = undefined; // let a later call retry (e.g. after a failed chunk fetch)
      throw error;
    });
  }
  return loading;
}

async function load(): Promise<Sodium> {
  const mod: SodiumModule = await import("libsodium-wrappers");
  // Under CommonJS interop `default` is module.exports; under ESM it is the instance.
  const sodium: Sodium | undefined = mod.default;
  if (sodium === undefined) throw new Error("libsodium-wrappers has no default export");
  await sodium.ready;
  if (typeof sodium.crypto_box_seal !== "function" || typeof sodium.crypto_aead_xchacha20poly1305_ietf_encrypt !== "function") {
    throw new Error("libsodium loaded without the functions the portal needs");
  }
  return sodium;
}
