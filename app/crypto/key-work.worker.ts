import { answerKeyWork, buffersOf, type KeyWorkReply, type KeyWorkRequest } from "./key-work";

/**
 * The Web Worker that derives keys (decision 017): it answers the page's requests one by
 * one with the crypto core's own functions, and moves the resulting keys to the page.
 * The page terminates it on quick exit, which stops a derivation at once.
 */
type WorkerScope = {
  onmessage: ((event: MessageEvent<KeyWorkRequest>) => void) | null;
  postMessage(message: KeyWorkReply, transfer: Transferable[]): void;
};

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  void answerKeyWork(event.data).then((reply) => scope.postMessage(reply, reply.ok ? buffersOf(reply.value) : []));
};
