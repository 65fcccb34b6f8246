-- Measured with 200,000 help requests (bench/server-cost.ts --help-scale --plans): each of
-- the dashboard's request figures read the whole table, 40-135 ms for a worker whose district
-- holds 1% of it, because `area_id in (select <set-returning function>)` is planned as a hash
-- semi-join over every row. Compared with an array of the dashboard's areas instead, the
-- area index finds the rows. Same answers; the queue's query (app/data/help-requests.server.ts)
-- names its areas the same way.

-- The area index with the asking time after it: the figures since a date read only their rows.
drop index public.help_requests_area_id_idx;
create index help_requests_area_id_created_at_idx on public.help_requests (area_id, created_at);

-- Replaces private.help_requests_by_category_and_status from 0034: the areas as an array, so the area index is used.
create or replace function private.help_requests_by_category_and_status(p_area uuid)
  returns table (category text, status text, requests integer)
  language sql stable security definer
  set search_path = ''
as $$
  select r.category, r.status, count(*)::integer
  from public.help_requests r
  where r.area_id = any (array(select private.dashboard_areas(p_area)))
  group by r.category, r.status;
$$;

-- Replaces private.open_help_requests_by_age from 0034: the areas as an array, so the open-queue index is used.
create or replace function private.open_help_requests_by_age(p_area uuid)
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
  where r.closed_at is null and r.area_id = any (array(select private.dashboard_areas(p_area)))
  group by 1;
$$;

-- Replaces private.help_response_times from 0034: the areas as an array, so the area and asking-time index is used.
create or replace function private.help_response_times(p_area uuid, p_since timestamptz)
  returns table (responded integer, median_first_response_seconds double precision, resolved integer, median_resolution_seconds double precision)
  language sql stable security definer
  set search_path = ''
as $$
  select count(r.first_response_at)::integer,
         percentile_cont(0.5) within group (order by extract(epoch from r.first_response_at - r.created_at)) filter (where r.first_response_at is not null),
         count(*) filter (where r.status = 'resolved')::integer,
         percentile_cont(0.5) within group (order by extract(epoch from r.closed_at - r.created_at)) filter (where r.status = 'resolved')
  from public.help_requests r
  where r.created_at >= p_since and r.area_id = any (array(select private.dashboard_areas(p_area)));
$$;

-- Replaces private.meetings_held from 0034: the areas as an array, like the request figures.
create or replace function private.meetings_held(p_area uuid, p_since date)
  returns table (meetings integer, present integer)
  language sql stable security definer
  set search_path = ''
as $$
  select count(distinct (a.meeting_id, a.occurrence_on))::integer, count(*) filter (where a.present)::integer
  from public.meeting_attendance a
    join public.meetings m on m.id = a.meeting_id
    join public.groups g on g.id = m.group_id
  where a.occurrence_on >= p_since and g.area_id = any (array(select private.dashboard_areas(p_area)));
$$;

-- Replaces private.testing_slot_use from 0034: the areas as an array, like the request figures.
create or replace function private.testing_slot_use(p_area uuid, p_since timestamptz)
  returns table (slots integer, places integer, booked integer, no_shows integer, tested integer)
  language sql stable security definer
  set search_path = ''
as $$
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
$$;

-- Replaces private.active_groups_by_area from 0034: the areas as an array, like the request figures.
create or replace function private.active_groups_by_area(p_area uuid)
  returns table (area_id uuid, groups integer)
  language sql stable security definer
  set search_path = ''
as $$
  select g.area_id, count(*)::integer
  from public.groups g
  where g.status = 'active' and g.area_id = any (array(select private.dashboard_areas(p_area)))
  group by g.area_id;
$$;
