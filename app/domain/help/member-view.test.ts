import { describe, expect, it } from "vitest";
import { memberChoices, memberTimeline, statusMeaning } from "./member-view";
import { REQUEST_STATUSES } from "./request-rules";

describe("statusMeaning", () => {
  it("tells the member whose turn it is for every status", () => {
    expect(Object.fromEntries(REQUEST_STATUSES.map((status) => [status, statusMeaning(status)]))).toEqual({
      submitted: "withWorkers",
      triaged: "withWorkers",
      in_progress: "withWorkers",
      waiting_for_member: "yourTurn",
      resolved: "finished",
      declined: "finished",
      withdrawn: "finished",
    });
  });
});

describe("memberChoices", () => {
  it("offers writing and withdrawing while open, nothing once closed", () => {
    expect(memberChoices("submitted")).toEqual({ reply: true, withdraw: true });
    expect(memberChoices("waiting_for_member")).toEqual({ reply: true, withdraw: true });
    for (const status of ["resolved", "declined", "withdrawn"] as const) expect(memberChoices(status)).toEqual({ reply: false, withdraw: false });
  });
});

describe("memberTimeline", () => {
  const at = new Date("2026-12-01T10:00:00Z");
  const event = { authorId: null, toStatus: null, body: "", toAreaId: null, assigneeId: null, createdAt: at };
  it("marks messages by who wrote them and keeps status notes, assignments and hand-overs", () => {
    const lines = memberTimeline(
      [
        { ...event, id: "1", kind: "status", toStatus: "submitted", authorId: "me" },
        { ...event, id: "2", kind: "assignment", authorId: "w", assigneeId: "w" },
        { ...event, id: "3", kind: "message", authorId: "w", body: "Which office?" },
        { ...event, id: "4", kind: "message", authorId: "me", body: "Tianhe" },
        { ...event, id: "5", kind: "note", authorId: "w", body: "internal" },
        { ...event, id: "6", kind: "transfer", authorId: "w", toAreaId: "a2", body: "moved" },
        { ...event, id: "7", kind: "status", toStatus: "declined", authorId: "w", body: "Not something we can do" },
      ],
      "me",
    );
    expect(lines).toEqual([
      { id: "1", at, kind: "status", status: "submitted", note: "" },
      { id: "2", at, kind: "assignment", workerName: null },
      { id: "3", at, kind: "message", from: "worker", workerName: null, body: "Which office?" },
      { id: "4", at, kind: "message", from: "you", workerName: null, body: "Tianhe" },
      { id: "6", at, kind: "transfer", toAreaId: "a2", note: "moved" },
      { id: "7", at, kind: "status", status: "declined", note: "Not something we can do" },
    ]);
  });

  it("names a social worker by the card the member may read, and only a worker", () => {
    const names = new Map([["w", "李敏"], ["me", "not a worker"]]);
    const lines = memberTimeline(
      [
        { ...event, id: "1", kind: "assignment", authorId: "boss", assigneeId: "w" },
        { ...event, id: "2", kind: "message", authorId: "w", body: "你好" },
        { ...event, id: "3", kind: "message", authorId: "other", body: "我是王社工" },
        { ...event, id: "4", kind: "message", authorId: "me", body: "谢谢" },
      ],
      "me",
      names,
    );
    expect(lines.map((line) => ("workerName" in line ? line.workerName : undefined))).toEqual(["李敏", "李敏", null, null]);
  });
});
