/**
 * The pages of a social worker's list of shares (/shared): soonest expiry first, SHARES_PAGE_SIZE
 * at a time, each page's address naming the share it starts after (`?after=`) or ends before
 * (`?before=`), as keyset-pages.ts reads them.
 */
import { isUuid } from "../formats/uuid";
import type { KeysetFrom } from "../navigation/keyset-pages";

/** A page fits a phone's screen a few times over; the soonest to expire, the ones to act on, come first. */
export const SHARES_PAGE_SIZE = 20;

/** The page an address asks for; the first page for none, or for a share id that makes no sense. */
export function sharesPageFrom(query: URLSearchParams): KeysetFrom<string> {
  const after = query.get("after") ?? "";
  if (isUuid(after)) return { toward: "end", anchor: after.toLowerCase() };
  const before = query.get("before") ?? "";
  if (isUuid(before)) return { toward: "start", anchor: before.toLowerCase() };
  return null;
}

/** The address of a page of the list. */
export function sharesPageHref(from: KeysetFrom<string>): `/${string}` {
  if (from === null) return "/shared";
  return `/shared?${from.toward === "end" ? "after" : "before"}=${from.anchor}`;
}
