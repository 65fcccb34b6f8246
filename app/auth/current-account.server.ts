import { getOwnAccount } from "~/data/accounts.server";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { getSessionUser } from "./session.server";
import { redirect } from "@remix-run/node";

export type CurrentAccount = NonNullable<Awaited<ReturnType<typeof getOwnAccount>>>;

const resolved = new WeakMap<Request, Promise<CurrentAccount | null>>();

/** The signed-in member's own account, read under their identity (RLS applies). */
export function getCurrentAccount(request: Request): Promise<CurrentAccount | null> {
  const cached = resolved.get(request);
  if (cached) return cached;
  const lookup = getSessionUser(request).then(async (session) => {
    if (!session) return null;
    const db = await getDatabase();
    return (await asMember(db, session.userId, (trx) => getOwnAccount(trx))) ?? null;
  });
  resolved.set(request, lookup);
  return lookup;
}

export async function requireAccount(request: Request): Promise<CurrentAccount> {
  const account = await getCurrentAccount(request);
  if (!account) throw redirect("/sign-in");
  return account;
}
