-- Lookups every identity page makes, rewritten so that their cost follows what the page
-- shows, not how many members or log rows the database holds (measured with
-- bench/server-cost.ts --scale: 10,000 members, 100,000 access-log rows). Same rows as
-- before; only the way to them changes.

-- Social-worker grants by area: share_recipients starts from them.
create index role_grants_role_area_id_idx on public.role_grants (role, area_id);

-- Replaces private.share_recipients from 0006: starts from the social-worker grants for the
-- area (index above) instead of testing every profile, so it no longer scans all members.
create or replace function private.share_recipients(area uuid)
  returns table (user_id uuid, handle text, public_key text)
  language sql stable security definer
  set search_path = ''
as $$
  select p.id, p.handle, k.public_key
  from (
    select distinct g.user_id from public.role_grants g
    where g.role = 'social_worker' and (g.area_id is null or g.area_id = share_recipients.area)
  ) w
    join public.profiles p on p.id = w.user_id
    join public.user_keys k on k.user_id = p.id
  where p.id <> (select auth.uid())
  order by p.handle_key, p.id;
$$;

-- Replaces private.identity_counterparts from 0006: folds the caller's shares and access-log
-- rows down to distinct accounts before looking up their profiles and keys, so a member
-- opened a thousand times by one worker costs one profile lookup, not a thousand.
create or replace function private.identity_counterparts()
  returns table (user_id uuid, handle text, public_key text)
  language sql stable security definer
  set search_path = ''
as $$
  with counterparts (user_id, needs_key) as (
    select s.recipient_id, true from public.identity_shares s
    where s.owner_id = (select auth.uid())
    union all
    select s.owner_id, false from public.identity_shares s
    where s.recipient_id = (select auth.uid()) and s.expires_at > now() and private.has_role('social_worker')
    union all
    select distinct l.accessor_id, false from public.identity_access_log l
    where l.owner_id = (select auth.uid())
  ), accounts (user_id, needs_key) as (
    select c.user_id, bool_or(c.needs_key) from counterparts c group by c.user_id
  )
  select p.id, p.handle, case when a.needs_key then k.public_key end
  from accounts a
    join public.profiles p on p.id = a.user_id
    left join public.user_keys k on k.user_id = p.id;
$$;
