import { describe, expect, it } from "vitest";
import { checkInput } from "~/forms/field-errors";
import { HelpStaffAction, parseQueueQuery, queueQueryString, QueueAction, type QueueQuery } from "~/forms/help-staff";

const none: QueueQuery = { category: null, status: null, urgency: null, minDaysWaiting: null, page: 1 };
const query = (text: string) => parseQueueQuery(new URLSearchParams(text));

describe("the queue's filters in the address", () => {
  it("reads every filter, and nothing as every open request on page 1", () => {
    expect(query("")).toEqual({ filters: none, dropped: [] });
    expect(query("category=welfare&status=waiting_for_member&urgency=urgent&waited=7&page=3")).toEqual({
      filters: { category: "welfare", status: "waiting_for_member", urgency: "urgent", minDaysWaiting: 7, page: 3 },
      dropped: [],
    });
  });

  it("drops each value that makes no sense, alone, and says which", () => {
    expect(query("category=weapons&status=open&urgency=urgent&waited=2&page=0")).toEqual({ filters: { ...none, urgency: "urgent" }, dropped: ["category", "status", "waited", "page"] });
    expect(query("page=401").dropped).toEqual(["page"]);
    expect(query("page=1.5&waited=-1").dropped).toEqual(["waited", "page"]);
    expect(query("category=&unknown=1")).toEqual({ filters: none, dropped: [] });
  });

  it("writes what it reads", () => {
    const filters: QueueQuery = { category: "legal_aid", status: "resolved", urgency: "soon", minDaysWaiting: 30, page: 2 };
    expect(query(queueQueryString(filters).slice(1))).toEqual({ filters, dropped: [] });
    expect(queueQueryString(none)).toBe("");
  });
});

describe("the request page's forms", () => {
  it("declining needs the note the member will read, beside that field", () => {
    expect(checkInput(HelpStaffAction, { intent: "act", move: "decline", memberNote: "   " })).toEqual({ ok: false, fieldErrors: { memberNote: "errors.helpStaff.declineNote" } });
    expect(checkInput(HelpStaffAction, { intent: "act", move: "decline", memberNote: " 这个不在我们能帮的范围内。 " })).toEqual({
      ok: true,
      value: { intent: "act", move: "decline", memberNote: "这个不在我们能帮的范围内。" },
    });
    expect(checkInput(HelpStaffAction, { intent: "act", move: "triage", memberNote: "" })).toEqual({ ok: true, value: { intent: "act", move: "triage", memberNote: "" } });
  });

  it("offers only the worker's moves", () => {
    for (const move of ["withdraw", "memberReplied", "delete"]) expect(HelpStaffAction.safeParse({ intent: "act", move, memberNote: "" }).success).toBe(false);
  });

  it("refuses an empty or too long message or note beside its field", () => {
    const idempotencyKey = crypto.randomUUID();
    expect(checkInput(HelpStaffAction, { intent: "message", message: " \n ", idempotencyKey })).toEqual({ ok: false, fieldErrors: { message: "errors.helpStaff.messageEmpty" } });
    expect(checkInput(HelpStaffAction, { intent: "note", staffNote: "", idempotencyKey })).toEqual({ ok: false, fieldErrors: { staffNote: "errors.helpStaff.noteEmpty" } });
    expect(checkInput(HelpStaffAction, { intent: "note", staffNote: "x".repeat(4001), idempotencyKey })).toEqual({ ok: false, fieldErrors: { staffNote: "errors.helpStaff.tooLong" } });
    expect(checkInput(HelpStaffAction, { intent: "message", message: "x".repeat(4000), idempotencyKey }).ok).toBe(true);
  });

  it("needs the form's key with a message or note, so one sent twice is stored once", () => {
    for (const idempotencyKey of [undefined, "", "not-a-key"]) {
      expect(HelpStaffAction.safeParse({ intent: "message", message: "你好", idempotencyKey }).success).toBe(false);
      expect(HelpStaffAction.safeParse({ intent: "note", staffNote: "备注", idempotencyKey }).success).toBe(false);
    }
  });

  it("assigns to a colleague only by an id, and hands over by the picks", () => {
    expect(checkInput(HelpStaffAction, { intent: "assign", workerId: "李敏" })).toEqual({ ok: false, fieldErrors: { workerId: "errors.helpStaff.colleague" } });
    const area = "a0000000-0000-4000-8000-000000440104";
    expect(checkInput(HelpStaffAction, { intent: "transfer", areaPick0: area, areaPick1: "", transferNote: " 搬家了 " })).toEqual({
      ok: true,
      value: { intent: "transfer", areaPick0: area, areaPick1: "", transferNote: "搬家了" },
    });
    expect(checkInput(QueueAction, { intent: "assignMe", requestId: "not-an-id" })).toEqual({ ok: false, fieldErrors: { requestId: "errors.form.invalid" } });
  });
});
