import { describe, expect, it } from "vitest";
import { hasRoom, MENTORSHIP_STATES, mentorshipMoves, nextMentorshipState, showsEndedNotice } from "./mentorship";

describe("a mentorship's moves", () => {
  it("goes requested → active → ended, or declined by the mentor, or withdrawn by the mentee", () => {
    expect(nextMentorshipState("requested", "accept", "mentor")).toBe("active");
    expect(nextMentorshipState("requested", "decline", "mentor")).toBe("declined");
    expect(nextMentorshipState("requested", "withdraw", "mentee")).toBe("withdrawn");
    expect(nextMentorshipState("active", "end", "mentee")).toBe("ended");
    expect(nextMentorshipState("active", "end", "mentor")).toBe("ended");
  });

  it("refuses every other move, and any move by the wrong side", () => {
    expect(nextMentorshipState("requested", "accept", "mentee")).toBeNull();
    expect(nextMentorshipState("requested", "withdraw", "mentor")).toBeNull();
    expect(nextMentorshipState("requested", "end", "mentee")).toBeNull();
    expect(nextMentorshipState("active", "accept", "mentor")).toBeNull();
    for (const state of ["ended", "declined", "withdrawn"] as const) {
      expect(mentorshipMoves(state, "mentee")).toEqual([]);
      expect(mentorshipMoves(state, "mentor")).toEqual([]);
    }
    expect(mentorshipMoves("requested", "mentor")).toEqual(["accept", "decline"]);
    expect(mentorshipMoves("requested", "mentee")).toEqual(["withdraw"]);
    expect(mentorshipMoves("active", "mentee")).toEqual(["end"]);
    expect(MENTORSHIP_STATES).toHaveLength(5);
  });

  it("accepts a mentee only while the active count is below capacity", () => {
    expect(hasRoom(0, 1)).toBe(true);
    expect(hasRoom(2, 3)).toBe(true);
    expect(hasRoom(3, 3)).toBe(false);
    expect(hasRoom(10, 10)).toBe(false);
  });

  it("shows the neutral ended notice only to the side that did not end it", () => {
    expect(showsEndedNotice({ state: "ended", endedByMe: false })).toBe(true);
    expect(showsEndedNotice({ state: "ended", endedByMe: true })).toBe(false);
    expect(showsEndedNotice({ state: "active", endedByMe: false })).toBe(false);
    expect(showsEndedNotice({ state: "declined", endedByMe: false })).toBe(false);
  });
});
