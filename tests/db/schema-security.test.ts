/**
 * The schema's security habits, read from the catalog (CONVENTIONS.md "Database habits"):
 * RLS on every table, default deny with exact grants, security-definer helpers pinned to
 * an empty search_path and executable only by whom they are meant for, policies that call
 * private.caller_id() (auth.uid() planned once, migration 0058) through a sub-select, and an
 * index for every column a policy filters on.
 * A new table, grant, function or policy column fails here until it is written down.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeOnEveryEngine } from "../support/db-suite";

const API_ROLES = ["anon", "authenticated", "service_role"];

/** Every privilege PUBLIC or an API role holds on a table, sequence or column in our schemas. */
const EXPECTED_GRANTS: Record<string, string[]> = {
  "public.areas": [
    "anon SELECT",
    "authenticated DELETE",
    "authenticated INSERT",
    "authenticated SELECT",
    "authenticated UPDATE(code)",
    "authenticated UPDATE(level)",
    "authenticated UPDATE(name_en)",
    "authenticated UPDATE(name_zh)",
    "authenticated UPDATE(parent_id)",
  ],
  "public.profiles": [
    "authenticated SELECT(area_id)",
    "authenticated SELECT(created_at)",
    "authenticated SELECT(handle)",
    "authenticated SELECT(handle_key)",
    "authenticated SELECT(id)",
    "authenticated SELECT(locale)",
    "authenticated UPDATE(area_id)",
    "authenticated UPDATE(clean_since)",
    "authenticated UPDATE(locale)",
  ],
  "public.user_keys": ["authenticated SELECT"],
  "public.role_grants": [
    "authenticated DELETE",
    "authenticated INSERT(area_id)",
    "authenticated INSERT(role)",
    "authenticated INSERT(user_id)",
    "authenticated SELECT",
  ],
  "public.audit_log": ["authenticated SELECT"],
  "public.groups": [
    "authenticated SELECT",
    "authenticated UPDATE(description)",
    "authenticated UPDATE(languages)",
    "authenticated UPDATE(name)",
    "authenticated UPDATE(status)",
  ],
  "public.group_leaders": [
    "authenticated SELECT",
  ],
  "public.group_memberships": [
    "authenticated SELECT",
  ],
  "public.leader_applications": [
    "authenticated INSERT(area_id)",
    "authenticated INSERT(note)",
    "authenticated SELECT",
  ],
  "public.abstinence_verifications": [
    "authenticated SELECT",
  ],
  "public.mentor_applications": [
    "authenticated INSERT(area_id)",
    "authenticated INSERT(note)",
    "authenticated SELECT",
  ],
  "public.mentor_profiles": [
    "authenticated SELECT",
  ],
  "public.mentorships": [
    "authenticated SELECT",
  ],
  "public.member_blocks": [
    "authenticated SELECT",
  ],
  "public.meetings": [
    "authenticated DELETE",
    "authenticated INSERT(attendance_mode)",
    "authenticated INSERT(capacity)",
    "authenticated INSERT(created_by)",
    "authenticated INSERT(duration_minutes)",
    "authenticated INSERT(frequency)",
    "authenticated INSERT(group_id)",
    "authenticated INSERT(monthly_week)",
    "authenticated INSERT(name)",
    "authenticated INSERT(notes)",
    "authenticated INSERT(occurrence_count)",
    "authenticated INSERT(start_time)",
    "authenticated INSERT(starts_on)",
    "authenticated INSERT(time_zone)",
    "authenticated INSERT(types)",
    "authenticated INSERT(until_on)",
    "authenticated SELECT",
    "authenticated UPDATE(attendance_mode)",
    "authenticated UPDATE(capacity)",
    "authenticated UPDATE(name)",
    "authenticated UPDATE(notes)",
    "authenticated UPDATE(occurrence_count)",
    "authenticated UPDATE(types)",
    "authenticated UPDATE(until_on)",
  ],
  "public.meeting_private_details": [
    "authenticated DELETE",
    "authenticated INSERT(address)",
    "authenticated INSERT(conference_link)",
    "authenticated INSERT(conference_phone)",
    "authenticated INSERT(meeting_id)",
    "authenticated SELECT",
    "authenticated UPDATE(address)",
    "authenticated UPDATE(conference_link)",
    "authenticated UPDATE(conference_phone)",
  ],
  "public.meeting_exceptions": [
    "authenticated DELETE",
    "authenticated INSERT(kind)",
    "authenticated INSERT(meeting_id)",
    "authenticated INSERT(moved_start_time)",
    "authenticated INSERT(moved_to_on)",
    "authenticated INSERT(note)",
    "authenticated INSERT(occurrence_on)",
    "authenticated SELECT",
    "authenticated UPDATE(kind)",
    "authenticated UPDATE(moved_start_time)",
    "authenticated UPDATE(moved_to_on)",
    "authenticated UPDATE(note)",
  ],
  "public.meeting_rsvps": [
    "authenticated SELECT",
  ],
  "public.meeting_attendance": [
    "authenticated DELETE",
    "authenticated INSERT(marked_by)",
    "authenticated INSERT(meeting_id)",
    "authenticated INSERT(member_id)",
    "authenticated INSERT(occurrence_on)",
    "authenticated INSERT(present)",
    "authenticated SELECT",
    "authenticated UPDATE(marked_at)",
    "authenticated UPDATE(marked_by)",
    "authenticated UPDATE(present)",
  ],
  "public.group_announcements": [
    "authenticated DELETE",
    "authenticated INSERT(body)",
    "authenticated INSERT(group_id)",
    "authenticated SELECT",
  ],
  "public.attendance_statements": [
    "authenticated SELECT",
  ],
  "public.attendance_statement_checks": [
    "authenticated SELECT",
  ],
  "public.test_attestations": [
    "authenticated SELECT",
  ],
  "public.test_attestation_openings": [
    "authenticated SELECT",
  ],
  "public.help_requests": [
    "authenticated SELECT",
  ],
  "public.help_request_events": [
    "authenticated SELECT",
  ],
  "public.talk_requests": [
    "authenticated SELECT",
  ],
  "public.notifications": [
    "authenticated SELECT",
    "authenticated UPDATE(read_at)",
  ],
  "public.messages": [
    "authenticated SELECT",
  ],
  "public.message_key_pins": [
    "authenticated INSERT(ciphertext)",
    "authenticated INSERT(mentorship_id)",
    "authenticated INSERT(nonce)",
    "authenticated SELECT",
    "authenticated UPDATE(ciphertext)",
    "authenticated UPDATE(nonce)",
    "authenticated UPDATE(updated_at)",
  ],
  "public.reports": [
    "authenticated SELECT",
  ],
  "public.staff_cards": [
    "authenticated DELETE",
    "authenticated INSERT(display_name)",
    "authenticated INSERT(organisation)",
    "authenticated INSERT(updated_by)",
    "authenticated INSERT(user_id)",
    "authenticated SELECT",
    "authenticated UPDATE(display_name)",
    "authenticated UPDATE(organisation)",
    "authenticated UPDATE(updated_at)",
    "authenticated UPDATE(updated_by)",
  ],
  "public.testing_sites": [
    "authenticated INSERT(accessibility_notes)",
    "authenticated INSERT(area_id)",
    "authenticated INSERT(opening_notes)",
    "authenticated INSERT(public_name)",
    "authenticated INSERT(time_zone)",
    "authenticated SELECT",
    "authenticated UPDATE(accessibility_notes)",
    "authenticated UPDATE(opening_notes)",
    "authenticated UPDATE(public_name)",
    "authenticated UPDATE(status)",
    "authenticated UPDATE(time_zone)",
  ],
  "public.testing_site_addresses": [
    "authenticated INSERT(address)",
    "authenticated INSERT(site_id)",
    "authenticated SELECT",
    "authenticated UPDATE(address)",
    "authenticated UPDATE(updated_at)",
    "authenticated UPDATE(updated_by)",
  ],
  "public.testing_slots": [
    "authenticated INSERT(capacity)",
    "authenticated INSERT(ends_at)",
    "authenticated INSERT(local_date)",
    "authenticated INSERT(site_id)",
    "authenticated INSERT(starts_at)",
    "authenticated SELECT",
    "authenticated UPDATE(status)",
  ],
  "public.testing_bookings": ["authenticated SELECT"],
  "public.hotlines": ["anon SELECT", "authenticated SELECT"],
  "public.testing_results": ["authenticated SELECT"],
  "public.identity_vaults": [
    "authenticated DELETE",
    "authenticated INSERT(ciphertext)",
    "authenticated INSERT(key_version)",
    "authenticated INSERT(owner_sealed_key)",
    "authenticated INSERT(user_id)",
    "authenticated SELECT",
    "authenticated UPDATE(ciphertext)",
    "authenticated UPDATE(key_version)",
    "authenticated UPDATE(owner_sealed_key)",
    "authenticated UPDATE(updated_at)",
  ],
  "public.identity_shares": [
    "authenticated DELETE",
    "authenticated INSERT(expires_at)",
    "authenticated INSERT(help_request_id)",
    "authenticated INSERT(key_version)",
    "authenticated INSERT(owner_id)",
    "authenticated INSERT(purpose)",
    "authenticated INSERT(recipient_id)",
    "authenticated INSERT(sealed_key)",
    // Not sealed_key: it leaves only through the logged opening (migration 0012).
    "authenticated SELECT(created_at)",
    "authenticated SELECT(expires_at)",
    "authenticated SELECT(help_request_id)",
    "authenticated SELECT(id)",
    "authenticated SELECT(key_version)",
    "authenticated SELECT(owner_id)",
    "authenticated SELECT(purpose)",
    "authenticated SELECT(recipient_id)",
    "authenticated UPDATE(key_version)",
    "authenticated UPDATE(sealed_key)",
  ],
  "public.identity_access_log": ["authenticated SELECT"],
  "public.ended_identity_shares": ["authenticated SELECT"],
  "public.lock_settings": [
    "authenticated DELETE",
    "authenticated INSERT(lock_after_minutes)",
    "authenticated INSERT(user_id)",
    "authenticated SELECT",
    "authenticated UPDATE(lock_after_minutes)",
    "authenticated UPDATE(updated_at)",
  ],
};

/** Who may execute each function in public and private (nobody else, PUBLIC included). */
const EXPECTED_EXECUTE: Record<string, string[]> = {
  // Every table's restrictive policy (0047): a signed-in role needs a profile of ours.
  "private.has_profile()": ["authenticated"],
  "private.has_role(role text)": ["authenticated"],
  "private.has_role_in_area(role text, area uuid)": ["authenticated"],
  "private.identity_counterparts()": ["authenticated"],
  "private.is_admin()": ["authenticated"],
  "private.own_clean_since()": ["authenticated"],
  "private.own_account()": ["authenticated"],
  "private.caller_id()": ["authenticated"],
  "private.record_audit(action text, subject uuid)": ["authenticated"],
  "private.record_identity_access(share uuid)": ["authenticated"],
  "private.open_shared_identity(p_share_id uuid)": ["authenticated"],
  "private.refuse_append_only_change()": [],
  "private.remember_ended_share()": [],
  "private.own_ended_shares()": ["authenticated"],
  "private.share_recipients()": ["authenticated"],
  "private.user_has_role(user_id uuid, role text)": [],
  "private.area_covers(grant_area uuid, area uuid)": [],
  "private.serves_area_of(worker uuid, member uuid)": [],
  "private.serves_my_area(worker uuid)": ["authenticated"],
  "private.deals_with_staff(staff uuid)": ["authenticated"],
  "private.share_is_live(share uuid)": ["authenticated"],
  "private.shared_owner_handle(share uuid)": ["authenticated"],
  "private.pseudonymise_deleted_account(account uuid)": [],
  "public.open_shared_identity(p_share_id uuid)": ["authenticated"],
  "public.rotate_identity_vault(p_revoked_share uuid, p_ciphertext text, p_owner_sealed_key text, p_new_version integer, p_reseals jsonb)": [
    "authenticated",
  ],
  "public.rotate_identity_vault_for_new_keys(p_ciphertext text, p_owner_sealed_key text, p_new_version integer, p_reseals jsonb)": ["authenticated"],
  "private.apply_vault_rotation(p_revoked_share uuid, p_ciphertext text, p_owner_sealed_key text, p_new_version integer, p_reseals jsonb)": ["authenticated"],
  // Groups and meetings (0021): helpers and the functions that change state with rules.
  "private.add_co_leader(p_group uuid, p_member uuid)": ["authenticated"],
  "private.answer_rsvp(p_meeting uuid, p_occurrence date, p_going boolean)": ["authenticated"],
  "private.create_group(p_name text, p_description text, p_area uuid, p_languages text[])": ["authenticated"],
  "private.decide_leader_application(p_application uuid, p_approve boolean, p_reason text)": ["authenticated"],
  "private.decide_membership(p_group uuid, p_member uuid, p_decision text, p_reason text)": ["authenticated"],
  "private.group_leader_handles(p_groups uuid[])": ["authenticated"],
  "private.group_roster(p_group uuid)": ["authenticated"],
  "private.leader_applications_to_answer()": ["authenticated"],
  "private.is_group_leader(grp uuid)": ["authenticated"],
  "private.is_group_member(grp uuid)": ["authenticated"],
  "private.is_meeting_leader(meeting uuid)": ["authenticated"],
  "private.is_meeting_listed(meeting uuid)": ["authenticated"],
  "private.is_group_listed(grp uuid)": ["authenticated"],
  "private.is_meeting_member(meeting uuid)": ["authenticated"],
  "private.leave_group(p_group uuid)": ["authenticated"],
  "private.leader_minimum_years()": ["authenticated"],
  "private.request_to_join(p_group uuid, p_note text)": ["authenticated"],
  "private.remove_co_leader(p_group uuid, p_member uuid)": ["authenticated"],
  "private.staff_for_area(area uuid)": ["authenticated"],
  "private.staff_for_member(member uuid)": ["authenticated"],
  "private.verify_abstinence(p_member uuid, p_since date)": ["authenticated"],
  "private.eligible_to_lead(member uuid)": [],
  "private.lock_occurrence(meeting uuid, occurrence date)": [],
  "private.promote_waitlist(meeting uuid, occurrence date)": [],
  "private.promote_after_capacity_change()": [],
  // Meetings' next times (0026): triggers, and the privileged path's store.
  // Today as the portal counts days (0027), for the definer functions.
  "private.portal_today()": [],
  "private.forget_meeting_times()": [],
  "private.forget_meeting_times_after_exception()": [],
  "private.refresh_group_next_meeting()": [],
  "private.store_meeting_times(p_ids uuid[], p_versions bigint[], p_starts timestamp with time zone[], p_ends timestamp with time zone[])": [],
  "private.withdraw_rsvps(grp uuid, member uuid)": [],
  // Attendance, announcements and statements (0022).
  "private.in_meeting_group(meeting uuid, member uuid)": ["authenticated"],
  "private.owns_statement(statement uuid)": ["authenticated"],
  "private.own_attendance_count(period_from date, period_to date)": ["authenticated"],
  "private.issue_attendance_statement(p_code text, p_from date, p_to date, p_count integer, p_signature text)": ["authenticated"],
  "private.withdraw_attendance_statement(p_statement uuid)": ["authenticated"],
  "private.check_attendance_statement(p_code text)": [],
  "private.own_waitlist_places(p_meetings uuid[], p_from date)": ["authenticated"],
  // Discreet testing (0029): who serves a site, what a member sees through their bookings,
  // booking and cancelling, and the staff's steps at the site by booking code.
  "private.serves_testing_area(area uuid)": ["authenticated"],
  "private.serves_testing_site(site uuid)": ["authenticated"],
  "private.serves_testing_booking(booking uuid)": ["authenticated"],
  "private.holds_current_testing_booking_at(site uuid)": ["authenticated"],
  "private.owns_testing_booking(booking uuid)": ["authenticated"],
  "private.book_slot(slot uuid, code text, idempotency uuid)": ["authenticated"],
  "private.cancel_booking(booking uuid, notice_minutes integer)": ["authenticated"],
  "private.slot_bookings(slot uuid)": ["authenticated"],
  "private.check_in(code text)": ["authenticated"],
  "private.mark_no_show(code text)": ["authenticated"],
  "private.record_result(code text, outcome text)": ["authenticated"],
  "private.step_testing_booking(p_code text, from_status text, to_status text)": [],
  // Attestations (0032): only the member stores and revokes theirs; links are opened on the
  // privileged path (recipients are not signed in).
  "private.owns_test_attestation(attestation uuid)": ["authenticated"],
  "private.own_negative_test_date(booking uuid)": ["authenticated"],
  "private.store_test_attestation(p_id uuid, p_booking uuid, p_expires_on date, p_sealed text)": ["authenticated"],
  "private.revoke_test_attestation(p_id uuid)": ["authenticated"],
  "private.open_test_attestation(p_id uuid)": [],
  // Help requests (0033): the areas a worker serves, whose request it is, the rule's table,
  // and every change through one function that checks the caller.
  "private.served_areas()": ["authenticated"],
  "private.owns_help_request(request uuid)": ["authenticated"],
  "private.handles_help_request(request uuid)": ["authenticated"],
  "private.help_request_status_after(status text, action text, actor text)": ["authenticated"],
  "private.ask_for_help(p_category text, p_urgency text, p_contact_way text, p_description text, p_idempotency uuid)": ["authenticated"],
  "private.act_on_help_request(p_request uuid, p_action text, p_note text)": ["authenticated"],
  "private.post_help_message(p_request uuid, p_body text, p_internal boolean, p_idempotency_key uuid)": ["authenticated"],
  "private.assign_help_request(p_request uuid, p_worker uuid)": ["authenticated"],
  "private.transfer_help_request(p_request uuid, p_area uuid, p_note text)": ["authenticated"],
  // Testing access as sets (0035): the sites a worker serves, the open sites, the caller's booked slots and their sites.
  "private.served_testing_sites()": ["authenticated"],
  "private.open_testing_sites()": ["authenticated"],
  "private.own_booked_slots()": ["authenticated"],
  "private.own_booked_sites()": ["authenticated"],
  // Dashboard figures (0034): aggregates over the caller's served areas only.
  "private.dashboard_areas(p_area uuid)": [],
  "private.dashboard_figures(p_area uuid, p_since timestamp with time zone)": ["authenticated"],
  // Identity shared for a help request (0036): who a share's worker must be, the member's two
  // questions, and the trigger that ends a request's shares.
  "private.recipient_serves_share(worker uuid, owner uuid, purpose text, request uuid)": [],
  "private.may_share_for_request(request uuid, worker uuid)": ["authenticated"],
  "private.request_share_recipient(request uuid)": ["authenticated"],
  "private.end_request_shares()": [],
  // Help queue colleagues (0038): whom a request the caller handles may be assigned to.
  "private.help_request_colleagues(p_request uuid)": ["authenticated"],
  // Mentors and mentorships (0051).
  "private.blocked_between(a uuid, b uuid)": [],
  "private.abstinent_years(member uuid)": [],
  "private.mentor_applications_to_answer()": ["authenticated"],
  "private.decide_mentor_application(p_application uuid, p_approve boolean, p_reason text)": ["authenticated"],
  "private.save_mentor_profile(p_show_years boolean, p_languages text[], p_experience text[], p_capacity integer, p_paused boolean)": ["authenticated"],
  "private.set_mentor_suspension(p_member uuid, p_suspend boolean, p_reason text)": ["authenticated"],
  "private.mentor_profiles_to_oversee()": ["authenticated"],
  "private.mentor_directory(p_area uuid, p_language text, p_experience text, p_limit integer, p_offset integer)": ["authenticated"],
  "private.ask_mentor(p_mentor uuid, p_note text)": ["authenticated"],
  "private.answer_mentorship(p_mentorship uuid, p_accept boolean)": ["authenticated"],
  "private.end_mentorship(p_mentorship uuid)": ["authenticated"],
  "private.block_member(p_member uuid)": ["authenticated"],
  "private.unblock_member(p_member uuid)": ["authenticated"],
  "private.own_mentorships()": ["authenticated"],
  // "I need to talk now" and notifications (0050): who is alerted (only inside the others),
  // asking, taking back, answering, and the recipient's list with the asker's handle.
  "private.talk_request_recipients(p_member uuid)": [],
  "private.ask_to_talk(p_note text)": ["authenticated"],
  "private.cancel_talk_request(p_request uuid)": ["authenticated"],
  "private.answer_notification(p_notification uuid)": ["authenticated"],
  "private.own_notifications(p_limit integer)": ["authenticated"],
  // Mentor messages, pins and reports (0053).
  "private.mentorship_counterpart(p_mentorship uuid)": [],
  "private.mentorship_counterpart_key(p_mentorship uuid)": ["authenticated"],
  "private.send_message(p_mentorship uuid, p_sequence integer, p_version integer, p_nonce text, p_ciphertext text)": ["authenticated"],
  "private.read_conversation(p_mentorship uuid)": ["authenticated"],
  "private.set_disappearing(p_mentorship uuid, p_days integer)": ["authenticated"],
  "private.delete_disappeared_messages()": [],
  "private.report_member(p_mentorship uuid, p_reason text, p_note text, p_attached jsonb)": ["authenticated"],
  "private.close_report(p_report uuid, p_outcome text)": ["authenticated"],
  "private.reports_to_handle(p_open boolean, p_limit integer)": ["authenticated"],
  // Crisis hotlines (0052): admins change them only through these, which write the audit row.
  "private.add_hotline(p_area uuid, p_name text, p_number text, p_hours text, p_languages text[], p_note text, p_sort_order integer)": ["authenticated"],
  "private.change_hotline(p_id uuid, p_area uuid, p_name text, p_number text, p_hours text, p_languages text[], p_note text, p_sort_order integer)": ["authenticated"],
  "private.remove_hotline(p_id uuid)": ["authenticated"],
};

/** Columns that policies filter on; each must lead an index. */
const POLICY_FILTER_COLUMNS = [
  "public.profiles.id",
  "public.user_keys.user_id",
  "public.role_grants.user_id",
  "public.identity_vaults.user_id",
  "public.identity_shares.owner_id",
  "public.identity_shares.recipient_id",
  "public.identity_access_log.owner_id",
  "public.ended_identity_shares.owner_id",
  "public.lock_settings.user_id",
  "public.staff_cards.user_id",
  "public.groups.status",
  "public.groups.id",
  "public.group_memberships.member_id",
  "public.group_memberships.group_id",
  "public.leader_applications.member_id",
  "public.leader_applications.area_id",
  "public.abstinence_verifications.member_id",
  "public.meetings.id",
  "public.meetings.group_id",
  "public.meeting_private_details.meeting_id",
  "public.meeting_exceptions.meeting_id",
  "public.meeting_rsvps.member_id",
  "public.meeting_rsvps.meeting_id",
  "public.meeting_attendance.member_id",
  "public.meeting_attendance.meeting_id",
  "public.group_announcements.group_id",
  "public.attendance_statements.member_id",
  "public.attendance_statement_checks.statement_id",
  "public.testing_sites.id",
  "public.testing_sites.area_id",
  "public.testing_sites.status",
  "public.testing_site_addresses.site_id",
  "public.testing_slots.id",
  "public.testing_slots.site_id",
  "public.testing_bookings.member_id",
  "public.testing_results.booking_id",
  "public.test_attestations.member_id",
  "public.test_attestation_openings.attestation_id",
  "public.help_requests.member_id",
  "public.help_requests.area_id",
  "public.help_requests.assigned_to",
  "public.help_request_events.request_id",
  "public.mentor_applications.member_id",
  "public.mentor_applications.area_id",
  "public.mentor_profiles.member_id",
  "public.mentor_profiles.area_id",
  "public.mentorships.mentee_id",
  "public.mentorships.mentor_id",
  "public.member_blocks.blocker_id",
  "public.talk_requests.member_id",
  "public.notifications.recipient_id",
  "public.messages.mentorship_id",
  "public.message_key_pins.owner_id",
  "public.reports.reporter_id",
  "public.reports.area_id",
];

describeOnEveryEngine("schema security", { supabase: true }, ({ db }) => {
  it("every table in public, private and auth has RLS enabled", async () => {
    const tables = await sql<{ name: string; rls: boolean }>`
      select n.nspname || '.' || c.relname as name, c.relrowsecurity as rls
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'private', 'auth') and c.relkind in ('r', 'p')
      order by 1`.execute(db);
    expect(tables.rows.length).toBeGreaterThanOrEqual(10);
    expect(tables.rows.filter((t) => !t.rls).map((t) => t.name)).toEqual([]);
  });

  it("every table in public lets a signed-in role without a profile read and write nothing (a restrictive policy on each)", async () => {
    const rows = await sql<{ name: string; guarded: boolean }>`
      select c.relname as name,
             exists (select 1 from pg_policies p
                      where p.schemaname = 'public' and p.tablename = c.relname and p.permissive = 'RESTRICTIVE'
                        and p.cmd = 'ALL' and p.roles::text[] = array['authenticated']
                        and p.qual ilike '%private.has_profile()%' and p.with_check ilike '%private.has_profile()%') as guarded
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by 1`.execute(db);
    expect(rows.rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.rows.filter((r) => !r.guarded).map((r) => r.name)).toEqual([]);
  });

  it("grants PUBLIC and the API roles exactly what is written down, and nothing in private or auth", async () => {
    const rows = await sql<{ object: string; grant: string }>`
      with objects as (
        select n.nspname || '.' || c.relname as object, c.relacl as acl, null::text as col
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'private', 'auth') and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
        union all
        select n.nspname || '.' || c.relname, a.attacl, a.attname
        from pg_attribute a
          join pg_class c on c.oid = a.attrelid
          join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'private', 'auth') and a.attnum > 0 and not a.attisdropped and a.attacl is not null
      )
      select o.object,
             coalesce(r.rolname, 'PUBLIC') || ' ' || x.privilege_type || coalesce('(' || o.col || ')', '') as grant
      from objects o
        cross join lateral aclexplode(o.acl) x
        left join pg_roles r on r.oid = x.grantee
      where x.grantee = 0 or r.rolname = any(${API_ROLES})
      order by 1, 2`.execute(db);
    const actual: Record<string, string[]> = {};
    for (const row of rows.rows) (actual[row.object] ??= []).push(row.grant);
    expect(actual).toEqual(EXPECTED_GRANTS);
  });

  it("API roles may use schema private only as authenticated, and may not create anything", async () => {
    const rows = await sql<{ role: string; schema: string; usage: boolean; create: boolean }>`
      select r.rolname as role, s.nspname as schema,
             has_schema_privilege(r.rolname, s.nspname, 'USAGE') as usage,
             has_schema_privilege(r.rolname, s.nspname, 'CREATE') as create
      from pg_roles r cross join (values ('public'), ('private'), ('auth')) as s(nspname)
      where r.rolname = any(${API_ROLES})
      order by 1, 2`.execute(db);
    expect(rows.rows.filter((r) => r.create)).toEqual([]);
    expect(rows.rows.filter((r) => r.schema === "private" && r.usage).map((r) => r.role)).toEqual(["authenticated"]);
  });

  it("functions in public and private are executable only by whom they are meant for", async () => {
    const rows = await sql<{ fn: string; roles: string[] }>`
      select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as fn,
             array(
               select r from unnest(array['PUBLIC', 'anon', 'authenticated', 'service_role']) as r
               where case when r = 'PUBLIC'
                          then p.proacl is null or exists (select 1 from aclexplode(p.proacl) x where x.grantee = 0)
                          else has_function_privilege(r, p.oid, 'EXECUTE') end
             ) as roles
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private')
      order by 1`.execute(db);
    const actual = Object.fromEntries(rows.rows.map((r) => [r.fn, r.roles]));
    expect(actual).toEqual(EXPECTED_EXECUTE);
  });

  it("every function in private and every security definer function pins search_path to ''", async () => {
    const rows = await sql<{ fn: string; config: string[] | null; definer: boolean }>`
      select n.nspname || '.' || p.proname as fn, p.proconfig as config, p.prosecdef as definer
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') or (p.prosecdef and n.nspname = 'auth')`.execute(db);
    const unpinned = rows.rows.filter((r) => !(r.config ?? []).some((c) => c === 'search_path=""' || c === "search_path=''"));
    expect(unpinned.map((r) => r.fn)).toEqual([]);
    expect(rows.rows.filter((r) => r.definer && !r.fn.startsWith("private.")).map((r) => r.fn)).toEqual([]);
  });

  it("read-only helpers in private are PL/pgSQL, so a connection plans each body once (migration 0055)", async () => {
    // A SQL function with a pinned search_path (all of private, above) is never inlined, so
    // PostgreSQL parsed and planned its body again in every statement that called it: RLS
    // calls these on every page. PL/pgSQL keeps each statement's plan for the connection.
    const rows = await sql<{ fn: string }>`
      select n.nspname || '.' || p.proname as fn
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
      where n.nspname = 'private' and p.provolatile = 's' and l.lanname = 'sql'
      order by 1`.execute(db);
    expect(rows.rows.map((r) => r.fn)).toEqual([]);
  });

  it("policies and functions of ours ask who the caller is through private.caller_id(), not auth.uid() (migration 0058)", async () => {
    // Supabase's auth.uid() sets its own search_path, so PostgreSQL plans its body again in
    // every statement that calls it; private.caller_id() is the same body in PL/pgSQL.
    const functions = await sql<{ fn: string }>`
      select n.nspname || '.' || p.proname as fn
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') and p.prokind = 'f' and pg_get_functiondef(p.oid) ilike '%auth.uid()%'
      order by 1`.execute(db);
    expect(functions.rows.map((r) => r.fn)).toEqual([]);
    const policies = await sql<{ name: string }>`
      select tablename || ': ' || policyname as name from pg_policies
      where schemaname in ('public', 'private') and (coalesce(qual, '') ilike '%auth.uid()%' or coalesce(with_check, '') ilike '%auth.uid()%')
      order by 1`.execute(db);
    expect(policies.rows.map((r) => r.name)).toEqual([]);
    const callers = await sql<{ n: number }>`
      select count(*)::int as n from pg_policies
      where schemaname = 'public' and (coalesce(qual, '') like '%private.caller_id()%' or coalesce(with_check, '') like '%private.caller_id()%')`.execute(db);
    expect(callers.rows[0]?.n).toBeGreaterThanOrEqual(40);
  });

  it("private.caller_id() answers exactly as auth.uid() does, for a member, with no claims, and with an old-style sub claim", async () => {
    const both = async (claims: Record<string, string> | null, sub: string | null) =>
      db.transaction().execute(async (trx) => {
        await sql`select set_config('request.jwt.claims', ${claims === null ? "" : JSON.stringify(claims)}, true), set_config('request.jwt.claim.sub', ${sub ?? ""}, true)`.execute(trx);
        return (await sql<{ mine: string | null; theirs: string | null }>`select private.caller_id()::text as mine, auth.uid()::text as theirs`.execute(trx)).rows[0];
      });
    const id = "d0000000-0000-4000-8000-00000000abcd";
    expect(await both({ sub: id, role: "authenticated" }, null)).toEqual({ mine: id, theirs: id });
    expect(await both(null, null)).toEqual({ mine: null, theirs: null });
    expect(await both({ role: "anon" }, null)).toEqual({ mine: null, theirs: null });
    const other = "d0000000-0000-4000-8000-00000000dcba";
    expect(await both({ sub: id }, other)).toEqual({ mine: other, theirs: other });
  });

  it("policies name their roles and call auth.uid() and the private helpers through a sub-select", async () => {
    const rows = await sql<{ name: string; roles: string[]; qual: string | null; check: string | null }>`
      select schemaname || '.' || tablename || ': ' || policyname as name, roles::text[] as roles,
             qual, with_check as check
      from pg_policies where schemaname in ('public', 'private')
      order by 1`.execute(db);
    expect(rows.rows.length).toBeGreaterThanOrEqual(10);
    const bare: string[] = [];
    for (const policy of rows.rows) {
      if (policy.roles.includes("public")) bare.push(`${policy.name} applies to PUBLIC`);
      for (const text of [policy.qual, policy.check]) {
        if (!text) continue;
        const withoutSubSelects = text.replace(/\(\s*SELECT\s+(?:auth|private)\.[a-z_]+\([^()]*\)(?:\s+AS\s+[a-z_]+)?\s*\)/gi, "");
        if (/\b(?:auth\.uid|auth\.jwt|private\.[a-z_]+)\(/i.test(withoutSubSelects)) bare.push(`${policy.name}: ${text}`);
      }
    }
    expect(bare).toEqual([]);
  });

  it("every column a policy filters on leads an index", async () => {
    const rows = await sql<{ col: string }>`
      select n.nspname || '.' || c.relname || '.' || a.attname as col
      from pg_index i
        join pg_class c on c.oid = i.indrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
      where n.nspname in ('public', 'private')`.execute(db);
    const indexed = new Set(rows.rows.map((r) => r.col));
    expect(POLICY_FILTER_COLUMNS.filter((col) => !indexed.has(col))).toEqual([]);
  });

  it("every foreign key column leads an index (cascades and set null stay cheap)", async () => {
    const rows = await sql<{ fk: string; indexed: boolean }>`
      select n.nspname || '.' || c.relname || '.' || a.attname as fk,
             exists (select 1 from pg_index i where i.indrelid = c.oid and i.indkey[0] = a.attnum) as indexed
      from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = k.conkey[1]
      where k.contype = 'f' and n.nspname in ('public', 'private')
      order by 1`.execute(db);
    expect(rows.rows.filter((r) => !r.indexed).map((r) => r.fk)).toEqual([]);
  });
});
