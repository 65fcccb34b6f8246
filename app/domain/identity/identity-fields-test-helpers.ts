import { findIdentityProblems, normalizeIdentityFields, type IdentityField } from "./identity-fields";

/** The day the identity field tests take as today. */
export const TODAY = new Date(2024, 5, 15, 12, 0, 0); // local 2024-06-15

/** What findIdentityProblems says of one field typed alone. */
export function problemOf(field: IdentityField, value: string, today: Date = TODAY) {
  return findIdentityProblems({ [field]: value }, today)[field];
}

/** Normalises, then validates — the way the form uses the module. */
export function problemAfterNormalizing(field: IdentityField, typed: string) {
  const fields = normalizeIdentityFields({ [field]: typed });
  return { fields, problem: findIdentityProblems(fields, TODAY)[field] };
}
