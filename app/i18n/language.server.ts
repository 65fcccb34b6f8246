import { LOCALES } from "~/domain/accounts/locales";
import { defaultLanguage, isLanguage, type Language } from "./config";
import { readCookie, serializeCookie } from "~/server/cookies.server";

export const LANGUAGE_COOKIE = "tx_lang";

/** Cookie first (the member's own choice), then Accept-Language, then zh-CN. */
export function detectLanguage(request: Request): Language {
  const chosen = readCookie(request, LANGUAGE_COOKIE);
  if (isLanguage(chosen)) return chosen;
  return pickFromAcceptLanguage(request.headers.get("accept-language"));
}

export function pickFromAcceptLanguage(header: string | null): Language {
  if (!header) return defaultLanguage;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number.parseFloat(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === "*") return defaultLanguage;
    if (tag.startsWith("zh")) return "zh-CN";
    const exact = LOCALES.find((l) => l.toLowerCase() === tag || l.toLowerCase() === tag.split("-")[0]);
    if (exact) return exact;
  }
  return defaultLanguage;
}

export function languageCookie(language: Language, secure: boolean): string {
  return serializeCookie(LANGUAGE_COOKIE, language, { maxAgeSeconds: 365 * 24 * 3600, httpOnly: true, secure });
}
