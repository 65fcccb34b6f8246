import type { StaffRole } from "~/domain/accounts/roles";

/**
 * What the home page offers, in order: one entry per thing a person can do here. Each later
 * feature (groups, testing, help, mentors, crisis) adds its entry to this list; staff see
 * their work entries too. An entry's words are `home.entries.<id>.title` and `.line`.
 */
export type HomeEntry = { id: HomeEntryId; to: `/${string}` };
export type HomeEntryId = "finishSetup" | "groups" | "testing" | "help" | "attendance" | "identity" | "helpQueue" | "shared" | "testingStaff" | "dashboard" | "leaderApplications" | "mentorApplications" | "reports" | "roles" | "hotlines" | "audit" | "notifications" | "lead" | "mentors" | "mentor" | "account" | "about";

export function homeEntries(account: { roles: readonly StaffRole[]; areaId: string | null }): HomeEntry[] {
  const entries: HomeEntry[] = [];
  // The welcome steps that can be finished later: choosing an area is the one that stays open.
  if (account.areaId === null) entries.push({ id: "finishSetup", to: "/welcome" });
  entries.push({ id: "groups", to: "/groups" }, { id: "mentors", to: "/mentors" }, { id: "testing", to: "/testing" }, { id: "help", to: "/help" }, { id: "attendance", to: "/attendance" }, { id: "identity", to: "/identity" });
  // The help queue first: it is where an overloaded social worker's day starts.
  if (account.roles.includes("social_worker")) {
    entries.push({ id: "helpQueue", to: "/staff/help" }, { id: "shared", to: "/shared" }, { id: "testingStaff", to: "/staff/testing" }, { id: "dashboard", to: "/staff/dashboard" });
  }
  if (account.roles.includes("social_worker") || account.roles.includes("admin")) entries.push({ id: "leaderApplications", to: "/staff/leaders" }, { id: "mentorApplications", to: "/staff/mentors" }, { id: "reports", to: "/staff/reports" });
  if (account.roles.includes("admin")) entries.push({ id: "roles", to: "/admin/roles" }, { id: "hotlines", to: "/admin/hotlines" }, { id: "audit", to: "/admin/audit" });
  // Those whom members can ask to talk now read it there (the badge in the header says when).
  if (account.roles.includes("leader") || account.roles.includes("mentor")) entries.push({ id: "notifications", to: "/notifications" });
  // Leaders open groups from the same page where members apply to lead; mentors answer requests where members apply to mentor.
  entries.push({ id: "lead", to: "/lead" }, { id: "mentor", to: "/mentor" }, { id: "account", to: "/account" }, { id: "about", to: "/about" });
  return entries;
}
