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

/** Live shares addressed to the signed-in social worker, soonest expiry first. */
export async function listSharesForMe(trx: MemberTx): Promise<ShareForMe[]> {
  const rows = await trx
    .selectFrom("identity_shares as s")
    .leftJoin(sql<{ user_id: string; handle: string }>`private.identity_counterparts()`.as("c"), "c.user_id", "s.owner_id")
    .select(["s.id", "s.owner_id as ownerId", "c.handle", "s.purpose", "s.expires_at as expiresAt"])
    // RLS shows the caller's own shares too, and live ones only to recipients.
    .where("s.recipient_id", "=", callerId)
    .where("s.expires_at", ">", sql<Date>`now()`)
    .orderBy("s.expires_at")
    .orderBy("s.id")
    .execute();
  return rows.map(({ handle, ...row }) => {
    if (handle === null) throw new Error("listSharesForMe: a share's owner has no profile");
    return { ...row, ownerHandle: handle };
  });
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
