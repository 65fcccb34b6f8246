/**
 * How a member's own request reads to them: what its status means for them (whose turn it
 * is), and each timeline event as one plain line (who wrote, what changed).
 */
import { actionsFor, isOpenRequest, type RequestEvent, type RequestStatus } from "./request-rules";

/** Whose turn it is: the workers', the member's (a question waits for them), or nobody's (closed). */
export type StatusMeaning = "withWorkers" | "yourTurn" | "finished";

export function statusMeaning(status: RequestStatus): StatusMeaning {
  if (status === "waiting_for_member") return "yourTurn";
  return isOpenRequest(status) ? "withWorkers" : "finished";
}

/** What the member may still do on their request: write (while it is open) and withdraw. */
export function memberChoices(status: RequestStatus): { reply: boolean; withdraw: boolean } {
  return { reply: isOpenRequest(status), withdraw: actionsFor(status, "member").includes("withdraw") };
}

type Event = Pick<RequestEvent, "id" | "authorId" | "kind" | "toStatus" | "body" | "toAreaId" | "assigneeId" | "createdAt">;

export type TimelineLine =
  | { id: string; at: Date; kind: "message"; from: "you" | "worker"; workerName: string | null; body: string }
  | { id: string; at: Date; kind: "status"; status: RequestStatus; note: string }
  | { id: string; at: Date; kind: "assignment"; workerName: string | null }
  | { id: string; at: Date; kind: "transfer"; toAreaId: string | null; note: string };

/**
 * The events the member may read, as lines; internal notes (which RLS already hides) never.
 * A social worker is named by their staff card where the member may read it (`names`: id →
 * the card's name), else just "a social worker".
 */
export function memberTimeline(events: readonly Event[], memberId: string, names: ReadonlyMap<string, string> = new Map()): TimelineLine[] {
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? null));
  const lines: TimelineLine[] = [];
  for (const event of events) {
    const base = { id: event.id, at: event.createdAt };
    if (event.kind === "message") {
      const mine = event.authorId === memberId;
      lines.push({ ...base, kind: "message", from: mine ? "you" : "worker", workerName: mine ? null : nameOf(event.authorId), body: event.body });
    } else if (event.kind === "status" && event.toStatus !== null) lines.push({ ...base, kind: "status", status: event.toStatus, note: event.body });
    else if (event.kind === "assignment") lines.push({ ...base, kind: "assignment", workerName: nameOf(event.assigneeId) });
    else if (event.kind === "transfer") lines.push({ ...base, kind: "transfer", toAreaId: event.toAreaId, note: event.body });
  }
  return lines;
}
