import type { KdfParams } from "~/domain/accounts/kdf-policy";

/**
 * Argon2id and SHA-256 from hash-wasm, which the standard libsodium build lacks (sodium.ts).
 * `argon2id` gives exactly what libsodium's crypto_pwhash(…, ALG_ARGON2ID13) gives (Argon2id
 * v1.3, one lane, memlimit in bytes), so keys, vaults and the known answers are unchanged;
 * hashes.test.ts compares the two. Loaded lazily: its chunk is small and comes apart from
 * libsodium's, so the key worker can start Argon2id sooner.
 */
type HashWasm = typeof import("hash-wasm");
type Hashes = Pick<HashWasm, "argon2id" | "createSHA256">;

let loading: Promise<Hashes> | undefined;

function loadHashWasm(): Promise<Hashes> {
  // Destructured in place so that the bundler keeps only these two of hash-wasm's many hashes.
  loading ??= import("hash-wasm").then(({ argon2id, createSHA256 }) => ({ argon2id, createSHA256 })).catch((error: unknown) => {
    loading = undefined; // a later call retries (e.g. after a failed chunk fetch)
    throw error;
  });
  return loading;
}

/** Loads hash-wasm now, so the first derivation does not wait for it. */
export async function prepareHashes(): Promise<void> {
  await loadHashWasm();
}

export async function argon2id(password: Uint8Array, salt: Uint8Array, params: KdfParams, hashLength: number): Promise<Uint8Array> {
  const { argon2id: hash } = await loadHashWasm();
  return hash({
    password,
    salt,
    parallelism: 1,
    iterations: params.opslimit,
    memorySize: Math.floor(params.memlimit / 1024), // KiB, as libsodium divides it
    hashLength,
    outputType: "binary",
  });
}

/** A synchronous SHA-256 for the proof-of-work search, which tries many numbers in a row. */
export async function sha256Hasher(): Promise<(input: Uint8Array) => Uint8Array> {
  const { createSHA256 } = await loadHashWasm();
  const hasher = await createSHA256();
  return (input) => hasher.init().update(input).digest("binary");
}
