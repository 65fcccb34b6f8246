-- private.user_has_role(any account, any role) was executable by every member: anyone
-- could ask whether a given account is an admin. What members need to know is narrower:
-- whether the account they share with is a social worker (share_recipients already lists
-- those serving an area). So members get private.is_social_worker instead, and
-- user_has_role is left to the security-definer helpers that call it (has_role).
create function private.is_social_worker(user_id uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.user_has_role(is_social_worker.user_id, 'social_worker');
$$;
revoke all on function private.is_social_worker(uuid) from public, anon, authenticated, service_role;
grant execute on function private.is_social_worker(uuid) to authenticated;

-- The share policy asked user_has_role; the same question, through the narrow helper.
drop policy "members share with a social worker at the current key version" on public.identity_shares;
create policy "members share with a social worker at the current key version" on public.identity_shares
  for insert to authenticated
  with check (
    owner_id = (select auth.uid())
    and recipient_id <> owner_id
    and (select private.is_social_worker(recipient_id))
    and key_version = (select v.key_version from public.identity_vaults v where v.user_id = (select auth.uid()))
  );

revoke execute on function private.user_has_role(uuid, text) from authenticated;
