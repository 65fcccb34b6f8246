-- A social worker could read a shared vault's ciphertext with a plain SELECT (the policy
-- "recipients read vaults through a live share"), leaving no access-log row. Now the only
-- way a vault reaches a recipient is public.open_shared_identity, which writes the log row
-- in the same call. Its body moves to private.open_shared_identity, security definer so
-- that it can read the vault without that policy; it checks for itself exactly what the
-- policy and private.holds_live_share checked: a share addressed to the caller, unexpired,
-- the caller still a social worker, the vault at the share's key version.
drop policy "recipients read vaults through a live share" on public.identity_vaults;
-- Replaces private.holds_live_share from 0006: dropped; that policy was its only user.
drop function private.holds_live_share(uuid);

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
      and s.expires_at > now()
      and private.has_role('social_worker');
  if not found or not private.record_identity_access(p_share_id) then
    return;
  end if;
  return query select opened.owner_id, opened.ciphertext, opened.sealed_key, opened.key_version,
    opened.purpose, opened.expires_at;
end;
$$;
revoke all on function private.open_shared_identity(uuid) from public, anon, authenticated, service_role;
grant execute on function private.open_shared_identity(uuid) to authenticated;

-- Replaces public.open_shared_identity from 0006: the same answer, now from the private
-- function above (a security definer may not live in public).
create or replace function public.open_shared_identity(p_share_id uuid)
  returns table (owner_id uuid, ciphertext text, sealed_key text, key_version integer, purpose text, expires_at timestamptz)
  language sql volatile security invoker
  set search_path = ''
as $$
  select * from private.open_shared_identity(p_share_id);
$$;
