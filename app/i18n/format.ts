/**
 * Dates as members read them. One fixed time zone (China Standard Time) so that
 * the server's rendering and the browser's agree. Formatters are made once per language
 * and style: making an Intl.DateTimeFormat costs far more than using one, and a table of
 * fifty dates would otherwise make fifty.
 */
const TIME_ZONE = "Asia/Shanghai";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, style: "date" | "dateTime"): Intl.DateTimeFormat {
  const key = `${language}|${style}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(language, { dateStyle: "medium", ...(style === "dateTime" ? { timeStyle: "short" } : {}), timeZone: TIME_ZONE });
    formatters.set(key, made);
  }
  return made;
}

export function formatDate(value: Date | string, language: string): string {
  return formatter(language, "date").format(new Date(value));
}

export function formatDateTime(value: Date | string, language: string): string {
  return formatter(language, "dateTime").format(new Date(value));
}
