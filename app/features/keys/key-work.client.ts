import { errorOfReply, type KeyWorkReply, type KeyWorkRequest } from "~/crypto/key-work";
import { loadSodium } from "~/crypto/sodium";
import { KEY_WORK_OPS, type KeyWorkOp, type KeyWorkOpsTable } from "./key-work-ops";
import { EARLY_KEY_WORK, type EarlyKeyWork } from "./early-key-work";
import { stopOnExit } from "./stop-on-exit.client";
import { afterPageLanguage } from "~/i18n/page-messages.client";

/**
 * The page's side of key derivation (decision 017). Argon2id runs in a Web Worker
 * (key-work.worker.ts), so the page, its progress and quick exit stay responsive;
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
  const run = KEY_WORK_OPS[request.op as KeyWorkOp] as (...args: unknown[]) => Promise<unknown>;
  return run(...request.args);
}

/** What the page's HTML started before its scripts came (key-work.tsx), if anything. */
function earlyKeyWork(): EarlyKeyWork | undefined {
  return (globalThis as Record<string, unknown>)[EARLY_KEY_WORK] as EarlyKeyWork | undefined;
}

/** The worker the page's HTML started, taken over once (a failed one is left). */
function adoptEarlyWorker(): Worker | undefined {
  const early = earlyKeyWork();
  if (!early || early.failed || early.adopted) return undefined;
  early.adopted = true;
  return early.worker;
}

/**
 * The reply to a job the page's HTML sent before the scripts came (a sign-in pressed at once),
 * taken once, if it is this job with these arguments; undefined when there is none or it failed.
 */
function takeEarlyReply(op: string, args: unknown[]): Promise<KeyWorkReply | undefined> | undefined {
  const early = earlyKeyWork();
  const job = early?.job;
  if (!early || !job || job.op !== op) return undefined;
  delete early.job; // a job of its kind asked for with other fields: what the HTML sent no longer counts
  return JSON.stringify(job.args) === JSON.stringify(args) ? job.reply : undefined;
}

function startWorker(): Worker {
  const started = adoptEarlyWorker() ?? new Worker(new URL("./key-work.worker.ts", import.meta.url), { type: "module" });
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

async function send(op: KeyWorkRequest["op"], args: unknown[]): Promise<unknown> {
  const early = await takeEarlyReply(op, args);
  if (early) {
    if (early.ok) return early.value;
    throw errorOfReply(early);
  }
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
  preparing ??= startPreparing().then(
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

function startPreparing(): Promise<unknown> {
  // A sign-in page started the worker from its HTML (decision 037). The worker needs no
  // libsodium there, and the page needs it only to open the key after the server's yes: it
  // comes after the page's language, as on a slow line the home page's words are wanted first.
  if (earlyKeyWork()) {
    void sodiumAfterPageLanguage().catch(() => undefined);
    return send("load", [false]);
  }
  return Promise.all([send("load", []), loadSodium()]);
}

/**
 * libsodium once the page's whole language has come (decision 037): on a sign-in page it is
 * needed only to open the key after the server's yes, and on a slow line the words of the
 * page just opened are wanted first.
 */
export function sodiumAfterPageLanguage(): Promise<void> {
  return afterPageLanguage().then(async () => {
    await loadSodium();
  });
}

/** Whether key work can start at once (false while the encryption is still loading). */
export function isKeyWorkReady(): boolean {
  return prepared;
}

/** Runs one of the crypto core's key functions off the page's thread, with the same arguments and result. */
export async function runKeyWork<K extends KeyWorkOp>(op: K, ...args: Parameters<KeyWorkOpsTable[K]>): Promise<Awaited<ReturnType<KeyWorkOpsTable[K]>>> {
  return (await send(op, args)) as Awaited<ReturnType<KeyWorkOpsTable[K]>>;
}
