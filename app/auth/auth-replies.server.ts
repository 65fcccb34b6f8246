import { jsonReply } from "~/forms/parse-form.server";
import { rotatedCsrfCookie } from "~/forms/csrf.server";
import { fieldFailure, formFailure, type FormFailure } from "~/forms/form-reply";
import { getAuthProvider, type AuthRefusal } from "./auth-provider.server";

/** How a refused auth step is told to the browser: one message, no hint whether the handle exists. */
export function refusedReply(refused: AuthRefusal, invalidMessage: FormFailure): Response {
  if (refused.reason === "rate-limited") {
    const { retryAfterSeconds } = refused;
    return jsonReply(429, formFailure("errors.form.rateLimited", { retryAfterSeconds }), { "Retry-After": String(retryAfterSeconds) });
  }
  if (refused.reason === "handle-taken") return jsonReply(409, fieldFailure({ handle: "errors.handle.taken" }));
  return jsonReply(401, invalidMessage);
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
  return cookieHeaders(await getAuthProvider().startSession(userId));
}

/** Ends this browser's session: Set-Cookie headers that clear it and issue a fresh CSRF token. */
export async function endSessionHeaders(request: Request): Promise<Headers> {
  return cookieHeaders(await getAuthProvider().endSession(request));
}
