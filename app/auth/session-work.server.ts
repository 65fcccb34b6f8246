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
import type { MemberTx, SessionOutcome, SessionTermsInForce } from "~/data/rls.server";

/** A read for the signed-in member. Reads only: it may share a transaction with others. */
export type MemberRead<T> = (trx: MemberTx, account: OwnAccount) => Promise<T>;

/** Who the request is from: a member, a session locked for lack of use (no account), or nobody. */
export type SessionStatus = { kind: "member"; account: OwnAccount; session: SessionTermsInForce } | { kind: "locked" } | { kind: "none" };

export type SessionWork = {
  readonly status: Promise<SessionStatus>;
  /** The member's own account, or null when signed out, locked, or the session has ended. */
  readonly account: Promise<OwnAccount | null>;
  /** `read`'s answer for the member, or null when signed out or locked (then `read` never runs). */
  read<T>(read: MemberRead<T>): Promise<{ account: OwnAccount; read: T } | null>;
};

type Pending = { read: MemberRead<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/**
 * @param inSession runs a function in the request's session transaction as its member (or
 *   says the session is locked, or there is none): the auth provider's withSessionMember,
 *   which may hand it the member's own account read along with the session lookup.
 * @param apart runs a read in a member transaction of its own.
 */
export function startSessionWork(
  inSession: <T>(fn: (trx: MemberTx, account: OwnAccount | undefined) => Promise<T>) => Promise<SessionOutcome<T>>,
  apart: <T>(account: OwnAccount, read: MemberRead<T>) => Promise<T>,
): SessionWork {
  const joined: Pending[] = [];
  let started = false;
  const status = new Promise<void>((resolve) => setImmediate(resolve)).then(async (): Promise<SessionStatus> => {
    started = true;
    let settled = 0;
    try {
      const outcome = await inSession(async (trx, readAlong) => {
        const found = readAlong ?? (await getOwnAccount(trx));
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
      const own = outcome.kind === "member" ? outcome.value : null;
      for (const pending of joined.slice(settled)) pending.resolve(own ? apart(own, pending.read) : null);
      if (own && outcome.kind === "member") return { kind: "member", account: own, session: outcome.session };
      return outcome.kind === "locked" ? { kind: "locked" } : { kind: "none" };
    } catch (error) {
      for (const pending of joined.slice(settled)) pending.reject(error);
      throw error;
    }
  });

  const account = status.then((found) => (found.kind === "member" ? found.account : null));
  // A caller may await only `status`: a failure then reaches it there, not as an unhandled rejection here.
  account.catch(() => undefined);
  return {
    status,
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
