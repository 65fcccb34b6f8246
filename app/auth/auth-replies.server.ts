import { jsonReply } from "~/forms/parse-form.server";
import type { FormFailure } from "~/forms/form-reply";

/** How a refused auth step is told to the browser: one message, no hint whether the handle exists. */
export function refusedReply(
  refused: { reason: "invalid" | "handle-taken" } | { reason: "rate-limited"; retryAfterSeconds: number },
  invalidMessage: Omit<FormFailure, "ok">,
): Response {
  if (refused.reason === "rate-limited") {
    return jsonReply<FormFailure>(
      429,
      { ok: false, fieldErrors: {}, formError: "errors.form.rateLimited", retryAfterSeconds: refused.retryAfterSeconds },
      { "Retry-After": String(refused.retryAfterSeconds) },
    );
  }
  if (refused.reason === "handle-taken") {
    return jsonReply<FormFailure>(409, { ok: false, fieldErrors: { handle: "errors.handle.taken" } });
  }
  return jsonReply<FormFailure>(401, { ok: false, ...invalidMessage });
}

/** Set-Cookie headers for a fresh session and a fresh CSRF token. */
export function sessionHeaders(sessionCookie: string, csrfCookie: string): Headers {
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie);
  headers.append("Set-Cookie", csrfCookie);
  return headers;
}
