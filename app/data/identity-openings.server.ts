/**
 * Opening a shared identity (docs/decisions/003-identity-vault-and-shares.md): the shares a
 * social worker may open, the opening itself (the database logs it), and the owner's log of
 * who opened their vault. Runs as the member (asMember); RLS and public.open_shared_identity
 * decide what each side sees. Ciphertext and sealed keys pass through unchanged.
 */
import { sql } from "kysely";
import { callerId, type MemberTx } from "./rls.server";
import { compiledQuery } from "./compiled-query.server";
import { isUuid } from "~/domain/formats/uuid";
import { keysetLinks, type KeysetFrom } from "~/domain/navigation/keyset-pages";
import { SHARES_PAGE_SIZE } from "~/domain/identity/shares-pages";
import { staffCardOf, type StaffCard } from "~/domain/accounts/staff-card";
import type { IdentitySharePurpose } from "~/domain/identity/share-purposes";

/** A live share addressed to the signed-in social worker. */
export interface ShareForMe {
  id: string;
  ownerId: string;
  ownerHandle: string;
  purpose: IdentitySharePurpose;
  expiresAt: Date;
}

/** What a recipient gets when opening a share (the opening is logged). */
export interface SharedIdentity {
  ownerId: string;
  ciphertext: string;
  sealedKey: string;
  keyVersion: number;
  purpose: IdentitySharePurpose;
  expiresAt: Date;
}

export interface AccessLogEntry {
  /** null once the accessor's account is deleted. */
  accessorHandle: string | null;
  accessorCard: StaffCard | null;
  purpose: string;
  accessedAt: Date;
  shareId: string;
}

/** A page of the live shares addressed to the signed-in social worker, with the shares the pages beside it start from. */
export interface SharesForMePage {
  shares: ShareForMe[];
  /** The page before starts back from this share, the page after past this one; null when there is none. */
  previous: string | null;
  next: string | null;
}

const FIRST_PAGE = { from: null, limit: SHARES_PAGE_SIZE };

/**
 * Live shares addressed to the signed-in social worker, soonest expiry first, a page at a time
 * from a share (keyset-pages.ts), so that a page costs the same however many shares a worker
 * holds. A share a page starts from that has ended meanwhile (expired, ended by its owner)
 * leads to the first page: the shares expiring before it have expired too; so does going back
 * to the list's start.
 */
export async function listSharesForMe(trx: MemberTx, page: { from: KeysetFrom<string>; limit: number } = FIRST_PAGE): Promise<SharesForMePage> {
  const from = page.from !== null && isUuid(page.from.anchor) && (await shareForMeExists(trx, page.from.anchor)) ? page.from : null;
  const back = from?.toward === "start";
  let select = trx
    .selectFrom("identity_shares as s")
    // Named share by share: one lookup per row shown, not every share the worker received.
    .select(["s.id", "s.owner_id as ownerId", sql<string | null>`private.shared_owner_handle(s.id)`.as("handle"), "s.purpose", "s.expires_at as expiresAt"])
    // RLS shows the caller's own shares too, and live ones only to recipients.
    .where("s.recipient_id", "=", callerId)
    .where("s.expires_at", ">", sql<Date>`now()`);
  if (from !== null) {
    const anchor = sql`(select a.expires_at, a.id from public.identity_shares a where a.id = ${from.anchor}::uuid)`;
    select = select.where(back ? sql<boolean>`(s.expires_at, s.id) < ${anchor}` : sql<boolean>`(s.expires_at, s.id) > ${anchor}`);
  }
  const order = back ? "desc" : "asc";
  const rows = await select.orderBy("s.expires_at", order).orderBy("s.id", order).limit(page.limit + 1).execute();
  // Back at the list's start: the first page as it is now, full (shares on it may have expired since).
  if (back && rows.length <= page.limit) return listSharesForMe(trx, { from: null, limit: page.limit });
  const shown = rows.slice(0, page.limit).map(({ handle, ...row }) => {
    if (handle === null) throw new Error("listSharesForMe: a share's owner has no profile");
    return { ...row, ownerHandle: handle };
  });
  const shares = back ? shown.reverse() : shown;
  const { back: previous, forward: next } = keysetLinks(shares.map((share) => share.id), from, rows.length > page.limit);
  return { shares, previous, next };
}

async function shareForMeExists(trx: MemberTx, shareId: string): Promise<boolean> {
  const row = await trx.selectFrom("identity_shares").select("id").where("id", "=", shareId).where("recipient_id", "=", callerId).executeTakeFirst();
  return row !== undefined;
}

/** Opens a live share addressed to the caller and logs the opening; undefined otherwise. */
export async function openSharedIdentity(trx: MemberTx, shareId: string): Promise<SharedIdentity | undefined> {
  if (!isUuid(shareId)) return undefined;
  const result = await sql<SharedIdentity>`
    select owner_id as "ownerId", ciphertext, sealed_key as "sealedKey", key_version as "keyVersion",
           purpose, expires_at as "expiresAt"
    from public.open_shared_identity(${shareId}::uuid)`.execute(trx);
  return result.rows[0];
}

/** Who opened the member's vault, newest first. */
export async function listOwnAccessLog(trx: MemberTx, options: { limit?: number } = {}): Promise<AccessLogEntry[]> {
  const rows = await ownAccessLog(trx, { limit: options.limit ?? null });
  return rows.map(({ display_name, organisation, ...entry }) => ({ ...entry, accessorCard: staffCardOf(display_name, organisation) }));
}

type AccessLogRow = Omit<AccessLogEntry, "accessorCard"> & { display_name: string | null; organisation: string | null };

// The rows first, newest first straight from the index (limited there; a null limit is none),
// then their accessors' handles: joined before the limit, every row of the member's log was sorted.
// The limit is read in a subquery so that the planner does not weigh it against its guess of
// how many rows a member has (about ten, the average): planning for the values (as on a
// connection's first five runs), it saw 51 above ten and read and sorted all of a member's
// rows instead of the newest 51 from the index, 0.3 ms more at 1,000 rows and growing with them.
const ownAccessLog = compiledQuery<AccessLogRow, { limit: number | null }>((db, value) =>
  db
    .selectFrom(
      db
        .selectFrom("identity_access_log")
        .select(["id", "accessor_id", "purpose", "accessed_at", "share_id"])
        .where("owner_id", "=", callerId)
        .orderBy("accessed_at", "desc")
        .orderBy("id", "desc")
        .limit(sql<number | null>`(select ${value("limit")}::integer)`)
        .as("l"),
    )
    .leftJoin(sql<{ user_id: string; handle: string }>`private.identity_counterparts()`.as("c"), "c.user_id", "l.accessor_id")
    .leftJoin("staff_cards as card", "card.user_id", "l.accessor_id")
    .select(["c.handle as accessorHandle", "card.display_name", "card.organisation", "l.purpose", "l.accessed_at as accessedAt", "l.share_id as shareId"])
    .orderBy("l.accessed_at", "desc")
    .orderBy("l.id", "desc"),
);
