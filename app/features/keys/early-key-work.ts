import type { KeyWorkReply } from "~/crypto/key-work";

/**
 * Key work a sign-in page starts from its HTML, before its scripts have come (key-work.tsx):
 * the key worker, and the sign-in pressed meanwhile. Kept under this global until the page's
 * scripts take them over (key-work.client.ts).
 */
export const EARLY_KEY_WORK = "__tongxingEarlyKeyWork";

export type EarlyKeyWork = {
  worker: Worker;
  /** The worker could not start (e.g. no module workers): the page starts its own way. */
  failed: boolean;
  /** Taken over by the page's scripts. */
  adopted?: boolean;
  /** The job sent for a press before the scripts came; its reply is undefined if the worker failed. */
  job?: { op: string; args: unknown[]; reply: Promise<KeyWorkReply | undefined> };
};
