import { describe, expect, it } from "vitest";
import { homeEntries } from "./home-entries";

const ids = (...args: Parameters<typeof homeEntries>) => {
  const { work, own } = homeEntries(...args);
  return { work: work.map((entry) => entry.id), own: own.map((entry) => entry.id) };
};

const MEMBER_ENTRIES = ["groups", "mentors", "testing", "help", "attendance", "identity", "lead", "mentor", "account", "about"];

describe("what the home page offers", () => {
  it("asks a member without an area to finish setting up, first", () => {
    expect(ids({ roles: [], areaId: null })).toEqual({ work: [], own: ["finishSetup", ...MEMBER_ENTRIES] });
  });

  it("stops asking once the member has chosen an area", () => {
    expect(ids({ roles: [], areaId: "a1" })).toEqual({ work: [], own: MEMBER_ENTRIES });
  });

  it("gives social workers their work apart: the help queue first, then the details shared with them, the testing sites, their figures, applications to lead and mentor, and members' reports", () => {
    expect(ids({ roles: ["social_worker"], areaId: "a1" })).toEqual({
      work: ["helpQueue", "shared", "testingStaff", "dashboard", "leaderApplications", "mentorApplications", "reports"],
      own: MEMBER_ENTRIES,
    });
  });

  it("gives admins the applications, the reports, the roles, the hotlines and the audit log as their work", () => {
    expect(ids({ roles: ["admin"], areaId: "a1" })).toEqual({ work: ["leaderApplications", "mentorApplications", "reports", "roles", "hotlines", "audit"], own: MEMBER_ENTRIES });
  });

  it("keeps leaders and mentors with the members' entries, their notifications among them", () => {
    expect(ids({ roles: ["leader", "mentor"], areaId: "a1" })).toEqual({
      work: [],
      own: ["groups", "mentors", "testing", "help", "attendance", "identity", "notifications", "lead", "mentor", "account", "about"],
    });
  });

  it("links each entry to its page", () => {
    const { work, own } = homeEntries({ roles: ["social_worker", "admin"], areaId: null });
    expect(work.map((entry) => entry.to)).toEqual(["/staff/help", "/shared", "/staff/testing", "/staff/dashboard", "/staff/leaders", "/staff/mentors", "/staff/reports", "/admin/roles", "/admin/hotlines", "/admin/audit"]);
    expect(own.map((entry) => entry.to)).toEqual(["/welcome", "/groups", "/mentors", "/testing", "/help", "/attendance", "/identity", "/lead", "/mentor", "/account", "/about"]);
  });
});
