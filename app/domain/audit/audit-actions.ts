/**
 * Every action the portal writes to the audit log (app code through recordAudit, and the
 * migrations' own inserts). The admins' search offers these; audit-actions.test.ts fails when
 * code or a migration records an action that is not here, so none is left unsearchable.
 */
export const AUDIT_ACTIONS = [
  "account.created",
  "account.deleted",
  "account.recovered",
  "session.started",
  "session.unlocked",
  "passphrase.changed",
  "recovery_code.replaced",
  "keys.replaced",
  "identity.saved",
  "identity.deleted",
  "identity.shared",
  "identity.share_revoked",
  "role.granted",
  "role.revoked",
  "staff_card.set",
  "abstinence.verified",
  "leader.approved",
  "leader.declined",
  "hotline.added",
  "hotline.changed",
  "hotline.removed",
  "mentor.approved",
  "mentor.declined",
  "mentor.suspended",
  "mentor.suspension_lifted",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** An action's words are `audit.actions.<key>`: the code with its dots as underscores (a dot would be a key path). */
export function auditActionKey(action: AuditAction): string {
  return action.replaceAll(".", "_");
}
