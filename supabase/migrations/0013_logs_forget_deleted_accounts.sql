-- Deleting an account left its id in the audit log and the identity access log (rows
-- outlive accounts on purpose, so that a record of who did what stays). An id that once
-- named a member ties those rows to whoever can still link it to them. So at deletion the
-- privileged path replaces the account's id in both logs by a new random id, one per
-- deleted account: the records stay, and say "the same deleted account" where they did,
-- but no longer lead to the member (issue 14).

-- Replaces private.refuse_append_only_change from 0006: still refuses update, delete and
-- truncate of both logs, except the one update private.pseudonymise_deleted_account makes,
-- which it announces by setting tongxing.pseudonymising for its own statements. Members
-- have no update privilege on either log, so only the owner role could ever use it.
create or replace function private.refuse_append_only_change()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and current_setting('tongxing.pseudonymising', true) = 'on' then
    return null;
  end if;
  raise exception '% is append-only: % refused', tg_table_name, tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

-- Replaces the deleted account's id in both logs by one new random id; returns how many
-- rows changed. Refuses while the account still exists. Privileged path only (granted to
-- nobody): app/data/accounts.server.ts calls it in the deletion's transaction.
create function private.pseudonymise_deleted_account(account uuid)
  returns integer
  language plpgsql volatile
  set search_path = ''
as $$
declare
  pseudonym constant uuid := gen_random_uuid();
  changed integer := 0;
  rows_changed integer;
begin
  if exists (select 1 from auth.users u where u.id = account) then
    raise exception 'pseudonymise_deleted_account: the account still exists';
  end if;
  perform set_config('tongxing.pseudonymising', 'on', true);
  update public.audit_log l
    set actor_id = case when l.actor_id = account then pseudonym else l.actor_id end,
        subject_id = case when l.subject_id = account then pseudonym else l.subject_id end
    where l.actor_id = account or l.subject_id = account;
  get diagnostics rows_changed = row_count;
  changed := changed + rows_changed;
  update public.identity_access_log l
    set owner_id = case when l.owner_id = account then pseudonym else l.owner_id end,
        accessor_id = case when l.accessor_id = account then pseudonym else l.accessor_id end
    where l.owner_id = account or l.accessor_id = account;
  get diagnostics rows_changed = row_count;
  changed := changed + rows_changed;
  perform set_config('tongxing.pseudonymising', 'off', true);
  return changed;
end;
$$;
revoke all on function private.pseudonymise_deleted_account(uuid) from public, anon, authenticated, service_role;
