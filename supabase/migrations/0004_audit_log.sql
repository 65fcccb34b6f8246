-- Append-only record of who did what to which object: ids and action names only, never
-- identity data or content. No actor foreign key: rows outlive the accounts they mention.
create table public.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_id uuid,
  action text not null check (action ~ '^[a-z][a-z_.]{1,63}$'),
  subject_id uuid
);
create index audit_log_occurred_at_idx on public.audit_log (occurred_at);
create index audit_log_actor_id_idx on public.audit_log (actor_id);
create index audit_log_subject_id_idx on public.audit_log (subject_id);

-- Admins read; members write only through private.record_audit; nobody updates, deletes or
-- truncates: the grants refuse the API roles and the trigger below refuses everyone else,
-- the owner and service_role included.
revoke all on table public.audit_log from public, anon, authenticated, service_role;
revoke all on sequence public.audit_log_id_seq from public, anon, authenticated, service_role;
grant select on table public.audit_log to authenticated;
alter table public.audit_log enable row level security;

create policy "admins read the audit log" on public.audit_log
  for select to authenticated using ((select private.is_admin()));

create or replace function private.refuse_audit_log_change()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op
    using errcode = 'insufficient_privilege';
end;
$$;
revoke all on function private.refuse_audit_log_change() from public, anon, authenticated, service_role;

-- Statement level, so it fires even when no row matches.
create trigger audit_log_is_append_only
  before update or delete or truncate on public.audit_log
  for each statement execute function private.refuse_audit_log_change();

-- The one way a member's request writes to the audit log; the actor is always the caller.
create or replace function private.record_audit(action text, subject uuid default null)
  returns bigint
  language sql volatile security definer
  set search_path = ''
as $$
  insert into public.audit_log (actor_id, action, subject_id)
  values ((select auth.uid()), record_audit.action, record_audit.subject)
  returning id;
$$;
revoke all on function private.record_audit(text, uuid) from public, anon, authenticated, service_role;
grant execute on function private.record_audit(text, uuid) to authenticated;
