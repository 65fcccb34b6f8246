import { jsonReply } from "~/forms/parse-form.server";
import { rotatedCsrfCookie } from "~/forms/csrf.server";
import { endSession, startSession } from "./session.server";
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

function cookieHeaders(sessionCookie: string): Headers {
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie);
  // A new CSRF token whenever the session changes, so a token from before cannot be replayed.
  headers.append("Set-Cookie", rotatedCsrfCookie());
  return headers;
}

/** Starts a session for the member: Set-Cookie headers for it and for a fresh CSRF token. */
export async function startSessionHeaders(userId: string): Promise<Headers> {
  return cookieHeaders(await startSession(userId));
}

/** Ends this browser's session: Set-Cookie headers that clear it and issue a fresh CSRF token. */
export async function endSessionHeaders(request: Request): Promise<Headers> {
  return cookieHeaders(await endSession(request));
}
