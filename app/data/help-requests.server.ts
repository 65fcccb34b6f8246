/**
 * Help requests (migration 0033): members ask the social workers of their area for help and
 * follow the request's timeline; workers take requests from their areas' queue, move them by
 * the rule's table, write to the member or leave internal notes, assign and hand over.
 * Everything runs as the caller (asMember): RLS decides what they read (a member never reads
 * an internal note); changes go through the private functions, whose word each function
 * here passes on as a typed result.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import { isUuid } from "~/domain/formats/uuid";
import type { ContactWay, HelpCategory, HelpUrgency, RequestAction, RequestEvent, RequestStatus } from "~/domain/help/request-rules";
import { callWord } from "./private-calls.server";
import { callerId, type MemberTx } from "./rls.server";
import type { HelpRequestsTable } from "./schema";

export type NotFound = { ok: false; reason: "not-found" };

/** Requests one queue page lists. */
export const QUEUE_PAGE_SIZE = 25;

export interface NewHelpRequest {
  category: HelpCategory;
  urgency: HelpUrgency;
  contactWay: ContactWay;
  description: string;
  /** Made with the form: the same form sent twice makes one request. */
  idempotencyKey: string;
}

export type AskResult = { ok: true; id: string; repeated: boolean } | { ok: false; reason: "no-area" | "too-many" | "not-found" };

/** The caller asks the social workers of their own area for help. */
export async function askForHelp(trx: MemberTx, request: NewHelpRequest): Promise<AskResult> {
  if (!isUuid(request.idempotencyKey)) return { ok: false, reason: "not-found" };
  const result = await sql<{ outcome: string; request_id: string | null }>`
    select outcome, request_id from private.ask_for_help(${request.category}, ${request.urgency}, ${request.contactWay}, ${request.description}, ${request.idempotencyKey}::uuid)`.execute(trx);
  const row = result.rows[0];
  if ((row?.outcome === "created" || row?.outcome === "duplicate") && row.request_id) return { ok: true, id: row.request_id, repeated: row.outcome === "duplicate" };
  if (row?.outcome === "too_many") return { ok: false, reason: "too-many" };
  return { ok: false, reason: "no-area" };
}

export interface HelpRequestSummary {
  id: string;
  areaId: string;
  category: HelpCategory;
  urgency: HelpUrgency;
  contactWay: ContactWay;
  status: RequestStatus;
  assignedTo: string | null;
  createdAt: Date;
  statusChangedAt: Date;
  closedAt: Date | null;
}

const summaryColumns = [
  "r.id",
  "r.area_id as areaId",
  "r.category",
  "r.urgency",
  "r.contact_way as contactWay",
  "r.status",
  "r.assigned_to as assignedTo",
  "r.created_at as createdAt",
  "r.status_changed_at as statusChangedAt",
  "r.closed_at as closedAt",
] as const;

/** The caller's own requests, newest first. */
export async function listOwnRequests(trx: MemberTx): Promise<HelpRequestSummary[]> {
  return trx
    .selectFrom("help_requests as r")
    .select(summaryColumns)
    .where("r.member_id", "=", callerId)
    .orderBy("r.created_at", "desc")
    .limit(100)
    .execute();
}

export interface TimelineEvent extends RequestEvent {
  visibleToMember: boolean;
}

export interface HelpRequestTimeline {
  request: HelpRequestSummary & { memberId: string; description: string; firstResponseAt: Date | null };
  events: TimelineEvent[];
}

/** A request with its timeline as the caller may read it (the member: without internal notes), or null. */
export async function getRequestTimeline(trx: MemberTx, requestId: string): Promise<HelpRequestTimeline | null> {
  if (!isUuid(requestId)) return null;
  const [request, events] = await Promise.all([
    trx
      .selectFrom("help_requests as r")
      .select([...summaryColumns, "r.member_id as memberId", "r.description", "r.first_response_at as firstResponseAt"])
      .where("r.id", "=", requestId)
      .executeTakeFirst(),
    trx
      .selectFrom("help_request_events as e")
      .select([
        "e.id",
        "e.author_id as authorId",
        "e.kind",
        "e.to_status as toStatus",
        "e.body",
        "e.assignee_id as assigneeId",
        "e.from_area_id as fromAreaId",
        "e.to_area_id as toAreaId",
        "e.visible_to_member as visibleToMember",
        "e.created_at as createdAt",
      ])
      .where("e.request_id", "=", requestId)
      .orderBy("e.id")
      .limit(1000)
      .execute(),
  ]);
  return request ? { request, events } : null;
}

export type ActResult = { ok: true } | NotFound | { ok: false; reason: "not-now" | "note-required" };

/**
 * Moves a request by the rule's table (app/domain/help/request-rules.ts): the member
 * withdraws; a worker handling it does the rest. `note` is shown to the member with it.
 */
export async function actOnRequest(trx: MemberTx, requestId: string, action: Exclude<RequestAction, "memberReplied">, note = ""): Promise<ActResult> {
  if (!isUuid(requestId)) return { ok: false, reason: "not-found" };
  const word = await callWord(trx, sql<{ word: string }>`select private.act_on_help_request(${requestId}::uuid, ${action}, ${note}) as word`);
  if (word === "done") return { ok: true };
  if (word === "not_now") return { ok: false, reason: "not-now" };
  return word === "note_required" ? { ok: false, reason: "note-required" } : { ok: false, reason: "not-found" };
}

export type PostResult = { ok: true } | NotFound | { ok: false; reason: "closed" | "not-allowed" };

/**
 * A message on the request (the member's, or a worker's the member reads), or a worker's
 * internal note. Sent again with the same key (the form's), it is stored once and answers ok.
 */
export async function postToRequest(trx: MemberTx, requestId: string, post: { body: string; internal: boolean; idempotencyKey: string }): Promise<PostResult> {
  if (!isUuid(requestId)) return { ok: false, reason: "not-found" };
  const word = await callWord(
    trx,
    sql<{ word: string }>`select private.post_help_message(${requestId}::uuid, ${post.body}, ${post.internal}, ${post.idempotencyKey}::uuid) as word`,
  );
  if (word === "posted") return { ok: true };
  if (word === "closed" || word === "not_allowed") return { ok: false, reason: word === "closed" ? "closed" : "not-allowed" };
  return { ok: false, reason: "not-found" };
}

/** A worker handling an open request gives it to themselves or a social worker serving its area. */
export async function assignRequest(trx: MemberTx, requestId: string, workerId: string): Promise<{ ok: true } | NotFound | { ok: false; reason: "closed" | "not-colleague" }> {
  if (!isUuid(requestId)) return { ok: false, reason: "not-found" };
  if (!isUuid(workerId)) return { ok: false, reason: "not-colleague" };
  const word = await callWord(trx, sql<{ word: string }>`select private.assign_help_request(${requestId}::uuid, ${workerId}::uuid) as word`);
  if (word === "assigned") return { ok: true };
  if (word === "closed" || word === "not_colleague") return { ok: false, reason: word === "closed" ? "closed" : "not-colleague" };
  return { ok: false, reason: "not-found" };
}

export type TransferResult = { ok: true } | NotFound | { ok: false; reason: "closed" | "same-area" | "no-area" };

/** A worker handling an open request hands it to another area's social workers (the member moved). */
export async function transferRequest(trx: MemberTx, requestId: string, areaId: string, note = ""): Promise<TransferResult> {
  if (!isUuid(requestId)) return { ok: false, reason: "not-found" };
  if (!isUuid(areaId)) return { ok: false, reason: "no-area" };
  const word = await callWord(trx, sql<{ word: string }>`select private.transfer_help_request(${requestId}::uuid, ${areaId}::uuid, ${note}) as word`);
  switch (word) {
    case "transferred":
      return { ok: true };
    case "closed":
      return { ok: false, reason: "closed" };
    case "same_area":
      return { ok: false, reason: "same-area" };
    case "no_area":
      return { ok: false, reason: "no-area" };
    default:
      return { ok: false, reason: "not-found" };
  }
}

export interface QueueFilters {
  category: HelpCategory | null;
  /** null: every open status. */
  status: RequestStatus | null;
  urgency: HelpUrgency | null;
  /** Only requests waiting at least this many days. */
  minDaysWaiting: number | null;
  page: number;
}

export interface QueuePage {
  requests: HelpRequestSummary[];
  /** Whether another page follows. */
  more: boolean;
}

/**
 * The queue of the caller's areas (and below) and of requests assigned to them, oldest first:
 * open ones unless a status is asked for. One page and whether more follow, never a count of
 * everything.
 *
 * Read area by area: each served area's oldest matching requests come in order from the
 * (area, asking time) indexes, and only a page's worth of each (as far as this page) is merged,
 * with the oldest assigned to the caller. Asked as one "area in my areas or assigned to me"
 * query, every open request of the areas was read and sorted for one page (2,000 rows for a
 * district at 200,000 requests). RLS still decides every row.
 */
export async function listQueue(trx: MemberTx, filters: QueueFilters, now = new Date()): Promise<QueuePage> {
  const matching = (eb: ExpressionBuilder<{ r: HelpRequestsTable }, "r">) => {
    // A worker who asked for help themselves finds their own requests on their own page, not here.
    const conditions: Expression<SqlBool>[] = [eb("r.member_id", "<>", callerId)];
    conditions.push(filters.status === null ? eb("r.closed_at", "is", null) : eb("r.status", "=", filters.status));
    if (filters.category !== null) conditions.push(eb("r.category", "=", filters.category));
    if (filters.urgency !== null) conditions.push(eb("r.urgency", "=", filters.urgency));
    if (filters.minDaysWaiting !== null) conditions.push(eb("r.created_at", "<=", new Date(now.getTime() - filters.minDaysWaiting * 86_400_000)));
    return eb.and(conditions);
  };
  const enough = filters.page * QUEUE_PAGE_SIZE + 1;
  const rows = await trx
    .selectFrom((outer) =>
      outer
        // The served areas once per query, as rows to read each one's requests by (through an
        // array: selected straight from the function, every page cost 15 ms more).
        .selectFrom(sql<{ id: string }>`(select unnest(array(select private.served_areas())) as id)`.as("a"))
        .innerJoinLateral(
          (lateral) => lateral.selectFrom("help_requests as r").select(summaryColumns).whereRef("r.area_id", "=", "a.id").where(matching).orderBy("r.created_at").orderBy("r.id").limit(enough).as("r"),
          (join) => join.onTrue(),
        )
        .selectAll("r")
        // Given to the caller from outside their areas: those of their areas are already above.
        .unionAll((union) =>
          union
            .selectFrom((assigned) =>
              assigned
                .selectFrom("help_requests as r")
                .select(summaryColumns)
                .where("r.assigned_to", "=", callerId)
                .where("r.area_id", "<>", sql<string>`all (array(select private.served_areas()))`)
                .where(matching)
                .orderBy("r.created_at")
                .orderBy("r.id")
                .limit(enough)
                .as("mine"),
            )
            .selectAll("mine"),
        )
        .as("q"),
    )
    .selectAll("q")
    .orderBy("q.createdAt")
    .orderBy("q.id")
    .limit(QUEUE_PAGE_SIZE + 1)
    .offset((filters.page - 1) * QUEUE_PAGE_SIZE)
    .execute();
  return { requests: rows.slice(0, QUEUE_PAGE_SIZE), more: rows.length > QUEUE_PAGE_SIZE };
}
