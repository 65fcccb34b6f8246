/**
 * What a social worker sends on the help pages (issue 18): the queue's filters, read from the
 * address so they survive reloads and links (a value that makes no sense is dropped and
 * reported, never an error), and the request page's forms — a status change (declining needs
 * the note the member will read), a message to the member, an internal note, an assignment,
 * a hand-over to another area.
 */
import { z } from "zod";
import { HELP_CATEGORIES, HELP_URGENCIES, REQUEST_STATUSES, type HelpCategory, type HelpUrgency, type RequestStatus } from "~/domain/help/request-rules";
import { WORKER_ACTIONS } from "~/domain/help/staff-view";
import { WAITED_AT_LEAST } from "~/domain/help/waiting";
import { AREA_PICKS } from "./home-area-input";
import { memberText } from "./member-text";

/** The longest message, note or description (the database's limit too). */
export const HELP_STAFF_TEXT_MAX = 4000;

export const QUEUE_MAX_PAGE = 400;

export interface QueueQuery {
  category: HelpCategory | null;
  /** null: every open status. */
  status: RequestStatus | null;
  urgency: HelpUrgency | null;
  minDaysWaiting: number | null;
  page: number;
}

/** Each filter on its own: one bad value drops only itself. Names are the URL's parameters. */
const QUEUE_PARAMETERS = {
  category: z.enum(HELP_CATEGORIES),
  status: z.enum(REQUEST_STATUSES),
  urgency: z.enum(HELP_URGENCIES),
  waited: z.enum(WAITED_AT_LEAST.map(String) as [string, ...string[]]).transform(Number),
  page: z
    .string()
    .regex(/^\d{1,3}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(QUEUE_MAX_PAGE)),
};
type QueueParameter = keyof typeof QUEUE_PARAMETERS;

/** The queue's filters from the address, and the names of the parameters that were dropped. */
export function parseQueueQuery(query: URLSearchParams): { filters: QueueQuery; dropped: QueueParameter[] } {
  const dropped: QueueParameter[] = [];
  const read = <K extends QueueParameter>(key: K): z.output<(typeof QUEUE_PARAMETERS)[K]> | null => {
    const value = query.get(key);
    if (value === null || value === "") return null;
    const parsed = QUEUE_PARAMETERS[key].safeParse(value);
    if (parsed.success) return parsed.data as z.output<(typeof QUEUE_PARAMETERS)[K]>;
    dropped.push(key);
    return null;
  };
  const filters = { category: read("category"), status: read("status"), urgency: read("urgency"), minDaysWaiting: read("waited"), page: read("page") ?? 1 };
  return { filters, dropped };
}

/** The address's query for these filters ("" when none): the pager's links. */
export function queueQueryString(filters: QueueQuery): string {
  const query = new URLSearchParams();
  if (filters.category) query.set("category", filters.category);
  if (filters.status) query.set("status", filters.status);
  if (filters.urgency) query.set("urgency", filters.urgency);
  if (filters.minDaysWaiting !== null) query.set("waited", String(filters.minDaysWaiting));
  if (filters.page > 1) query.set("page", String(filters.page));
  const text = query.toString();
  return text ? `?${text}` : "";
}

const tooLong = "errors.helpStaff.tooLong";
const written = (empty: string) => memberText(HELP_STAFF_TEXT_MAX, tooLong).pipe(z.string().min(1, empty));

/**
 * The request page's forms, by intent. Field names differ per form so that a refusal shows
 * beside the field of the form that was sent. "assignMe" needs no id: the caller is the worker.
 */
export const HelpStaffAction = z.discriminatedUnion(
  "intent",
  [
    z
      .object({ intent: z.literal("act"), move: z.enum(WORKER_ACTIONS, "errors.form.invalid"), memberNote: memberText(HELP_STAFF_TEXT_MAX, tooLong) })
      .refine((change) => change.move !== "decline" || change.memberNote !== "", { path: ["memberNote"], message: "errors.helpStaff.declineNote" }),
    // A message or note sent twice (a double tap, a resend) is stored once: the form's key.
    z.object({ intent: z.literal("message"), message: written("errors.helpStaff.messageEmpty"), idempotencyKey: z.uuid("errors.form.invalid") }),
    z.object({ intent: z.literal("note"), staffNote: written("errors.helpStaff.noteEmpty"), idempotencyKey: z.uuid("errors.form.invalid") }),
    z.object({ intent: z.literal("assignMe") }),
    z.object({ intent: z.literal("assign"), workerId: z.uuid("errors.helpStaff.colleague") }),
    z.object({ intent: z.literal("transfer"), ...AREA_PICKS, transferNote: memberText(HELP_STAFF_TEXT_MAX, tooLong) }),
    // Without scripts the area is picked a step at a time: the note typed so far comes along.
    z.object({ intent: z.literal("transfer-step"), ...AREA_PICKS, transferNote: memberText(HELP_STAFF_TEXT_MAX, tooLong) }),
  ],
  { error: "errors.form.invalid" },
);
export type HelpStaffAction = z.output<typeof HelpStaffAction>;

/** The queue's one form: a row's "assign to me". */
export const QueueAction = z.object({ intent: z.literal("assignMe"), requestId: z.uuid("errors.form.invalid") }, { error: "errors.form.invalid" });
