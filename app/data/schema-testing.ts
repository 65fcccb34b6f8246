/** Discreet testing's tables: sites, their addresses, slots, bookings, results and test attestations (migrations 0029, 0032). Part of the Database in schema.ts, written the same way. */
import type { ColumnType, Generated } from "kysely";
import type { BookingStatus, TestOutcome } from "~/domain/testing/booking-rules";
import type { Timestamp, DateString } from "./schema";

/** public.testing_sites — partner sites, opened by the social workers serving their area (0029). */
export interface TestingSitesTable {
  id: Generated<string>;
  area_id: string;
  public_name: string;
  opening_notes: ColumnType<string, string | undefined, string>;
  accessibility_notes: ColumnType<string, string | undefined, string>;
  time_zone: ColumnType<string, string | undefined, string>;
  status: ColumnType<"open" | "closed", "open" | "closed" | undefined, "open" | "closed">;
  created_by: ColumnType<string | null, never, never>;
  created_at: ColumnType<Date, never, never>;
}

/** public.testing_site_addresses — only serving workers and members with a current booking there read it (0029). */
export interface TestingSiteAddressesTable {
  site_id: string;
  address: string;
  updated_by: ColumnType<string | null, never, string>;
  updated_at: ColumnType<Date, never, Date | string>;
}

/** public.testing_slots — `booked` changes only through private.book_slot and cancel_booking (0029). */
export interface TestingSlotsTable {
  id: Generated<string>;
  site_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  local_date: DateString;
  capacity: number;
  booked: ColumnType<number, never, never>;
  status: ColumnType<"open" | "closed", never, "open" | "closed">;
  created_by: ColumnType<string | null, never, never>;
  created_at: ColumnType<Date, never, never>;
}

/** public.testing_bookings — the member's alone; written only by the private functions (0029). */
export interface TestingBookingsTable {
  id: ColumnType<string, never, never>;
  slot_id: ColumnType<string, never, never>;
  member_id: ColumnType<string, never, never>;
  code: ColumnType<string, never, never>;
  status: ColumnType<BookingStatus, never, never>;
  idempotency_key: ColumnType<string, never, never>;
  created_at: ColumnType<Date, never, never>;
  changed_at: ColumnType<Date, never, never>;
}

/** public.testing_results — written only by private.record_result (0029). */
export interface TestingResultsTable {
  booking_id: ColumnType<string, never, never>;
  outcome: ColumnType<TestOutcome, never, never>;
  recorded_by: ColumnType<string | null, never, never>;
  recorded_at: ColumnType<Date, never, never>;
}

/** public.test_attestations — written only by private.store_test_attestation and revoke_test_attestation (0032); each member reads their own. */
export interface TestAttestationsTable {
  id: ColumnType<string, never, never>;
  member_id: ColumnType<string, never, never>;
  booking_id: ColumnType<string, never, never>;
  expires_on: ColumnType<DateString, never, never>;
  sealed: ColumnType<string, never, never>;
  created_at: ColumnType<Date, never, never>;
  revoked_at: ColumnType<Date | null, never, never>;
}

/** public.test_attestation_openings — written only by private.open_test_attestation (0032). */
export interface TestAttestationOpeningsTable {
  id: ColumnType<string, never, never>;
  attestation_id: ColumnType<string, never, never>;
  opened_at: ColumnType<Date, never, never>;
}
