/**
 * A mentorship's life: a mentee asks (requested); the mentor accepts (active) or declines;
 * the mentee may withdraw an unanswered request; either side ends an active one. The
 * database functions of migration 0051 make the same moves; these rules let pages offer
 * only the moves that can succeed.
 */
export const MENTORSHIP_STATES = ["requested", "active", "ended", "declined", "withdrawn"] as const;
export type MentorshipState = (typeof MENTORSHIP_STATES)[number];
export type MentorshipMove = "accept" | "decline" | "withdraw" | "end";
export type MentorshipSide = "mentee" | "mentor";

const MOVES: Record<MentorshipMove, { from: MentorshipState; to: MentorshipState; by: readonly MentorshipSide[] }> = {
  accept: { from: "requested", to: "active", by: ["mentor"] },
  decline: { from: "requested", to: "declined", by: ["mentor"] },
  withdraw: { from: "requested", to: "withdrawn", by: ["mentee"] },
  end: { from: "active", to: "ended", by: ["mentee", "mentor"] },
};

/** The state after `move` by `side`, or null when that side cannot make that move now. */
export function nextMentorshipState(state: MentorshipState, move: MentorshipMove, side: MentorshipSide): MentorshipState | null {
  const rule = MOVES[move];
  return rule.from === state && rule.by.includes(side) ? rule.to : null;
}

/** The moves `side` can make on a mentorship in `state`. */
export function mentorshipMoves(state: MentorshipState, side: MentorshipSide): MentorshipMove[] {
  return (Object.keys(MOVES) as MentorshipMove[]).filter((move) => nextMentorshipState(state, move, side) !== null);
}

/** A mentor takes one more mentee only while their active mentorships are below their capacity. */
export function hasRoom(active: number, capacity: number): boolean {
  return active < capacity;
}

/**
 * Whether the page shows the neutral "this mentorship has ended" notice: an ended mentorship
 * the member did not end themselves. Never who ended it or why.
 */
export function showsEndedNotice(mentorship: { state: MentorshipState; endedByMe: boolean }): boolean {
  return mentorship.state === "ended" && !mentorship.endedByMe;
}
