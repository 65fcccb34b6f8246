/** A UUID in its canonical text form, as Postgres prints it (any version). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/** Lower case only: the exact text Postgres prints, for places where the text itself is bound (associated data). */
export function isLowerCaseUuid(value: unknown): value is string {
  return isUuid(value) && value === value.toLowerCase();
}
