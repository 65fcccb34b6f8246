-- Row-level security asks the private helpers below on every row it checks, and pages call the
-- set-returning ones once each. Written in SQL with `security definer` or a `set search_path`,
-- PostgreSQL cannot inline them, so it parsed and planned each helper's body again in every
-- statement that called it: on the home page that was most of the database's time (the
-- meeting details' policy alone took 1 ms for one row; `bench/server-cost.ts --statements`).
-- PL/pgSQL keeps a statement's plan for the life of the connection, so the same bodies, moved
-- into PL/pgSQL, are planned once per connection (a pgbench of the home page's reads as a
-- member: 1.15 ms a transaction before, 0.50 after). Each keeps its signature, its grants, its
-- owner's rights and its empty search path; `#variable_conflict use_column` resolves a name
-- that is both a column and an argument to the column, as SQL functions did. A scalar helper
-- returns its query's one row (or null); none of them can find two (each reads by a key or
-- asks `exists`/`count`). Who may read or change what does not change: the RLS suites hold
-- every policy to that on each engine.

-- Replaces private.abstinent_years from 0051: its body in PL/pgSQL, planned once per connection.
create or replace function private.abstinent_years(member uuid)
  returns integer
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select extract(year from age(private.portal_today(), v.verified_since))::integer
    from public.abstinence_verifications v where v.member_id = abstinent_years.member
  );
end;
$$;

-- Replaces private.active_groups_by_area from 0039: its body in PL/pgSQL, planned once per connection.
create or replace function private.active_groups_by_area(p_area uuid)
  returns TABLE(area_id uuid, groups integer)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select g.area_id, count(*)::integer
    from public.groups g
    where g.status = 'active' and g.area_id = any (array(select private.dashboard_areas(p_area)))
    group by g.area_id;
end;
$$;

-- Replaces private.area_covers from 0012: its body in PL/pgSQL, planned once per connection.
create or replace function private.area_covers(grant_area uuid, area uuid)
  returns boolean
  language plpgsql stable
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select area_covers.area is not null and (
      area_covers.grant_area is null or exists (
        with recursive up (id, parent_id) as (
          select a.id, a.parent_id from public.areas a where a.id = area_covers.area
          union
          select a.id, a.parent_id from public.areas a join up on a.id = up.parent_id
        )
        select 1 from up where up.id = area_covers.grant_area
      )
    )
  );
end;
$$;

-- Replaces private.blocked_between from 0051: its body in PL/pgSQL, planned once per connection.
create or replace function private.blocked_between(a uuid, b uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (
      select 1 from public.member_blocks k
      where (k.blocker_id = blocked_between.a and k.blocked_id = blocked_between.b)
         or (k.blocker_id = blocked_between.b and k.blocked_id = blocked_between.a))
  );
end;
$$;

-- Replaces private.dashboard_areas from 0034: its body in PL/pgSQL, planned once per connection.
create or replace function private.dashboard_areas(p_area uuid)
  returns SETOF uuid
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    with recursive below (id) as (
      select a.id from public.areas a where a.id = p_area
      union
      select a.id from public.areas a join below b on a.parent_id = b.id
    )
    select s.id from private.served_areas() s (id)
    where p_area is null or s.id in (select id from below);
end;
$$;

-- Replaces private.deals_with_staff from 0048: its body in PL/pgSQL, planned once per connection.
create or replace function private.deals_with_staff(staff uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.serves_my_area(deals_with_staff.staff)
      or exists (select 1 from public.identity_shares s
                 where s.owner_id = (select auth.uid()) and s.recipient_id = deals_with_staff.staff)
      or exists (select 1 from public.ended_identity_shares e
                 where e.owner_id = (select auth.uid()) and e.recipient_id = deals_with_staff.staff)
      or exists (select 1 from public.identity_access_log l
                 where l.owner_id = (select auth.uid()) and l.accessor_id = deals_with_staff.staff)
      or exists (select 1 from public.help_requests r
                 where r.member_id = (select auth.uid()) and r.assigned_to = deals_with_staff.staff)
      or exists (select 1 from public.help_requests r join public.help_request_events e on e.request_id = r.id
                 where r.member_id = (select auth.uid()) and e.visible_to_member
                   and (e.author_id = deals_with_staff.staff or e.assignee_id = deals_with_staff.staff))
  );
end;
$$;

-- Replaces private.eligible_to_lead from 0027: its body in PL/pgSQL, planned once per connection.
create or replace function private.eligible_to_lead(member uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    with since as (
      select v.verified_since as day, private.leader_minimum_years() as years
      from public.abstinence_verifications v where v.member_id = eligible_to_lead.member
    )
    select exists (
      select 1 from since
      where private.portal_today() >= (
        (since.day + make_interval(years => since.years))::date
        + case when extract(month from since.day) = 2 and extract(day from since.day) = 29
                 and extract(day from (since.day + make_interval(years => since.years))) = 28 then 1 else 0 end))
  );
end;
$$;

-- Replaces private.group_leader_handles from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.group_leader_handles(p_groups uuid[])
  returns TABLE(group_id uuid, member_id uuid, handle text, kind text)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select l.group_id, l.member_id, p.handle, l.kind
    from public.group_leaders l
    join public.groups g on g.id = l.group_id
    join public.profiles p on p.id = l.member_id
    where l.group_id = any (p_groups) and (select auth.uid()) is not null
      and (g.status = 'active' or private.is_group_leader(g.id) or private.is_admin())
    order by l.group_id, l.kind, p.handle_key;
end;
$$;

-- Replaces private.group_roster from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.group_roster(p_group uuid)
  returns TABLE(member_id uuid, handle text, status text, request_note text, decision_reason text, requested_at timestamp with time zone)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select m.member_id, p.handle, m.status, m.request_note, m.decision_reason, m.requested_at
    from public.group_memberships m join public.profiles p on p.id = m.member_id
    where m.group_id = p_group
      and (private.is_group_leader(p_group) or (m.status = 'approved' and private.is_group_member(p_group)))
    order by m.status, m.requested_at, m.member_id;
end;
$$;

-- Replaces private.handles_help_request from 0033: its body in PL/pgSQL, planned once per connection.
create or replace function private.handles_help_request(request uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (
      select 1 from public.help_requests r
      where r.id = handles_help_request.request
        and (r.assigned_to = (select auth.uid()) or r.area_id in (select private.served_areas())))
  );
end;
$$;

-- Replaces private.has_profile from 0047: its body in PL/pgSQL, planned once per connection.
create or replace function private.has_profile()
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (select 1 from public.profiles p where p.id = (select auth.uid()))
  );
end;
$$;

-- Replaces private.has_role from 0006: its body in PL/pgSQL, planned once per connection.
create or replace function private.has_role(role text)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.user_has_role((select auth.uid()), has_role.role)
  );
end;
$$;

-- Replaces private.has_role_in_area from 0002: its body in PL/pgSQL, planned once per connection.
create or replace function private.has_role_in_area(role text, area uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (
      select 1 from public.role_grants g
      where g.user_id = (select auth.uid())
        and g.role = has_role_in_area.role
        and (g.area_id is null or g.area_id = has_role_in_area.area)
    )
  );
end;
$$;

-- Replaces private.help_request_colleagues from 0038: its body in PL/pgSQL, planned once per connection.
create or replace function private.help_request_colleagues(p_request uuid)
  returns TABLE(worker_id uuid, display_name text)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select distinct g.user_id, c.display_name
    from public.help_requests r
    join public.role_grants g
      on g.role = 'social_worker' and g.user_id <> r.member_id and private.area_covers(g.area_id, r.area_id)
    left join public.staff_cards c on c.user_id = g.user_id
    where r.id = p_request
      and r.member_id <> (select auth.uid())
      and private.handles_help_request(r.id);
end;
$$;

-- Replaces private.help_requests_by_category_and_status from 0049: its body in PL/pgSQL, planned once per connection.
create or replace function private.help_requests_by_category_and_status(p_area uuid, p_since timestamp with time zone)
  returns TABLE(category text, status text, requests integer)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select r.category, r.status, count(*)::integer
    from public.help_requests r
    where r.area_id = any (array(select private.dashboard_areas(p_area))) and r.created_at >= p_since
    group by r.category, r.status;
end;
$$;

-- Replaces private.help_response_times from 0039: its body in PL/pgSQL, planned once per connection.
create or replace function private.help_response_times(p_area uuid, p_since timestamp with time zone)
  returns TABLE(responded integer, median_first_response_seconds double precision, resolved integer, median_resolution_seconds double precision)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select count(r.first_response_at)::integer,
           percentile_cont(0.5) within group (order by extract(epoch from r.first_response_at - r.created_at)) filter (where r.first_response_at is not null),
           count(*) filter (where r.status = 'resolved')::integer,
           percentile_cont(0.5) within group (order by extract(epoch from r.closed_at - r.created_at)) filter (where r.status = 'resolved')
    from public.help_requests r
    where r.created_at >= p_since and r.area_id = any (array(select private.dashboard_areas(p_area)));
end;
$$;

-- Replaces private.holds_current_testing_booking_at from 0029: its body in PL/pgSQL, planned once per connection.
create or replace function private.holds_current_testing_booking_at(site uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (
      select 1 from public.testing_bookings b join public.testing_slots s on s.id = b.slot_id
      where s.site_id = holds_current_testing_booking_at.site and b.member_id = (select auth.uid())
        and b.status in ('booked', 'checked_in'))
  );
end;
$$;

-- Replaces private.identity_counterparts from 0012: its body in PL/pgSQL, planned once per connection.
create or replace function private.identity_counterparts()
  returns TABLE(user_id uuid, handle text, public_key text)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    with recursive accessors (user_id) as (
      (select l.accessor_id from public.identity_access_log l
       where l.owner_id = (select auth.uid())
       order by l.accessor_id limit 1)
      union all
      select (select l.accessor_id from public.identity_access_log l
              where l.owner_id = (select auth.uid()) and l.accessor_id > a.user_id
              order by l.accessor_id limit 1)
      from accessors a
      where a.user_id is not null
    ), counterparts (user_id, needs_key) as (
      select s.recipient_id, true from public.identity_shares s
      where s.owner_id = (select auth.uid())
      union all
      select s.owner_id, false from public.identity_shares s
      where s.recipient_id = (select auth.uid()) and private.share_is_live(s.id)
      union all
      select a.user_id, false from accessors a
      where a.user_id is not null
    ), accounts (user_id, needs_key) as (
      select c.user_id, bool_or(c.needs_key) from counterparts c group by c.user_id
    )
    -- One primary-key lookup per account: joined plainly, the planner (guessing how many
    -- accounts there are) chose to scan every profile at 10,000 members.
    select p.id, p.handle,
           case when a.needs_key then (select k.public_key from public.user_keys k where k.user_id = p.id) end
    from accounts a
      cross join lateral (select p.id, p.handle from public.profiles p where p.id = a.user_id limit 1) p;
end;
$$;

-- Replaces private.in_meeting_group from 0022: its body in PL/pgSQL, planned once per connection.
create or replace function private.in_meeting_group(meeting uuid, member uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (
      select 1 from public.meetings m join public.group_memberships g on g.group_id = m.group_id
      where m.id = in_meeting_group.meeting and g.member_id = in_meeting_group.member and g.status = 'approved')
  );
end;
$$;

-- Replaces private.is_admin from 0002: its body in PL/pgSQL, planned once per connection.
create or replace function private.is_admin()
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.has_role('admin')
  );
end;
$$;

-- Replaces private.is_group_leader from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.is_group_leader(grp uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (select 1 from public.group_leaders l where l.group_id = is_group_leader.grp and l.member_id = (select auth.uid()))
  );
end;
$$;

-- Replaces private.is_group_listed from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.is_group_listed(grp uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (
      select 1 from public.groups g
      where g.id = is_group_listed.grp and (g.status = 'active' or private.is_group_leader(g.id) or private.is_admin()))
  );
end;
$$;

-- Replaces private.is_group_member from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.is_group_member(grp uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.is_group_leader(is_group_member.grp) or exists (
      select 1 from public.group_memberships m
      where m.group_id = is_group_member.grp and m.member_id = (select auth.uid()) and m.status = 'approved')
  );
end;
$$;

-- Replaces private.is_meeting_leader from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.is_meeting_leader(meeting uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.is_group_leader((select m.group_id from public.meetings m where m.id = is_meeting_leader.meeting))
  );
end;
$$;

-- Replaces private.is_meeting_listed from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.is_meeting_listed(meeting uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.is_group_listed((select m.group_id from public.meetings m where m.id = is_meeting_listed.meeting))
  );
end;
$$;

-- Replaces private.is_meeting_member from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.is_meeting_member(meeting uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.is_group_member((select m.group_id from public.meetings m where m.id = is_meeting_member.meeting))
  );
end;
$$;

-- Replaces private.leader_applications_to_answer from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.leader_applications_to_answer()
  returns TABLE(id uuid, member_id uuid, handle text, area_id uuid, note text, created_at timestamp with time zone, verified_since date)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select a.id, a.member_id, p.handle, a.area_id, a.note, a.created_at, v.verified_since
    from public.leader_applications a
    join public.profiles p on p.id = a.member_id
    left join public.abstinence_verifications v on v.member_id = a.member_id
    where a.status = 'pending' and a.member_id <> (select auth.uid()) and private.staff_for_area(a.area_id)
    order by a.created_at, a.id;
end;
$$;

-- Replaces private.leader_minimum_years from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.leader_minimum_years()
  returns integer
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select coalesce((select s.value::integer from private.settings s where s.key = 'leader_minimum_years'), 2)
  );
end;
$$;

-- Replaces private.may_share_for_request from 0036: its body in PL/pgSQL, planned once per connection.
create or replace function private.may_share_for_request(request uuid, worker uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.recipient_serves_share(may_share_for_request.worker, (select auth.uid()), 'help_request', may_share_for_request.request)
  );
end;
$$;

-- Replaces private.meetings_held from 0039: its body in PL/pgSQL, planned once per connection.
create or replace function private.meetings_held(p_area uuid, p_since date)
  returns TABLE(meetings integer, present integer)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select count(distinct (a.meeting_id, a.occurrence_on))::integer, count(*) filter (where a.present)::integer
    from public.meeting_attendance a
      join public.meetings m on m.id = a.meeting_id
      join public.groups g on g.id = m.group_id
    where a.occurrence_on >= p_since and g.area_id = any (array(select private.dashboard_areas(p_area)));
end;
$$;

-- Replaces private.mentor_applications_to_answer from 0051: its body in PL/pgSQL, planned once per connection.
create or replace function private.mentor_applications_to_answer()
  returns TABLE(id uuid, member_id uuid, handle text, area_id uuid, note text, created_at timestamp with time zone, verified_since date)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select a.id, a.member_id, p.handle, a.area_id, a.note, a.created_at, v.verified_since
    from public.mentor_applications a
    join public.profiles p on p.id = a.member_id
    left join public.abstinence_verifications v on v.member_id = a.member_id
    where a.status = 'pending' and a.member_id <> (select auth.uid()) and private.staff_for_area(a.area_id)
    order by a.created_at, a.id;
end;
$$;

-- Replaces private.mentor_directory from 0051: its body in PL/pgSQL, planned once per connection.
create or replace function private.mentor_directory(p_area uuid, p_language text, p_experience text, p_limit integer, p_offset integer)
  returns TABLE(member_id uuid, handle text, area_id uuid, years integer, languages text[], experience text[], has_room boolean)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    with recursive below (id) as (
      select a.id from public.areas a where a.id = p_area
      union
      select a.id from public.areas a join below on a.parent_id = below.id
    )
    select m.member_id, p.handle, m.area_id,
           case when m.show_years then private.abstinent_years(m.member_id) end,
           m.languages, m.experience,
           (select count(*) from public.mentorships s where s.mentor_id = m.member_id and s.state = 'active') < m.capacity
    from public.mentor_profiles m join public.profiles p on p.id = m.member_id
    where not m.paused and m.suspended_at is null
      and m.member_id <> (select auth.uid())
      and (p_area is null or m.area_id in (select id from below))
      and (p_language is null or p_language = any (m.languages))
      and (p_experience is null or p_experience = any (m.experience))
      and not private.blocked_between(m.member_id, (select auth.uid()))
    order by p.handle, m.member_id
    limit least(greatest(p_limit, 0), 100) offset greatest(p_offset, 0);
end;
$$;

-- Replaces private.mentor_profiles_to_oversee from 0051: its body in PL/pgSQL, planned once per connection.
create or replace function private.mentor_profiles_to_oversee()
  returns TABLE(member_id uuid, handle text, area_id uuid, paused boolean, suspended_at timestamp with time zone, suspension_reason text, active integer)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select m.member_id, p.handle, m.area_id, m.paused, m.suspended_at, m.suspension_reason,
           (select count(*) from public.mentorships s where s.mentor_id = m.member_id and s.state = 'active')::integer
    from public.mentor_profiles m join public.profiles p on p.id = m.member_id
    where m.member_id <> (select auth.uid()) and private.staff_for_area(m.area_id)
    order by p.handle, m.member_id;
end;
$$;

-- Replaces private.mentorship_counterpart from 0053: its body in PL/pgSQL, planned once per connection.
create or replace function private.mentorship_counterpart(p_mentorship uuid)
  returns uuid
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select case when s.mentee_id = (select auth.uid()) then s.mentor_id else s.mentee_id end
    from public.mentorships s
    where s.id = p_mentorship and (select auth.uid()) in (s.mentee_id, s.mentor_id)
  );
end;
$$;

-- Replaces private.mentorship_counterpart_key from 0053: its body in PL/pgSQL, planned once per connection.
create or replace function private.mentorship_counterpart_key(p_mentorship uuid)
  returns TABLE(user_id uuid, handle text, public_key text)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select p.id, p.handle, k.public_key
    from public.profiles p
    join public.user_keys k on k.user_id = p.id
    where p.id = private.mentorship_counterpart(p_mentorship);
end;
$$;

-- Replaces private.open_help_requests_by_age from 0039: its body in PL/pgSQL, planned once per connection.
create or replace function private.open_help_requests_by_age(p_area uuid)
  returns TABLE(age text, requests integer)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select case
             when now() - r.created_at < interval '1 day' then 'day'
             when now() - r.created_at < interval '7 days' then 'week'
             when now() - r.created_at < interval '30 days' then 'month'
             else 'older'
           end,
           count(*)::integer
    from public.help_requests r
    where r.closed_at is null and r.area_id = any (array(select private.dashboard_areas(p_area)))
    group by 1;
end;
$$;

-- Replaces private.open_testing_sites from 0035: its body in PL/pgSQL, planned once per connection.
create or replace function private.open_testing_sites()
  returns SETOF uuid
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select s.id from public.testing_sites s where s.status = 'open';
end;
$$;

-- Replaces private.own_attendance_count from 0025: its body in PL/pgSQL, planned once per connection.
create or replace function private.own_attendance_count(period_from date, period_to date)
  returns integer
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select count(*)::integer
    from public.meeting_attendance a
    left join public.meeting_exceptions e on e.meeting_id = a.meeting_id and e.occurrence_on = a.occurrence_on
    where a.member_id = (select auth.uid()) and a.present
      and e.kind is distinct from 'cancelled'
      and coalesce(e.moved_to_on, a.occurrence_on) between own_attendance_count.period_from and own_attendance_count.period_to
  );
end;
$$;

-- Replaces private.own_booked_sites from 0035: its body in PL/pgSQL, planned once per connection.
create or replace function private.own_booked_sites()
  returns SETOF uuid
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select s.site_id from public.testing_bookings b join public.testing_slots s on s.id = b.slot_id where b.member_id = (select auth.uid());
end;
$$;

-- Replaces private.own_booked_slots from 0035: its body in PL/pgSQL, planned once per connection.
create or replace function private.own_booked_slots()
  returns SETOF uuid
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select b.slot_id from public.testing_bookings b where b.member_id = (select auth.uid());
end;
$$;

-- Replaces private.own_clean_since from 0003: its body in PL/pgSQL, planned once per connection.
create or replace function private.own_clean_since()
  returns date
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select p.clean_since from public.profiles p where p.id = (select auth.uid())
  );
end;
$$;

-- Replaces private.own_ended_shares from 0019: its body in PL/pgSQL, planned once per connection.
create or replace function private.own_ended_shares()
  returns TABLE(id uuid, recipient_id uuid, handle text, purpose text, created_at timestamp with time zone, expires_at timestamp with time zone, ended_at timestamp with time zone, ended_reason text)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select e.id, e.recipient_id, p.handle, e.purpose, e.created_at, e.expires_at, e.ended_at, e.ended_reason
    from public.ended_identity_shares e
      left join public.profiles p on p.id = e.recipient_id
    where e.owner_id = (select auth.uid())
    order by e.ended_at desc, e.id;
end;
$$;

-- Replaces private.own_mentorships from 0051: its body in PL/pgSQL, planned once per connection.
create or replace function private.own_mentorships()
  returns TABLE(id uuid, as_mentor boolean, other_id uuid, other_handle text, note text, state text, requested_at timestamp with time zone, ended_at timestamp with time zone, ended_by_me boolean, blocked boolean)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select s.id, s.mentor_id = (select auth.uid()), o.id, o.handle, s.note, s.state, s.requested_at, s.ended_at,
           coalesce(s.ended_by = (select auth.uid()), false),
           exists (select 1 from public.member_blocks k where k.blocker_id = (select auth.uid()) and k.blocked_id = o.id)
    from public.mentorships s
    join public.profiles o on o.id = case when s.mentor_id = (select auth.uid()) then s.mentee_id else s.mentor_id end
    where (select auth.uid()) in (s.mentee_id, s.mentor_id)
    order by s.requested_at desc, s.id
    limit 50;
end;
$$;

-- Replaces private.own_negative_test_date from 0032: its body in PL/pgSQL, planned once per connection.
create or replace function private.own_negative_test_date(booking uuid)
  returns date
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select s.local_date
    from public.testing_bookings b
      join public.testing_results r on r.booking_id = b.id
      join public.testing_slots s on s.id = b.slot_id
    where b.id = own_negative_test_date.booking and b.member_id = (select auth.uid()) and r.outcome = 'negative'
  );
end;
$$;

-- Replaces private.own_notifications from 0053: its body in PL/pgSQL, planned once per connection.
create or replace function private.own_notifications(p_limit integer)
  returns TABLE(id uuid, kind text, created_at timestamp with time zone, read_at timestamp with time zone, answered_at timestamp with time zone, member_handle text, note text, cancelled boolean, answered_by_someone boolean, mentorship_id uuid)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select n.id, n.kind, n.created_at, n.read_at, n.answered_at, coalesce(p.handle, q.handle), r.note,
           r.cancelled_at is not null, r.answered_at is not null, n.mentorship_id
    from public.notifications n
    left join public.talk_requests r on r.id = n.talk_request_id
    left join public.profiles p on p.id = r.member_id
    left join public.mentorships s on s.id = n.mentorship_id
    left join public.profiles q on q.id = case when s.mentee_id = n.recipient_id then s.mentor_id else s.mentee_id end
    where n.recipient_id = (select auth.uid())
    order by n.created_at desc, n.id
    limit least(greatest(p_limit, 1), 200);
end;
$$;

-- Replaces private.own_waitlist_places from 0023: its body in PL/pgSQL, planned once per connection.
create or replace function private.own_waitlist_places(p_meetings uuid[], p_from date)
  returns TABLE(meeting_id uuid, occurrence_on date, place integer)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select mine.meeting_id, mine.occurrence_on, (
      select count(*)::integer + 1 from public.meeting_rsvps ahead
      where ahead.meeting_id = mine.meeting_id and ahead.occurrence_on = mine.occurrence_on and ahead.status = 'waitlisted'
        and (ahead.responded_at, ahead.member_id) < (mine.responded_at, mine.member_id))
    from public.meeting_rsvps mine
    where mine.member_id = (select auth.uid()) and mine.status = 'waitlisted'
      and mine.meeting_id = any (p_meetings) and mine.occurrence_on >= p_from;
end;
$$;

-- Replaces private.owns_help_request from 0033: its body in PL/pgSQL, planned once per connection.
create or replace function private.owns_help_request(request uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (select 1 from public.help_requests r where r.id = owns_help_request.request and r.member_id = (select auth.uid()))
  );
end;
$$;

-- Replaces private.owns_statement from 0022: its body in PL/pgSQL, planned once per connection.
create or replace function private.owns_statement(statement uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (select 1 from public.attendance_statements s where s.id = owns_statement.statement and s.member_id = (select auth.uid()))
  );
end;
$$;

-- Replaces private.owns_test_attestation from 0032: its body in PL/pgSQL, planned once per connection.
create or replace function private.owns_test_attestation(attestation uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (select 1 from public.test_attestations a where a.id = owns_test_attestation.attestation and a.member_id = (select auth.uid()))
  );
end;
$$;

-- Replaces private.owns_testing_booking from 0029: its body in PL/pgSQL, planned once per connection.
create or replace function private.owns_testing_booking(booking uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (select 1 from public.testing_bookings b where b.id = owns_testing_booking.booking and b.member_id = (select auth.uid()))
  );
end;
$$;

-- Replaces private.portal_today from 0027: its body in PL/pgSQL, planned once per connection.
create or replace function private.portal_today()
  returns date
  language plpgsql stable
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select (now() at time zone 'Asia/Shanghai')::date
  );
end;
$$;

-- Replaces private.recipient_serves_share from 0036: its body in PL/pgSQL, planned once per connection.
create or replace function private.recipient_serves_share(worker uuid, owner uuid, purpose text, request uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select case recipient_serves_share.purpose
      when 'help_request' then exists (
        select 1 from public.help_requests r
        where r.id = recipient_serves_share.request
          and r.member_id = recipient_serves_share.owner
          and r.closed_at is null
          and r.assigned_to = recipient_serves_share.worker
          and exists (
            select 1 from public.role_grants g
            where g.user_id = recipient_serves_share.worker and g.role = 'social_worker'
              and private.area_covers(g.area_id, r.area_id)))
      else private.serves_area_of(recipient_serves_share.worker, recipient_serves_share.owner)
    end
  );
end;
$$;

-- Replaces private.reports_to_handle from 0053: its body in PL/pgSQL, planned once per connection.
create or replace function private.reports_to_handle(p_open boolean, p_limit integer)
  returns TABLE(id uuid, reporter_handle text, reported_handle text, reported_id uuid, reported_is_mentor boolean, reason text, note text, attached_messages jsonb, created_at timestamp with time zone, closed_at timestamp with time zone, outcome_note text)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select r.id, a.handle, b.handle, r.reported_id, exists (select 1 from public.mentor_profiles m where m.member_id = r.reported_id),
           r.reason, r.note, r.attached_messages, r.created_at, r.closed_at, r.outcome_note
    from public.reports r
    join public.profiles a on a.id = r.reporter_id
    join public.profiles b on b.id = r.reported_id
    where private.staff_for_area(r.area_id) and r.reporter_id <> (select auth.uid())
      and (r.closed_at is null) = p_open
    order by r.created_at desc, r.id
    limit least(greatest(p_limit, 1), 200);
end;
$$;

-- Replaces private.request_share_recipient from 0036: its body in PL/pgSQL, planned once per connection.
create or replace function private.request_share_recipient(request uuid)
  returns TABLE(user_id uuid, handle text, public_key text, display_name text, organisation text)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select p.id, p.handle, k.public_key, c.display_name, c.organisation
    from public.help_requests r
      join public.profiles p on p.id = r.assigned_to
      join public.user_keys k on k.user_id = p.id
      left join public.staff_cards c on c.user_id = p.id
    where r.id = request_share_recipient.request
      and r.member_id = (select auth.uid())
      and r.closed_at is null
      and p.id <> (select auth.uid());
end;
$$;

-- Replaces private.served_areas from 0033: its body in PL/pgSQL, planned once per connection.
create or replace function private.served_areas()
  returns SETOF uuid
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    with recursive served (id) as (
      select a.id from public.areas a
      where exists (
        select 1 from public.role_grants g
        where g.user_id = (select auth.uid()) and g.role = 'social_worker' and (g.area_id is null or g.area_id = a.id))
      union
      select a.id from public.areas a join served s on a.parent_id = s.id
    )
    select id from served;
end;
$$;

-- Replaces private.served_testing_sites from 0035: its body in PL/pgSQL, planned once per connection.
create or replace function private.served_testing_sites()
  returns SETOF uuid
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select s.id from public.testing_sites s where s.area_id in (select private.served_areas());
end;
$$;

-- Replaces private.serves_area_of from 0012: its body in PL/pgSQL, planned once per connection.
create or replace function private.serves_area_of(worker uuid, member uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (
      select 1
      from public.role_grants g, public.profiles p
      where g.user_id = serves_area_of.worker and g.role = 'social_worker'
        and p.id = serves_area_of.member
        and private.area_covers(g.area_id, p.area_id)
    )
  );
end;
$$;

-- Replaces private.serves_my_area from 0012: its body in PL/pgSQL, planned once per connection.
create or replace function private.serves_my_area(worker uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.serves_area_of(serves_my_area.worker, (select auth.uid()))
  );
end;
$$;

-- Replaces private.serves_testing_area from 0029: its body in PL/pgSQL, planned once per connection.
create or replace function private.serves_testing_area(area uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (
      select 1 from public.role_grants g
      where g.user_id = (select auth.uid()) and g.role = 'social_worker' and private.area_covers(g.area_id, serves_testing_area.area))
  );
end;
$$;

-- Replaces private.serves_testing_booking from 0029: its body in PL/pgSQL, planned once per connection.
create or replace function private.serves_testing_booking(booking uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.serves_testing_site((
      select s.site_id from public.testing_bookings b join public.testing_slots s on s.id = b.slot_id
      where b.id = serves_testing_booking.booking))
  );
end;
$$;

-- Replaces private.serves_testing_site from 0029: its body in PL/pgSQL, planned once per connection.
create or replace function private.serves_testing_site(site uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (
      select 1 from public.testing_sites s where s.id = serves_testing_site.site and private.serves_testing_area(s.area_id))
  );
end;
$$;

-- Replaces private.share_is_live from 0036: its body in PL/pgSQL, planned once per connection.
create or replace function private.share_is_live(share uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (
      select 1 from public.identity_shares s
      where s.id = share_is_live.share
        and (select auth.uid()) in (s.owner_id, s.recipient_id)
        and s.expires_at > now()
        and private.recipient_serves_share(s.recipient_id, s.owner_id, s.purpose, s.help_request_id)
    )
  );
end;
$$;

-- Replaces private.share_recipients from 0012: its body in PL/pgSQL, planned once per connection.
create or replace function private.share_recipients()
  returns TABLE(user_id uuid, handle text, public_key text)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    -- The caller's area and the areas above it (at most three rows), then, as in 0007, the
    -- social-worker grants for those areas or all areas through their index. An account
    -- without an area has no rows in `mine` and is served by nobody, as area_covers says.
    with recursive mine (id, parent_id) as (
      select a.id, a.parent_id
      from public.profiles p join public.areas a on a.id = p.area_id
      where p.id = (select auth.uid())
      union
      select a.id, a.parent_id from public.areas a join mine on a.id = mine.parent_id
    )
    select p.id, p.handle, k.public_key
    from (
      select distinct g.user_id from public.role_grants g
      where g.role = 'social_worker'
        and exists (select 1 from mine)
        and (g.area_id is null or g.area_id in (select mine.id from mine))
    ) w
      join public.profiles p on p.id = w.user_id
      join public.user_keys k on k.user_id = p.id
    where p.id <> (select auth.uid())
    order by p.handle_key, p.id;
end;
$$;

-- Replaces private.slot_bookings from 0029: its body in PL/pgSQL, planned once per connection.
create or replace function private.slot_bookings(slot uuid)
  returns TABLE(code text, status text, outcome text, changed_at timestamp with time zone)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select b.code, b.status, r.outcome, b.changed_at
    from public.testing_bookings b
    join public.testing_slots s on s.id = b.slot_id
    left join public.testing_results r on r.booking_id = b.id
    where b.slot_id = slot_bookings.slot and private.serves_testing_site(s.site_id)
    order by b.code;
end;
$$;

-- Replaces private.staff_for_area from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.staff_for_area(area uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.is_admin() or exists (
      select 1 from public.role_grants g
      where g.user_id = (select auth.uid()) and g.role = 'social_worker' and private.area_covers(g.area_id, staff_for_area.area))
  );
end;
$$;

-- Replaces private.staff_for_member from 0021: its body in PL/pgSQL, planned once per connection.
create or replace function private.staff_for_member(member uuid)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select private.is_admin() or private.serves_area_of((select auth.uid()), staff_for_member.member)
  );
end;
$$;

-- Replaces private.talk_request_recipients from 0051: its body in PL/pgSQL, planned once per connection.
create or replace function private.talk_request_recipients(p_member uuid)
  returns SETOF uuid
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    select l.member_id
    from public.group_memberships m
    join public.groups g on g.id = m.group_id and g.status = 'active'
    join public.group_leaders l on l.group_id = m.group_id
    where m.member_id = p_member and m.status = 'approved' and l.member_id <> p_member
    union
    select s.mentor_id
    from public.mentorships s
    where s.mentee_id = p_member and s.state = 'active';
end;
$$;

-- Replaces private.testing_slot_use from 0039: its body in PL/pgSQL, planned once per connection.
create or replace function private.testing_slot_use(p_area uuid, p_since timestamp with time zone)
  returns TABLE(slots integer, places integer, booked integer, no_shows integer, tested integer)
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
    with slots as (
      select s.id, s.capacity from public.testing_slots s join public.testing_sites t on t.id = s.site_id
      where s.starts_at >= p_since and s.starts_at <= now() and t.area_id = any (array(select private.dashboard_areas(p_area)))
    )
    select (select count(*) from slots)::integer,
           coalesce((select sum(capacity) from slots), 0)::integer,
           count(*) filter (where b.status <> 'cancelled')::integer,
           count(*) filter (where b.status = 'no_show')::integer,
           count(*) filter (where b.status = 'done')::integer
    from public.testing_bookings b
    where b.slot_id in (select id from slots);
end;
$$;

-- Replaces private.user_has_role from 0006: its body in PL/pgSQL, planned once per connection.
create or replace function private.user_has_role(user_id uuid, role text)
  returns boolean
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select exists (
      select 1 from public.role_grants g
      where g.user_id = user_has_role.user_id and g.role = user_has_role.role
    )
  );
end;
$$;

