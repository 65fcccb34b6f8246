import { getOwnAccount, type OwnAccount } from "~/data/accounts.server";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import type { AppLoadContext } from "@remix-run/node";
import { getAuthProvider } from "./auth-provider.server";
import { startSessionWork, type MemberRead, type SessionStatus, type SessionWork } from "./session-work.server";
import { redirect } from "@remix-run/node";
import { lockPageFor, pagePathOf } from "~/domain/navigation/return-path";
import { formFailure } from "~/forms/form-reply";
import { jsonReply } from "~/forms/parse-form.server";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import type { StaffRole } from "~/domain/accounts/roles";

export type CurrentAccount = OwnAccount;

const SESSION_WORK = Symbol("session work");

/** The request's session transaction (session-work.server.ts), made on first use. */
function sessionWork(request: Request, context: AppLoadContext): SessionWork {
  let work = context.requestMemo.get(SESSION_WORK) as SessionWork | undefined;
  if (!work) {
    work = startSessionWork(
      (fn) => getAuthProvider().withSessionMember(request, (trx, _userId, account) => fn(trx, account), getOwnAccount),
      async (account, read) => asMember(await getDatabase(), account.userId, (trx) => read(trx, account), { readOnly: true }),
    );
    context.requestMemo.set(SESSION_WORK, work);
  }
  return work;
}

/** Who the request is from: a member (with their account), a locked session, or nobody. Once per HTTP request. */
export function getSessionStatus(request: Request, context: AppLoadContext): Promise<SessionStatus> {
  return sessionWork(request, context).status;
}

/** Whether this request's session was started on a shared or borrowed phone (a new session there must be one too). */
export async function isSharedPhoneSession(request: Request, context: AppLoadContext): Promise<boolean> {
  const status = await getSessionStatus(request, context);
  return status.kind === "member" && status.session.sharedPhone;
}

/**
 * Where a page that needs a member sends a request without one: to the lock page (which
 * returns to `returnTo`, by default this page) while the session is locked, else to sign-in.
 */
async function signedOutRedirect(request: Request, context: AppLoadContext, returnTo = pagePathOf(new URL(request.url))): Promise<Response> {
  const status = await getSessionStatus(request, context);
  return redirect(status.kind === "locked" ? lockPageFor(returnTo) : "/sign-in");
}

/**
 * The signed-in member's own account, read under their identity (RLS applies) in the same
 * transaction that resolves the session, and only once per HTTP request: the root loader
 * and the page's loader share it through the request's load context.
 */
export function getCurrentAccount(request: Request, context: AppLoadContext): Promise<CurrentAccount | null> {
  return sessionWork(request, context).account;
}

/**
 * For a page's loader: the signed-in member (else a redirect to sign-in) and what `read`
 * finds for them, read as that member (RLS applies) in the request's session transaction
 * when the loader asks at once, in a transaction of its own otherwise. `read` only reads:
 * both are read-only transactions, in which PostgreSQL refuses a write.
 */
export async function readForAccount<T>(
  request: Request,
  context: AppLoadContext,
  read: MemberRead<T>,
): Promise<{ account: CurrentAccount; read: T }> {
  const found = await sessionWork(request, context).read(read);
  if (!found) throw await signedOutRedirect(request, context);
  return found;
}

/** Staff pages are "not found" for anyone without the role. */
function refuseWithoutRole(account: CurrentAccount, role: StaffRole): void {
  if (!account.roles.includes(role)) throw new Response(null, { status: 404 });
}

/** readForAccount for pages only staff with this role may see; `read` runs only for them. */
export async function readForRole<T>(
  request: Request,
  context: AppLoadContext,
  role: StaffRole,
  read: MemberRead<T>,
): Promise<{ account: CurrentAccount; read: T }> {
  const found = await readForAccount(request, context, (trx, account) => (account.roles.includes(role) ? read(trx, account) : Promise.resolve(null)));
  refuseWithoutRole(found.account, role);
  return found as { account: CurrentAccount; read: T };
}

/** For pages only a signed-out visitor needs (sign-in, sign-up, recovery); a locked session goes to the lock page first. */
export async function redirectIfSignedIn(request: Request, context: AppLoadContext, to: string): Promise<void> {
  const status = await getSessionStatus(request, context);
  if (status.kind === "member") throw redirect(to);
  if (status.kind === "locked") throw redirect(lockPageFor(to));
}

export async function requireAccount(request: Request, context: AppLoadContext): Promise<CurrentAccount> {
  const account = await getCurrentAccount(request, context);
  if (!account) throw await signedOutRedirect(request, context);
  return account;
}

/**
 * For resource routes the browser calls with fetch(): a 401 (or 404 without the role) as
 * JSON, not a redirect; 423 while the session is locked for lack of use.
 */
export async function requireApiAccount(request: Request, context: AppLoadContext, role?: StaffRole): Promise<CurrentAccount> {
  const status = await getSessionStatus(request, context);
  if (status.kind === "locked") throw jsonReply(423, formFailure("errors.session.locked"));
  if (status.kind === "none") throw jsonReply(401, formFailure("errors.form.signedOut"));
  const account = status.account;
  if (role && !account.roles.includes(role)) throw jsonReply(404, formFailure("errors.form.notFound"));
  return account;
}

/** For pages only staff with this role may see; others are told the page does not exist. */
export async function requireRole(request: Request, context: AppLoadContext, role: StaffRole): Promise<CurrentAccount> {
  const account = await requireAccount(request, context);
  refuseWithoutRole(account, role);
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
