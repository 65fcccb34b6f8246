import { answerKeyWork, buffersOf, type KeyWorkReply, type KeyWorkRequest } from "~/crypto/key-work";
import { KEY_WORK_OPS } from "./key-work-ops";

/**
 * The Web Worker that derives keys (decision 017): it answers the page's requests one by
 * one with the crypto core's own functions (and sign-in's proof, key-work-ops.ts), and moves
 * the resulting keys to the page. The page terminates it on quick exit, which stops a
 * derivation at once. A sign-in page starts it as its HTML arrives (key-work.tsx).
 */
type WorkerScope = {
  onmessage: ((event: MessageEvent<KeyWorkRequest>) => void) | null;
  postMessage(message: KeyWorkReply, transfer: Transferable[]): void;
};

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  void answerKeyWork(event.data, KEY_WORK_OPS).then((reply) => scope.postMessage(reply, reply.ok ? buffersOf(reply.value) : []));
};
