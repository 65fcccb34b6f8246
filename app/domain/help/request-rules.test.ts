import { describe, expect, it } from "vitest";
import { actionsFor, isOpenRequest, nextRequestStatus, REQUEST_ACTIONS, REQUEST_STATUSES, type RequestAction, type RequestActor, type RequestStatus } from "./request-rules";

/** Every allowed move, written out by hand: the table the code must match exactly. */
const ALLOWED: readonly [RequestStatus, RequestAction, RequestActor, RequestStatus][] = [
  ["submitted", "triage", "worker", "triaged"],
  ["submitted", "start", "worker", "in_progress"],
  ["triaged", "start", "worker", "in_progress"],
  ["in_progress", "askMember", "worker", "waiting_for_member"],
  ["waiting_for_member", "memberReplied", "member", "in_progress"],
  ["triaged", "resolve", "worker", "resolved"],
  ["in_progress", "resolve", "worker", "resolved"],
  ["waiting_for_member", "resolve", "worker", "resolved"],
  ["submitted", "decline", "worker", "declined"],
  ["triaged", "decline", "worker", "declined"],
  ["in_progress", "decline", "worker", "declined"],
  ["waiting_for_member", "decline", "worker", "declined"],
  ["submitted", "withdraw", "member", "withdrawn"],
  ["triaged", "withdraw", "member", "withdrawn"],
  ["in_progress", "withdraw", "member", "withdrawn"],
  ["waiting_for_member", "withdraw", "member", "withdrawn"],
];

describe("a help request's states", () => {
  it("allows exactly the moves in the table, for every status, action and actor", () => {
    for (const status of REQUEST_STATUSES) {
      for (const action of REQUEST_ACTIONS) {
        for (const actor of ["member", "worker"] as const) {
          const allowed = ALLOWED.find(([from, a, by]) => from === status && a === action && by === actor);
          const result = nextRequestStatus(status, action, actor, "a note");
          expect(result, `${status} ${action} by ${actor}`).toEqual(allowed ? { ok: true, status: allowed[3] } : { ok: false, reason: expect.stringMatching(/^(notYours|notNow)$/) });
        }
      }
    }
  });

  it("says whose action it is before whether it fits the status", () => {
    expect(nextRequestStatus("submitted", "resolve", "member")).toEqual({ ok: false, reason: "notYours" });
    expect(nextRequestStatus("resolved", "withdraw", "worker")).toEqual({ ok: false, reason: "notYours" });
    expect(nextRequestStatus("submitted", "resolve", "worker")).toEqual({ ok: false, reason: "notNow" });
    expect(nextRequestStatus("withdrawn", "withdraw", "member")).toEqual({ ok: false, reason: "notNow" });
  });

  it("needs a note the member will read to decline", () => {
    expect(nextRequestStatus("triaged", "decline", "worker")).toEqual({ ok: false, reason: "noteRequired" });
    expect(nextRequestStatus("triaged", "decline", "worker", "  \n ")).toEqual({ ok: false, reason: "noteRequired" });
    expect(nextRequestStatus("triaged", "decline", "worker", "这不在我们的服务范围内")).toEqual({ ok: true, status: "declined" });
  });

  it("is closed once resolved, declined or withdrawn, and nothing moves it after", () => {
    expect(REQUEST_STATUSES.filter((status) => !isOpenRequest(status))).toEqual(["resolved", "declined", "withdrawn"]);
    for (const status of ["resolved", "declined", "withdrawn"] as const) {
      expect(actionsFor(status, "worker")).toEqual([]);
      expect(actionsFor(status, "member")).toEqual([]);
    }
  });

  it("offers each side the actions the table allows it", () => {
    expect(actionsFor("submitted", "worker")).toEqual(["triage", "start", "decline"]);
    expect(actionsFor("in_progress", "worker")).toEqual(["askMember", "resolve", "decline"]);
    expect(actionsFor("waiting_for_member", "member")).toEqual(["memberReplied", "withdraw"]);
    expect(actionsFor("triaged", "member")).toEqual(["withdraw"]);
  });
});
