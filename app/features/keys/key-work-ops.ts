import { KEY_WORK } from "~/crypto/key-work";
import { proveSignIn } from "~/features/accounts/account-steps";

/**
 * Every job the key worker runs by name: the crypto core's key functions, and sign-in's proof,
 * which derives its keys there and can start before the page's scripts have (key-work.tsx).
 */
export const KEY_WORK_OPS = { ...KEY_WORK, proveSignIn };
export type KeyWorkOpsTable = typeof KEY_WORK_OPS;
export type KeyWorkOp = keyof KeyWorkOpsTable;
