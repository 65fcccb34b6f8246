/** The one place cookies are read and written: httpOnly and SameSite=Lax always. */
export type CookieOptions = { maxAgeSeconds?: number; httpOnly?: boolean; secure: boolean };

export function readCookie(request: Request, name: string): string | undefined {
  return readCookieFromHeader(request.headers.get("cookie"), name);
}

/** A cookie's value from a Cookie header (as Node's request has it, before Remix makes a Request). */
export function readCookieFromHeader(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "SameSite=Lax"];
  if (options.httpOnly !== false) parts.push("HttpOnly");
  if (options.secure) parts.push("Secure");
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join("; ");
}

export function expireCookie(name: string, secure: boolean): string {
  return serializeCookie(name, "", { maxAgeSeconds: 0, secure });
}

/** A Cookie header with one cookie's value replaced, or taken out (null), for the handler that reads it next. */
export function replaceCookieInHeader(header: string, name: string, value: string | null): string {
  const others = header
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "" && part.slice(0, Math.max(part.indexOf("="), 0)).trim() !== name);
  return (value === null ? others : [...others, `${name}=${encodeURIComponent(value)}`]).join("; ");
}
