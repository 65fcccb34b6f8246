-- A share of the identity vault is live only while its recipient is a social worker whose
-- grant covers the owner's area, and only until it expires (issue 14, "The database as the
-- last line"). Before this, any social-worker grant in any area kept a share open, so a
-- worker who moved to another area kept reading; members could share with a worker of
-- another area; rotation re-sealed expired shares, so their recipients kept receiving new
-- data keys; and a recipient could read a share's sealed key with a plain SELECT, leaving
-- no access-log row.
-- Order: the area rule, the live-share rule, grants and policies on shares, the functions
-- that open, log and list through shares, rotation, then share_recipients and record_audit
-- narrowed to the caller.

-- The area rule (app/domain/areas/areas.ts, areaCovers, says the same and a test checks
-- that they agree): a grant covers its own area and every area below it (a city's worker
-- serves its districts); a grant with no area covers all areas; nothing covers an account
-- without an area. Security invoker: areas are public reference data. UNION (not UNION
-- ALL) ends the walk even if an admin ever made a loop of parents.
create function private.area_covers(grant_area uuid, area uuid)
  returns boolean
  language sql stable
  set search_path = ''
as $$
  select area_covers.area is not null and (
    area_covers.grant_area is null or exists (
      with recursive up (id, parent_id) as (
        select a.id, a.parent_id from public.areas a where a.id = area_covers.area
        union
        select a.id, a.parent_id from public.areas a join up on a.id = up.parent_id
      )
      select 1 from up where up.id = area_covers.grant_area
    )
  );
$$;
revoke all on function private.area_covers(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function private.area_covers(uuid, uuid) to authenticated;

-- Whether `worker` holds a social-worker grant covering `member`'s home area. Security
-- definer (it reads others' grants and profiles), so it is not granted to members: they ask
-- the narrow questions below, which name the caller on one side.
create function private.serves_area_of(worker uuid, member uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1
    from public.role_grants g, public.profiles p
    where g.user_id = serves_area_of.worker and g.role = 'social_worker'
      and p.id = serves_area_of.member
      and private.area_covers(g.area_id, p.area_id)
  );
$$;
revoke all on function private.serves_area_of(uuid, uuid) from public, anon, authenticated, service_role;

-- A member asks: does this account serve my area? (share_recipients lists exactly those.)
create function private.serves_my_area(worker uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.serves_area_of(serves_my_area.worker, (select auth.uid()));
$$;
revoke all on function private.serves_my_area(uuid) from public, anon, authenticated, service_role;
grant execute on function private.serves_my_area(uuid) to authenticated;

-- The one definition of a live share, for its owner or its recipient (nobody else learns
-- anything): unexpired, and its recipient still serves the owner's area.
create function private.share_is_live(share uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.identity_shares s
    where s.id = share_is_live.share
      and (select auth.uid()) in (s.owner_id, s.recipient_id)
      and s.expires_at > now()
      and private.serves_area_of(s.recipient_id, s.owner_id)
  );
$$;
revoke all on function private.share_is_live(uuid) from public, anon, authenticated, service_role;
grant execute on function private.share_is_live(uuid) to authenticated;

-- The sealed key leaves the table only through private.open_shared_identity, which logs
-- the opening: no role reads the column directly (owners never need it back; their own copy
-- of the data key is on the vault).
revoke select on table public.identity_shares from authenticated;
grant select (id, owner_id, recipient_id, purpose, key_version, expires_at, created_at)
  on table public.identity_shares to authenticated;

drop policy "recipients read live shares" on public.identity_shares;
create policy "recipients read live shares" on public.identity_shares
  for select to authenticated
  using (recipient_id = (select auth.uid()) and (select private.share_is_live(id)));

drop policy "members share with a social worker at the current key version" on public.identity_shares;
create policy "members share with a worker serving their area at the current key version" on public.identity_shares
  for insert to authenticated
  with check (
    owner_id = (select auth.uid())
    and recipient_id <> owner_id
    and (select private.serves_my_area(recipient_id))
    and key_version = (select v.key_version from public.identity_vaults v where v.user_id = (select auth.uid()))
  );

-- Replaces private.is_social_worker from 0011: dropped; the share policy and createShare
-- now ask private.serves_my_area, which also checks the area.
drop function private.is_social_worker(uuid);

-- Replaces private.record_identity_access from 0006: the share must be live by the rule
-- above (it accepted a social-worker grant in any area).
create or replace function private.record_identity_access(share uuid)
  returns boolean
  language sql volatile security definer
  set search_path = ''
as $$
  with live as (
    select s.id, s.owner_id, s.purpose
    from public.identity_shares s
    where s.id = record_identity_access.share
      and s.recipient_id = (select auth.uid())
      and private.share_is_live(s.id)
  ), logged as (
    insert into public.identity_access_log (owner_id, accessor_id, share_id, purpose)
    select live.owner_id, (select auth.uid()), live.id, live.purpose from live
    returning 1
  )
  select exists (select 1 from logged);
$$;

-- Replaces private.open_shared_identity from 0010: the same answer, for live shares by the
-- rule above only.
create or replace function private.open_shared_identity(p_share_id uuid)
  returns table (owner_id uuid, ciphertext text, sealed_key text, key_version integer, purpose text, expires_at timestamptz)
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  opened record;
begin
  select s.owner_id, v.ciphertext, s.sealed_key, s.key_version, s.purpose, s.expires_at
    into opened
    from public.identity_shares s
      join public.identity_vaults v on v.user_id = s.owner_id and v.key_version = s.key_version
    where s.id = p_share_id
      and s.recipient_id = (select auth.uid())
      and private.share_is_live(s.id);
  if not found or not private.record_identity_access(p_share_id) then
    return;
  end if;
  return query select opened.owner_id, opened.ciphertext, opened.sealed_key, opened.key_version,
    opened.purpose, opened.expires_at;
end;
$$;

-- Replaces private.identity_counterparts from 0008: owners of live shares by the rule above
-- (a worker who moved on no longer learns the handles of the members who shared); the
-- rest as in 0008.
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
$$;

-- Replaces public.rotate_identity_vault from 0006: only live shares are re-sealed. The
-- browser re-seals exactly the owner's live shares other than the revoked one; shares that
-- are no longer live (expired, or the worker no longer serves the owner's area) are
-- deleted with the rotation, so their recipients never receive the new data key.
create or replace function public.rotate_identity_vault(
  p_revoked_share uuid,
  p_ciphertext text,
  p_owner_sealed_key text,
  p_new_version integer,
  p_reseals jsonb -- [{"shareId": uuid, "sealedKey": text}]
)
  returns boolean
  language plpgsql volatile security invoker
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  current_version integer;
begin
  if me is null or jsonb_typeof(p_reseals) is distinct from 'array' or exists (
    select 1 from jsonb_array_elements(p_reseals) e
    where jsonb_typeof(e -> 'shareId') is distinct from 'string' or jsonb_typeof(e -> 'sealedKey') is distinct from 'string'
  ) then
    return false;
  end if;
  -- Locks the vault: a concurrent save, share or rotation of this vault waits for us.
  select v.key_version into current_version
    from public.identity_vaults v where v.user_id = me
    for update;
  if not found or p_new_version is distinct from current_version + 1 then
    return false;
  end if;
  if not exists (select 1 from public.identity_shares s where s.id = p_revoked_share and s.owner_id = me) then
    return false;
  end if;
  if (select array_agg(lower(e ->> 'shareId') order by lower(e ->> 'shareId')) from jsonb_array_elements(p_reseals) e)
     is distinct from
     (select array_agg(s.id::text order by s.id::text) from public.identity_shares s
      where s.owner_id = me and s.id <> p_revoked_share and private.share_is_live(s.id)) then
    return false;
  end if;

  delete from public.identity_shares s
    where s.owner_id = me and (s.id = p_revoked_share or not private.share_is_live(s.id));
  -- The vault first: the share update policy requires the vault's current key version.
  update public.identity_vaults v
    set ciphertext = p_ciphertext, owner_sealed_key = p_owner_sealed_key, key_version = p_new_version, updated_at = now()
    where v.user_id = me;
  update public.identity_shares s
    set sealed_key = e ->> 'sealedKey', key_version = p_new_version
    from jsonb_array_elements(p_reseals) e
    where s.owner_id = me and s.id::text = lower(e ->> 'shareId');
  return true;
end;
$$;

-- Replaces public.share_recipients from 0006: dropped with the private function it wraps;
-- the new one below takes no area.
drop function public.share_recipients(uuid);
-- Replaces private.share_recipients from 0007: the caller's own area only (it accepted any
-- area, telling any member who serves where), and workers whose grant covers that area by
-- the rule above (a city's worker serves its districts).
drop function private.share_recipients(uuid);
create function private.share_recipients()
  returns table (user_id uuid, handle text, public_key text)
  language sql stable security definer
  set search_path = ''
as $$
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
$$;
revoke all on function private.share_recipients() from public, anon, authenticated, service_role;
grant execute on function private.share_recipients() to authenticated;

create function public.share_recipients()
  returns table (user_id uuid, handle text, public_key text)
  language sql stable security invoker
  set search_path = ''
as $$
  select r.user_id, r.handle, r.public_key from private.share_recipients() r;
$$;
revoke all on function public.share_recipients() from public, anon, authenticated, service_role;
grant execute on function public.share_recipients() to authenticated;

-- Replaces private.record_audit from 0004: a member's request may record only the actions
-- on this allow-list, and only about a subject the caller may speak of (it wrote any
-- action about any subject): a share the caller owns or a revoked one's id (revocation
-- records after the delete, so the id is gone: it must not be a live share of someone
-- else), the caller's own vault saved or deleted (about themselves), or a role grant, which only
-- admins may record. Anything else raises.
create or replace function private.record_audit(action text, subject uuid default null)
  returns bigint
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  allowed boolean;
  recorded bigint;
begin
  allowed := case record_audit.action
    when 'identity.shared' then exists (
      select 1 from public.identity_shares s where s.id = record_audit.subject and s.owner_id = me)
    when 'identity.share_revoked' then record_audit.subject is not null and not exists (
      select 1 from public.identity_shares s where s.id = record_audit.subject and s.owner_id <> me)
    when 'identity.saved' then record_audit.subject = me
    when 'identity.deleted' then record_audit.subject = me
    when 'role.granted' then private.is_admin()
    when 'role.revoked' then private.is_admin()
    else false
  end;
  if me is null or not allowed then
    raise exception 'record_audit: % is not an action the caller may record here', record_audit.action
      using errcode = 'insufficient_privilege';
  end if;
  insert into public.audit_log (actor_id, action, subject_id)
    values (me, record_audit.action, record_audit.subject)
    returning id into recorded;
  return recorded;
end;
$$;
