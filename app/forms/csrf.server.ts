import { randomBytes, timingSafeEqual } from "node:crypto";
import { isProduction } from "~/env.server";
import { readCookie, serializeCookie } from "~/server/cookies.server";

/**
 * Double-submit token: a random value in an httpOnly cookie, echoed by every form
 * in a hidden field. Signing in, signing out and changing the passphrase issue a new
 * one, so a token captured before cannot be replayed after. Cross-site requests are
 * also refused by Origin / Sec-Fetch-Site.
 */
export const CSRF_FIELD = "csrf";
const CSRF_COOKIE = "tx_csrf";
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function newToken(): string {
  return randomBytes(32).toString("base64url");
}

function tokenCookie(token: string): string {
  return serializeCookie(CSRF_COOKIE, token, { secure: isProduction() });
}

/** This browser's token, and a Set-Cookie header when it had none yet. */
export function csrfTokenFor(request: Request): { token: string; setCookie?: string } {
  const existing = readCookie(request, CSRF_COOKIE);
  if (existing && TOKEN_PATTERN.test(existing)) return { token: existing };
  const token = newToken();
  return { token, setCookie: tokenCookie(token) };
}

export function rotatedCsrfCookie(): string {
  return tokenCookie(newToken());
}

/** Defence in depth behind the server's cross-site guard (app/server/cross-site.ts). */
function isSameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = request.headers.get("origin");
  return !origin || origin === "null" || origin === new URL(request.url).origin;
}

export function isCsrfValid(request: Request, submitted: FormDataEntryValue | null): boolean {
  if (!isSameOrigin(request)) return false;
  const expected = readCookie(request, CSRF_COOKIE);
  if (!expected || typeof submitted !== "string" || !TOKEN_PATTERN.test(submitted)) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
