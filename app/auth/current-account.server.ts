import { getOwnAccount } from "~/data/accounts.server";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { getAuthProvider } from "./auth-provider.server";
import { redirect } from "@remix-run/node";
import { formFailure } from "~/forms/form-reply";
import { jsonReply } from "~/forms/parse-form.server";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import type { StaffRole } from "~/domain/accounts/roles";

export type CurrentAccount = NonNullable<Awaited<ReturnType<typeof getOwnAccount>>>;

const resolved = new WeakMap<Request, Promise<CurrentAccount | null>>();

/** The signed-in member's own account, read under their identity (RLS applies). */
export function getCurrentAccount(request: Request): Promise<CurrentAccount | null> {
  const cached = resolved.get(request);
  if (cached) return cached;
  const lookup = getAuthProvider().getSessionUser(request).then(async (session) => {
    if (!session) return null;
    const db = await getDatabase();
    return (await asMember(db, session.userId, (trx) => getOwnAccount(trx))) ?? null;
  });
  resolved.set(request, lookup);
  return lookup;
}

/** For pages only a signed-out visitor needs (sign-in, sign-up, recovery). */
export async function redirectIfSignedIn(request: Request, to: string): Promise<void> {
  if (await getAuthProvider().getSessionUser(request)) throw redirect(to);
}

export async function requireAccount(request: Request): Promise<CurrentAccount> {
  const account = await getCurrentAccount(request);
  if (!account) throw redirect("/sign-in");
  return account;
}

/** For resource routes the browser calls with fetch(): a 401 (or 404 without the role) as JSON, not a redirect. */
export async function requireApiAccount(request: Request, role?: StaffRole): Promise<CurrentAccount> {
  const account = await getCurrentAccount(request);
  if (!account) throw jsonReply(401, formFailure("errors.form.signedOut"));
  if (role && !account.roles.includes(role)) throw jsonReply(404, formFailure("errors.form.notFound"));
  return account;
}

/** For pages only staff with this role may see; others are told the page does not exist. */
export async function requireRole(request: Request, role: StaffRole): Promise<CurrentAccount> {
  const account = await requireAccount(request);
  if (!account.roles.includes(role)) throw new Response(null, { status: 404 });
  return account;
}

/** What the browser needs to unlock (or re-wrap) its private key: salt, parameters, wrapped key. Never secret. */
export function keyMaterial(account: CurrentAccount): KeyMaterial {
  return {
    kdfSalt: account.kdfSalt,
    kdfOpslimit: account.kdfOpslimit,
    kdfMemlimit: account.kdfMemlimit,
    publicKey: account.publicKey,
    wrappedPrivateKey: account.wrappedPrivateKey,
  };
}
