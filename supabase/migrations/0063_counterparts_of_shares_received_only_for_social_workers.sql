-- The accounts whose handles a member's identity pages show (private.identity_counterparts)
-- read, for every caller, the shares the caller received. Only a social worker receives shares
-- that are live (recipient_serves_share asks for the social_worker grant, by area or by an
-- assigned help request), but the planner cannot know that: when a few workers receive most
-- shares, as in a district with one worker, it reads the whole table for every member. At
-- 10,000 shares to one worker that was 1.2 ms of the database's time on each member's identity
-- page, growing with the shares (bench/server-cost.ts --scale --statements).
-- Now the shares received are read only when the caller holds the social_worker grant (asked
-- once per call); for everyone else that branch is never run. The rows are the same: a share
-- to someone without the grant is never live.

-- Replaces private.identity_counterparts from 0055: the shares received are read only for a
-- caller with the social_worker grant.
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
       where l.owner_id = (select private.caller_id())
       order by l.accessor_id limit 1)
      union all
      select (select l.accessor_id from public.identity_access_log l
              where l.owner_id = (select private.caller_id()) and l.accessor_id > a.user_id
              order by l.accessor_id limit 1)
      from accessors a
      where a.user_id is not null
    ), counterparts (user_id, needs_key) as (
      select s.recipient_id, true from public.identity_shares s
      where s.owner_id = (select private.caller_id())
      union all
      select s.owner_id, false from public.identity_shares s
      where (select private.has_role('social_worker'))
        and s.recipient_id = (select private.caller_id()) and private.share_is_live(s.id)
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
