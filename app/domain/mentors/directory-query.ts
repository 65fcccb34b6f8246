/**
 * The mentor directory's filters as they live in the URL (area, language, experience, page),
 * so a search can be bookmarked and works without JavaScript. Parsing never throws: a value
 * that makes no sense is dropped and reported, as the group finder does.
 */
import { isUuid } from "../formats/uuid";
import { EXPERIENCE_AREAS, MENTOR_LANGUAGES, type ExperienceArea } from "./mentor-fields";
import type { GroupLanguage } from "../groups/meeting-fields";

export interface DirectoryQuery {
  areaId: string | null;
  language: GroupLanguage | null;
  experience: ExperienceArea | null;
  page: number;
}

export const DIRECTORY_MAX_PAGE = 500;

type DirectoryKey = "area" | "language" | "experience" | "page";

function oneOf<T extends string>(allowed: readonly T[], value: string): T | null {
  return (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export function parseDirectoryQuery(query: URLSearchParams): { filters: DirectoryQuery; dropped: DirectoryKey[] } {
  const dropped: DirectoryKey[] = [];
  const read = <T>(key: DirectoryKey, parse: (value: string) => T | null): T | null => {
    const value = query.get(key);
    if (value === null || value === "") return null;
    const parsed = parse(value);
    if (parsed === null) dropped.push(key);
    return parsed;
  };
  const areaId = read("area", (value) => (isUuid(value) ? value.toLowerCase() : null));
  const language = read("language", (value) => oneOf(MENTOR_LANGUAGES, value));
  const experience = read("experience", (value) => oneOf(EXPERIENCE_AREAS, value));
  const page = read("page", (value) => (/^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= DIRECTORY_MAX_PAGE ? Number(value) : null));
  return { filters: { areaId, language, experience, page: page ?? 1 }, dropped };
}

export function directoryQueryString(filters: DirectoryQuery): string {
  const query = new URLSearchParams();
  if (filters.areaId) query.set("area", filters.areaId);
  if (filters.language) query.set("language", filters.language);
  if (filters.experience) query.set("experience", filters.experience);
  if (filters.page > 1) query.set("page", String(filters.page));
  const text = query.toString();
  return text ? `?${text}` : "";
}
