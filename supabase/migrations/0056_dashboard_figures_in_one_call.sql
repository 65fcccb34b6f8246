-- The staff dashboard's figures in one call. Each of the six figure functions worked out the
-- caller's areas again (served areas, then those below the chosen one): six times per page,
-- about a quarter of the page's database time at 20 staff (bench/server-cost.ts --help-scale).
-- Here the areas are worked out once and every figure is read by them, by the same indexes
-- (0039) and with the same rules as before; the answer is one JSON object in the shape the
-- app's DashboardFigures has.

create function private.dashboard_figures(p_area uuid, p_since timestamptz)
  returns jsonb
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
declare
  -- Only the caller's own areas (or the chosen one among them, with those below it).
  v_areas uuid[] := array(select private.dashboard_areas(p_area));
begin
  return jsonb_build_object(
    'requests', coalesce((
      select jsonb_agg(jsonb_build_object('category', c.category, 'status', c.status, 'requests', c.requests))
      from (
        select r.category, r.status, count(*)::integer as requests
        from public.help_requests r
        where r.area_id = any (v_areas) and r.created_at >= p_since
        group by r.category, r.status
      ) c), '[]'::jsonb),
    'openByAge', coalesce((
      select jsonb_agg(jsonb_build_object('age', o.age, 'requests', o.requests))
      from (
        select case
                 when now() - r.created_at < interval '1 day' then 'day'
                 when now() - r.created_at < interval '7 days' then 'week'
                 when now() - r.created_at < interval '30 days' then 'month'
                 else 'older'
               end as age,
               count(*)::integer as requests
        from public.help_requests r
        where r.closed_at is null and r.area_id = any (v_areas)
        group by 1
      ) o), '[]'::jsonb),
    'responseTimes', (
      select jsonb_build_object(
               'responded', count(r.first_response_at)::integer,
               'medianFirstResponseSeconds', percentile_cont(0.5) within group (order by extract(epoch from r.first_response_at - r.created_at)) filter (where r.first_response_at is not null),
               'resolved', count(*) filter (where r.status = 'resolved')::integer,
               'medianResolutionSeconds', percentile_cont(0.5) within group (order by extract(epoch from r.closed_at - r.created_at)) filter (where r.status = 'resolved'))
      from public.help_requests r
      where r.created_at >= p_since and r.area_id = any (v_areas)),
    -- Meetings are dated by their day: the period's first day in UTC, as the app has always asked.
    'meetings', (
      select jsonb_build_object('meetings', count(distinct (a.meeting_id, a.occurrence_on))::integer, 'present', count(*) filter (where a.present)::integer)
      from public.meeting_attendance a
        join public.meetings m on m.id = a.meeting_id
        join public.groups g on g.id = m.group_id
      where a.occurrence_on >= (p_since at time zone 'UTC')::date and g.area_id = any (v_areas)),
    'testing', (
      with slots as (
        select s.id, s.capacity from public.testing_slots s join public.testing_sites t on t.id = s.site_id
        where s.starts_at >= p_since and s.starts_at <= now() and t.area_id = any (v_areas)
      )
      select jsonb_build_object(
               'slots', (select count(*) from slots)::integer,
               'places', coalesce((select sum(capacity) from slots), 0)::integer,
               'booked', count(*) filter (where b.status <> 'cancelled')::integer,
               'noShows', count(*) filter (where b.status = 'no_show')::integer,
               'tested', count(*) filter (where b.status = 'done')::integer)
      from public.testing_bookings b
      where b.slot_id in (select id from slots)),
    'activeGroups', coalesce((
      select jsonb_agg(jsonb_build_object('areaId', ag.area_id, 'groups', ag.groups) order by ag.area_id)
      from (
        select g.area_id, count(*)::integer as groups
        from public.groups g
        where g.status = 'active' and g.area_id = any (v_areas)
        group by g.area_id
      ) ag), '[]'::jsonb)
  );
end;
$$;
revoke all on function private.dashboard_figures(uuid, timestamptz) from public, anon, authenticated, service_role;
grant execute on function private.dashboard_figures(uuid, timestamptz) to authenticated;

-- Replaces private.help_requests_by_category_and_status from 0055: read by private.dashboard_figures now.
drop function private.help_requests_by_category_and_status(uuid, timestamptz);
-- Replaces private.open_help_requests_by_age from 0055: read by private.dashboard_figures now.
drop function private.open_help_requests_by_age(uuid);
-- Replaces private.help_response_times from 0055: read by private.dashboard_figures now.
drop function private.help_response_times(uuid, timestamptz);
-- Replaces private.meetings_held from 0055: read by private.dashboard_figures now.
drop function private.meetings_held(uuid, date);
-- Replaces private.testing_slot_use from 0055: read by private.dashboard_figures now.
drop function private.testing_slot_use(uuid, timestamptz);
-- Replaces private.active_groups_by_area from 0055: read by private.dashboard_figures now.
drop function private.active_groups_by_area(uuid);
