/**
 * The identity shared for one help request (migration 0036): the member seals the vault's data
 * key to the worker assigned to their open request; the share is live only while the request
 * is open and that worker still has it, and the database ends it when either changes. Runs as
 * the caller (asMember): RLS and the insert policy decide; these turn answers into values.
 */
import { sql } from "kysely";
import { staffCardOf } from "~/domain/accounts/staff-card";
import { isUuid } from "~/domain/formats/uuid";
import type { RequestStatus } from "~/domain/help/request-rules";
import { REQUEST_SHARE_DAYS } from "~/domain/help/request-share";
import { shareExpiry } from "~/domain/identity/share-expiry";
import { createShareWithVault, type CreateShareResult, type ShareRecipient, type VaultRecord } from "./identity.server";
import { callerId, type MemberTx } from "./rls.server";
import type { ShareEndReason } from "./schema";

/** A request's share as its owner or its worker sees it. */
export interface RequestShare {
  id: string;
  recipientId: string;
  expiresAt: Date;
}

/** The live share of a request, as its worker sees it (to open it). */
export interface RequestShareForMe {
  id: string;
  ownerHandle: string;
  expiresAt: Date;
}

/** How the last share of a request ended, for its owner. */
export interface EndedRequestShare {
  endedAt: Date;
  reason: ShareEndReason;
}

export interface NewRequestShare {
  /** The worker assigned to the request, whose key the browser sealed to. */
  recipientId: string;
  sealedKey: string;
  /** The vault re-encrypted holding the worker's key pin, at the current key version. */
  vault: VaultRecord;
}

/** The status of the caller's own request; undefined for anyone else's, or no such request. */
export async function getOwnRequestStatus(trx: MemberTx, requestId: string): Promise<RequestStatus | undefined> {
  if (!isUuid(requestId)) return undefined;
  const row = await trx
    .selectFrom("help_requests")
    .select("status")
    .where("id", "=", requestId)
    .where("member_id", "=", callerId)
    .executeTakeFirst();
  return row?.status;
}

/** The worker assigned to the caller's own open request, with their key and card; undefined otherwise. */
export async function getRequestShareRecipient(trx: MemberTx, requestId: string): Promise<ShareRecipient | undefined> {
  if (!isUuid(requestId)) return undefined;
  const result = await sql<{ userId: string; handle: string; publicKey: string; displayName: string | null; organisation: string | null }>`
    select user_id as "userId", handle, public_key as "publicKey", display_name as "displayName", organisation
    from private.request_share_recipient(${requestId}::uuid)`.execute(trx);
  const row = result.rows[0];
  return row && { userId: row.userId, handle: row.handle, publicKey: row.publicKey, card: staffCardOf(row.displayName, row.organisation) };
}

/**
 * Shares the identity with the worker assigned to the caller's open request, for that request
 * only, with the vault holding their pin (createShareWithVault: both or neither). It lasts
 * REQUEST_SHARE_DAYS at most. "not-allowed": not the caller's open request, or not its worker.
 */
export async function createRequestShare(trx: MemberTx, requestId: string, share: NewRequestShare): Promise<CreateShareResult> {
  if (!isUuid(requestId)) return { ok: false, reason: "not-allowed" };
  return createShareWithVault(trx, {
    share: {
      recipientId: share.recipientId,
      purpose: "help_request",
      helpRequestId: requestId,
      sealedKey: share.sealedKey,
      expiresAt: shareExpiry(new Date(), REQUEST_SHARE_DAYS),
    },
    vault: share.vault,
  });
}

/**
 * The live share of a request the caller reads: the owner's own (member page), or the one
 * addressed to the caller (worker page). RLS shows a recipient live shares only; the owner's
 * is checked with private.share_is_live. Undefined when there is none.
 */
export async function getLiveRequestShare(trx: MemberTx, requestId: string): Promise<RequestShare | undefined> {
  if (!isUuid(requestId)) return undefined;
  return trx
    .selectFrom("identity_shares as s")
    .select(["s.id", "s.recipient_id as recipientId", "s.expires_at as expiresAt"])
    .where("s.help_request_id", "=", requestId)
    .where(sql<boolean>`${callerId} in (s.owner_id, s.recipient_id)`)
    .where(sql<boolean>`private.share_is_live(s.id)`)
    .orderBy("s.created_at", "desc")
    .executeTakeFirst();
}

/** The live share of a request addressed to the caller, with its owner's handle; undefined otherwise. */
export async function getRequestShareForMe(trx: MemberTx, requestId: string): Promise<RequestShareForMe | undefined> {
  if (!isUuid(requestId)) return undefined;
  const row = await trx
    .selectFrom("identity_shares as s")
    .select(["s.id", sql<string | null>`private.shared_owner_handle(s.id)`.as("handle"), "s.expires_at as expiresAt"])
    .where("s.help_request_id", "=", requestId)
    // RLS shows the caller's own shares too, and others' live ones only to their recipients.
    .where("s.recipient_id", "=", callerId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.handle === null) throw new Error("getRequestShareForMe: a share's owner has no profile");
  return { id: row.id, ownerHandle: row.handle, expiresAt: row.expiresAt };
}

/** How the caller's latest share for their request ended, if one did. */
export async function getEndedRequestShare(trx: MemberTx, requestId: string): Promise<EndedRequestShare | undefined> {
  if (!isUuid(requestId)) return undefined;
  return trx
    .selectFrom("ended_identity_shares")
    .select(["ended_at as endedAt", "ended_reason as reason"])
    .where("help_request_id", "=", requestId)
    .where("owner_id", "=", callerId)
    .orderBy("ended_at", "desc")
    .orderBy("id")
    .executeTakeFirst();
}
