/**
 * Messages between a mentor and a mentee (migration 0053, decisions 028 and 032): the
 * conversation as its page needs it, sending an envelope the browser sealed, the pins each
 * browser sealed to itself, disappearing messages, and reports to staff. The server only
 * moves ciphertext; every write is a private function that checks the caller.
 */
import { sql } from "kysely";
import type { MessageEnvelope } from "~/domain/formats/message-shape";
import type { MentorshipState } from "~/domain/mentors/mentorship";
import type { DisappearAfterDays, ReportReason } from "~/domain/mentors/messages";
import { callWord } from "./private-calls.server";
import { callerId, type MemberTx, type SystemTx } from "./rls.server";

/** How many of a conversation's newest messages a page holds. */
export const CONVERSATION_MESSAGES_SHOWN = 100;

export interface Conversation {
  id: string;
  state: MentorshipState;
  asMentor: boolean;
  disappearAfterDays: DisappearAfterDays;
  counterpart: { id: string; handle: string; publicKey: string };
  /** The caller blocked the other person (then nothing is sent either way). */
  blocked: boolean;
}

/** One of the caller's mentorships with the other person's key, or null when it is not theirs. */
export async function getConversation(trx: MemberTx, mentorshipId: string): Promise<Conversation | null> {
  const row = await trx
    .selectFrom("mentorships as s")
    .innerJoin(sql<{ user_id: string; handle: string; public_key: string }>`private.mentorship_counterpart_key(${mentorshipId}::uuid)`.as("k"), (join) => join.onTrue())
    .select([
      "s.id",
      "s.state",
      "s.mentor_id",
      "s.disappear_after_days",
      "k.user_id",
      "k.handle",
      "k.public_key",
      sql<boolean>`exists (select 1 from public.member_blocks b where b.blocker_id = ${callerId} and b.blocked_id = k.user_id)`.as("blocked"),
    ])
    .where("s.id", "=", mentorshipId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    state: row.state,
    asMentor: row.mentor_id !== row.user_id,
    disappearAfterDays: (row.disappear_after_days ?? null) as DisappearAfterDays,
    counterpart: { id: row.user_id, handle: row.handle, publicKey: row.public_key },
    blocked: row.blocked,
  };
}

export interface StoredMessage extends MessageEnvelope {
  id: string;
  senderId: string;
  recipientId: string;
  sequence: number;
  createdAt: Date;
  expiresAt: Date | null;
}

/** The conversation's newest messages (RLS: only its two people, nothing disappeared), oldest first. */
export async function listConversationMessages(trx: MemberTx, mentorshipId: string, limit = CONVERSATION_MESSAGES_SHOWN): Promise<StoredMessage[]> {
  const rows = await trx
    .selectFrom("messages")
    .select(["id", "sender_id", "recipient_id", "sequence", "version", "nonce", "ciphertext", "created_at", "expires_at"])
    .where("mentorship_id", "=", mentorshipId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.reverse().map((row) => ({
    id: row.id,
    senderId: row.sender_id,
    recipientId: row.recipient_id,
    sequence: row.sequence,
    version: row.version,
    nonce: row.nonce,
    ciphertext: row.ciphertext,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  }));
}

/** A stored message as a page's loader hands it to the browser (times as ISO strings). */
export function toEnvelopeRow(message: StoredMessage) {
  return { ...message, createdAt: message.createdAt.toISOString(), expiresAt: message.expiresAt?.toISOString() ?? null };
}

/** The caller's highest sequence in the conversation (0 before their first message): the next is one more. */
export async function ownLastSequence(trx: MemberTx, mentorshipId: string): Promise<number> {
  const row = await trx
    .selectFrom("messages")
    .select((eb) => eb.fn.max("sequence").as("last"))
    .where("mentorship_id", "=", mentorshipId)
    .where("sender_id", "=", callerId)
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

export type SendOutcome =
  | { ok: true; messageId: string; sentAt: Date }
  | { ok: false; reason: "not-found" | "not-open" | "blocked" | "sequence-taken" | "too-fast" | "not-allowed" };

/** Stores a sealed message (a retry of the same envelope and number answers as the first did). */
export async function sendMessage(trx: MemberTx, input: { mentorshipId: string; sequence: number; envelope: MessageEnvelope }): Promise<SendOutcome> {
  const { mentorshipId, sequence, envelope } = input;
  const result = await sql<{ outcome: string; message_id: string | null; sent_at: Date | null }>`
    select outcome, message_id, sent_at
    from private.send_message(${mentorshipId}::uuid, ${sequence}::integer, ${envelope.version}::integer, ${envelope.nonce}, ${envelope.ciphertext})`.execute(trx);
  const row = result.rows[0];
  if (row?.outcome === "sent" && row.message_id && row.sent_at) return { ok: true, messageId: row.message_id, sentAt: row.sent_at };
  const reasons: Record<string, Exclude<SendOutcome, { ok: true }>["reason"]> = {
    not_found: "not-found",
    not_open: "not-open",
    blocked: "blocked",
    sequence_taken: "sequence-taken",
    too_fast: "too-fast",
  };
  return { ok: false, reason: reasons[row?.outcome ?? ""] ?? "not-allowed" };
}

/** The caller opened the conversation: its "new message" notification is read. */
export async function readConversation(trx: MemberTx, mentorshipId: string): Promise<void> {
  await sql`select private.read_conversation(${mentorshipId}::uuid)`.execute(trx);
}

/** Either side turns disappearing messages off or to 7 or 30 days (new messages only). */
export async function setDisappearing(trx: MemberTx, mentorshipId: string, days: DisappearAfterDays): Promise<{ ok: boolean }> {
  const word = await callWord(trx, sql<{ word: string }>`select private.set_disappearing(${mentorshipId}::uuid, ${days}::integer) as word`);
  return { ok: word === "set" };
}

/** What the caller's browser sealed to itself about the other person's key, if it pinned one. */
export type SealedPin = { nonce: string; ciphertext: string };

export async function getOwnPin(trx: MemberTx, mentorshipId: string): Promise<SealedPin | null> {
  const row = await trx
    .selectFrom("message_key_pins")
    .select(["nonce", "ciphertext"])
    .where("owner_id", "=", callerId)
    .where("mentorship_id", "=", mentorshipId)
    .executeTakeFirst();
  return row ?? null;
}

/** Pins (or, after the member compared and accepted a new key, re-pins). RLS: own mentorships only. */
export async function saveOwnPin(trx: MemberTx, mentorshipId: string, pin: SealedPin): Promise<void> {
  await trx
    .insertInto("message_key_pins")
    .values({ mentorship_id: mentorshipId, nonce: pin.nonce, ciphertext: pin.ciphertext })
    .onConflict((conflict) => conflict.columns(["owner_id", "mentorship_id"]).doUpdateSet({ nonce: pin.nonce, ciphertext: pin.ciphertext, updated_at: new Date() }))
    .execute();
}

/** The jobs runner: messages whose disappearing time is up are deleted. */
export async function deleteDisappearedMessages(trx: SystemTx): Promise<number> {
  const result = await sql<{ deleted: number }>`select private.delete_disappeared_messages() as deleted`.execute(trx);
  return Number(result.rows[0]?.deleted ?? 0);
}

/** A message the reporter opened in their browser and chose to attach. */
export type AttachedMessage = { fromReporter: boolean; sentAt: string; text: string };

export type ReportOutcome = { ok: true; reportId: string } | { ok: false; reason: "not-found" | "too-many" | "not-allowed" };

export async function reportMember(
  trx: MemberTx,
  input: { mentorshipId: string; reason: ReportReason; note: string; attached: AttachedMessage[] },
): Promise<ReportOutcome> {
  const result = await sql<{ outcome: string; report_id: string | null }>`
    select outcome, report_id from private.report_member(${input.mentorshipId}::uuid, ${input.reason}, ${input.note}, ${JSON.stringify(input.attached)}::jsonb)`.execute(trx);
  const row = result.rows[0];
  if (row?.outcome === "reported" && row.report_id) return { ok: true, reportId: row.report_id };
  return { ok: false, reason: row?.outcome === "not_found" ? "not-found" : row?.outcome === "too_many" ? "too-many" : "not-allowed" };
}

export interface ReportToHandle {
  id: string;
  reporterHandle: string;
  reportedHandle: string;
  reportedId: string;
  reportedIsMentor: boolean;
  reason: ReportReason;
  note: string;
  attached: AttachedMessage[];
  createdAt: Date;
  closedAt: Date | null;
  outcomeNote: string;
}

/** Staff: the reports of their areas, open or closed, newest first (never their own). */
export async function listReportsToHandle(trx: MemberTx, open: boolean, limit = 100): Promise<ReportToHandle[]> {
  const result = await sql<{
    id: string;
    reporter_handle: string;
    reported_handle: string;
    reported_id: string;
    reported_is_mentor: boolean;
    reason: ReportReason;
    note: string;
    attached_messages: AttachedMessage[];
    created_at: Date;
    closed_at: Date | null;
    outcome_note: string;
  }>`select * from private.reports_to_handle(${open}, ${limit}::integer)`.execute(trx);
  return result.rows.map((row) => ({
    id: row.id,
    reporterHandle: row.reporter_handle,
    reportedHandle: row.reported_handle,
    reportedId: row.reported_id,
    reportedIsMentor: row.reported_is_mentor,
    reason: row.reason,
    note: row.note,
    attached: row.attached_messages,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    outcomeNote: row.outcome_note,
  }));
}

export async function closeReport(trx: MemberTx, reportId: string, outcome: string): Promise<{ ok: boolean }> {
  const word = await callWord(trx, sql<{ word: string }>`select private.close_report(${reportId}::uuid, ${outcome}) as word`);
  return { ok: word === "closed" };
}
