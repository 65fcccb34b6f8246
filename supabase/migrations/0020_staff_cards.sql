-- How members see a member of staff (issue 15, "Who the member is trusting"): before this a
-- social worker appeared as a bare handle, and a member choosing whom to trust with their
-- identity could not tell a worker from anyone. An admin sets the name staff go by at work
-- and their organisation; members see it beside the handle and the safety number, but only
-- for staff they deal with: the workers who serve their area, and those they shared with or
-- who opened their identity. Nobody can list the staff of the whole country.

create table public.staff_cards (
  user_id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null
    constraint staff_cards_display_name_length check (char_length(btrim(display_name)) between 1 and 60),
  organisation text not null
    constraint staff_cards_organisation_length check (char_length(btrim(organisation)) between 1 and 80),
  updated_by uuid default auth.uid() references auth.users (id) on delete set null,
  updated_at timestamptz not null default now()
);
create index staff_cards_updated_by_idx on public.staff_cards (updated_by);

-- Whether the caller deals with this member of staff: the worker serves the caller's area,
-- or holds or held a share of the caller's identity, or opened it. Security definer: it
-- reads shares, ended shares and the access log, each by the caller's own id and an index.
create function private.deals_with_staff(staff uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.serves_my_area(deals_with_staff.staff)
    or exists (select 1 from public.identity_shares s
               where s.owner_id = (select auth.uid()) and s.recipient_id = deals_with_staff.staff)
    or exists (select 1 from public.ended_identity_shares e
               where e.owner_id = (select auth.uid()) and e.recipient_id = deals_with_staff.staff)
    or exists (select 1 from public.identity_access_log l
               where l.owner_id = (select auth.uid()) and l.accessor_id = deals_with_staff.staff);
$$;
revoke all on function private.deals_with_staff(uuid) from public, anon, authenticated, service_role;
grant execute on function private.deals_with_staff(uuid) to authenticated;

-- Admins write cards (the data function checks that the account holds a staff role);
-- staff read their own; members read the cards of staff they deal with.
revoke all on table public.staff_cards from public, anon, authenticated, service_role;
grant select, delete on table public.staff_cards to authenticated;
grant insert (user_id, display_name, organisation, updated_by) on table public.staff_cards to authenticated;
grant update (display_name, organisation, updated_by, updated_at) on table public.staff_cards to authenticated;
alter table public.staff_cards enable row level security;
create policy "admins read every staff card" on public.staff_cards
  for select to authenticated using ((select private.is_admin()));
create policy "staff read their own card" on public.staff_cards
  for select to authenticated using (user_id = (select auth.uid()));
create policy "members read the cards of staff they deal with" on public.staff_cards
  for select to authenticated using ((select private.deals_with_staff(user_id)));
create policy "admins add staff cards" on public.staff_cards
  for insert to authenticated with check ((select private.is_admin()) and updated_by = (select auth.uid()));
create policy "admins change staff cards" on public.staff_cards
  for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()) and updated_by = (select auth.uid()));
create policy "admins remove staff cards" on public.staff_cards
  for delete to authenticated using ((select private.is_admin()));

-- Replaces private.record_audit from 0012: admins may also record setting a staff card
-- (the subject is the staff account). Otherwise as in 0012.
create or replace function private.record_audit(action text, subject uuid default null)
  returns bigint
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  allowed boolean;
  recorded bigint;
begin
  allowed := case record_audit.action
    when 'identity.shared' then exists (
      select 1 from public.identity_shares s where s.id = record_audit.subject and s.owner_id = me)
    when 'identity.share_revoked' then record_audit.subject is not null and not exists (
      select 1 from public.identity_shares s where s.id = record_audit.subject and s.owner_id <> me)
    when 'identity.saved' then record_audit.subject = me
    when 'identity.deleted' then record_audit.subject = me
    when 'role.granted' then private.is_admin()
    when 'role.revoked' then private.is_admin()
    when 'staff_card.set' then private.is_admin()
    else false
  end;
  if me is null or not allowed then
    raise exception 'record_audit: % is not an action the caller may record here', record_audit.action
      using errcode = 'insufficient_privilege';
  end if;
  insert into public.audit_log (actor_id, action, subject_id)
    values (me, record_audit.action, record_audit.subject)
    returning id into recorded;
  return recorded;
end;
$$;
