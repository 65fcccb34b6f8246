-- The identity vault: each member's encrypted identity fields, the data key sealed to the
-- social workers they share it with, and the append-only log of every opening
-- (docs/decisions/003-identity-vault-and-shares.md). The server holds ciphertext and sealed
-- keys only; the browser encrypts, seals and decrypts.
-- Order: generic helpers, the three tables with their grants and policies, the functions
-- the app calls (public: security invoker; their privileged steps are private helpers).

-- Role helpers for any user, not only the caller. private.has_role (0002) now delegates to
-- user_has_role, so there is one query deciding who holds a role.
create or replace function private.user_has_role(user_id uuid, role text)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.role_grants g
    where g.user_id = user_has_role.user_id and g.role = user_has_role.role
  );
$$;
revoke all on function private.user_has_role(uuid, text) from public, anon, authenticated, service_role;
-- Policies call it (is a share's recipient a social worker?); it tells only whether an
-- account holds a role, which share_recipients() below already tells for social workers.
grant execute on function private.user_has_role(uuid, text) to authenticated;

-- Replaces private.has_role from 0002: same answer for the caller, now asked through
-- private.user_has_role so that one query decides who holds a role. Same signature, so
-- 0002's grants (execute for authenticated only) still apply.
create or replace function private.has_role(role text)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.user_has_role((select auth.uid()), has_role.role);
$$;

-- Append-only tables (audit_log, identity_access_log): a statement trigger that refuses
-- update, delete and truncate from every role, the table owner included. Replaces 0004's
-- audit-only function, so that both logs share one definition.
create or replace function private.refuse_append_only_change()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op
    using errcode = 'insufficient_privilege';
end;
$$;
revoke all on function private.refuse_append_only_change() from public, anon, authenticated, service_role;

-- Replaces trigger audit_log_is_append_only on public.audit_log from 0004: same events and
-- statement level, now calling the shared private.refuse_append_only_change (its error
-- reads the same for audit_log: "audit_log is append-only: UPDATE refused", errcode 42501).
drop trigger audit_log_is_append_only on public.audit_log;
create trigger audit_log_is_append_only
  before update or delete or truncate on public.audit_log
  for each statement execute function private.refuse_append_only_change();
-- Replaces private.refuse_audit_log_change from 0004: dropped, as the trigger above no longer
-- calls it; private.refuse_append_only_change serves both append-only logs.
drop function private.refuse_audit_log_change();

-- One vault per member: the identity JSON sealed under a random data key (v1 envelope whose
-- associated data names the owner and key version) and the data key sealed to the owner.
create table public.identity_vaults (
  user_id uuid primary key references auth.users (id) on delete cascade,
  ciphertext text not null
    constraint identity_vaults_ciphertext_format check (ciphertext ~ '^v1\.' and char_length(ciphertext) <= 12000),
  -- crypto_box_seal of the 32-byte data key: 80 bytes, 107 base64url characters.
  owner_sealed_key text not null
    constraint identity_vaults_owner_sealed_key_format check (owner_sealed_key ~ '^v1\.sealed\.[A-Za-z0-9_-]{107}$'),
  -- Goes up by one at every rotation (public.rotate_identity_vault).
  key_version integer not null check (key_version >= 1),
  updated_at timestamptz not null default now()
);
-- user_id (primary key) serves the "own row" policies.

revoke all on table public.identity_vaults from public, anon, authenticated, service_role;
grant select, insert (user_id, ciphertext, owner_sealed_key, key_version),
  update (ciphertext, owner_sealed_key, key_version, updated_at), delete
  on table public.identity_vaults to authenticated;
alter table public.identity_vaults enable row level security;

create policy "members read own vault" on public.identity_vaults
  for select to authenticated using (user_id = (select auth.uid()));
create policy "members create own vault at key version 1" on public.identity_vaults
  for insert to authenticated with check (user_id = (select auth.uid()) and key_version = 1);
create policy "members update own vault" on public.identity_vaults
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "members delete own vault" on public.identity_vaults
  for delete to authenticated using (user_id = (select auth.uid()));
-- "recipients read vaults through a live share" follows identity_shares.

-- A member's data key sealed to one social worker, for one purpose, until it expires.
-- Deleting the vault (or either account) deletes its shares.
create table public.identity_shares (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references auth.users (id) on delete cascade,
  recipient_id uuid not null references auth.users (id) on delete cascade,
  -- Help requests (issue 6) add purposes and a request id.
  purpose text not null check (purpose in ('area_support')),
  sealed_key text not null
    constraint identity_shares_sealed_key_format check (sealed_key ~ '^v1\.sealed\.[A-Za-z0-9_-]{107}$'),
  key_version integer not null check (key_version >= 1),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  constraint identity_shares_vault_fkey foreign key (owner_id)
    references public.identity_vaults (user_id) on delete cascade,
  constraint identity_shares_not_to_oneself check (owner_id <> recipient_id),
  constraint identity_shares_expiry check (expires_at > created_at and expires_at <= created_at + interval '366 days'),
  constraint identity_shares_once unique (owner_id, recipient_id, purpose)
);
-- The unique index (owner_id, recipient_id, purpose) serves the owner policies, both
-- foreign keys on owner_id and private.holds_live_share; this one the recipient policy.
create index identity_shares_recipient_id_expires_at_idx on public.identity_shares (recipient_id, expires_at);

-- created_at and id are not insertable, so the 366-day limit counts from now(). Owners
-- update only the sealed key and its version (rotation); the rest of a share is fixed.
revoke all on table public.identity_shares from public, anon, authenticated, service_role;
grant select, insert (owner_id, recipient_id, purpose, sealed_key, key_version, expires_at),
  update (sealed_key, key_version), delete
  on table public.identity_shares to authenticated;
alter table public.identity_shares enable row level security;

-- A live share: addressed to the caller, unexpired, and the caller is still a social
-- worker. The recipient policy below, private.holds_live_share and
-- private.record_identity_access all test exactly this.
create or replace function private.holds_live_share(owner uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.has_role('social_worker') and exists (
    select 1 from public.identity_shares s
    where s.owner_id = holds_live_share.owner
      and s.recipient_id = (select auth.uid())
      and s.expires_at > now()
  );
$$;
revoke all on function private.holds_live_share(uuid) from public, anon, authenticated, service_role;
grant execute on function private.holds_live_share(uuid) to authenticated;

create policy "members read own shares" on public.identity_shares
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "recipients read live shares" on public.identity_shares
  for select to authenticated
  using (recipient_id = (select auth.uid()) and expires_at > now() and (select private.has_role('social_worker')));
create policy "members share with a social worker at the current key version" on public.identity_shares
  for insert to authenticated
  with check (
    owner_id = (select auth.uid())
    and recipient_id <> owner_id
    and (select private.user_has_role(recipient_id, 'social_worker'))
    and key_version = (select v.key_version from public.identity_vaults v where v.user_id = (select auth.uid()))
  );
create policy "members re-seal own shares at the current key version" on public.identity_shares
  for update to authenticated
  using (owner_id = (select auth.uid()))
  with check (
    owner_id = (select auth.uid())
    and key_version = (select v.key_version from public.identity_vaults v where v.user_id = (select auth.uid()))
  );
create policy "members delete own shares" on public.identity_shares
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "recipients read vaults through a live share" on public.identity_vaults
  for select to authenticated using ((select private.holds_live_share(user_id)));

-- Every opening of a vault through a share: ids only, no foreign keys, so rows outlive both
-- accounts and the share. Written only by private.record_identity_access; append-only.
create table public.identity_access_log (
  id bigint generated always as identity primary key,
  owner_id uuid not null,
  accessor_id uuid not null,
  share_id uuid not null,
  purpose text not null,
  accessed_at timestamptz not null default now()
);
create index identity_access_log_owner_id_accessed_at_idx on public.identity_access_log (owner_id, accessed_at);
create index identity_access_log_accessor_id_idx on public.identity_access_log (accessor_id);

revoke all on table public.identity_access_log from public, anon, authenticated, service_role;
revoke all on sequence public.identity_access_log_id_seq from public, anon, authenticated, service_role;
grant select on table public.identity_access_log to authenticated;
alter table public.identity_access_log enable row level security;

create policy "members read who opened their vault" on public.identity_access_log
  for select to authenticated using (owner_id = (select auth.uid()));

create trigger identity_access_log_is_append_only
  before update or delete or truncate on public.identity_access_log
  for each statement execute function private.refuse_append_only_change();

-- Writes the access-log row for the caller opening share `share`, if it is a live share
-- addressed to them; returns whether it did. Security definer because nobody may insert
-- into the log directly; it checks the share itself and names the caller as accessor, so
-- calling it directly can only log a true "I opened this live share of mine".
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
      and s.expires_at > now()
      and private.has_role('social_worker')
  ), logged as (
    insert into public.identity_access_log (owner_id, accessor_id, share_id, purpose)
    select live.owner_id, (select auth.uid()), live.id, live.purpose from live
    returning 1
  )
  select exists (select 1 from logged);
$$;
revoke all on function private.record_identity_access(uuid) from public, anon, authenticated, service_role;
grant execute on function private.record_identity_access(uuid) to authenticated;

-- A recipient opens a vault: the share's sealed key and the vault ciphertext, at the same
-- key version, read under the caller's own RLS (so only through a live share addressed to
-- them), and the access-log row written in the same call. No row when any of it fails.
-- Security invoker: the one privileged step (the log insert) is record_identity_access.
create or replace function public.open_shared_identity(p_share_id uuid)
  returns table (owner_id uuid, ciphertext text, sealed_key text, key_version integer, purpose text, expires_at timestamptz)
  language plpgsql volatile security invoker
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
      and s.expires_at > now();
  if not found or not private.record_identity_access(p_share_id) then
    return;
  end if;
  return query select opened.owner_id, opened.ciphertext, opened.sealed_key, opened.key_version,
    opened.purpose, opened.expires_at;
end;
$$;
revoke all on function public.open_shared_identity(uuid) from public, anon, authenticated, service_role;
grant execute on function public.open_shared_identity(uuid) to authenticated;

-- Social workers whose grant covers `area` (that area or all areas), other than the
-- caller, with the handle and public key a member needs to share with them. Security
-- definer: members cannot read other profiles or keys; this returns those three columns only.
create or replace function private.share_recipients(area uuid)
  returns table (user_id uuid, handle text, public_key text)
  language sql stable security definer
  set search_path = ''
as $$
  select p.id, p.handle, k.public_key
  from public.profiles p
    join public.user_keys k on k.user_id = p.id
  where p.id <> (select auth.uid())
    and exists (
      select 1 from public.role_grants g
      where g.user_id = p.id and g.role = 'social_worker'
        and (g.area_id is null or g.area_id = share_recipients.area)
    )
  order by p.handle_key, p.id;
$$;
revoke all on function private.share_recipients(uuid) from public, anon, authenticated, service_role;
grant execute on function private.share_recipients(uuid) to authenticated;

create or replace function public.share_recipients(p_area uuid)
  returns table (user_id uuid, handle text, public_key text)
  language sql stable security invoker
  set search_path = ''
as $$
  select r.user_id, r.handle, r.public_key from private.share_recipients(p_area) r;
$$;
revoke all on function public.share_recipients(uuid) from public, anon, authenticated, service_role;
grant execute on function public.share_recipients(uuid) to authenticated;

-- The accounts the caller deals with through the vault, with their handles: recipients of
-- the caller's shares (expired ones too, with the public key needed to re-seal them at the
-- next rotation), owners of live shares addressed to the caller, and everyone in the
-- caller's access log. Security definer for the same reason as share_recipients.
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
    select l.accessor_id, false from public.identity_access_log l
    where l.owner_id = (select auth.uid())
  )
  select p.id, p.handle, case when bool_or(c.needs_key) then min(k.public_key) end
  from counterparts c
    join public.profiles p on p.id = c.user_id
    left join public.user_keys k on k.user_id = p.id
  group by p.id, p.handle;
$$;
revoke all on function private.identity_counterparts() from public, anon, authenticated, service_role;
grant execute on function private.identity_counterparts() to authenticated;

-- Revoking a share rotates the data key. The browser sends the vault re-encrypted under a
-- new data key, its own copy and every remaining share re-sealed; this applies it all or
-- nothing. Returns false, changing nothing, unless the caller owns the revoked share, the
-- version goes up by exactly one and the re-sealed share ids are exactly the remaining
-- shares (so a stale browser cannot leave a share on the old key). Security invoker: every
-- statement runs under the owner's RLS, which is what confines it to their own rows.
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
      where s.owner_id = me and s.id <> p_revoked_share) then
    return false;
  end if;

  delete from public.identity_shares s where s.id = p_revoked_share and s.owner_id = me;
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
revoke all on function public.rotate_identity_vault(uuid, text, text, integer, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.rotate_identity_vault(uuid, text, text, integer, jsonb) to authenticated;
