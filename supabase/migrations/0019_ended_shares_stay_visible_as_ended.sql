-- A share that ends stays in its owner's list as ended (issue 15, "Feedback where the eye
-- is"): before this, revoking, expiry, a worker leaving the area or a key replacement deleted
-- the share and the member lost sight of whom they had trusted and until when. The share
-- itself is still deleted, so its sealed copy of the data key is destroyed and the worker can
-- read nothing more; what stays is a history row with no key in it: who, what for, when it
-- was made, when it was meant to run out, when and why it ended. Only its owner reads it.
-- The prune-expired-shares job deletes history rows 90 days after the share ended.

create table public.ended_identity_shares (
  -- The ended share's id, so the access log's share_id still points at a row.
  id uuid primary key,
  owner_id uuid not null references auth.users (id) on delete cascade,
  -- Null once the worker's account is deleted.
  recipient_id uuid references auth.users (id) on delete set null,
  purpose text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  ended_at timestamptz not null default now(),
  ended_reason text not null
    constraint ended_identity_shares_reason check (ended_reason in ('revoked', 'expired', 'not_serving', 'keys_replaced', 'vault_deleted'))
);
-- The owner's list (newest first) and the retention prune.
create index ended_identity_shares_owner_id_ended_at_idx on public.ended_identity_shares (owner_id, ended_at);
create index ended_identity_shares_ended_at_idx on public.ended_identity_shares (ended_at);
create index ended_identity_shares_recipient_id_idx on public.ended_identity_shares (recipient_id);

-- Written only by the trigger below; the owner reads their own rows, nobody else any.
revoke all on table public.ended_identity_shares from public, anon, authenticated, service_role;
grant select on table public.ended_identity_shares to authenticated;
alter table public.ended_identity_shares enable row level security;
create policy "members read their own ended shares" on public.ended_identity_shares
  for select to authenticated using (owner_id = (select auth.uid()));

-- Why a share ended, decided from what is left when its row goes: past its expiry; its
-- vault deleted (the cascade from deleteOwnVault); its worker no longer serves the owner's
-- area (a rotation deletes such shares); taken back by its owner; otherwise the privileged
-- path deleted it because the worker replaced their keys (deleteSharesTo). Nothing is kept
-- when the owner's account is being deleted. Security definer: it writes a table nobody
-- may insert into and asks private.serves_area_of about the worker.
create function private.remember_ended_share()
  returns trigger
  language plpgsql volatile security definer
  set search_path = ''
as $$
begin
  if not exists (select 1 from auth.users u where u.id = old.owner_id) then
    return null;
  end if;
  insert into public.ended_identity_shares (id, owner_id, recipient_id, purpose, created_at, expires_at, ended_reason)
  values (
    old.id, old.owner_id,
    (select u.id from auth.users u where u.id = old.recipient_id),
    old.purpose, old.created_at, old.expires_at,
    case
      when old.expires_at <= now() then 'expired'
      when not exists (select 1 from public.identity_vaults v where v.user_id = old.owner_id) then 'vault_deleted'
      when not private.serves_area_of(old.recipient_id, old.owner_id) then 'not_serving'
      when (select auth.uid()) = old.owner_id then 'revoked'
      else 'keys_replaced'
    end
  )
  on conflict (id) do nothing;
  return null;
end;
$$;
revoke all on function private.remember_ended_share() from public, anon, authenticated, service_role;

create trigger identity_shares_remember_ended
  after delete on public.identity_shares
  for each row execute function private.remember_ended_share();

-- The owner's ended shares with their workers' handles (profiles of others are not readable
-- by members; a worker's handle is what the member shared with). Security definer, confined
-- to the caller's own rows.
create function private.own_ended_shares()
  returns table (id uuid, recipient_id uuid, handle text, purpose text, created_at timestamptz,
                 expires_at timestamptz, ended_at timestamptz, ended_reason text)
  language sql stable security definer
  set search_path = ''
as $$
  select e.id, e.recipient_id, p.handle, e.purpose, e.created_at, e.expires_at, e.ended_at, e.ended_reason
  from public.ended_identity_shares e
    left join public.profiles p on p.id = e.recipient_id
  where e.owner_id = (select auth.uid())
  order by e.ended_at desc, e.id;
$$;
revoke all on function private.own_ended_shares() from public, anon, authenticated, service_role;
grant execute on function private.own_ended_shares() to authenticated;
