/**
 * The rules of mentor messages the pages and the database share (migration 0053, decision
 * 032): when a conversation can take a message, disappearing choices, the reasons a member
 * can report someone for, and how a browser numbers its messages. The database enforces the
 * same; tests/db/messages.test.ts holds it to these.
 */
import type { MentorshipState } from "./mentorship";

/** Disappearing messages: off, or deleted this many days after they were sent. */
export const DISAPPEAR_CHOICES = [null, 7, 30] as const;
export type DisappearAfterDays = (typeof DISAPPEAR_CHOICES)[number];

export function isDisappearChoice(value: unknown): value is DisappearAfterDays {
  return DISAPPEAR_CHOICES.some((choice) => choice === value);
}

/** Why a member reports someone, most urgent first. */
export const REPORT_REASONS = ["unsafe", "money", "drugs", "harassment", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_NOTE_MAX = 1000;
/** How many opened messages a report may carry. */
export const REPORT_ATTACH_MAX = 20;
/** A member sends at most this many messages a minute (all conversations together). */
export const MESSAGES_PER_MINUTE = 30;

export type SendBlock = "notOpen" | "blocked";

/** Why the conversation takes no new message now, or null: only an active mentorship between two people who did not block each other does. */
export function whyCannotSend(conversation: { state: MentorshipState; blocked: boolean }): SendBlock | null {
  if (conversation.blocked) return "blocked";
  return conversation.state === "active" ? null : "notOpen";
}

/**
 * The number of the sender's next message: one more than the highest of their own they can
 * see (decision 028). After 'sequence-taken' (another device of theirs used it), the page
 * asks again with the number it learned.
 */
export function nextSequence(ownSequences: readonly number[]): number {
  return ownSequences.reduce((highest, sequence) => Math.max(highest, sequence), 0) + 1;
}

/** When a message sent at `sentAt` disappears under `days`, or null when it stays. */
export function disappearsAt(sentAt: Date, days: DisappearAfterDays): Date | null {
  return days === null ? null : new Date(sentAt.getTime() + days * 24 * 60 * 60 * 1000);
}
