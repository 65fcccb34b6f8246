/**
 * Cross-site writes are refused before Remix sees them. Remix's own origin check
 * would throw (a 500) on them, and also on "Origin: null", which browsers send for
 * same-site form posts under our Referrer-Policy: no-referrer. So: refuse what is
 * cross-site, and drop a null Origin, leaving the CSRF token to decide.
 */
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type Headers = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function isCrossSiteWrite(method: string, headers: Headers): boolean {
  if (!UNSAFE_METHODS.has(method.toUpperCase())) return false;
  const site = single(headers["sec-fetch-site"]);
  if (site === "cross-site" || site === "same-site") return true;
  const origin = single(headers.origin);
  if (!origin || origin === "null") return false;
  const host = single(headers["x-forwarded-host"])?.split(",")[0]?.trim() || single(headers.host);
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export function hasNullOrigin(headers: Headers): boolean {
  return single(headers.origin) === "null";
}
