/**
 * The mentor directory's filters as they live in the URL (area, language, experience, page),
 * so a search can be bookmarked and works without JavaScript. Parsing never throws: a value
 * that makes no sense is dropped and reported, as the group finder does.
 */
import { areaIdFilter, filterReader, oneOf, pageFilter } from "../navigation/url-filters";
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

export function parseDirectoryQuery(query: URLSearchParams): { filters: DirectoryQuery; dropped: DirectoryKey[] } {
  const { read, dropped } = filterReader<DirectoryKey>(query);
  const areaId = read("area", areaIdFilter);
  const language = read("language", (value) => oneOf(MENTOR_LANGUAGES, value));
  const experience = read("experience", (value) => oneOf(EXPERIENCE_AREAS, value));
  const page = read("page", pageFilter(DIRECTORY_MAX_PAGE));
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
