/**
 * The only ways code reaches the database: a transaction in one of three scopes.
 *
 * - `asMember(db, userId, fn)`: runs as Postgres role `authenticated` with JWT claims
 *   `{ sub: userId, role: "authenticated" }`, exactly as Supabase's PostgREST does, so every
 *   RLS policy applies and `auth.uid()` is the member.
 * - `asAnon(db, fn)`: runs as role `anon` (signed-out visitors).
 * - `asSystem(db, reason, fn)`: the explicit, narrow privileged path. Runs as the
 *   connection's owner role (which owns the tables, so RLS does not filter it). Only the
 *   auth store (sign-up, sign-in, sessions, rate limits, recovery) and system jobs
 *   (cleanup, seeding) may call it; never a route on behalf of a member's request for data.
 *
 * Each scope hands `fn` a differently branded transaction (`MemberTx`, `AnonTx`,
 * `SystemTx`), and each data function states which scope it needs, so calling a privileged
 * data function with a member's transaction (or the reverse) does not compile.
 *
 * PGlite has one connection: while a transaction is open every other query waits. Never
 * await anything slow (Argon2id, network, file I/O) inside `fn`.
 *
 * Limit (same as Supabase): the session user may switch roles, so raw SQL run inside `fn`
 * could leave the member's role. All SQL here is built by Kysely with bound parameters;
 * never pass user input to `sql.raw`.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import { isUuid } from "~/domain/formats/uuid";
import type { Database } from "./schema";

declare const scope: unique symbol;

/** A transaction running as `authenticated` for one member (RLS applies). */
export type MemberTx = Transaction<Database> & { readonly [scope]: "member" };
/** A transaction running as `anon` (RLS applies). */
export type AnonTx = Transaction<Database> & { readonly [scope]: "anon" };
/** A transaction on the privileged path (connection owner; RLS does not filter). */
export type SystemTx = Transaction<Database> & { readonly [scope]: "system" };
/** Any of the three, for data functions that are safe in every scope (e.g. reading areas). */
export type AnyTx = MemberTx | AnonTx | SystemTx;

const REASON = /^[a-z][a-z0-9 :/.,_-]{2,63}$/;

export async function asMember<T>(
  db: Kysely<Database>,
  userId: string,
  fn: (trx: MemberTx) => Promise<T>,
): Promise<T> {
  if (!isUuid(userId)) throw new TypeError("asMember: userId must be a uuid");
  const claims = JSON.stringify({ sub: userId, role: "authenticated" });
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`.execute(trx);
    return fn(trx as MemberTx);
  });
}

/**
 * The session scope, for the first thing nearly every request does: in ONE transaction,
 * find the member a session token (its SHA-256 hex) belongs to and become that member, then
 * run `fn` exactly as asMember would. The lookup and the role switch are one statement run
 * as the connection's owner (sessions are not readable by members); `fn` then runs as
 * `authenticated` with the member's claims, so RLS applies as everywhere else. Signed out,
 * expired or unknown: null, and `fn` never runs. Replaces a system transaction followed by
 * a member transaction: 4 round trips instead of 8.
 */
export async function asSessionMember<T>(
  db: Kysely<Database>,
  tokenHash: string,
  fn: (trx: MemberTx, userId: string) => Promise<T>,
): Promise<T | null> {
  return db.transaction().execute(async (trx) => {
    const found = await sql<{ user_id: string }>`
      select s.user_id,
             set_config('role', 'authenticated', true),
             set_config('request.jwt.claims', json_build_object('sub', s.user_id, 'role', 'authenticated')::text, true)
      from private.sessions s
      where s.token_hash = ${tokenHash} and s.expires_at > now()`.execute(trx);
    const userId = found.rows[0]?.user_id;
    return userId === undefined ? null : fn(trx as MemberTx, userId);
  });
}

export async function asAnon<T>(db: Kysely<Database>, fn: (trx: AnonTx) => Promise<T>): Promise<T> {
  const claims = JSON.stringify({ role: "anon" });
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'anon', true), set_config('request.jwt.claims', ${claims}, true)`.execute(trx);
    return fn(trx as AnonTx);
  });
}

/**
 * The privileged path. `reason` names the job in a few lowercase words
 * (e.g. "auth: sign-in", "cleanup expired sessions"); it must never contain personal data.
 */
export async function asSystem<T>(
  db: Kysely<Database>,
  reason: string,
  fn: (trx: SystemTx) => Promise<T>,
): Promise<T> {
  if (!REASON.test(reason)) {
    throw new TypeError("asSystem: reason must be a few lowercase words, e.g. 'auth: sign-in'");
  }
  return db.transaction().execute(async (trx) => fn(trx as SystemTx));
}
