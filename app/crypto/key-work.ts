import {
  createAccountKeys,
  createReplacementKeys,
  deriveAccountKeys,
  recoverWithCode,
  rewrapForNewPassphrase,
  rewrapForNewRecoveryCode,
} from "./account-keys";
import { prepareHashes } from "./hashes";
import { loadSodium } from "./sodium";
import { CryptoError, isCryptoError, type CryptoErrorCode } from "~/domain/formats/crypto-error";

/**
 * The account-key functions that run Argon2id: seconds on a cheap phone, during which the
 * page's thread could do nothing, not even leave (decision 017). features/keys/key-work.worker.ts runs
 * them in a Web Worker; the browser's key-work client sends them there, or calls them here
 * directly where no worker can run (Node, in tests). Same functions, same known answers.
 */
export const KEY_WORK = {
  deriveAccountKeys,
  createAccountKeys,
  rewrapForNewPassphrase,
  rewrapForNewRecoveryCode,
  createReplacementKeys,
  recoverWithCode,
};
export type KeyWork = typeof KEY_WORK;

/** A table of jobs the worker can run by name: these, or a feature's table built on them. */
export type KeyWorkOps = Readonly<Record<string, (...args: never[]) => Promise<unknown>>>;

/**
 * "load" makes the worker load Argon2id now, and libsodium too unless its argument is false
 * (a sign-in needs none there), so the first real job does not wait for them.
 */
export type KeyWorkRequest = { id: number; op: string; args: unknown[] };
export type KeyWorkReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; code?: CryptoErrorCode; message: string };

/** Runs one request; a failure becomes a reply (a CryptoError keeps its code, so callers branch on it as before). */
export async function answerKeyWork(request: KeyWorkRequest, ops: KeyWorkOps = KEY_WORK): Promise<KeyWorkReply> {
  try {
    if (request.op === "load") {
      await Promise.all([request.args[0] === false ? undefined : loadSodium(), prepareHashes()]);
      return { id: request.id, ok: true, value: null };
    }
    if (!Object.hasOwn(ops, request.op)) throw new CryptoError("unsupported", `no key work named ${request.op}`);
    const run = ops[request.op] as (...args: unknown[]) => Promise<unknown>;
    return { id: request.id, ok: true, value: await run(...request.args) };
  } catch (error) {
    // The core's messages never hold key material (crypto-error.ts); other errors are named only.
    if (isCryptoError(error)) return { id: request.id, ok: false, code: error.code, message: error.message };
    return { id: request.id, ok: false, message: error instanceof Error ? error.name : "Error" };
  }
}

/** The error a failed reply stands for, on the calling side. */
export function errorOfReply(reply: Extract<KeyWorkReply, { ok: false }>): Error {
  return reply.code ? new CryptoError(reply.code, reply.message) : new Error(`key work failed: ${reply.message}`);
}

/**
 * The buffers of every byte array in a reply (private keys, wrap keys), each once: posted as
 * transferables they move to the page instead of being copied, so the worker keeps no copy.
 */
export function buffersOf(value: unknown, found: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  if (value instanceof Uint8Array) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) buffersOf(item, found);
  }
  return [...found];
}
