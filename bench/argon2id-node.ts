// Median time of one sign-in key derivation (Argon2id, KDF v1: 3 passes, 64 MiB) in Node,
// and of one server-side auth-key verify (Argon2id, 2 passes, 19 MiB).
// Run: npx tsx bench/argon2id-node.ts
import { deriveAccountKeys } from "../app/crypto/account-keys";
import { KDF_V1 } from "../app/domain/accounts/kdf-policy";
import { hashAuthKey, verifyAuthKey } from "../app/auth/auth-key-hash.server";
import { loadSodium } from "../app/crypto/sodium";

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const sodium = await loadSodium();
const salt = sodium.to_base64(sodium.randombytes_buf(16), sodium.base64_variants.URLSAFE_NO_PADDING);
await deriveAccountKeys("warm-up passphrase", salt, { opslimit: 3, memlimit: KDF_V1.memlimit }); // grows the heap once

const derive: number[] = [];
for (let i = 0; i < RUNS; i++) derive.push(await time(() => deriveAccountKeys(`bench passphrase ${i}`, salt, KDF_V1)));

const { authKey } = await deriveAccountKeys("bench passphrase 0", salt, KDF_V1);
const hash = await hashAuthKey(authKey);
const verify: number[] = [];
for (let i = 0; i < RUNS; i++) verify.push(await time(() => verifyAuthKey(hash, authKey)));

const fmt = (ms: number): string => `${ms.toFixed(0)} ms`;
console.log(`node ${process.version}, libsodium ${sodium.sodium_version_string()}`);
console.log(`deriveAccountKeys KDF_V1 (opslimit ${KDF_V1.opslimit}, memlimit ${KDF_V1.memlimit / 1048576} MiB): median ${fmt(median(derive))} over ${RUNS} runs [${derive.map(fmt).join(", ")}]`);
console.log(`verifyAuthKey (opslimit 2, memlimit 19 MiB): median ${fmt(median(verify))} over ${RUNS} runs [${verify.map(fmt).join(", ")}]`);
