-- Replacing a member's key pair (docs/decisions/015-replacing-keys.md). The browser makes a
-- new key pair, re-encrypts the vault under a new data key whose owner's copy only the new
-- pair opens, and re-seals every live share; the server applies it in one transaction with
-- the new account keys (the privileged path writes those, then this runs as the member).
--
-- A rotation like public.rotate_identity_vault (migration 0012), but with no share revoked:
-- the version goes up by exactly one, the re-sealed share ids must be exactly the owner's
-- live shares, and shares that are no longer live (expired, or the worker no longer serves
-- the owner's area) are deleted with it, so their recipients never receive the new data
-- key. Returns false, changing nothing, for anything stale. Security invoker: every
-- statement runs under the owner's RLS, which confines it to their own rows.
create function public.rotate_identity_vault_for_new_keys(
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
  if (select array_agg(lower(e ->> 'shareId') order by lower(e ->> 'shareId')) from jsonb_array_elements(p_reseals) e)
     is distinct from
     (select array_agg(s.id::text order by s.id::text) from public.identity_shares s
      where s.owner_id = me and private.share_is_live(s.id)) then
    return false;
  end if;

  delete from public.identity_shares s
    where s.owner_id = me and not private.share_is_live(s.id);
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
revoke all on function public.rotate_identity_vault_for_new_keys(text, text, integer, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.rotate_identity_vault_for_new_keys(text, text, integer, jsonb) to authenticated;
