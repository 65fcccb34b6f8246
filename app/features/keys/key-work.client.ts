import { KEY_WORK, errorOfReply, type KeyWork, type KeyWorkOp, type KeyWorkReply, type KeyWorkRequest } from "~/crypto/key-work";
import { loadSodium } from "~/crypto/sodium";
import { stopOnExit } from "./stop-on-exit.client";

/**
 * The page's side of key derivation (decision 017). Argon2id runs in a Web Worker
 * (crypto/key-work.worker.ts), so the page, its progress and quick exit stay responsive;
 * quick exit terminates the worker, which stops a derivation at once. Where no module
 * worker can run (no Worker at all, or one that fails to start on an old browser), the
 * same functions run here instead: slower to leave, but the member still gets in.
 */

type Pending = { resolve: (value: unknown) => void; reject: (error: unknown) => void; request: KeyWorkRequest };

let worker: Worker | undefined;
let workerUnusable = typeof Worker === "undefined";
let unregisterStop: (() => void) | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

let preparing: Promise<void> | undefined;
let prepared = false;

function runHere(request: KeyWorkRequest): Promise<unknown> {
  if (request.op === "load") return loadSodium();
  const run = KEY_WORK[request.op] as (...args: unknown[]) => Promise<unknown>;
  return run(...request.args);
}

function startWorker(): Worker {
  const started = new Worker(new URL("../../crypto/key-work.worker.ts", import.meta.url), { type: "module" });
  started.onmessage = (event: MessageEvent<KeyWorkReply>) => {
    const reply = event.data;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(errorOfReply(reply));
  };
  // A worker that cannot start (a browser without module workers) or dies: finish its work here.
  started.onerror = (event) => {
    event.preventDefault();
    workerUnusable = true;
    stopWorker();
    const unfinished = [...pending.values()];
    pending.clear();
    for (const job of unfinished) runHere(job.request).then(job.resolve, job.reject);
  };
  unregisterStop = stopOnExit(stopKeyWork);
  return started;
}

function stopWorker(): void {
  worker?.terminate();
  worker = undefined;
  unregisterStop?.();
  unregisterStop = undefined;
}

function send(op: KeyWorkRequest["op"], args: unknown[]): Promise<unknown> {
  const request: KeyWorkRequest = { id: nextId++, op, args };
  if (workerUnusable) return runHere(request);
  worker ??= startWorker();
  const target = worker;
  return new Promise((resolve, reject) => {
    pending.set(request.id, { resolve, reject, request });
    target.postMessage(request);
  });
}

/**
 * Stops all key work now (quick exit): the worker is terminated mid-derivation and what was
 * waiting for it never settles, so nothing goes on to post or store. A later call starts afresh.
 */
export function stopKeyWork(): void {
  stopWorker();
  pending.clear();
  preparing = undefined;
  prepared = false;
}

/**
 * Loads what key work needs (the worker and libsodium in it; libsodium on the page too, for
 * the light steps) as soon as a page that derives keys starts, before the member submits.
 */
export function prepareKeyWork(): Promise<void> {
  preparing ??= Promise.all([send("load", []), loadSodium()]).then(
    () => {
      prepared = true;
    },
    (error: unknown) => {
      preparing = undefined; // a later submit tries again (e.g. after a failed download)
      throw error;
    },
  );
  return preparing;
}

/** Whether key work can start at once (false while the encryption is still loading). */
export function isKeyWorkReady(): boolean {
  return prepared;
}

/** Runs one of the crypto core's key functions off the page's thread, with the same arguments and result. */
export async function runKeyWork<K extends KeyWorkOp>(op: K, ...args: Parameters<KeyWork[K]>): Promise<Awaited<ReturnType<KeyWork[K]>>> {
  return (await send(op, args)) as Awaited<ReturnType<KeyWork[K]>>;
}
