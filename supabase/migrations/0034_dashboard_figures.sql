-- The social workers' dashboard (issue 18): figures are the database's own aggregates over
-- the areas the caller serves (and the areas below them), narrowed to one of those areas
-- when asked. Anyone else gets no rows. These return exact counts to the staff's server
-- side only: app/domain/help/small-counts.ts hides counts below 5, and any count that would
-- give one away, before a page shows them.

-- The areas a dashboard covers: those the caller serves, within `p_area` and below when given.
create function private.dashboard_areas(p_area uuid)
  returns setof uuid
  language sql stable security definer
  set search_path = ''
as $$
  with recursive below (id) as (
    select a.id from public.areas a where a.id = p_area
    union
    select a.id from public.areas a join below b on a.parent_id = b.id
  )
  select s.id from private.served_areas() s (id)
  where p_area is null or s.id in (select id from below);
$$;
revoke all on function private.dashboard_areas(uuid) from public, anon, authenticated, service_role;

create function private.help_requests_by_category_and_status(p_area uuid)
  returns table (category text, status text, requests integer)
  language sql stable security definer
  set search_path = ''
as $$
  select r.category, r.status, count(*)::integer
  from public.help_requests r
  where r.area_id in (select private.dashboard_areas(p_area))
  group by r.category, r.status;
$$;
revoke all on function private.help_requests_by_category_and_status(uuid) from public, anon, authenticated, service_role;
grant execute on function private.help_requests_by_category_and_status(uuid) to authenticated;

-- Open requests by how long they have waited: under a day, under a week, under 30 days, longer.
create function private.open_help_requests_by_age(p_area uuid)
  returns table (age text, requests integer)
  language sql stable security definer
  set search_path = ''
as $$
  select case
           when now() - r.created_at < interval '1 day' then 'day'
           when now() - r.created_at < interval '7 days' then 'week'
           when now() - r.created_at < interval '30 days' then 'month'
           else 'older'
         end,
         count(*)::integer
  from public.help_requests r
  where r.closed_at is null and r.area_id in (select private.dashboard_areas(p_area))
  group by 1;
$$;
revoke all on function private.open_help_requests_by_age(uuid) from public, anon, authenticated, service_role;
grant execute on function private.open_help_requests_by_age(uuid) to authenticated;

-- For the requests asked since `p_since`: how many were answered and the median wait for the
-- first answer; how many were resolved and the median time to that (in seconds).
create function private.help_response_times(p_area uuid, p_since timestamptz)
  returns table (responded integer, median_first_response_seconds double precision, resolved integer, median_resolution_seconds double precision)
  language sql stable security definer
  set search_path = ''
as $$
  select count(r.first_response_at)::integer,
         percentile_cont(0.5) within group (order by extract(epoch from r.first_response_at - r.created_at)) filter (where r.first_response_at is not null),
         count(*) filter (where r.status = 'resolved')::integer,
         percentile_cont(0.5) within group (order by extract(epoch from r.closed_at - r.created_at)) filter (where r.status = 'resolved')
  from public.help_requests r
  where r.created_at >= p_since and r.area_id in (select private.dashboard_areas(p_area));
$$;
revoke all on function private.help_response_times(uuid, timestamptz) from public, anon, authenticated, service_role;
grant execute on function private.help_response_times(uuid, timestamptz) to authenticated;

-- Group meetings held since `p_since` (an occurrence with attendance marked) and how many
-- people were marked present, in the groups of the dashboard's areas.
create function private.meetings_held(p_area uuid, p_since date)
  returns table (meetings integer, present integer)
  language sql stable security definer
  set search_path = ''
as $$
  select count(distinct (a.meeting_id, a.occurrence_on))::integer, count(*) filter (where a.present)::integer
  from public.meeting_attendance a
    join public.meetings m on m.id = a.meeting_id
    join public.groups g on g.id = m.group_id
  where a.occurrence_on >= p_since and g.area_id in (select private.dashboard_areas(p_area));
$$;
revoke all on function private.meetings_held(uuid, date) from public, anon, authenticated, service_role;
grant execute on function private.meetings_held(uuid, date) to authenticated;

-- Testing slots that began since `p_since` (up to now) at the dashboard's areas' sites: their
-- places, the bookings not cancelled, the no-shows and the tests done.
create function private.testing_slot_use(p_area uuid, p_since timestamptz)
  returns table (slots integer, places integer, booked integer, no_shows integer, tested integer)
  language sql stable security definer
  set search_path = ''
as $$
  with slots as (
    select s.id, s.capacity from public.testing_slots s join public.testing_sites t on t.id = s.site_id
    where s.starts_at >= p_since and s.starts_at <= now() and t.area_id in (select private.dashboard_areas(p_area))
  )
  select (select count(*) from slots)::integer,
         coalesce((select sum(capacity) from slots), 0)::integer,
         count(*) filter (where b.status <> 'cancelled')::integer,
         count(*) filter (where b.status = 'no_show')::integer,
         count(*) filter (where b.status = 'done')::integer
  from public.testing_bookings b
  where b.slot_id in (select id from slots);
$$;
revoke all on function private.testing_slot_use(uuid, timestamptz) from public, anon, authenticated, service_role;
grant execute on function private.testing_slot_use(uuid, timestamptz) to authenticated;

-- Active groups in each of the dashboard's areas that has any.
create function private.active_groups_by_area(p_area uuid)
  returns table (area_id uuid, groups integer)
  language sql stable security definer
  set search_path = ''
as $$
  select g.area_id, count(*)::integer
  from public.groups g
  where g.status = 'active' and g.area_id in (select private.dashboard_areas(p_area))
  group by g.area_id;
$$;
revoke all on function private.active_groups_by_area(uuid) from public, anon, authenticated, service_role;
grant execute on function private.active_groups_by_area(uuid) to authenticated;
