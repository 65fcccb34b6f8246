/**
 * Dates as members read them. One fixed time zone (China Standard Time) so that
 * the server's rendering and the browser's agree.
 */
const TIME_ZONE = "Asia/Shanghai";

export function formatDate(value: Date | string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: TIME_ZONE }).format(new Date(value));
}

export function formatDateTime(value: Date | string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE }).format(new Date(value));
}
