import { describe, expect, it } from "vitest";
import { askedFacts } from "./request-facts";

describe("askedFacts", () => {
  it("keeps what was asked, the time as text, and nothing else of the row", () => {
    const row = { id: "r1", category: "jobs", urgency: "urgent", contactWay: "portal", description: "找工作", status: "submitted", createdAt: new Date("2026-12-01T10:00:00Z"), memberId: "m1", assignedTo: "w1" } as const;
    expect(askedFacts(row)).toEqual({ id: "r1", category: "jobs", urgency: "urgent", contactWay: "portal", description: "找工作", status: "submitted", createdAt: "2026-12-01T10:00:00.000Z" });
  });
});
