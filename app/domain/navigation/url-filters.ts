/**
 * Search filters read from an address (the group finder, the mentor directory): each key is
 * parsed on its own, and a value that makes no sense is dropped and reported, never thrown.
 */
import { isUuid } from "../formats/uuid";

export function oneOf<T extends string>(allowed: readonly T[], value: string): T | null {
  return (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** An area id as the database prints it, or null. */
export const areaIdFilter = (value: string): string | null => (isUuid(value) ? value.toLowerCase() : null);

/** A page number from 1 to `max`, or null. */
export const pageFilter = (max: number) => (value: string): number | null => (/^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= max ? Number(value) : null);

/** `read(key, parse)`: the parsed value, or null when the key is absent or empty; `dropped` lists the keys whose values made no sense, in reading order. */
export function filterReader<K extends string>(query: URLSearchParams): { read: <T>(key: K, parse: (value: string) => T | null) => T | null; dropped: K[] } {
  const dropped: K[] = [];
  const read = <T>(key: K, parse: (value: string) => T | null): T | null => {
    const value = query.get(key);
    if (value === null || value === "") return null;
    const parsed = parse(value);
    if (parsed === null) dropped.push(key);
    return parsed;
  };
  return { read, dropped };
}
