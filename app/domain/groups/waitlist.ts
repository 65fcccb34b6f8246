/**
 * RSVP with a waitlist for one occurrence. Capacity counts "going"; a "going" answer beyond
 * it waits; when someone going steps out (or capacity grows) the earliest waiting answers
 * move up, by when they answered, then by member id so ties are decided the same way every
 * time. The database applies the same rule under a lock (migration 0021); tests hold the two
 * to each other.
 */

export type RsvpStatus = "going" | "waitlisted" | "not_going";

export interface Rsvp {
  memberId: string;
  status: RsvpStatus;
  respondedAt: Date;
}

/** null capacity = unlimited. */
export function statusForAnswer(going: boolean, others: readonly Rsvp[], capacity: number | null): RsvpStatus {
  if (!going) return "not_going";
  if (capacity === null) return "going";
  const taken = others.filter((rsvp) => rsvp.status === "going").length;
  return taken < capacity ? "going" : "waitlisted";
}

export function waitlistOrder(a: Rsvp, b: Rsvp): number {
  return a.respondedAt.getTime() - b.respondedAt.getTime() || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);
}

/** Who moves from the waitlist to "going" now, in order. */
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
