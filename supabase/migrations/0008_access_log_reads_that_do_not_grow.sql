-- The identity page's access-log and counterpart lookups, rewritten so that their cost
-- follows what the page shows, not how often the member's vault was opened or how many
-- members there are (bench/server-cost.ts --scale: 10,000 members, a member opened 1,000
-- times made the page twice as expensive). Same rows as before.

-- The newest openings first, ties broken by id, straight from the index: the page reads the
-- 51 it needs instead of sorting all of the member's rows. Serves every lookup the
-- (owner_id, accessed_at) index from 0006 served, so that one goes.
create index identity_access_log_owner_newest_idx on public.identity_access_log (owner_id, accessed_at desc, id desc);
drop index public.identity_access_log_owner_id_accessed_at_idx;

-- Who has opened a member's vault, one index step per distinct accessor (below).
create index identity_access_log_owner_accessor_idx on public.identity_access_log (owner_id, accessor_id);

-- Replaces private.identity_counterparts from 0007: the accessors of the caller's vault are
-- found by stepping through the (owner_id, accessor_id) index one distinct accessor at a
-- time (a loose index scan), so the cost follows the number of people who opened it, not
-- the number of times they did; and each account is looked up by its key, not by a scan
-- of every profile.
create or replace function private.identity_counterparts()
  returns table (user_id uuid, handle text, public_key text)
  language sql stable security definer
  set search_path = ''
as $$
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
    where s.recipient_id = (select auth.uid()) and s.expires_at > now() and private.has_role('social_worker')
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
$$;
