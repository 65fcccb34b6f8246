import type { UnlockedKeys } from "~/crypto/account-keys";
import { openKeyPin, sealKeyPin, type SealedKeyPin } from "~/crypto/message-pins";
import { acceptSequence, openMessage, sealMessage } from "~/crypto/messages";
import { findMessageTextProblem, type MessageEnvelope } from "~/domain/formats/message-shape";
import { fieldFailure, type UseCaseResult } from "~/forms/form-reply";
import { postFormStep } from "~/forms/post-form-step.client";

/**
 * The browser's side of a mentor conversation (decisions 028 and 032): open the stored
 * envelopes with the member's keys, check the other person's key against the pin this
 * browser sealed to itself, seal and post a message, and pin a key. Only ciphertext leaves.
 */

/** Who the conversation is between, as the page loaded it. */
export type ConversationParties = { mentorshipId: string; ownerId: string; counterpart: { id: string; publicKey: string } };

/** A stored message as the page receives it (dates as ISO strings). */
export type EnvelopeRow = MessageEnvelope & { id: string; senderId: string; recipientId: string; sequence: number; createdAt: string; expiresAt: string | null };

/** A message as the page shows it: its text, or why it cannot be shown. */
export type OpenedMessage = {
  id: string;
  mine: boolean;
  text: string | null;
  /** The sender's clock (inside the box); the server's time when it cannot be opened. */
  sentAt: string;
  expiresAt: string | null;
  problem: "unreadable" | "replayed" | "out-of-order" | null;
  /** Messages of this direction that never arrived, just before this one. */
  missingBefore: number;
};

/**
 * Opens the conversation's messages in the order the server listed them, checking each
 * direction's numbers for replays and gaps. A message that does not open (altered, moved, or
 * sealed to a key since replaced) is shown as unreadable; nothing is thrown.
 */
export async function openConversation(parties: ConversationParties, rows: readonly EnvelopeRow[], keys: UnlockedKeys): Promise<OpenedMessage[]> {
  const lastSeen = new Map<string, number>();
  const opened: OpenedMessage[] = [];
  for (const row of rows) {
    const mine = row.senderId === parties.ownerId;
    const base = { id: row.id, mine, expiresAt: row.expiresAt, missingBefore: 0 };
    try {
      const content = await openMessage(
        { version: row.version, nonce: row.nonce, ciphertext: row.ciphertext },
        { conversationId: parties.mentorshipId, senderId: row.senderId, recipientId: row.recipientId },
        keys,
        parties.counterpart.publicKey,
      );
      const verdict = acceptSequence(lastSeen.get(row.senderId) ?? 0, content.sequence);
      if (!verdict.accepted) {
        opened.push({ ...base, text: null, sentAt: row.createdAt, problem: verdict.reason });
        continue;
      }
      // The first message shown of a direction may follow older ones the page does not hold.
      const missing = lastSeen.has(row.senderId) ? verdict.missing : 0;
      lastSeen.set(row.senderId, verdict.lastSeen);
      opened.push({ ...base, text: content.text, sentAt: content.sentAt.toISOString(), problem: null, missingBefore: missing });
    } catch {
      opened.push({ ...base, text: null, sentAt: row.createdAt, problem: "unreadable" });
    }
  }
  return opened;
}

/** The other person's key against this browser's pin: the same, never pinned yet, or changed (sending stops). */
export type PinCheck = { kind: "same" } | { kind: "first" } | { kind: "changed" };

export async function checkPin(parties: ConversationParties, pin: SealedKeyPin | null, keys: UnlockedKeys): Promise<PinCheck> {
  if (!pin) return { kind: "first" };
  try {
    const pinned = await openKeyPin({ ownerId: parties.ownerId, mentorshipId: parties.mentorshipId }, pin, keys);
    return pinned.counterpartId === parties.counterpart.id && pinned.publicKey === parties.counterpart.publicKey ? { kind: "same" } : { kind: "changed" };
  } catch {
    // A pin that does not open was not made by this member's keys: trust nothing it says.
    return { kind: "changed" };
  }
}

/** Pins the other person's current key (first use, or after the member compared the new one and accepted it). */
export async function pinCounterpartKey(parties: ConversationParties, keys: UnlockedKeys, csrf: string): Promise<UseCaseResult> {
  const sealed = await sealKeyPin(
    { ownerId: parties.ownerId, mentorshipId: parties.mentorshipId },
    { counterpartId: parties.counterpart.id, publicKey: parties.counterpart.publicKey },
    keys,
  );
  const reply = await postFormStep(messagesUrl(parties.mentorshipId), { intent: "pin", ...sealed }, csrf);
  return reply.ok ? { ok: true } : reply;
}

/** A message sealed and ready to post; kept by the page so that a failed send is retried with the same envelope and number. */
export type OutgoingMessage = { key: string; text: string; sequence: number; envelope: MessageEnvelope };

/** Seals `text` as the sender's message number `sequence` (a text the rules refuse gets the field's message). */
export async function sealOutgoing(
  parties: ConversationParties,
  text: string,
  sequence: number,
  keys: UnlockedKeys,
): Promise<UseCaseResult<{ outgoing: OutgoingMessage }>> {
  const problem = findMessageTextProblem(text);
  if (problem) return fieldFailure({ text: `errors.messages.${problem}` });
  const envelope = await sealMessage(
    { conversationId: parties.mentorshipId, senderId: parties.ownerId, recipientId: parties.counterpart.id, sequence, sentAt: new Date(), text },
    keys,
    parties.counterpart.publicKey,
  );
  return { ok: true, outgoing: { key: `${sequence}:${envelope.nonce}`, text, sequence, envelope } };
}

/** Posts a sealed message. Sending it again after a failure stores it once. */
export async function postOutgoing(mentorshipId: string, outgoing: OutgoingMessage, csrf: string): Promise<UseCaseResult<{ id: string }>> {
  const { version, nonce, ciphertext } = outgoing.envelope;
  const reply = await postFormStep<{ id: string }>(messagesUrl(mentorshipId), { intent: "send", sequence: outgoing.sequence, version, nonce, ciphertext }, csrf);
  return reply.ok ? { ok: true, id: reply.id } : reply;
}

function messagesUrl(mentorshipId: string): string {
  return `/api/mentors/${mentorshipId}/messages`;
}

