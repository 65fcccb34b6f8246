/**
 * RSVP with a waitlist for one occurrence. Capacity counts "going"; a "going" answer beyond
 * it waits; when someone going steps out (or capacity grows) the earliest waiting answers
 * move up, by when they answered, then by member id so ties are decided the same way every
 * time. Nobody overtakes the line: a new "going" answer gets a place only when there are
 * more free places than people already waiting. The database applies the rule under a lock
 * (private.answer_rsvp, private.promote_waitlist).
 */

export type RsvpStatus = "going" | "waitlisted" | "not_going";

export interface Rsvp {
  memberId: string;
  status: RsvpStatus;
  respondedAt: Date;
}

/**
 * The status a member's answer gets, given every current answer to the occurrence (theirs
 * included, if any). Saying "going" again keeps a place or a place in line; null capacity is
 * unlimited.
 */
export function statusForAnswer(answer: { memberId: string; going: boolean }, rsvps: readonly Rsvp[], capacity: number | null): RsvpStatus {
  if (!answer.going) return "not_going";
  const previous = rsvps.find((rsvp) => rsvp.memberId === answer.memberId)?.status;
  if (previous === "going" || previous === "waitlisted") return previous;
  if (capacity === null) return "going";
  const others = rsvps.filter((rsvp) => rsvp.memberId !== answer.memberId);
  const free = capacity - others.filter((rsvp) => rsvp.status === "going").length;
  const waiting = others.filter((rsvp) => rsvp.status === "waitlisted").length;
  return free > waiting ? "going" : "waitlisted";
}

export function waitlistOrder(a: Rsvp, b: Rsvp): number {
  return a.respondedAt.getTime() - b.respondedAt.getTime() || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);
}

/** Who moves from the waitlist to "going" now (after a cancellation or a larger capacity), in order. */
export function promotionsFor(rsvps: readonly Rsvp[], capacity: number | null): string[] {
  const waiting = rsvps.filter((rsvp) => rsvp.status === "waitlisted").sort(waitlistOrder);
  if (capacity === null) return waiting.map((rsvp) => rsvp.memberId);
  const free = Math.max(0, capacity - rsvps.filter((rsvp) => rsvp.status === "going").length);
  return waiting.slice(0, free).map((rsvp) => rsvp.memberId);
}

/** A member's place on the waitlist (1 = next), or null when they are not waiting. */
export function waitlistPlace(rsvps: readonly Rsvp[], memberId: string): number | null {
  const index = rsvps.filter((rsvp) => rsvp.status === "waitlisted").sort(waitlistOrder).findIndex((rsvp) => rsvp.memberId === memberId);
  return index === -1 ? null : index + 1;
}
