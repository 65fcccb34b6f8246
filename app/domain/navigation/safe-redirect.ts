/** A same-site path to return to; anything that could leave the site becomes "/". */
export function safeRedirectPath(target: string | undefined, fallback = "/"): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  if (/\p{Cc}/u.test(target)) return fallback; // any control character (C0, DEL, C1)
  return target;
}
