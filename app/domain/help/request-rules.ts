/**
 * A help request: what it is about, how urgent, how the member wants to be reached, and the
 * states it goes through (submitted → triaged → in progress ⇄ waiting for the member →
 * resolved or declined; withdrawn by the member at any open step). Who may move it is part
 * of the rule: the member only withdraws (and, by replying, ends a wait for them); the
 * social worker does the rest, and declining needs a note the member will read.
 */

export const HELP_CATEGORIES = ["jobs", "welfare", "medical", "legal_aid", "housing", "counselling", "family", "documents", "other"] as const;
export type HelpCategory = (typeof HELP_CATEGORIES)[number];

export const HELP_URGENCIES = ["routine", "soon", "urgent"] as const;
export type HelpUrgency = (typeof HELP_URGENCIES)[number];

/** "portal" by default: messages here. A phone call needs the number shared through the identity vault. */
export const CONTACT_WAYS = ["portal", "phone_via_vault", "in_person"] as const;
export type ContactWay = (typeof CONTACT_WAYS)[number];

export const REQUEST_STATUSES = ["submitted", "triaged", "in_progress", "waiting_for_member", "resolved", "declined", "withdrawn"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_ACTIONS = ["triage", "start", "askMember", "memberReplied", "resolve", "decline", "withdraw"] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export type RequestActor = "member" | "worker";

/** One event of a request's timeline (help_request_events): a status change, message, internal note, assignment or hand-over. */
export interface RequestEvent {
  id: string;
  authorId: string | null;
  kind: "status" | "message" | "note" | "assignment" | "transfer";
  toStatus: RequestStatus | null;
  body: string;
  assigneeId: string | null;
  fromAreaId: string | null;
  toAreaId: string | null;
  createdAt: Date;
}

const CLOSED: ReadonlySet<RequestStatus> = new Set(["resolved", "declined", "withdrawn"]);

/** Whether the request is still being worked on (an identity share tied to it lives only this long). */
export function isOpenRequest(status: RequestStatus): boolean {
  return !CLOSED.has(status);
}

type Transition = { to: RequestStatus; by: RequestActor; from: readonly RequestStatus[] };

const OPEN: readonly RequestStatus[] = ["submitted", "triaged", "in_progress", "waiting_for_member"];

const TRANSITIONS: Record<RequestAction, Transition> = {
  triage: { to: "triaged", by: "worker", from: ["submitted"] },
  start: { to: "in_progress", by: "worker", from: ["submitted", "triaged"] },
  askMember: { to: "waiting_for_member", by: "worker", from: ["in_progress"] },
  memberReplied: { to: "in_progress", by: "member", from: ["waiting_for_member"] },
  resolve: { to: "resolved", by: "worker", from: ["triaged", "in_progress", "waiting_for_member"] },
  decline: { to: "declined", by: "worker", from: OPEN },
  withdraw: { to: "withdrawn", by: "member", from: OPEN },
};

export type TransitionRefusal = "notYours" | "notNow" | "noteRequired";

/**
 * The status after `action` by `actor`, or why not: "notYours" (the other side's action),
 * "notNow" (not from this status), "noteRequired" (declining without a note for the member).
 */
export function nextRequestStatus(
  current: RequestStatus,
  action: RequestAction,
  actor: RequestActor,
  noteForMember = "",
): { ok: true; status: RequestStatus } | { ok: false; reason: TransitionRefusal } {
  const transition = TRANSITIONS[action];
  if (transition.by !== actor) return { ok: false, reason: "notYours" };
  if (!transition.from.includes(current)) return { ok: false, reason: "notNow" };
  if (action === "decline" && noteForMember.trim() === "") return { ok: false, reason: "noteRequired" };
  return { ok: true, status: transition.to };
}

/** The actions `actor` may take on a request in `status` (what the page offers). */
export function actionsFor(status: RequestStatus, actor: RequestActor): RequestAction[] {
  return REQUEST_ACTIONS.filter((action) => TRANSITIONS[action].by === actor && TRANSITIONS[action].from.includes(status));
}
