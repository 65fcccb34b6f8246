/**
 * Sharing the identity for one help request (migration 0036): what the member's page offers,
 * from what the loader found. The database decides who may share; this only picks the one
 * plain answer to show, in the order a member would fix things.
 */
import { isOpenRequest, type RequestStatus } from "./request-rules";

/** How long a request's share lasts at most, in days; it ends sooner, with the request. */
export const REQUEST_SHARE_DAYS = 90;

/**
 * - `shared`: a live share for this request (they may take it back);
 * - `closed`: the request is finished, nothing can be shared for it any more;
 * - `noWorker`: nobody has taken the request yet;
 * - `noIdentity`: nothing saved to share yet (save it on the identity page first);
 * - `canShare`: share with the assigned worker.
 */
export type RequestSharePlace = "shared" | "closed" | "noWorker" | "noIdentity" | "canShare";

export function requestSharePlace({
  status,
  hasWorker,
  hasIdentity,
  liveShare,
}: {
  status: RequestStatus;
  /** A social worker is assigned to the request now. */
  hasWorker: boolean;
  /** The member has a saved identity vault. */
  hasIdentity: boolean;
  /** A live share for this request exists. */
  liveShare: boolean;
}): RequestSharePlace {
  if (liveShare) return "shared";
  if (!isOpenRequest(status)) return "closed";
  if (!hasWorker) return "noWorker";
  return hasIdentity ? "canShare" : "noIdentity";
}
