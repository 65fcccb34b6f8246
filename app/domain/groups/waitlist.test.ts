import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { promotionsFor, statusForAnswer, waitlistOrder, waitlistPlace, type Rsvp } from "./waitlist";

const at = (minute: number) => new Date(Date.UTC(2027, 0, 5, 10, minute));
const rsvp = (memberId: string, status: Rsvp["status"], minute: number): Rsvp => ({ memberId, status, respondedAt: at(minute) });
const going = (memberId: string) => ({ memberId, going: true });

describe("RSVP with a waitlist", () => {
  it("gives a place while there is one, then the waitlist; 'not going' never waits", () => {
    const rsvps = [rsvp("a", "going", 1), rsvp("b", "not_going", 2)];
    expect(statusForAnswer(going("c"), rsvps, 2)).toBe("going");
    expect(statusForAnswer(going("d"), [...rsvps, rsvp("c", "going", 3)], 2)).toBe("waitlisted");
    expect(statusForAnswer({ memberId: "a", going: false }, rsvps, 1)).toBe("not_going");
    expect(statusForAnswer(going("z"), Array.from({ length: 500 }, (_, i) => rsvp(`m${i}`, "going", i)), null)).toBe("going");
  });

  it("keeps a member's place or place in line when they say 'going' again, and lets one who said no come back while places last", () => {
    const full = [rsvp("a", "going", 1), rsvp("b", "waitlisted", 2)];
    expect(statusForAnswer(going("a"), full, 1)).toBe("going");
    expect(statusForAnswer(going("b"), full, 1)).toBe("waitlisted");
    expect(statusForAnswer(going("b"), [rsvp("b", "not_going", 2)], 1)).toBe("going");
  });

  it("never lets a new answer overtake people waiting, even when a place is free before they move up", () => {
    // Capacity just grew from 1 to 2 and promotion has not yet run: the free place is b's.
    const rsvps = [rsvp("a", "going", 1), rsvp("b", "waitlisted", 2)];
    expect(statusForAnswer(going("c"), rsvps, 2)).toBe("waitlisted");
    expect(statusForAnswer(going("c"), rsvps, 3)).toBe("going");
  });

  it("promotes the earliest waiting answers into the free places, ties by member id", () => {
    const rsvps = [rsvp("a", "going", 1), rsvp("z", "waitlisted", 5), rsvp("y", "waitlisted", 5), rsvp("x", "waitlisted", 7)];
    expect(promotionsFor(rsvps, 2)).toEqual(["y"]);
    expect(promotionsFor(rsvps, 3)).toEqual(["y", "z"]);
    expect(promotionsFor(rsvps, 1)).toEqual([]);
    expect(promotionsFor([rsvp("a", "going", 1), rsvp("b", "going", 2), rsvp("c", "waitlisted", 3)], 1)).toEqual([]);
    expect(promotionsFor(rsvps, null)).toEqual(["y", "z", "x"]);
    expect(waitlistPlace(rsvps, "y")).toBe(1);
    expect(waitlistPlace(rsvps, "x")).toBe(3);
    expect(waitlistPlace(rsvps, "a")).toBeNull();
  });

  // Any sequence of answers and capacity changes, each followed by the promotions the rule
  // calls for, as the database runs them.
  it("holds its promises over any sequence of answers and capacity changes", () => {
    // Mostly answers, and small capacities, so lines form and only some of them move up.
    const event = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant("answer" as const), memberId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"), going: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("capacity" as const), capacity: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }) }) },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(event, { maxLength: 60 }), (initialCapacity, events) => {
        let capacity: number | null = initialCapacity;
        let rsvps: Rsvp[] = [];
        for (const [minute, next] of events.entries()) {
          const goingBefore = rsvps.filter((entry) => entry.status === "going").length;
          if (next.kind === "capacity") capacity = next.capacity;
          else {
            const status = statusForAnswer(next, rsvps, capacity);
            const previous = rsvps.find((entry) => entry.memberId === next.memberId);
            if (status === "going" && previous?.status !== "going") {
              // A place for a newcomer: within capacity and nobody left waiting for it.
              expect(rsvps.filter((entry) => entry.status === "waitlisted")).toEqual([]);
              if (capacity !== null) expect(goingBefore).toBeLessThan(capacity);
            }
            // An unchanged answer keeps its time (and so its place in line).
            const respondedAt = previous && previous.status === status ? previous.respondedAt : at(minute);
            rsvps = [...rsvps.filter((entry) => entry.memberId !== next.memberId), { memberId: next.memberId, status, respondedAt }];
          }
          const promoted = promotionsFor(rsvps, capacity);
          const stillWaiting = rsvps.filter((entry) => entry.status === "waitlisted" && !promoted.includes(entry.memberId));
          for (const memberId of promoted) {
            const entry = rsvps.find((candidate) => candidate.memberId === memberId);
            if (!entry) throw new Error("promoted someone who did not answer");
            for (const waiting of stillWaiting) expect(waitlistOrder(entry, waiting)).toBeLessThan(0);
          }
          rsvps = rsvps.map((entry) => (promoted.includes(entry.memberId) ? { ...entry, status: "going" as const } : entry));
          const goingNow = rsvps.filter((entry) => entry.status === "going").length;
          const waitingNow = rsvps.filter((entry) => entry.status === "waitlisted");
          // Places only fill up to capacity (more stay going only if capacity was lowered under them).
          if (capacity !== null) expect(goingNow).toBeLessThanOrEqual(Math.max(capacity, goingBefore));
          // Nobody waits while a place is free.
          if (waitingNow.length > 0) expect(capacity !== null && goingNow >= capacity).toBe(true);
          expect(waitingNow.map((entry) => waitlistPlace(rsvps, entry.memberId)).sort()).toEqual(waitingNow.map((_, index) => index + 1));
        }
      }),
      { numRuns: 300 },
    );
  });
});
