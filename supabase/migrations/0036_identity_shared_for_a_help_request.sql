-- Identity shared for one help request (issue 18, "Share their identity with the worker
-- assigned to this request"). A member seals the vault's data key to the social worker
-- assigned to one of their open requests, for that request only. The share is live only
-- while the request is open, the worker is still the one assigned to it and still serves its
-- area, and it has not expired. It ends by itself, in the database so that no code path can
-- forget it: when the request closes (resolved, declined, withdrawn), when another worker (or
-- nobody) takes it over, and when it is handed over to another area. Ending deletes the
-- share's row, so its sealed copy of the data key is destroyed; the owner's history keeps
-- why (ended_identity_shares, with the request).
-- Order: the columns and constraints, who a share's recipient must be (one rule for the
-- live test, the history and the insert policy), what a member's page asks, and the trigger
-- on help_requests that ends the shares.

alter table public.identity_shares add column help_request_id uuid references public.help_requests (id) on delete cascade;
alter table public.identity_shares drop constraint identity_shares_purpose_check;
alter table public.identity_shares add constraint identity_shares_purpose check (purpose in ('area_support', 'help_request'));
alter table public.identity_shares add constraint identity_shares_request_only_for_its_purpose
  check ((purpose = 'help_request') = (help_request_id is not null));
-- One share per owner, worker, purpose and request (for area_support the request is null,
-- and nulls count as equal, so one such share per worker as before). owner_id still leads it.
alter table public.identity_shares drop constraint identity_shares_once;
alter table public.identity_shares add constraint identity_shares_once unique nulls not distinct (owner_id, recipient_id, purpose, help_request_id);
create index identity_shares_help_request_id_idx on public.identity_shares (help_request_id) where help_request_id is not null;
grant insert (help_request_id), select (help_request_id) on table public.identity_shares to authenticated;

alter table public.ended_identity_shares add column help_request_id uuid references public.help_requests (id) on delete cascade;
create index ended_identity_shares_help_request_id_idx on public.ended_identity_shares (help_request_id) where help_request_id is not null;
alter table public.ended_identity_shares drop constraint ended_identity_shares_reason;
alter table public.ended_identity_shares add constraint ended_identity_shares_reason check (ended_reason in (
  'revoked', 'expired', 'not_serving', 'keys_replaced', 'vault_deleted', 'request_closed', 'worker_changed', 'request_transferred'));

-- Whether `worker` is still the one a share of `owner` is for: for a request, the worker
-- assigned to that open request of the owner's, holding a social-worker grant that covers
-- the request's area (its area may differ from the member's home after a hand-over); for
-- area support, a worker serving the owner's home area (private.serves_area_of, 0012).
-- Security definer: it reads requests and grants of others; not granted, like serves_area_of.
create function private.recipient_serves_share(worker uuid, owner uuid, purpose text, request uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select case recipient_serves_share.purpose
    when 'help_request' then exists (
      select 1 from public.help_requests r
      where r.id = recipient_serves_share.request
        and r.member_id = recipient_serves_share.owner
        and r.closed_at is null
        and r.assigned_to = recipient_serves_share.worker
        and exists (
          select 1 from public.role_grants g
          where g.user_id = recipient_serves_share.worker and g.role = 'social_worker'
            and private.area_covers(g.area_id, r.area_id)))
    else private.serves_area_of(recipient_serves_share.worker, recipient_serves_share.owner)
  end;
$$;
revoke all on function private.recipient_serves_share(uuid, uuid, text, uuid) from public, anon, authenticated, service_role;

-- Replaces private.share_is_live from 0012: a request's share is live by the request's rule
-- above (its assigned worker, while it is open), not by the owner's home area.
create or replace function private.share_is_live(share uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.identity_shares s
    where s.id = share_is_live.share
      and (select auth.uid()) in (s.owner_id, s.recipient_id)
      and s.expires_at > now()
      and private.recipient_serves_share(s.recipient_id, s.owner_id, s.purpose, s.help_request_id)
  );
$$;

-- Replaces private.remember_ended_share from 0019: keeps the share's request with its
-- history, and asks whether the worker still serves the share by the rule above (a request's
-- share whose worker lost their grant ended as not_serving, a taken-back one as revoked). The
-- request's own endings are written by private.end_request_shares below before it deletes the
-- row, so their reasons stand (the insert here then does nothing).
create or replace function private.remember_ended_share()
  returns trigger
  language plpgsql volatile security definer
  set search_path = ''
as $$
begin
  if not exists (select 1 from auth.users u where u.id = old.owner_id) then
    return null;
  end if;
  insert into public.ended_identity_shares (id, owner_id, recipient_id, purpose, help_request_id, created_at, expires_at, ended_reason)
  values (
    old.id, old.owner_id,
    (select u.id from auth.users u where u.id = old.recipient_id),
    old.purpose,
    (select r.id from public.help_requests r where r.id = old.help_request_id),
    old.created_at, old.expires_at,
    case
      when old.expires_at <= now() then 'expired'
      when not exists (select 1 from public.identity_vaults v where v.user_id = old.owner_id) then 'vault_deleted'
      when not private.recipient_serves_share(old.recipient_id, old.owner_id, old.purpose, old.help_request_id) then 'not_serving'
      when (select auth.uid()) = old.owner_id then 'revoked'
      else 'keys_replaced'
    end
  )
  on conflict (id) do nothing;
  return null;
end;
$$;

-- A member asks: may I share for my request `request` with `worker`? Only their own open
-- request, to the worker assigned to it now (by the rule above). The insert policy asks it.
create function private.may_share_for_request(request uuid, worker uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.recipient_serves_share(may_share_for_request.worker, (select auth.uid()), 'help_request', may_share_for_request.request);
$$;
revoke all on function private.may_share_for_request(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function private.may_share_for_request(uuid, uuid) to authenticated;

drop policy "members share with a worker serving their area at the current key version" on public.identity_shares;
create policy "members share with their area's worker or their request's worker at the current key version" on public.identity_shares
  for insert to authenticated
  with check (
    owner_id = (select auth.uid())
    and recipient_id <> owner_id
    and case
      when purpose = 'help_request' then (select private.may_share_for_request(help_request_id, recipient_id))
      else (select private.serves_my_area(recipient_id))
    end
    and key_version = (select v.key_version from public.identity_vaults v where v.user_id = (select auth.uid()))
  );

-- The worker assigned to the caller's own open request, with what the member needs to share
-- with them: handle, public key (the browser computes its safety number) and staff card.
-- None when the request is not the caller's, is closed or has nobody assigned. Security
-- definer: members cannot read other profiles, keys or (for a worker of another area after a
-- hand-over) cards; this returns those columns of that one account only.
create function private.request_share_recipient(request uuid)
  returns table (user_id uuid, handle text, public_key text, display_name text, organisation text)
  language sql stable security definer
  set search_path = ''
as $$
  select p.id, p.handle, k.public_key, c.display_name, c.organisation
  from public.help_requests r
    join public.profiles p on p.id = r.assigned_to
    join public.user_keys k on k.user_id = p.id
    left join public.staff_cards c on c.user_id = p.id
  where r.id = request_share_recipient.request
    and r.member_id = (select auth.uid())
    and r.closed_at is null
    and p.id <> (select auth.uid());
$$;
revoke all on function private.request_share_recipient(uuid) from public, anon, authenticated, service_role;
grant execute on function private.request_share_recipient(uuid) to authenticated;

-- Ends a request's shares when the request closes, is given to another worker (or to nobody)
-- or is handed over to another area: the history row first, with the reason only this change
-- knows, then the share itself. Every change of a request goes through the functions of 0033
-- (and assigned_to is set null when the worker's account is deleted); a trigger ends the
-- shares on all of them alike. Security definer: it writes the history nobody may insert into
-- and deletes shares the acting worker does not own.
create function private.end_request_shares()
  returns trigger
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  reason text := case
    when new.closed_at is not null then 'request_closed'
    when new.area_id is distinct from old.area_id then 'request_transferred'
    else 'worker_changed'
  end;
begin
  insert into public.ended_identity_shares (id, owner_id, recipient_id, purpose, help_request_id, created_at, expires_at, ended_reason)
  select s.id, s.owner_id, (select u.id from auth.users u where u.id = s.recipient_id), s.purpose, new.id, s.created_at, s.expires_at, reason
  from public.identity_shares s
  where s.help_request_id = new.id
    and (reason <> 'worker_changed' or s.recipient_id is distinct from new.assigned_to)
    and exists (select 1 from auth.users u where u.id = s.owner_id)
  on conflict (id) do nothing;
  delete from public.identity_shares s
  where s.help_request_id = new.id
    and (reason <> 'worker_changed' or s.recipient_id is distinct from new.assigned_to);
  return null;
end;
$$;
revoke all on function private.end_request_shares() from public, anon, authenticated, service_role;

create trigger help_requests_end_identity_shares
  after update of closed_at, assigned_to, area_id on public.help_requests
  for each row
  when (old.closed_at is distinct from new.closed_at or old.assigned_to is distinct from new.assigned_to or old.area_id is distinct from new.area_id)
  execute function private.end_request_shares();
