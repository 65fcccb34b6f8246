import { jsonReply } from "~/forms/parse-form.server";
import { rotatedCsrfCookie } from "~/forms/csrf.server";
import { fieldFailure, formFailure, type FormFailure } from "~/forms/form-reply";
import { getAuthProvider, type AuthRefusal } from "./auth-provider.server";
import { countAttempt, type RateLimitVerdict } from "./rate-limit.server";
import type { SessionGrant } from "./session.server";

/** How a refused auth step is told to the browser: one message, no hint whether the handle exists. */
export function refusedReply(refused: AuthRefusal, invalidMessage: FormFailure): Response {
  if (refused.reason === "rate-limited") {
    const { retryAfterSeconds } = refused;
    return jsonReply(429, formFailure("errors.form.rateLimited", { retryAfterSeconds }), { "Retry-After": String(retryAfterSeconds) });
  }
  if (refused.reason === "handle-taken") return jsonReply(409, fieldFailure({ handle: "errors.handle.taken" }));
  if (refused.reason === "challenge-failed") return jsonReply(400, formFailure("errors.challenge.failed"));
  if (refused.reason === "signed-out") return jsonReply(401, formFailure("errors.form.signedOut"));
  return jsonReply(401, invalidMessage);
}

function cookieHeaders(sessionCookie: string): Headers {
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie);
  // A new CSRF token whenever the session changes, so a token from before cannot be replayed.
  headers.append("Set-Cookie", rotatedCsrfCookie());
  return headers;
}

/** Starts a session for the member (on their own or a shared phone): Set-Cookie headers for it and for a fresh CSRF token. */
export async function startSessionHeaders(grant: SessionGrant, terms: { sharedPhone: boolean }): Promise<Headers> {
  return cookieHeaders(await getAuthProvider().startSession(grant, terms));
}

/**
 * What the browser is asked to forget when a session ends: its storage for this site
 * (sessionStorage holds the tab's sealed keys) and, on quick exit or account deletion, its cookies too (the
 * language choice says this site was used). Never "cache": Chromium can take seconds to
 * clear it, and quick exit must not wait. Pages are never cached anyway (no-store).
 */
const CLEAR_SITE_DATA = { signOut: '"storage"', leaveNoTrace: '"cookies", "storage"' } as const;

/** Ends this browser's session: Set-Cookie headers that clear it and issue a fresh CSRF token, and Clear-Site-Data. */
export async function endSessionHeaders(request: Request, why: keyof typeof CLEAR_SITE_DATA): Promise<Headers> {
  const headers = cookieHeaders(await getAuthProvider().endSession(request));
  headers.set("Clear-Site-Data", CLEAR_SITE_DATA[why]);
  return headers;
}

/**
 * Counts a signed-out lookup (a proof link opened, a statement code checked) against its
 * network's allowance, whichever auth provider runs: limited once over it.
 */
export function countPublicLookup(clientAddress: string): Promise<RateLimitVerdict> {
  return countAttempt("publicLookup", { clientAddress });
}
