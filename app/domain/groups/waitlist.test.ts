import { describe, expect, it } from "vitest";
import { promotionsFor, statusForAnswer, waitlistPlace, type Rsvp } from "./waitlist";

const at = (minute: number) => new Date(Date.UTC(2027, 0, 5, 10, minute));
const rsvp = (memberId: string, status: Rsvp["status"], minute: number): Rsvp => ({ memberId, status, respondedAt: at(minute) });

describe("RSVP with a waitlist", () => {
  it("gives a place while there is one, then the waitlist; 'not going' never waits", () => {
    const others = [rsvp("a", "going", 1), rsvp("b", "not_going", 2)];
    expect(statusForAnswer(true, others, 2)).toBe("going");
    expect(statusForAnswer(true, [...others, rsvp("c", "going", 3)], 2)).toBe("waitlisted");
    expect(statusForAnswer(false, others, 1)).toBe("not_going");
    expect(statusForAnswer(true, Array.from({ length: 500 }, (_, i) => rsvp(`m${i}`, "going", i)), null)).toBe("going");
  });

  it("promotes the earliest waiting answers into the free places, ties by member id", () => {
    const rsvps = [rsvp("a", "going", 1), rsvp("z", "waitlisted", 5), rsvp("y", "waitlisted", 5), rsvp("x", "waitlisted", 7)];
    expect(promotionsFor(rsvps, 2)).toEqual(["y"]);
    expect(promotionsFor(rsvps, 3)).toEqual(["y", "z"]);
    expect(promotionsFor(rsvps, 1)).toEqual([]);
    expect(promotionsFor(rsvps, null)).toEqual(["y", "z", "x"]);
    expect(waitlistPlace(rsvps, "x")).toBe(3);
    expect(waitlistPlace(rsvps, "a")).toBeNull();
  });
});
