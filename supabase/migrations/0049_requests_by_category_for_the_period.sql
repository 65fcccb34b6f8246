-- The dashboard's requests by subject and status count the requests asked in the chosen
-- period, as its other help figures do, instead of every request ever made (which grew with
-- the years and hid what is happening now). Read by the area and asking-time index (0039).

-- Replaces private.help_requests_by_category_and_status from 0039: only the requests asked since the period's start.
drop function private.help_requests_by_category_and_status(uuid);
create function private.help_requests_by_category_and_status(p_area uuid, p_since timestamptz)
  returns table (category text, status text, requests integer)
  language sql stable security definer
  set search_path = ''
as $$
  select r.category, r.status, count(*)::integer
  from public.help_requests r
  where r.area_id = any (array(select private.dashboard_areas(p_area))) and r.created_at >= p_since
  group by r.category, r.status;
$$;
revoke all on function private.help_requests_by_category_and_status(uuid, timestamptz) from public, anon, authenticated, service_role;
grant execute on function private.help_requests_by_category_and_status(uuid, timestamptz) to authenticated;
