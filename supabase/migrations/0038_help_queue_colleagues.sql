-- The colleagues a social worker sees on the help pages (issue 18): whom a request may be
-- assigned to, and the name each goes by. A worker may read only their own role grants and
-- staff card (0002, 0020), so the select of colleagues and the "assigned to" line need this
-- answer from the database; it names only the workers assign_help_request (0033) would accept
-- for a request the caller handles, never the staff of anywhere else.

-- The social workers a request may be assigned to (a social-worker grant covering its area;
-- never the member who asked), each with the name on their staff card (null until an admin
-- sets one). Empty unless the caller handles the request and is not the member who asked.
create function private.help_request_colleagues(p_request uuid)
  returns table (worker_id uuid, display_name text)
  language sql stable security definer
  set search_path = ''
as $$
  select distinct g.user_id, c.display_name
  from public.help_requests r
  join public.role_grants g
    on g.role = 'social_worker' and g.user_id <> r.member_id and private.area_covers(g.area_id, r.area_id)
  left join public.staff_cards c on c.user_id = g.user_id
  where r.id = p_request
    and r.member_id <> (select auth.uid())
    and private.handles_help_request(r.id);
$$;
revoke all on function private.help_request_colleagues(uuid) from public, anon, authenticated, service_role;
grant execute on function private.help_request_colleagues(uuid) to authenticated;
