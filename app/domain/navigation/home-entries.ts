import type { StaffRole } from "~/domain/accounts/roles";

/**
 * What the home page offers, in order: one entry per thing a person can do here. Each later
 * feature (groups, testing, help, mentors, crisis) adds its entry to this list. Staff get
 * their work as a list of its own, which the page shows first: a social worker opens the
 * portal to work. An entry's words are `home.entries.<id>.title` and `.line`.
 */
export type HomeEntry = { id: HomeEntryId; to: `/${string}` };
export type HomeEntryId = "finishSetup" | "groups" | "testing" | "help" | "attendance" | "identity" | "helpQueue" | "shared" | "testingStaff" | "dashboard" | "leaderApplications" | "mentorApplications" | "reports" | "roles" | "hotlines" | "audit" | "notifications" | "lead" | "mentors" | "mentor" | "account" | "about";

/** `work`: a staff member's pages (none for everyone else); `own`: what every member can do. */
export type HomeEntries = { work: HomeEntry[]; own: HomeEntry[] };

export function homeEntries(account: { roles: readonly StaffRole[]; areaId: string | null }): HomeEntries {
  const work: HomeEntry[] = [];
  // The help queue first: it is where an overloaded social worker's day starts.
  if (account.roles.includes("social_worker")) {
    work.push({ id: "helpQueue", to: "/staff/help" }, { id: "shared", to: "/shared" }, { id: "testingStaff", to: "/staff/testing" }, { id: "dashboard", to: "/staff/dashboard" });
  }
  if (account.roles.includes("social_worker") || account.roles.includes("admin")) work.push({ id: "leaderApplications", to: "/staff/leaders" }, { id: "mentorApplications", to: "/staff/mentors" }, { id: "reports", to: "/staff/reports" });
  if (account.roles.includes("admin")) work.push({ id: "roles", to: "/admin/roles" }, { id: "hotlines", to: "/admin/hotlines" }, { id: "audit", to: "/admin/audit" });

  const own: HomeEntry[] = [];
  // The welcome steps that can be finished later: choosing an area is the one that stays open.
  if (account.areaId === null) own.push({ id: "finishSetup", to: "/welcome" });
  own.push({ id: "groups", to: "/groups" }, { id: "mentors", to: "/mentors" }, { id: "testing", to: "/testing" }, { id: "help", to: "/help" }, { id: "attendance", to: "/attendance" }, { id: "identity", to: "/identity" });
  // Those whom members can ask to talk now read it there (the badge in the header says when).
  if (account.roles.includes("leader") || account.roles.includes("mentor")) own.push({ id: "notifications", to: "/notifications" });
  // Leaders open groups from the same page where members apply to lead; mentors answer requests where members apply to mentor.
  own.push({ id: "lead", to: "/lead" }, { id: "mentor", to: "/mentor" }, { id: "account", to: "/account" }, { id: "about", to: "/about" });
  return { work, own };
}
