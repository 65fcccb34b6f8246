import type { ContactWay, HelpCategory, HelpUrgency, RequestStatus } from "./request-rules";

type Asked = { id: string; category: HelpCategory; urgency: HelpUrgency; contactWay: ContactWay; description: string; status: RequestStatus; createdAt: Date };

/** What the member's and the worker's page of a request both show about what was asked, as a loader sends it. */
export function askedFacts(request: Asked): Omit<Asked, "createdAt"> & { createdAt: string } {
  return {
    id: request.id,
    category: request.category,
    urgency: request.urgency,
    contactWay: request.contactWay,
    description: request.description,
    status: request.status,
    createdAt: request.createdAt.toISOString(),
  };
}
