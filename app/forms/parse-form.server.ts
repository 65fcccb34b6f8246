import { data } from "@remix-run/node";
import type { z } from "zod";
import { CSRF_FIELD, isCsrfValid } from "~/forms/csrf.server";
import { fieldErrorsFromIssues } from "./field-errors";
import { fieldFailure, formFailure, type FieldErrors, type FormFailure } from "./form-reply";

export type Refusal = { status: number; body: FormFailure };
export type ParsedForm<T> = { ok: true; value: T } | ({ ok: false } & Refusal);

export function refusal(status: number, body: FormFailure): Refusal {
  return { status, body };
}

/**
 * How each reason a data or auth function gives for refusing maps to a reply: a table per
 * route, so that a route reads `refusals[result.reason]` instead of a chain of conditions.
 */
export type Refusals<Reason extends string> = Record<Reason, Refusal>;

/** The reasons a result type can give for refusing: `RefusalReason<GrantRoleResult>` = "not-allowed" | …. */
export type RefusalReason<Result> = Result extends { ok: false; reason: infer Reason extends string } ? Reason : never;

/** A refusal as a JSON response, for resource routes. */
export function jsonRefusal({ status, body }: Refusal, headers?: HeadersInit): Response {
  return jsonReply(status, body, headers);
}

/** For page actions (decoded by Remix). */
export function formReply({ status, body }: Refusal, headers?: HeadersInit) {
  return data<FormFailure>(body, { status, headers });
}

/** For resource routes the browser's crypto code calls with fetch(). */
export function jsonReply<T>(status: number, body: T, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}

/**
 * Reads a urlencoded or multipart form, checks its CSRF token, and parses it with
 * the schema. Files and repeated fields are refused: no form of ours sends them.
 * On failure, returns a 4xx reply with translated-message keys and nothing changed.
 */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S): Promise<ParsedForm<z.output<S>>> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return { ok: false, ...refusal(400, formFailure("errors.form.unreadable")) };
  }
  if (!isCsrfValid(request, form.get(CSRF_FIELD))) {
    return { ok: false, ...refusal(403, formFailure("errors.form.csrf")) };
  }
  const fields: Record<string, string> = {};
  const fieldErrors: FieldErrors = {};
  for (const [name, value] of form.entries()) {
    if (name === CSRF_FIELD) continue;
    if (typeof value !== "string" || name in fields) {
      fieldErrors[name] = "errors.field.invalid";
      continue;
    }
    fields[name] = value;
  }
  if (Object.keys(fieldErrors).length > 0) {
    return { ok: false, ...refusal(400, fieldFailure(fieldErrors)) };
  }
  const parsed = schema.safeParse(fields);
  if (parsed.success) return { ok: true, value: parsed.data };
  const refused = fieldErrorsFromIssues(parsed.error.issues, (field) => fields[field] === undefined);
  return { ok: false, ...refusal(400, fieldFailure(refused)) };
}
