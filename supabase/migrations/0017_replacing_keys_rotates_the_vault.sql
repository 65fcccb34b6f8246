-- Replacing a member's key pair (docs/decisions/015-replacing-keys.md). The browser makes a
-- new key pair, re-encrypts the vault under a new data key whose owner's copy only the new
-- pair opens, and re-seals every live share; the server applies it in one transaction with
-- the new account keys (the privileged path writes those, then this runs as the member).
--
-- A rotation like public.rotate_identity_vault (migration 0012), but with no share revoked.
-- Both now apply the rotation through one private function: the version goes up by exactly
-- one, the re-sealed share ids must be exactly the owner's live shares (the revoked one
-- left out), and shares that are no longer live (expired, or the worker no longer serves
-- the owner's area) are deleted with it, so their recipients never receive the new data
-- key. Returns false, changing nothing, for anything stale. Security invoker throughout:
-- every statement runs under the owner's RLS, which confines it to their own rows.
-- The rotation itself, for public.rotate_identity_vault (a share revoked) and
-- public.rotate_identity_vault_for_new_keys (none: p_revoked_share null).
create function private.apply_vault_rotation(
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
  if p_revoked_share is not null
     and not exists (select 1 from public.identity_shares s where s.id = p_revoked_share and s.owner_id = me) then
    return false;
  end if;
  if (select array_agg(lower(e ->> 'shareId') order by lower(e ->> 'shareId')) from jsonb_array_elements(p_reseals) e)
     is distinct from
     (select array_agg(s.id::text order by s.id::text) from public.identity_shares s
      where s.owner_id = me and s.id is distinct from p_revoked_share and private.share_is_live(s.id)) then
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
revoke all on function private.apply_vault_rotation(uuid, text, text, integer, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.apply_vault_rotation(uuid, text, text, integer, jsonb) to authenticated;

-- Replaces public.rotate_identity_vault from 0012: the same answer, now from the shared
-- private.apply_vault_rotation, so the two rotations cannot drift apart.
create or replace function public.rotate_identity_vault(
  p_revoked_share uuid,
  p_ciphertext text,
  p_owner_sealed_key text,
  p_new_version integer,
  p_reseals jsonb
)
  returns boolean
  language sql volatile security invoker
  set search_path = ''
as $$
  select p_revoked_share is not null
    and private.apply_vault_rotation(p_revoked_share, p_ciphertext, p_owner_sealed_key, p_new_version, p_reseals);
$$;

create function public.rotate_identity_vault_for_new_keys(
  p_ciphertext text,
  p_owner_sealed_key text,
  p_new_version integer,
  p_reseals jsonb -- [{"shareId": uuid, "sealedKey": text}]
)
  returns boolean
  language sql volatile security invoker
  set search_path = ''
as $$
  select private.apply_vault_rotation(null, p_ciphertext, p_owner_sealed_key, p_new_version, p_reseals);
$$;
revoke all on function public.rotate_identity_vault_for_new_keys(text, text, integer, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.rotate_identity_vault_for_new_keys(text, text, integer, jsonb) to authenticated;
