/**
 * How a request reads to the social workers handling it: who someone is to the reader (the
 * member, "you", a colleague by the name on their card, or just "a social worker"), the whole
 * timeline with internal notes marked as such, and the status changes a worker may make now.
 */
import { actionsFor, type RequestAction, type RequestEvent, type RequestStatus } from "./request-rules";

/** Who an id is to the worker reading: named only when a staff card gives a name. */
export type StaffPerson = { kind: "member" } | { kind: "you" } | { kind: "named"; name: string } | { kind: "colleague" };

export type PeopleKnown = { memberId: string | null; me: string; names: ReadonlyMap<string, string> };

export function staffPerson(id: string, known: PeopleKnown): StaffPerson {
  if (id === known.me) return { kind: "you" };
  if (id === known.memberId) return { kind: "member" };
  const name = known.names.get(id);
  return name === undefined ? { kind: "colleague" } : { kind: "named", name };
}

export type StaffTimelineLine =
  | { id: string; at: Date; kind: "message"; by: StaffPerson; body: string }
  | { id: string; at: Date; kind: "note"; by: StaffPerson; body: string }
  | { id: string; at: Date; kind: "status"; by: StaffPerson; status: RequestStatus; note: string }
  | { id: string; at: Date; kind: "assignment"; by: StaffPerson; to: StaffPerson | null }
  | { id: string; at: Date; kind: "transfer"; by: StaffPerson; fromAreaId: string | null; toAreaId: string | null; note: string };

/**
 * Every event as one line for the worker: internal notes included (the member's page never
 * has them). An author whose account is gone reads as "a social worker".
 */
export function staffTimeline(events: readonly RequestEvent[], known: PeopleKnown): StaffTimelineLine[] {
  const person = (id: string | null): StaffPerson => (id === null ? { kind: "colleague" } : staffPerson(id, known));
  return events.map((event) => {
    const base = { id: event.id, at: event.createdAt, by: person(event.authorId) };
    switch (event.kind) {
      case "message":
      case "note":
        return { ...base, kind: event.kind, body: event.body };
      case "status":
        // The database names the status of every status event (help_request_events_status_named).
        return { ...base, kind: "status", status: event.toStatus ?? "submitted", note: event.body };
      case "assignment":
        return { ...base, kind: "assignment", to: event.assigneeId === null ? null : person(event.assigneeId) };
      case "transfer":
        return { ...base, kind: "transfer", fromAreaId: event.fromAreaId, toAreaId: event.toAreaId, note: event.body };
    }
  });
}

/** The status changes a worker makes (the member's own moves are not offered to staff). */
export const WORKER_ACTIONS = ["triage", "start", "askMember", "resolve", "decline"] as const satisfies readonly RequestAction[];
export type WorkerAction = (typeof WORKER_ACTIONS)[number];

/** The status changes a worker may make on a request in `status`, in the rule's order. */
export function workerActions(status: RequestStatus): WorkerAction[] {
  const allowed = actionsFor(status, "worker");
  return WORKER_ACTIONS.filter((action) => allowed.includes(action));
}
