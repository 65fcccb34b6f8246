-- The social workers a member may share their identity with, with the name and organisation
-- an admin set for each, in one call. The identity page joined each recipient's staff card
-- under the card's row-level security: for every recipient the policy asked again whether the
-- worker serves the member's area (deals_with_staff, serves_my_area, serves_area_of, area_covers),
-- which is exactly how share_recipients found them. Through a security-invoker wrapper that
-- PostgreSQL plans anew at each call, that was about 0.5 ms of the database's time per page,
-- the most of any statement the page sent.
-- A recipient's card is one the member may read anyway (the policy "members read the cards of
-- staff they deal with" holds for every worker who serves their area), so the function returns
-- the same rows as before, with the same cards.

-- Replaces public.share_recipients from 0012: dropped; the portal calls the private function
-- directly, as it does private.own_account.
drop function public.share_recipients();

-- Replaces private.share_recipients from 0055: also returns each recipient's staff card (null
-- without one). Dropped and made again, as its columns change.
drop function private.share_recipients();
create function private.share_recipients()
  returns table (user_id uuid, handle text, public_key text, display_name text, organisation text)
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
      where p.id = (select private.caller_id())
      union
      select a.id, a.parent_id from public.areas a join mine on a.id = mine.parent_id
    )
    select p.id, p.handle, k.public_key, c.display_name, c.organisation
    from (
      select distinct g.user_id from public.role_grants g
      where g.role = 'social_worker'
        and exists (select 1 from mine)
        and (g.area_id is null or g.area_id in (select mine.id from mine))
    ) w
      join public.profiles p on p.id = w.user_id
      join public.user_keys k on k.user_id = p.id
      left join public.staff_cards c on c.user_id = p.id
    where p.id <> (select private.caller_id())
    order by p.handle_key, p.id;
end;
$$;
revoke all on function private.share_recipients() from public, anon, authenticated, service_role;
grant execute on function private.share_recipients() to authenticated;
