/** Help requests' tables, with the talk requests and the notifications they raise (migrations 0033, 0050). Part of the Database in schema.ts, written the same way. */
import type { ColumnType } from "kysely";
import type { NotificationKind } from "~/domain/notifications/talk-requests";
import type { ContactWay, HelpCategory, HelpUrgency, RequestStatus } from "~/domain/help/request-rules";

/** public.help_requests — written only by the private help-request functions (0033). */
export interface HelpRequestsTable {
  id: ColumnType<string, never, never>;
  member_id: ColumnType<string, never, never>;
  area_id: ColumnType<string, never, never>;
  category: ColumnType<HelpCategory, never, never>;
  urgency: ColumnType<HelpUrgency, never, never>;
  contact_way: ColumnType<ContactWay, never, never>;
  description: ColumnType<string, never, never>;
  status: ColumnType<RequestStatus, never, never>;
  assigned_to: ColumnType<string | null, never, never>;
  idempotency_key: ColumnType<string, never, never>;
  created_at: ColumnType<Date, never, never>;
  status_changed_at: ColumnType<Date, never, never>;
  first_response_at: ColumnType<Date | null, never, never>;
  closed_at: ColumnType<Date | null, never, never>;
}

/** public.talk_requests — a member's asks to talk now, written only by the private talk functions (0050). */
export interface TalkRequestsTable {
  id: ColumnType<string, never, never>;
  member_id: ColumnType<string, never, never>;
  note: ColumnType<string, never, never>;
  alerted_count: ColumnType<number, never, never>;
  created_at: ColumnType<Date, never, never>;
  cancelled_at: ColumnType<Date | null, never, never>;
  answered_at: ColumnType<Date | null, never, never>;
}

/** public.notifications — what one person is told about (kind and row, never content); the recipient only marks it read (0050). */
export interface NotificationsTable {
  id: ColumnType<string, never, never>;
  recipient_id: ColumnType<string, never, never>;
  kind: ColumnType<NotificationKind, never, never>;
  talk_request_id: ColumnType<string | null, never, never>;
  mentorship_id: ColumnType<string | null, never, never>;
  created_at: ColumnType<Date, never, never>;
  read_at: ColumnType<Date | null, never, Date>;
  answered_at: ColumnType<Date | null, never, never>;
}

/** public.help_request_events — a request's timeline, written only by the private help-request functions (0033). */
export interface HelpRequestEventsTable {
  id: ColumnType<string, never, never>;
  request_id: ColumnType<string, never, never>;
  author_id: ColumnType<string | null, never, never>;
  kind: ColumnType<"status" | "message" | "note" | "assignment" | "transfer", never, never>;
  to_status: ColumnType<RequestStatus | null, never, never>;
  body: ColumnType<string, never, never>;
  assignee_id: ColumnType<string | null, never, never>;
  from_area_id: ColumnType<string | null, never, never>;
  to_area_id: ColumnType<string | null, never, never>;
  visible_to_member: ColumnType<boolean, never, never>;
  created_at: ColumnType<Date, never, never>;
}
