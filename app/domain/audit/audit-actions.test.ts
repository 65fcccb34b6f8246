import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, auditActionKey, isAuditAction } from "./audit-actions";

const ROOT = join(import.meta.dirname, "../../..");

function filesUnder(folder: string, ending: RegExp): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((name) => ending.test(name) && !/\.test\.tsx?$/.test(name))
    .map((name) => join(ROOT, folder, name));
}

/** The action names code and migrations record: recordAudit's arguments and audit_log inserts' literals. */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  for (const file of filesUnder("app", /\.tsx?$/)) {
    const text = readFileSync(file, "utf8");
    for (const call of text.matchAll(/recordAudit\(\s*trx,\s*(?:\{\s*action:\s*)?"([a-z_.]+)"/g)) found.add(call[1] ?? "");
  }
  for (const file of filesUnder("supabase/migrations", /\.sql$/)) {
    const text = readFileSync(file, "utf8");
    for (const insert of text.matchAll(/insert into public\.audit_log[^;]*;/g)) {
      for (const literal of insert[0].matchAll(/'([a-z][a-z_]*\.[a-z_.]+)'/g)) found.add(literal[1] ?? "");
    }
  }
  return found;
}

describe("the audit log's actions", () => {
  it("include every action the code and the migrations record", () => {
    const recorded = [...recordedActions()];
    // The scan itself works: it finds actions of both kinds.
    expect(recorded).toEqual(expect.arrayContaining(["session.started", "identity.saved", "leader.approved"]));
    expect(recorded.filter((action) => !isAuditAction(action))).toEqual([]);
  });

  it("are lowercase words the table accepts, each with a key of its own", () => {
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z][a-z_.]{1,63}$/);
    expect(new Set(AUDIT_ACTIONS.map(auditActionKey)).size).toBe(AUDIT_ACTIONS.length);
    expect(auditActionKey("identity.share_revoked")).toBe("identity_share_revoked");
    expect(isAuditAction("identity.peeked")).toBe(false);
  });
});
