/**
 * "I need to talk now" and the notifications it makes (migration 0050). Everything runs as
 * the caller (asMember); asking, taking back and answering go through the private
 * functions, which decide who is alerted and announce each change on the notification
 * channel (notification-signals.server.ts). A notification carries its kind and row only.
 */
import { sql } from "kysely";
import { isUuid } from "~/domain/formats/uuid";
import type { NotificationKind } from "~/domain/notifications/talk-requests";
import { callWord } from "./private-calls.server";
import { callerId, type MemberTx, type SystemTx } from "./rls.server";

export type AskToTalkResult =
  | { ok: true; requestId: string; alerted: number }
  | { ok: false; reason: "already-open"; requestId: string; alerted: number }
  | { ok: false; reason: "too-soon" | "nobody" | "not-allowed" };

/** The member asks to talk now, with an optional note for the people alerted. */
export async function askToTalk(trx: MemberTx, note: string): Promise<AskToTalkResult> {
  const result = await sql<{ outcome: string; request_id: string | null; alerted: number }>`
    select outcome, request_id, alerted from private.ask_to_talk(${note})`.execute(trx);
  const row = result.rows[0];
  if (row?.outcome === "sent" && row.request_id) return { ok: true, requestId: row.request_id, alerted: row.alerted };
  if (row?.outcome === "already_open" && row.request_id) return { ok: false, reason: "already-open", requestId: row.request_id, alerted: row.alerted };
  if (row?.outcome === "too_soon") return { ok: false, reason: "too-soon" };
  if (row?.outcome === "nobody") return { ok: false, reason: "nobody" };
  return { ok: false, reason: "not-allowed" };
}

/** The member takes back their open ask. */
export async function cancelTalkRequest(trx: MemberTx, requestId: string): Promise<{ ok: boolean }> {
  if (!isUuid(requestId)) return { ok: false };
  const word = await callWord(trx, sql<{ word: string }>`select private.cancel_talk_request(${requestId}::uuid) as word`);
  return { ok: word === "cancelled" };
}

export interface OwnTalkRequest {
  id: string;
  alertedCount: number;
  createdAt: Date;
  open: boolean;
  answered: boolean;
}

/** The member's latest ask to talk, if any: whether it is open, how many were alerted, and whether someone answered. */
export async function latestOwnTalkRequest(trx: MemberTx): Promise<OwnTalkRequest | null> {
  const row = await trx
    .selectFrom("talk_requests")
    .select(["id", "alerted_count", "created_at", "cancelled_at", "answered_at"])
    .where("member_id", "=", callerId)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return { id: row.id, alertedCount: row.alerted_count, createdAt: row.created_at, open: row.cancelled_at === null && row.answered_at === null, answered: row.answered_at !== null };
}

/**
 * Who would be alerted if this member asked to talk now (private.talk_request_recipients):
 * the leaders of their groups today; mentors are to be added in that function.
 */
export async function talkRequestRecipients(trx: SystemTx, memberId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`select r as id from private.talk_request_recipients(${memberId}::uuid) r order by r`.execute(trx);
  return result.rows.map((row) => row.id);
}

/** How many notifications the page shows at most. */
export const NOTIFICATIONS_SHOWN = 50;

export interface OwnNotification {
  id: string;
  kind: NotificationKind;
  createdAt: Date;
  read: boolean;
  answered: boolean;
  /** For an ask to talk: who asked, their note, and whether they took it back or someone answered it. */
  memberHandle: string | null;
  note: string;
  cancelled: boolean;
  answeredBySomeone: boolean;
  /** For a new message: the conversation (and memberHandle is the other person's). */
  mentorshipId: string | null;
}

/** The caller's newest notifications. */
export async function listOwnNotifications(trx: MemberTx): Promise<OwnNotification[]> {
  const result = await sql<{
    id: string;
    kind: NotificationKind;
    created_at: Date;
    read_at: Date | null;
    answered_at: Date | null;
    member_handle: string | null;
    note: string | null;
    cancelled: boolean | null;
    answered_by_someone: boolean | null;
    mentorship_id: string | null;
  }>`select * from private.own_notifications(${NOTIFICATIONS_SHOWN})`.execute(trx);
  return result.rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    createdAt: row.created_at,
    read: row.read_at !== null,
    answered: row.answered_at !== null,
    memberHandle: row.member_handle,
    note: row.note ?? "",
    cancelled: row.cancelled === true,
    answeredBySomeone: row.answered_by_someone === true,
    mentorshipId: row.mentorship_id,
  }));
}

/** The recipient will reply in the portal: their notification is answered and the ask closes. */
export async function answerNotification(trx: MemberTx, notificationId: string): Promise<{ ok: boolean }> {
  if (!isUuid(notificationId)) return { ok: false };
  const word = await callWord(trx, sql<{ word: string }>`select private.answer_notification(${notificationId}::uuid) as word`);
  return { ok: word === "answered" };
}

/** Marks all of the caller's notifications read; returns how many were new. */
export async function markOwnNotificationsRead(trx: MemberTx): Promise<number> {
  const result = await trx.updateTable("notifications").set({ read_at: sql<Date>`now()` }).where("recipient_id", "=", callerId).where("read_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many of the caller's notifications are new, by the partial index of unread ones (the page shell's badge). */
export async function countOwnUnreadNotifications(trx: MemberTx): Promise<number> {
  const result = await sql<{ unread: number }>`select (select count(*)::integer from public.notifications n where n.recipient_id = ${callerId} and n.read_at is null) as unread`.execute(trx);
  return result.rows[0]?.unread ?? 0;
}
