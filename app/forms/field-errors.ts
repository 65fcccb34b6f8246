import { safeParse, type core } from "zod/mini";
import { fieldFailure, type FieldErrors, type FormFailure } from "~/forms/form-reply";

/**
 * Zod's verdict as translation keys beside fields, the same on both sides: the server's
 * parseForm (forms/parse-form.server.ts) and the browser's checks of what a member typed
 * (forms/account-input.ts, decision 005).
 */

/** A message key such as "errors.handle.tooShort"; anything else becomes the generic one. */
const MESSAGE_KEY = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/;

/** The part of a zod issue this needs (structural, so any zod issue fits). */
type Issue = { readonly path: readonly PropertyKey[]; readonly message: string };

/**
 * One key per field, from the first issue about it: "errors.field.required" if the field
 * was not there at all (`isMissing`), the issue's message if it is a key, otherwise
 * "errors.field.invalid" (zod's own English never reaches a page). An issue about the
 * whole input is filed under "_form".
 */
export function fieldErrorsFromIssues(issues: readonly Issue[], isMissing: (field: string) => boolean = () => false): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "_form");
    if (fieldErrors[field]) continue;
    fieldErrors[field] = isMissing(field) ? "errors.field.required" : MESSAGE_KEY.test(issue.message) ? issue.message : "errors.field.invalid";
  }
  return fieldErrors;
}

/**
 * Checks input with a schema: its value, or a refusal shaped like the server's (keys beside
 * fields). Through zod/mini's parse, so a page that checks in the browser loads no more of zod
 * than its schemas use.
 */
export function checkInput<S extends core.$ZodType>(schema: S, input: core.input<S>): { ok: true; value: core.output<S> } | FormFailure {
  const parsed = safeParse(schema, input);
  return parsed.success ? { ok: true, value: parsed.data } : fieldFailure(fieldErrorsFromIssues(parsed.error.issues));
}
