/**
 * Rules for how a migration may touch what an earlier migration made (CONVENTIONS.md: "A
 * function that quietly redefines an earlier migration's function: say what it replaces
 * and why"). Reads the migrations as the runner applies them (MIGRATIONS), no database.
 *
 * The rule: when a migration changes a function (or procedure) or a trigger that an
 * earlier migration made — `create or replace function`, `alter function`, `drop function`,
 * `create [or replace] trigger`, `drop trigger`, `alter trigger`, `alter table … enable |
 * disable trigger` — the first statement in it that does so is headed by a comment
 *
 *   -- Replaces private.has_role from 0002: <what changes and why>
 *   -- Replaces trigger audit_log_is_append_only on public.audit_log from 0004: <why>
 *
 * naming the object as schema.name (a function) or `trigger <name> on <schema.table>`, and
 * the earlier migration whose definition it replaces. The comment must sit directly above
 * the statement (in the comment lines between it and the statement before), so that a
 * drop-and-recreate carries it on the drop; later statements of the same migration on the
 * same object need no second comment. Functions are matched by name, so a new overload of
 * an earlier function needs the comment as well (say that it is an overload).
 *
 * Adding such a comment changes nothing for databases that already applied a migration:
 * the runner records each migration's statements but compares only version and name
 * (app/data/migrate.server.ts, checkSameName).
 */
import { describe, expect, it } from "vitest";
import { MIGRATIONS, parseMigrations } from "~/data/migrate.server";
import { checkMigrationReplacements } from "../support/migration-replacements";

// --- the rule on the real migrations ----------------------------------------------------

describe("migration rules", () => {
  it("every change to an earlier migration's function or trigger says what it replaces and why", () => {
    expect(checkMigrationReplacements(MIGRATIONS)).toEqual([]);
  });

  it("sees the replacements the migrations actually make (so the rule above is not vacuous)", () => {
    const withoutComments = MIGRATIONS.map((m) => ({
      ...m,
      statements: m.statements.map((s) => s.replace(/^\s*--\s*Replaces .*$/gim, "")),
    }));
    const problems = checkMigrationReplacements(withoutComments);
    expect(problems.map((p) => /changes (function \S+|trigger \S+ on \S+), made by (\S+),/.exec(p)?.slice(1, 3))).toEqual([
      ["function private.has_role", "0002_areas_and_role_grants.sql"],
      ["trigger audit_log_is_append_only on public.audit_log", "0004_audit_log.sql"],
      ["function private.refuse_audit_log_change", "0004_audit_log.sql"],
      ["function private.share_recipients", "0006_identity_vault.sql"],
      ["function private.identity_counterparts", "0006_identity_vault.sql"],
      ["function private.identity_counterparts", "0007_lookups_that_do_not_grow.sql"],
      ["function private.holds_live_share", "0006_identity_vault.sql"],
      ["function public.open_shared_identity", "0006_identity_vault.sql"],
      ["function private.is_social_worker", "0011_role_answers_only_about_social_workers.sql"],
      ["function private.record_identity_access", "0006_identity_vault.sql"],
      ["function private.open_shared_identity", "0010_vaults_open_only_through_the_log.sql"],
      ["function private.identity_counterparts", "0008_access_log_reads_that_do_not_grow.sql"],
      ["function public.rotate_identity_vault", "0006_identity_vault.sql"],
      ["function public.share_recipients", "0006_identity_vault.sql"],
      ["function private.share_recipients", "0007_lookups_that_do_not_grow.sql"],
      ["function private.record_audit", "0004_audit_log.sql"],
      ["function private.refuse_append_only_change", "0006_identity_vault.sql"],
      ["function public.rotate_identity_vault", "0012_shares_live_only_while_the_worker_serves_the_area.sql"],
      ["function private.record_audit", "0012_shares_live_only_while_the_worker_serves_the_area.sql"],
      ["function private.answer_rsvp", "0021_groups_and_meetings.sql"],
      ["function private.own_attendance_count", "0022_attendance_announcements_and_statements.sql"],
      ["function private.eligible_to_lead", "0021_groups_and_meetings.sql"],
      ["function private.verify_abstinence", "0021_groups_and_meetings.sql"],
      ["function private.leave_group", "0021_groups_and_meetings.sql"],
      ["function private.decide_membership", "0021_groups_and_meetings.sql"],
      ["function private.testing_site_is_open", "0029_discreet_testing.sql"],
      ["function private.has_testing_booking_at", "0029_discreet_testing.sql"],
      ["function private.has_testing_booking_on", "0029_discreet_testing.sql"],
      ["function private.share_is_live", "0012_shares_live_only_while_the_worker_serves_the_area.sql"],
      ["function private.remember_ended_share", "0019_ended_shares_stay_visible_as_ended.sql"],
      ...["help_requests_by_category_and_status", "open_help_requests_by_age", "help_response_times", "meetings_held", "testing_slot_use", "active_groups_by_area"].map(
        (name) => [`function private.${name}`, "0034_dashboard_figures.sql"],
      ),
      ["function private.post_help_message", "0033_help_requests.sql"],
      ["function private.deals_with_staff", "0020_staff_cards.sql"],
      ["function private.help_requests_by_category_and_status", "0039_help_figures_read_by_index.sql"],
      ["function private.verify_abstinence", "0027_today_is_the_beijing_day.sql"],
      ["function private.talk_request_recipients", "0050_talk_now_and_notifications.sql"],
      ["function private.own_notifications", "0050_talk_now_and_notifications.sql"],
      // 0055 moves the helpers' bodies into PL/pgSQL, one by one.
      ["function private.abstinent_years", "0051_mentors_and_mentorships.sql"],
      ["function private.active_groups_by_area", "0039_help_figures_read_by_index.sql"],
      ["function private.area_covers", "0012_shares_live_only_while_the_worker_serves_the_area.sql"],
      ["function private.blocked_between", "0051_mentors_and_mentorships.sql"],
      ["function private.dashboard_areas", "0034_dashboard_figures.sql"],
      ["function private.deals_with_staff", "0048_members_deal_with_the_workers_of_their_requests.sql"],
      ["function private.eligible_to_lead", "0027_today_is_the_beijing_day.sql"],
      ["function private.group_leader_handles", "0021_groups_and_meetings.sql"],
      ["function private.group_roster", "0021_groups_and_meetings.sql"],
      ["function private.handles_help_request", "0033_help_requests.sql"],
      ["function private.has_profile", "0047_only_accounts_with_a_profile.sql"],
      ["function private.has_role", "0006_identity_vault.sql"],
      ["function private.has_role_in_area", "0002_areas_and_role_grants.sql"],
      ["function private.help_request_colleagues", "0038_help_queue_colleagues.sql"],
      ["function private.help_requests_by_category_and_status", "0049_requests_by_category_for_the_period.sql"],
      ["function private.help_response_times", "0039_help_figures_read_by_index.sql"],
      ["function private.holds_current_testing_booking_at", "0029_discreet_testing.sql"],
      ["function private.identity_counterparts", "0012_shares_live_only_while_the_worker_serves_the_area.sql"],
      ["function private.in_meeting_group", "0022_attendance_announcements_and_statements.sql"],
      ["function private.is_admin", "0002_areas_and_role_grants.sql"],
      ["function private.is_group_leader", "0021_groups_and_meetings.sql"],
      ["function private.is_group_listed", "0021_groups_and_meetings.sql"],
      ["function private.is_group_member", "0021_groups_and_meetings.sql"],
      ["function private.is_meeting_leader", "0021_groups_and_meetings.sql"],
      ["function private.is_meeting_listed", "0021_groups_and_meetings.sql"],
      ["function private.is_meeting_member", "0021_groups_and_meetings.sql"],
      ["function private.leader_applications_to_answer", "0021_groups_and_meetings.sql"],
      ["function private.leader_minimum_years", "0021_groups_and_meetings.sql"],
      ["function private.may_share_for_request", "0036_identity_shared_for_a_help_request.sql"],
      ["function private.meetings_held", "0039_help_figures_read_by_index.sql"],
      ["function private.mentor_applications_to_answer", "0051_mentors_and_mentorships.sql"],
      ["function private.mentor_directory", "0051_mentors_and_mentorships.sql"],
      ["function private.mentor_profiles_to_oversee", "0051_mentors_and_mentorships.sql"],
      ["function private.mentorship_counterpart", "0053_mentor_messages_and_reports.sql"],
      ["function private.mentorship_counterpart_key", "0053_mentor_messages_and_reports.sql"],
      ["function private.open_help_requests_by_age", "0039_help_figures_read_by_index.sql"],
      ["function private.open_testing_sites", "0035_testing_access_as_sets.sql"],
      ["function private.own_attendance_count", "0025_waitlist_keeps_its_order.sql"],
      ["function private.own_booked_sites", "0035_testing_access_as_sets.sql"],
      ["function private.own_booked_slots", "0035_testing_access_as_sets.sql"],
      ["function private.own_clean_since", "0003_profiles_and_account_keys.sql"],
      ["function private.own_ended_shares", "0019_ended_shares_stay_visible_as_ended.sql"],
      ["function private.own_mentorships", "0051_mentors_and_mentorships.sql"],
      ["function private.own_negative_test_date", "0032_test_attestations.sql"],
      ["function private.own_notifications", "0053_mentor_messages_and_reports.sql"],
      ["function private.own_waitlist_places", "0023_waitlist_places.sql"],
      ["function private.owns_help_request", "0033_help_requests.sql"],
      ["function private.owns_statement", "0022_attendance_announcements_and_statements.sql"],
      ["function private.owns_test_attestation", "0032_test_attestations.sql"],
      ["function private.owns_testing_booking", "0029_discreet_testing.sql"],
      ["function private.portal_today", "0027_today_is_the_beijing_day.sql"],
      ["function private.recipient_serves_share", "0036_identity_shared_for_a_help_request.sql"],
      ["function private.reports_to_handle", "0053_mentor_messages_and_reports.sql"],
      ["function private.request_share_recipient", "0036_identity_shared_for_a_help_request.sql"],
      ["function private.served_areas", "0033_help_requests.sql"],
      ["function private.served_testing_sites", "0035_testing_access_as_sets.sql"],
      ["function private.serves_area_of", "0012_shares_live_only_while_the_worker_serves_the_area.sql"],
      ["function private.serves_my_area", "0012_shares_live_only_while_the_worker_serves_the_area.sql"],
      ["function private.serves_testing_area", "0029_discreet_testing.sql"],
      ["function private.serves_testing_booking", "0029_discreet_testing.sql"],
      ["function private.serves_testing_site", "0029_discreet_testing.sql"],
      ["function private.share_is_live", "0036_identity_shared_for_a_help_request.sql"],
      ["function private.share_recipients", "0012_shares_live_only_while_the_worker_serves_the_area.sql"],
      ["function private.slot_bookings", "0029_discreet_testing.sql"],
      ["function private.staff_for_area", "0021_groups_and_meetings.sql"],
      ["function private.staff_for_member", "0021_groups_and_meetings.sql"],
      ["function private.talk_request_recipients", "0051_mentors_and_mentorships.sql"],
      ["function private.testing_slot_use", "0039_help_figures_read_by_index.sql"],
      ["function private.user_has_role", "0006_identity_vault.sql"],
      // 0056 reads the dashboard's figures in one function and drops the six.
      ...["help_requests_by_category_and_status", "open_help_requests_by_age", "help_response_times", "meetings_held", "testing_slot_use", "active_groups_by_area"].map(
        (name) => [`function private.${name}`, "0055_helpers_planned_once_per_connection.sql"],
      ),
      ["function private.group_leader_handles", "0055_helpers_planned_once_per_connection.sql"],
      // 0060 drops the public wrapper and returns the recipients with their staff cards.
      ["function public.share_recipients", "0012_shares_live_only_while_the_worker_serves_the_area.sql"],
      ["function private.share_recipients", "0055_helpers_planned_once_per_connection.sql"],
      // 0063 reads the shares received only for a social worker.
      ["function private.identity_counterparts", "0055_helpers_planned_once_per_connection.sql"],
    ]);
    expect(problems[0]).toMatch(/^0006_identity_vault\.sql: /);
    expect(problems[0]).toContain('"-- Replaces private.has_role from 0002: <what changes and why>"');
  });

  // --- the checker on made-up migrations --------------------------------------------------

  const migrations = (files: Record<string, string>) =>
    parseMigrations(Object.fromEntries(Object.entries(files).map(([name, text]) => [`/supabase/migrations/${name}`, text])));

  const base = {
    "0001_first.sql": `
      create function private.f(x int) returns int language sql as $$ select x $$;
      create function private.guard() returns trigger language plpgsql as $$ begin return null; end $$;
      create trigger t_guard before delete on public.things for each statement execute function private.guard();`,
  };

  it("refuses a silent create or replace of an earlier function, naming the migration, the function and the comment form", () => {
    const problems = checkMigrationReplacements(
      migrations({ ...base, "0002_second.sql": `create or replace function private.f(x int) returns int language sql as $$ select x + 1 $$;` }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^0002_second\.sql: "create or replace function private\.f/);
    expect(problems[0]).toContain("function private.f, made by 0001_first.sql");
    expect(problems[0]).toContain('"-- Replaces private.f from 0001: <what changes and why>"');
  });

  it("accepts it under a comment of the agreed form (with or without an argument list)", () => {
    for (const object of ["private.f", "private.f(int)", "Private.F"]) {
      const problems = checkMigrationReplacements(
        migrations({
          ...base,
          "0002_second.sql": `
            grant execute on function private.f(int) to authenticated;

            -- The new rule counts one more.
            -- Replaces ${object} from 0001: off by one, see issue 12.
            create or replace function private.f(x int) returns int language sql as $$ select x + 1 $$;
            alter function private.f(int) set search_path = '';`,
        }),
      );
      expect(problems, object).toEqual([]);
    }
  });

  it("refuses a comment that names the wrong migration, names nothing, gives no reason or sits too far above", () => {
    const second = (comment: string) =>
      checkMigrationReplacements(
        migrations({ ...base, "0002_second.sql": `${comment}\ncreate or replace function private.f(x int) returns int language sql as $$ select 2 $$;` }),
      );
    expect(second("-- Replaces private.f from 0003: typo")[0]).toMatch(/says private\.f comes from 0003, but it was made or changed by 0001/);
    expect(second("-- Replaces private.g from 0001: wrong function")[0]).toMatch(/without saying so/);
    expect(second("-- Replaces private.f from 0001:")[0]).toMatch(/not why/);
    expect(second("-- Replaces private.f from 0001: far away\nselect 1;")[0]).toMatch(/without saying so/);
  });

  it("refuses swapping a trigger's function by drop and create, and dropping an earlier function, unless said", () => {
    const swap = (comment: string) =>
      checkMigrationReplacements(
        migrations({
          ...base,
          "0002_second.sql": `
            create function private.guard_all() returns trigger language plpgsql as $$ begin return null; end $$;
            ${comment}
            drop trigger t_guard on public.things;
            create trigger t_guard before delete or truncate on public.things for each statement execute function private.guard_all();
            drop function private.guard();`,
        }),
      );
    expect(swap("")).toEqual([
      expect.stringMatching(/^0002_second\.sql: "drop trigger t_guard.*changes trigger t_guard on public\.things, made by 0001_first\.sql.*"-- Replaces trigger t_guard on public\.things from 0001: <what changes and why>"/),
      expect.stringMatching(/^0002_second\.sql: "drop function private\.guard\(\).*changes function private\.guard, made by 0001_first\.sql/),
    ]);
    expect(swap("-- Replaces trigger t_guard on public.things from 0001: one guard for every table.")).toHaveLength(1);
  });

  it("refuses turning an earlier trigger off, and accepts what a migration does to its own objects", () => {
    expect(
      checkMigrationReplacements(migrations({ ...base, "0002_second.sql": `alter table only public.things disable trigger all;` })),
    ).toEqual([expect.stringContaining("changes trigger t_guard on public.things, made by 0001_first.sql")]);
    expect(
      checkMigrationReplacements(
        migrations({
          "0001_first.sql": `
            create function private.h() returns int language sql as $$ select 1 $$;
            create or replace function private.h() returns int language sql as $$ select 2 $$;
            drop function private.h();`,
          "0002_second.sql": `create function private.h() returns int language sql as $$ select 3 $$;`,
        }),
      ),
    ).toEqual([]);
  });

  it("a later replacement names the migration it replaces", () => {
    const problems = checkMigrationReplacements(
      migrations({
        ...base,
        "0002_second.sql": `-- Replaces private.f from 0001: two.\ncreate or replace function private.f(x int) returns int language sql as $$ select 2 $$;`,
        "0003_third.sql": `create or replace function private.f(x int) returns int language sql as $$ select 3 $$;`,
      }),
    );
    expect(problems).toEqual([expect.stringContaining('"-- Replaces private.f from 0002: <what changes and why>"')]);
  });
});
