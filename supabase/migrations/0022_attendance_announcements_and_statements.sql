-- What happens after a meeting and around it (issue 16): leaders mark who came, post
-- announcements to their group, and a member can have a statement "attended N meetings of a
-- recognised mutual-aid group between two dates" that anyone checks by its code, naming
-- neither the member nor the group. A member's attendance is theirs and their leaders' to
-- see; staff read no individual rows.

-- Who came to one occurrence, marked by the group's leaders.
create table public.meeting_attendance (
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  occurrence_on date not null,
  member_id uuid not null references auth.users (id) on delete cascade,
  present boolean not null,
  marked_by uuid default auth.uid() references auth.users (id) on delete set null,
  marked_at timestamptz not null default now(),
  primary key (meeting_id, occurrence_on, member_id),
  constraint meeting_attendance_not_ahead check (occurrence_on <= current_date + 1)
);
create index meeting_attendance_member_id_idx on public.meeting_attendance (member_id);
create index meeting_attendance_marked_by_idx on public.meeting_attendance (marked_by);

-- Whether `member` is an approved member of the meeting's group (whom a leader may mark).
create function private.in_meeting_group(meeting uuid, member uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.meetings m join public.group_memberships g on g.group_id = m.group_id
    where m.id = in_meeting_group.meeting and g.member_id = in_meeting_group.member and g.status = 'approved');
$$;
revoke all on function private.in_meeting_group(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function private.in_meeting_group(uuid, uuid) to authenticated;

revoke all on table public.meeting_attendance from public, anon, authenticated, service_role;
grant select, delete on table public.meeting_attendance to authenticated;
grant insert (meeting_id, occurrence_on, member_id, present, marked_by) on table public.meeting_attendance to authenticated;
grant update (present, marked_by, marked_at) on table public.meeting_attendance to authenticated;
alter table public.meeting_attendance enable row level security;
create policy "members read their own attendance" on public.meeting_attendance
  for select to authenticated using (member_id = (select auth.uid()));
create policy "leaders read attendance at their meetings" on public.meeting_attendance
  for select to authenticated using ((select private.is_meeting_leader(meeting_id)));
create policy "leaders mark their members' attendance" on public.meeting_attendance
  for insert to authenticated
  with check ((select private.is_meeting_leader(meeting_id)) and (select private.in_meeting_group(meeting_id, member_id)) and marked_by = (select auth.uid()));
create policy "leaders correct attendance they can see" on public.meeting_attendance
  for update to authenticated
  using ((select private.is_meeting_leader(meeting_id)))
  with check ((select private.is_meeting_leader(meeting_id)) and marked_by = (select auth.uid()));
create policy "leaders remove attendance marks" on public.meeting_attendance
  for delete to authenticated using ((select private.is_meeting_leader(meeting_id)));

-- Notes from leaders to their group, shown on its page and on members' home pages.
create table public.group_announcements (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.groups (id) on delete cascade,
  author_id uuid default auth.uid() references auth.users (id) on delete set null,
  body text not null constraint group_announcements_body_length check (char_length(btrim(body)) between 1 and 2000),
  created_at timestamptz not null default now()
);
create index group_announcements_group_id_idx on public.group_announcements (group_id, created_at desc);
create index group_announcements_author_id_idx on public.group_announcements (author_id);
revoke all on table public.group_announcements from public, anon, authenticated, service_role;
grant select, delete on table public.group_announcements to authenticated;
grant insert (group_id, body) on table public.group_announcements to authenticated;
alter table public.group_announcements enable row level security;
create policy "group members read their group's announcements" on public.group_announcements
  for select to authenticated using ((select private.is_group_member(group_id)));
create policy "leaders post to their groups" on public.group_announcements
  for insert to authenticated with check ((select private.is_group_leader(group_id)) and author_id = (select auth.uid()));
create policy "leaders remove their groups' announcements" on public.group_announcements
  for delete to authenticated using ((select private.is_group_leader(group_id)));

-- Statements of attendance. The count is the database's (issue_attendance_statement counts
-- it again); the signature is the server's, over app/domain/groups/attendance-statement.ts's
-- payload. Rows are written only through the functions below.
create table public.attendance_statements (
  id uuid primary key default gen_random_uuid(),
  code text not null unique constraint attendance_statements_code_format check (code ~ '^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
  member_id uuid not null references auth.users (id) on delete cascade,
  period_from date not null,
  period_to date not null,
  attended_count integer not null constraint attendance_statements_count check (attended_count >= 0),
  issued_at timestamptz not null default now(),
  signature text not null constraint attendance_statements_signature_length check (char_length(signature) between 1 and 200),
  withdrawn_at timestamptz,
  constraint attendance_statements_period check (period_from <= period_to and period_to - period_from <= 5 * 366)
);
create index attendance_statements_member_id_idx on public.attendance_statements (member_id);
revoke all on table public.attendance_statements from public, anon, authenticated, service_role;
grant select on table public.attendance_statements to authenticated;
alter table public.attendance_statements enable row level security;
create policy "members read their own statements" on public.attendance_statements
  for select to authenticated using (member_id = (select auth.uid()));

-- Each time someone checked a statement's code on the public page: when, nothing else.
create table public.attendance_statement_checks (
  id bigint generated always as identity primary key,
  statement_id uuid not null references public.attendance_statements (id) on delete cascade,
  checked_at timestamptz not null default now()
);
create index attendance_statement_checks_statement_id_idx on public.attendance_statement_checks (statement_id);

-- Whether the caller holds this statement (so they, and only they, see when it was checked).
create function private.owns_statement(statement uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (select 1 from public.attendance_statements s where s.id = owns_statement.statement and s.member_id = (select auth.uid()));
$$;
revoke all on function private.owns_statement(uuid) from public, anon, authenticated, service_role;
grant execute on function private.owns_statement(uuid) to authenticated;

revoke all on table public.attendance_statement_checks from public, anon, authenticated, service_role;
revoke all on sequence public.attendance_statement_checks_id_seq from public, anon, authenticated, service_role;
grant select on table public.attendance_statement_checks to authenticated;
alter table public.attendance_statement_checks enable row level security;
create policy "members see when their statements were checked" on public.attendance_statement_checks
  for select to authenticated using ((select private.owns_statement(statement_id)));

-- Meetings the caller was marked present at between two dates, each occurrence once, never a
-- cancelled one (app/domain/groups/attendance-statement.ts's rule).
create function private.own_attendance_count(period_from date, period_to date)
  returns integer
  language sql stable security definer
  set search_path = ''
as $$
  select count(*)::integer from public.meeting_attendance a
  where a.member_id = (select auth.uid()) and a.present
    and a.occurrence_on between own_attendance_count.period_from and own_attendance_count.period_to
    and not exists (
      select 1 from public.meeting_exceptions e
      where e.meeting_id = a.meeting_id and e.occurrence_on = a.occurrence_on and e.kind = 'cancelled');
$$;
revoke all on function private.own_attendance_count(date, date) from public, anon, authenticated, service_role;
grant execute on function private.own_attendance_count(date, date) to authenticated;

-- Stores the caller's statement if the count is still what the server signed. Returns the
-- new id, or null when it is not (attendance changed in between: the server asks again).
create function private.issue_attendance_statement(p_code text, p_from date, p_to date, p_count integer, p_signature text)
  returns uuid
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  issued uuid;
begin
  if me is null or private.own_attendance_count(p_from, p_to) <> p_count then return null; end if;
  insert into public.attendance_statements (code, member_id, period_from, period_to, attended_count, signature)
    values (p_code, me, p_from, p_to, p_count, p_signature) returning id into issued;
  return issued;
end;
$$;
revoke all on function private.issue_attendance_statement(text, date, date, integer, text) from public, anon, authenticated, service_role;
grant execute on function private.issue_attendance_statement(text, date, date, integer, text) to authenticated;

create function private.withdraw_attendance_statement(p_statement uuid)
  returns boolean
  language sql volatile security definer
  set search_path = ''
as $$
  with withdrawn as (
    update public.attendance_statements s set withdrawn_at = now()
    where s.id = p_statement and s.member_id = (select auth.uid()) and s.withdrawn_at is null
    returning 1)
  select exists (select 1 from withdrawn);
$$;
revoke all on function private.withdraw_attendance_statement(uuid) from public, anon, authenticated, service_role;
grant execute on function private.withdraw_attendance_statement(uuid) to authenticated;

-- The public check: what the statement says (never who or which group) and whether it was
-- withdrawn; records that it was checked. Visitors are not signed in: the server calls it on
-- the privileged path (asSystem), so no API role needs it.
create function private.check_attendance_statement(p_code text)
  returns table (attended_count integer, period_from date, period_to date, issued_at timestamptz, withdrawn boolean, signature text)
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  statement public.attendance_statements%rowtype;
begin
  select * into statement from public.attendance_statements s where s.code = p_code;
  if statement.id is not null then
    insert into public.attendance_statement_checks (statement_id) values (statement.id);
    return query select statement.attended_count, statement.period_from, statement.period_to, statement.issued_at,
      statement.withdrawn_at is not null, statement.signature;
  end if;
end;
$$;
revoke all on function private.check_attendance_statement(text) from public, anon, authenticated, service_role;
