/**
 * The only ways code reaches the database: a transaction in one of three scopes.
 *
 * - `asMember(db, userId, fn)`: runs as Postgres role `authenticated` with JWT claims
 *   `{ sub: userId, role: "authenticated" }`, exactly as Supabase's PostgREST does, so every
 *   RLS policy applies and `auth.uid()` (and `private.caller_id()`, migration 0058) is the member.
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
import { touchAfterSeconds as touchAfterSecondsOf } from "~/domain/sessions/session-terms";
import type { Database } from "./schema";
import { compiledQuery } from "./compiled-query.server";
import { lockSession, sessionStateSql, touchSession, type SessionState } from "./sessions.server";

/**
 * The member a member-scope query runs for, as SQL: private.caller_id(), Supabase's auth.uid()
 * in PL/pgSQL so that its plan is kept (migration 0058). In a sub-select, so Postgres works it
 * out once per statement instead of parsing the claims again for every row it filters.
 */
export const callerId = sql<string>`(select private.caller_id())`;

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

/** `readOnly`: a read-only transaction (PostgreSQL refuses a write in it; the pool need not wait for its end, db.server.ts). */
export async function asMember<T>(
  db: Kysely<Database>,
  userId: string,
  fn: (trx: MemberTx) => Promise<T>,
  { readOnly = false }: { readOnly?: boolean } = {},
): Promise<T> {
  if (!isUuid(userId)) throw new TypeError("asMember: userId must be a uuid");
  // Not setAccessMode("read write"): Kysely then says "start transaction read write", which the pool does not send along as it does "begin".
  const transaction = readOnly ? db.transaction().setAccessMode("read only") : db.transaction();
  return transaction.execute(async (trx) => {
    await becomeMember(trx, userId);
    return fn(trx as MemberTx);
  });
}

/** Switches the transaction to `authenticated` with the member's claims, as PostgREST does. */
async function becomeMember(trx: Transaction<Database>, userId: string): Promise<void> {
  const claims = JSON.stringify({ sub: userId, role: "authenticated" });
  await sql`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`.execute(trx);
}

/** What a live session was allowed when it started (migration 0012). */
export type SessionTermsInForce = { sharedPhone: boolean; lockAfterSeconds: number | null };

/** What the session scope found: its member (what `fn` returned, and the session's terms), a locked session, or none. */
export type SessionOutcome<T> = { kind: "member"; value: T; session: SessionTermsInForce } | { kind: "locked" } | { kind: "none" };

/**
 * The session scope, for the first thing nearly every request does: in ONE transaction,
 * find the member a session token (its SHA-256 hex) belongs to and become that member, then
 * run `fn` exactly as asMember would. The lookup and the role switch are one statement run
 * as the connection's owner (sessions are not readable by members); `fn` then runs as
 * `authenticated` with the member's claims, so RLS applies as everywhere else. Replaces a
 * system transaction followed by a member transaction: 4 round trips instead of 8.
 *
 * The same statement decides the session's state (sessionStateSql, migration 0012). A live
 * session costs nothing more; once a minute (`touchAfterSeconds`) its last activity is
 * written first; a session unused longer than its lock allows is locked (its tab key
 * deleted) and, like an already locked one, runs nothing: "locked". Signed out, expired or
 * unknown: "none", and `fn` never runs.
 *
 * `fn` only reads, and PostgreSQL holds it to that: a live session's scope is a read-only
 * transaction, and a session written first turns its transaction read-only before `fn`.
 *
 * `userId`: the member a verified Supabase access token names (decision 033); a session row
 * of anyone else is no session.
 *
 * `readAlong` (the member's own account, on every page) is sent together with the lookup, in
 * the same round trip, and handed to `fn` only when the lookup made the transaction the
 * member's at once ("live"); `fn` reads for itself otherwise (undefined). Sent before the
 * lookup's answer is known, it runs as the connection's owner when the session is not live,
 * with no member claims: it must select only rows of `callerId` (then none) and guard on
 * `current_user` (readAsSessionMember below), so that it finds nothing and changes nothing.
 */
export async function asSessionMember<T, A = never>(
  db: Kysely<Database>,
  tokenHash: string,
  fn: (trx: MemberTx, userId: string, readAlong: A | undefined) => Promise<T>,
  {
    touchAfterSeconds = touchAfterSecondsOf(),
    readAlong,
    userId,
  }: { touchAfterSeconds?: number; readAlong?: (trx: MemberTx) => Promise<A>; userId?: string } = {},
): Promise<SessionOutcome<T>> {
  const scope = (trx: Transaction<Database>, writes: boolean) => sessionScope(trx, writes, tokenHash, fn, { touchAfterSeconds, readAlong, userId });
  // Nearly every request finds a live session and only reads: a read-only transaction, whose
  // end the PostgreSQL pool need not wait for (db.server.ts). Once a minute a session has its
  // last activity written, or is locked for lack of use: that request looks it up again in a
  // transaction that may write.
  const readOnly = await db.transaction().setAccessMode("read only").execute((trx) => scope(trx, false));
  return readOnly === WRITES_NEEDED ? (db.transaction().execute((trx) => scope(trx, true)) as Promise<SessionOutcome<T>>) : readOnly;
}

/** What a read-only session scope answers when the session must be written first. */
const WRITES_NEEDED = Symbol("the session must be written");

async function sessionScope<T, A>(
  trx: Transaction<Database>,
  writes: boolean,
  tokenHash: string,
  fn: (trx: MemberTx, userId: string, readAlong: A | undefined) => Promise<T>,
  { touchAfterSeconds, readAlong, userId }: { touchAfterSeconds: number; readAlong?: (trx: MemberTx) => Promise<A>; userId?: string | undefined },
): Promise<SessionOutcome<T> | typeof WRITES_NEEDED> {
  const [found, along] = await Promise.all([
    userId === undefined ? findSession(trx, { tokenHash, touchAfterSeconds }) : findSessionOf(trx, { tokenHash, touchAfterSeconds, userId }),
    readAlong?.(trx as MemberTx),
  ]);
  const session = found[0];
  if (session === undefined) return { kind: "none" };
  const system = trx as SystemTx;
  switch (session.state) {
    case "locked":
      return { kind: "locked" };
    case "idle":
      if (!writes) return WRITES_NEEDED;
      await lockSession(system, tokenHash);
      return { kind: "locked" };
    case "stale":
      if (!writes) return WRITES_NEEDED;
      await touchSession(system, tokenHash);
      await becomeMember(trx, session.user_id);
      await sql`set transaction read only`.execute(trx);
      break;
    case "live":
      break;
  }
  const terms = { sharedPhone: session.shared_phone, lockAfterSeconds: session.lock_after_seconds };
  return { kind: "member", value: await fn(trx as MemberTx, session.user_id, session.state === "live" ? along : undefined), session: terms };
}

type SessionLookup = { tokenHash: string; touchAfterSeconds: number; userId?: string };

/** The session lookup of asSessionMember: finds the session, works out its state, and makes a live one's transaction its member's. */
function sessionLookup(forUser: boolean) {
  return compiledQuery<{ user_id: string; shared_phone: boolean; lock_after_seconds: number | null; state: SessionState }, SessionLookup>(
    (_db, value) => sql`
      select f.user_id, f.shared_phone, f.lock_after_seconds, f.state,
             case when f.state = 'live' then set_config('role', 'authenticated', true) end,
             case when f.state = 'live' then set_config('request.jwt.claims', json_build_object('sub', f.user_id, 'role', 'authenticated')::text, true) end
      from (
        select s.user_id, s.shared_phone, s.lock_after_seconds, ${sessionStateSql("s", value("touchAfterSeconds"))} as state
        from private.sessions s
        where s.token_hash = ${value("tokenHash")} and s.expires_at > now() ${forUser ? sql`and s.user_id = ${value("userId")}::uuid` : sql``}
      ) f`,
  );
}
const findSession = sessionLookup(false);
const findSessionOf = sessionLookup(true);

/**
 * The guard a `readAlong` read puts in its condition: true only once the session lookup has
 * made the transaction a member's (role `authenticated`), so that sent ahead of the lookup's
 * answer it finds nothing for a session that is not live.
 */
export const readAsSessionMember = sql<boolean>`current_user = 'authenticated'`;

/**
 * One transaction in two steps, for a change that must be all or nothing across both paths
 * (replacing a member's key pair: their account keys on the privileged path, their vault
 * under their own RLS). `privileged` runs first, as in asSystem; then the transaction
 * becomes the member, as in asMember, for `member`, which gets what `privileged` returned.
 * There is no way back to the privileged path within it. If either step throws, nothing of
 * either is kept.
 */
export async function asSystemThenMember<S, T>(
  db: Kysely<Database>,
  reason: string,
  userId: string,
  privileged: (trx: SystemTx) => Promise<S>,
  member: (trx: MemberTx, fromPrivileged: S) => Promise<T>,
): Promise<T> {
  if (!REASON.test(reason)) throw new TypeError("asSystemThenMember: reason must be a few lowercase words");
  if (!isUuid(userId)) throw new TypeError("asSystemThenMember: userId must be a uuid");
  const claims = JSON.stringify({ sub: userId, role: "authenticated" });
  return db.transaction().execute(async (trx) => {
    const done = await privileged(trx as SystemTx);
    await sql`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`.execute(trx);
    return member(trx as MemberTx, done);
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
