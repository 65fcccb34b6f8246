import { describe, expect, it } from "vitest";
import { homeEntries } from "./home-entries";

const ids = (...args: Parameters<typeof homeEntries>) => homeEntries(...args).map((entry) => entry.id);

describe("what the home page offers", () => {
  it("asks a member without an area to finish setting up, first", () => {
    expect(ids({ roles: [], areaId: null })).toEqual(["finishSetup", "groups", "mentors", "testing", "help", "attendance", "identity", "lead", "mentor", "account", "about"]);
  });

  it("stops asking once the member has chosen an area", () => {
    expect(ids({ roles: [], areaId: "a1" })).toEqual(["groups", "mentors", "testing", "help", "attendance", "identity", "lead", "mentor", "account", "about"]);
  });

  it("gives social workers the help queue first, then the details shared with them, the testing sites, their figures and applications to lead and mentor, members' reports, and admins the roles, the hotlines and the audit log", () => {
    expect(ids({ roles: ["social_worker"], areaId: "a1" })).toEqual(["groups", "mentors", "testing", "help", "attendance", "identity", "helpQueue", "shared", "testingStaff", "dashboard", "leaderApplications", "mentorApplications", "reports", "lead", "mentor", "account", "about"]);
    expect(ids({ roles: ["admin"], areaId: "a1" })).toEqual(["groups", "mentors", "testing", "help", "attendance", "identity", "leaderApplications", "mentorApplications", "reports", "roles", "hotlines", "audit", "lead", "mentor", "account", "about"]);
    expect(ids({ roles: ["leader", "mentor"], areaId: "a1" })).toEqual(["groups", "mentors", "testing", "help", "attendance", "identity", "notifications", "lead", "mentor", "account", "about"]);
  });

  it("links each entry to its page", () => {
    expect(homeEntries({ roles: ["social_worker", "admin"], areaId: null }).map((entry) => entry.to)).toEqual(["/welcome", "/groups", "/mentors", "/testing", "/help", "/attendance", "/identity", "/staff/help", "/shared", "/staff/testing", "/staff/dashboard", "/staff/leaders", "/staff/mentors", "/staff/reports", "/admin/roles", "/admin/hotlines", "/admin/audit", "/lead", "/mentor", "/account", "/about"]);
  });
});
