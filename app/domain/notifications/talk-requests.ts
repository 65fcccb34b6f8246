/**
 * "I need to talk now" (issue 19): who is alerted and how often a member may ask. The
 * database decides both for real (private.talk_request_recipients and private.ask_to_talk,
 * migration 0050); tests/db/talk-now.test.ts holds them to these rules.
 */

/** What a notification can be about. Its words on the page come from the kind alone, never from content. */
export const NOTIFICATION_KINDS = ["talk_request", "message"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** After an ask (taken back or answered), how long before the member can ask again. */
export const TALK_REQUEST_PAUSE_SECONDS = 120;
/** The optional note for the people alerted. */
export const TALK_NOTE_MAX_LENGTH = 200;

/** One group as seen from the member asking: whether it is active, their place in it, its leaders. */
export type GroupForTalk = { active: boolean; membership: "requested" | "approved" | "declined" | "removed" | "left" | null; leaderIds: readonly string[] };

/**
 * Who is alerted when `memberId` asks to talk: each leader of an active group the member is
 * an approved member of, once, never the member themself. Mentors are to join here.
 */
export function talkRequestRecipients(memberId: string, groups: readonly GroupForTalk[]): string[] {
  const recipients = new Set<string>();
  for (const group of groups) {
    if (!group.active || group.membership !== "approved") continue;
    for (const leaderId of group.leaderIds) if (leaderId !== memberId) recipients.add(leaderId);
  }
  return [...recipients].sort();
}

export type TalkAskRefusal = "already-open" | "too-soon";

/** Whether the member may ask now: one open ask at a time, and a pause after the last one. */
export function mayAskToTalk(previous: { open: boolean; lastAskedAt: Date | null }, now: Date): { ok: true } | { ok: false; reason: TalkAskRefusal } {
  if (previous.open) return { ok: false, reason: "already-open" };
  if (previous.lastAskedAt !== null && now.getTime() - previous.lastAskedAt.getTime() < TALK_REQUEST_PAUSE_SECONDS * 1000) return { ok: false, reason: "too-soon" };
  return { ok: true };
}
