import { findIdentityProblems, normalizeIdentityFields, type IdentityFields } from "~/domain/identity/identity-fields";
import { fieldFailure, type UseCaseResult } from "~/forms/form-reply";

/**
 * What the member typed, made canonical and checked before anything is encrypted: the
 * fields to store, or the message key (`errors.identity.<problem>`) beside each field at fault.
 */
export function checkIdentityDraft(draft: IdentityFields, today: Date): UseCaseResult<{ fields: IdentityFields }> {
  const fields = normalizeIdentityFields(draft);
  const problems = Object.entries(findIdentityProblems(fields, today));
  if (problems.length === 0) return { ok: true, fields };
  return fieldFailure(Object.fromEntries(problems.map(([field, problem]) => [field, `errors.identity.${problem}`])));
}
