/**
 * One request's session transaction: the session lookup, the member's own account and the
 * reads the request's loaders ask for, in ONE transaction as that member (RLS applies).
 *
 * Remix calls the root loader and the page's loader together. The transaction starts on the
 * next turn of the event loop, not at once, so every loader that asks straight away joins
 * it; one that asks later (after an await of its own) gets a member transaction of its own.
 * Either way the answer is the same; only the number of transactions differs.
 */
import { getOwnAccount, type OwnAccount } from "~/data/accounts.server";
import type { MemberTx } from "~/data/rls.server";

/** A read for the signed-in member. Reads only: it may share a transaction with others. */
export type MemberRead<T> = (trx: MemberTx, account: OwnAccount) => Promise<T>;

export type SessionWork = {
  /** The member's own account, or null when signed out (or the session has ended). */
  readonly account: Promise<OwnAccount | null>;
  /** `read`'s answer for the member, or null when signed out (then `read` never runs). */
  read<T>(read: MemberRead<T>): Promise<{ account: OwnAccount; read: T } | null>;
};

type Pending = { read: MemberRead<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/**
 * @param inSession runs a function in the request's session transaction as its member (null
 *   when there is no live session): the auth provider's withSessionMember.
 * @param apart runs a read in a member transaction of its own.
 */
export function startSessionWork(
  inSession: <T>(fn: (trx: MemberTx) => Promise<T>) => Promise<T | null>,
  apart: <T>(account: OwnAccount, read: MemberRead<T>) => Promise<T>,
): SessionWork {
  const joined: Pending[] = [];
  let started = false;
  const account = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    started = true;
    let settled = 0;
    try {
      const own = await inSession(async (trx) => {
        const found = await getOwnAccount(trx);
        if (!found) return null;
        for (const pending of joined) {
          settled++;
          try {
            pending.resolve(await pending.read(trx, found));
          } catch (error) {
            // A failed statement spoils the transaction: the reads after it run apart.
            pending.reject(error);
            break;
          }
        }
        return found;
      });
      for (const pending of joined.slice(settled)) pending.resolve(own ? apart(own, pending.read) : null);
      return own ?? null;
    } catch (error) {
      for (const pending of joined.slice(settled)) pending.reject(error);
      throw error;
    }
  });

  return {
    account,
    async read<T>(read: MemberRead<T>) {
      if (!started) {
        const value = new Promise<unknown>((resolve, reject) => joined.push({ read, resolve, reject }));
        const [own, found] = await Promise.all([account, value]);
        return own ? { account: own, read: found as T } : null;
      }
      const own = await account;
      return own ? { account: own, read: await apart(own, read) } : null;
    },
  };
}
