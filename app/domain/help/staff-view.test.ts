import { describe, expect, it } from "vitest";
import { REQUEST_STATUSES } from "./request-rules";
import { staffPerson, staffTimeline, workerActions } from "./staff-view";

const known = { memberId: "member", me: "me", names: new Map([["li", "李敏"]]) };

describe("staffPerson", () => {
  it("says you, the member, a colleague by their card's name, or just a social worker", () => {
    expect(staffPerson("me", known)).toEqual({ kind: "you" });
    expect(staffPerson("member", known)).toEqual({ kind: "member" });
    expect(staffPerson("li", known)).toEqual({ kind: "named", name: "李敏" });
    expect(staffPerson("someone", known)).toEqual({ kind: "colleague" });
  });
});

describe("staffTimeline", () => {
  const at = new Date("2026-12-01T10:00:00Z");
  const event = { authorId: "member", toStatus: null, body: "", assigneeId: null, fromAreaId: null, toAreaId: null, createdAt: at };
  it("keeps every event, internal notes too, with who did it", () => {
    expect(
      staffTimeline(
        [
          { ...event, id: "1", kind: "message", body: "我需要帮助" },
          { ...event, id: "2", kind: "assignment", authorId: "me", assigneeId: "li" },
          { ...event, id: "3", kind: "status", authorId: "li", toStatus: "triaged", body: "" },
          { ...event, id: "4", kind: "note", authorId: "me", body: "先打电话" },
          { ...event, id: "5", kind: "transfer", authorId: null, fromAreaId: "a", toAreaId: "b", body: "搬家" },
          { ...event, id: "6", kind: "assignment", authorId: "me", assigneeId: null },
        ],
        known,
      ),
    ).toEqual([
      { id: "1", at, kind: "message", by: { kind: "member" }, body: "我需要帮助" },
      { id: "2", at, kind: "assignment", by: { kind: "you" }, to: { kind: "named", name: "李敏" } },
      { id: "3", at, kind: "status", by: { kind: "named", name: "李敏" }, status: "triaged", note: "" },
      { id: "4", at, kind: "note", by: { kind: "you" }, body: "先打电话" },
      { id: "5", at, kind: "transfer", by: { kind: "colleague" }, fromAreaId: "a", toAreaId: "b", note: "搬家" },
      { id: "6", at, kind: "assignment", by: { kind: "you" }, to: null },
    ]);
  });
});

describe("workerActions", () => {
  it("offers the worker's moves from each status, never the member's", () => {
    expect(Object.fromEntries(REQUEST_STATUSES.map((status) => [status, workerActions(status)]))).toEqual({
      submitted: ["triage", "start", "decline"],
      triaged: ["start", "resolve", "decline"],
      in_progress: ["askMember", "resolve", "decline"],
      waiting_for_member: ["resolve", "decline"],
      resolved: [],
      declined: [],
      withdrawn: [],
    });
  });
});
