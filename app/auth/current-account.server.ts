import { getOwnAccount } from "~/data/accounts.server";
import type { AppLoadContext } from "@remix-run/node";
import { getAuthProvider } from "./auth-provider.server";
import { redirect } from "@remix-run/node";
import { formFailure } from "~/forms/form-reply";
import { jsonReply } from "~/forms/parse-form.server";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import type { StaffRole } from "~/domain/accounts/roles";

export type CurrentAccount = NonNullable<Awaited<ReturnType<typeof getOwnAccount>>>;

const CURRENT_ACCOUNT = Symbol("current account");

/**
 * The signed-in member's own account, read under their identity (RLS applies) in the same
 * transaction that resolves the session, and only once per HTTP request: the root loader
 * and the page's loader share it through the request's load context.
 */
export function getCurrentAccount(request: Request, context: AppLoadContext): Promise<CurrentAccount | null> {
  const cached = context.requestMemo.get(CURRENT_ACCOUNT) as Promise<CurrentAccount | null> | undefined;
  if (cached) return cached;
  const lookup = getAuthProvider()
    .withSessionMember(request, (trx) => getOwnAccount(trx))
    .then((account) => account ?? null);
  context.requestMemo.set(CURRENT_ACCOUNT, lookup);
  return lookup;
}

/** For pages only a signed-out visitor needs (sign-in, sign-up, recovery). */
export async function redirectIfSignedIn(request: Request, context: AppLoadContext, to: string): Promise<void> {
  if (await getCurrentAccount(request, context)) throw redirect(to);
}

export async function requireAccount(request: Request, context: AppLoadContext): Promise<CurrentAccount> {
  const account = await getCurrentAccount(request, context);
  if (!account) throw redirect("/sign-in");
  return account;
}

/** For resource routes the browser calls with fetch(): a 401 (or 404 without the role) as JSON, not a redirect. */
export async function requireApiAccount(request: Request, context: AppLoadContext, role?: StaffRole): Promise<CurrentAccount> {
  const account = await getCurrentAccount(request, context);
  if (!account) throw jsonReply(401, formFailure("errors.form.signedOut"));
  if (role && !account.roles.includes(role)) throw jsonReply(404, formFailure("errors.form.notFound"));
  return account;
}

/** For pages only staff with this role may see; others are told the page does not exist. */
export async function requireRole(request: Request, context: AppLoadContext, role: StaffRole): Promise<CurrentAccount> {
  const account = await requireAccount(request, context);
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
