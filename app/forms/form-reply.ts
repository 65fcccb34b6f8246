/**
 * What an action sends back when input is refused: translation keys beside each
 * field, and one for the whole form. Shared by the server (which builds it) and
 * the components (which show it).
 */
export type FieldErrors = Record<string, string>;
export type FormFailure = {
  ok: false;
  fieldErrors: FieldErrors;
  formError?: string;
  retryAfterSeconds?: number;
  /** Which of several forms on one page was refused (its "intent"), so only that one shows it. */
  intent?: string;
};

/** What a browser use case (features/) returns: its result, or a refusal to show beside the form. */
export type UseCaseResult<T extends object = object> = ({ ok: true } & T) | FormFailure;

/** What a browser use case that posts takes: the CSRF token, and a call for when the slow work starts (after the checks pass). */
export type UseCaseOptions = { csrf: string; onWorking?: () => void };

/** A refusal with one message for the whole form. */
export function formFailure(formError: string, extra: { retryAfterSeconds?: number } = {}): FormFailure {
  return { ok: false, fieldErrors: {}, formError, ...extra };
}

/** A refusal with messages beside fields. */
export function fieldFailure(fieldErrors: FieldErrors): FormFailure {
  return { ok: false, fieldErrors };
}

export function isFormFailure(value: unknown): value is FormFailure {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

/** A reply's whole-form message if it belongs to the form with this intent. */
export function failureFor(reply: unknown, intents: readonly string[]): string | undefined {
  return isFormFailure(reply) && reply.intent !== undefined && intents.includes(reply.intent) ? reply.formError : undefined;
}

/** The translation key for a field, or undefined. */
export function fieldError(reply: unknown, field: string): string | undefined {
  return isFormFailure(reply) ? reply.fieldErrors[field] : undefined;
}

/**
 * Keeps the errors of fields the page shows; an error on anything else (a derived
 * key the browser computed) can only be fixed by starting over, so it becomes one
 * message for the whole form.
 */
export function errorsForPage(reply: FormFailure, visibleFields: readonly string[]): { fieldErrors: FieldErrors; formError?: string } {
  const fieldErrors: FieldErrors = {};
  let hidden = false;
  for (const [field, message] of Object.entries(reply.fieldErrors)) {
    if (visibleFields.includes(field)) fieldErrors[field] = message;
    else hidden = true;
  }
  return { fieldErrors, formError: reply.formError ?? (hidden ? "errors.form.invalid" : undefined) };
}
