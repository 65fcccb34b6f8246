import { describe, expect, it } from "vitest";
import { mayAskToTalk, talkRequestRecipients, TALK_REQUEST_PAUSE_SECONDS } from "./talk-requests";

const me = "member";

describe("talkRequestRecipients", () => {
  it("alerts the leaders of the active groups the member is an approved member of, each once", () => {
    const groups = [
      { active: true, membership: "approved" as const, leaderIds: ["lead-b", "lead-a"] },
      { active: true, membership: "approved" as const, leaderIds: ["lead-a", "lead-c"] },
    ];
    expect(talkRequestRecipients(me, groups)).toEqual(["lead-a", "lead-b", "lead-c"]);
  });

  it("leaves out groups the member only asked to join, left, was removed or declined from, and closed groups", () => {
    const groups = [
      { active: true, membership: "requested" as const, leaderIds: ["a"] },
      { active: true, membership: "left" as const, leaderIds: ["b"] },
      { active: true, membership: "removed" as const, leaderIds: ["c"] },
      { active: true, membership: "declined" as const, leaderIds: ["d"] },
      { active: true, membership: null, leaderIds: ["e"] },
      { active: false, membership: "approved" as const, leaderIds: ["f"] },
    ];
    expect(talkRequestRecipients(me, groups)).toEqual([]);
  });

  it("never alerts the member themself (a co-leader asking)", () => {
    expect(talkRequestRecipients(me, [{ active: true, membership: "approved", leaderIds: [me, "other"] }])).toEqual(["other"]);
  });
});

describe("mayAskToTalk", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  it("lets a member ask who never asked, or asked long enough ago", () => {
    expect(mayAskToTalk({ open: false, lastAskedAt: null }, now)).toEqual({ ok: true });
    expect(mayAskToTalk({ open: false, lastAskedAt: secondsAgo(TALK_REQUEST_PAUSE_SECONDS) }, now)).toEqual({ ok: true });
  });

  it("keeps one open ask at a time", () => {
    expect(mayAskToTalk({ open: true, lastAskedAt: secondsAgo(3600) }, now)).toEqual({ ok: false, reason: "already-open" });
  });

  it("asks for a pause after taking one back", () => {
    expect(mayAskToTalk({ open: false, lastAskedAt: secondsAgo(TALK_REQUEST_PAUSE_SECONDS - 1) }, now)).toEqual({ ok: false, reason: "too-soon" });
  });
});
