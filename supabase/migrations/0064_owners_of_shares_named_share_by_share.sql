-- A social worker's pages name the owner of each share addressed to them: the list of shares
-- (/shared) and a help request's share. Both joined private.identity_counterparts(), which
-- reads every live share the worker received and each owner's profile, for every page: at
-- 10,000 shares to one worker, the list was all 10,000 rows and a help request's page read them
-- all to name one member, growing with the shares (bench/server-cost.ts --scale).
-- Now the list is read a page at a time (app/data/identity-openings.server.ts), and each share
-- names its own owner: one lookup per row shown. The function answers only for a live share
-- addressed to the caller, as the policy "recipients read live shares" does.
create function private.shared_owner_handle(share uuid)
  returns text
  language plpgsql stable security definer
  set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select p.handle
    from public.identity_shares s join public.profiles p on p.id = s.owner_id
    where s.id = shared_owner_handle.share
      and s.recipient_id = (select private.caller_id())
      and private.share_is_live(s.id)
  );
end;
$$;
revoke all on function private.shared_owner_handle(uuid) from public, anon, authenticated, service_role;
grant execute on function private.shared_owner_handle(uuid) to authenticated;

-- The list's pages go by (expires_at, id) from a share: the index it had stopped at expires_at.
create index identity_shares_recipient_id_expires_at_id_idx on public.identity_shares (recipient_id, expires_at, id);
drop index public.identity_shares_recipient_id_expires_at_idx;
