-- Mutual-aid groups and their meetings (issue 16). A group is led by members whom staff
-- approved to lead; members ask to join and a leader answers; meetings are one-off or
-- recurring series (the rule's meaning is app/domain/groups/recurrence.ts, decision 021);
-- members RSVP per occurrence, with a waitlist beyond capacity.
-- Who may see what: every signed-in member sees active groups, their public schedule and
-- their leaders' handles; the address, the online link, the roster and RSVPs only approved
-- members and leaders of that group. Anonymous visitors see nothing.
-- Changes of state with rules (joining, deciding, RSVP, approving a leader) go through
-- security-definer functions in schema private (granted to authenticated, never exposed as
-- an API) that check the caller and return a word saying what happened or why not; the
-- tables themselves take no direct writes for those.
-- Order: helpers that need no table, groups and leaders, memberships, their helpers,
-- leader applications and abstinence verifications, meetings, details, exceptions, RSVPs,
-- then the functions.

-- Groups. Reading: active ones by anyone signed in; a closed one by its leaders and admins.
create table public.groups (
  id uuid primary key default gen_random_uuid(),
  name text not null constraint groups_name_length check (char_length(btrim(name)) between 1 and 80),
  description text not null default '' constraint groups_description_length check (char_length(description) <= 2000),
  area_id uuid not null references public.areas (id) on delete restrict,
  languages text[] not null constraint groups_languages check (
    cardinality(languages) between 1 and 3 and languages <@ array['zh-CN', 'yue', 'en']::text[]),
  status text not null default 'active' constraint groups_status check (status in ('active', 'closed')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index groups_area_id_idx on public.groups (area_id);
create index groups_created_by_idx on public.groups (created_by);
create index groups_status_idx on public.groups (status);

-- Who leads a group: its first leader (who created it) and co-leaders they added.
create table public.group_leaders (
  group_id uuid not null references public.groups (id) on delete cascade,
  member_id uuid not null references auth.users (id) on delete cascade,
  kind text not null constraint group_leaders_kind check (kind in ('leader', 'co_leader')),
  added_by uuid references auth.users (id) on delete set null,
  added_at timestamptz not null default now(),
  primary key (group_id, member_id)
);
create index group_leaders_member_id_idx on public.group_leaders (member_id);
create index group_leaders_added_by_idx on public.group_leaders (added_by);

-- Whether the caller leads this group. Security definer: it reads group_leaders without
-- that table's policies (which call it).
create function private.is_group_leader(grp uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (select 1 from public.group_leaders l where l.group_id = is_group_leader.grp and l.member_id = (select auth.uid()));
$$;
revoke all on function private.is_group_leader(uuid) from public, anon, authenticated, service_role;
grant execute on function private.is_group_leader(uuid) to authenticated;

revoke all on table public.groups from public, anon, authenticated, service_role;
grant select on table public.groups to authenticated;
grant update (name, description, languages, status) on table public.groups to authenticated;
alter table public.groups enable row level security;
create policy "members read active groups" on public.groups
  for select to authenticated using (status = 'active');
create policy "leaders read their own groups" on public.groups
  for select to authenticated using ((select private.is_group_leader(id)));
create policy "admins read every group" on public.groups
  for select to authenticated using ((select private.is_admin()));
create policy "leaders change their own groups" on public.groups
  for update to authenticated using ((select private.is_group_leader(id))) with check ((select private.is_group_leader(id)));

-- Leaders are public to signed-in members (their handles come through group_leader_handles);
-- they change only through create_group and add_co_leader.
revoke all on table public.group_leaders from public, anon, authenticated, service_role;
grant select on table public.group_leaders to authenticated;
alter table public.group_leaders enable row level security;
create policy "members read who leads groups" on public.group_leaders
  for select to authenticated using (true);

-- A member's place in a group: one row per group and member, its status the latest answer.
-- The member sees the reason a leader gave for declining or removing them.
create table public.group_memberships (
  group_id uuid not null references public.groups (id) on delete cascade,
  member_id uuid not null references auth.users (id) on delete cascade,
  status text not null constraint group_memberships_status check (status in ('requested', 'approved', 'declined', 'removed', 'left')),
  request_note text not null default '' constraint group_memberships_note_length check (char_length(request_note) <= 500),
  decision_reason text not null default '' constraint group_memberships_reason_length check (char_length(decision_reason) <= 500),
  decided_by uuid references auth.users (id) on delete set null,
  requested_at timestamptz not null default now(),
  decided_at timestamptz,
  primary key (group_id, member_id)
);
create index group_memberships_member_id_idx on public.group_memberships (member_id);
create index group_memberships_decided_by_idx on public.group_memberships (decided_by);

-- Whether the caller is an approved member or a leader of this group.
create function private.is_group_member(grp uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.is_group_leader(is_group_member.grp) or exists (
    select 1 from public.group_memberships m
    where m.group_id = is_group_member.grp and m.member_id = (select auth.uid()) and m.status = 'approved');
$$;
revoke all on function private.is_group_member(uuid) from public, anon, authenticated, service_role;
grant execute on function private.is_group_member(uuid) to authenticated;

revoke all on table public.group_memberships from public, anon, authenticated, service_role;
grant select on table public.group_memberships to authenticated;
alter table public.group_memberships enable row level security;
create policy "members read their own memberships" on public.group_memberships
  for select to authenticated using (member_id = (select auth.uid()));
create policy "leaders read every membership of their groups" on public.group_memberships
  for select to authenticated using ((select private.is_group_leader(group_id)));
create policy "approved members read the roster of their groups" on public.group_memberships
  for select to authenticated using (status = 'approved' and (select private.is_group_member(group_id)));

-- Applications to lead groups in an area; a social worker of that area or an admin answers.
create table public.leader_applications (
  id uuid primary key default gen_random_uuid(),
  member_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  area_id uuid not null references public.areas (id) on delete restrict,
  note text not null default '' constraint leader_applications_note_length check (char_length(note) <= 1000),
  status text not null default 'pending' constraint leader_applications_status check (status in ('pending', 'approved', 'declined')),
  decision_reason text not null default '' constraint leader_applications_reason_length check (char_length(decision_reason) <= 500),
  decided_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  decided_at timestamptz
);
create index leader_applications_member_id_idx on public.leader_applications (member_id);
create index leader_applications_area_id_idx on public.leader_applications (area_id);
create index leader_applications_decided_by_idx on public.leader_applications (decided_by);
-- One open application per member at a time.
create unique index leader_applications_one_pending on public.leader_applications (member_id) where status = 'pending';

-- Whether the caller is a social worker whose grant covers `area`, or an admin.
create function private.staff_for_area(area uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.is_admin() or exists (
    select 1 from public.role_grants g
    where g.user_id = (select auth.uid()) and g.role = 'social_worker' and private.area_covers(g.area_id, staff_for_area.area));
$$;
revoke all on function private.staff_for_area(uuid) from public, anon, authenticated, service_role;
grant execute on function private.staff_for_area(uuid) to authenticated;

revoke all on table public.leader_applications from public, anon, authenticated, service_role;
grant select on table public.leader_applications to authenticated;
grant insert (area_id, note) on table public.leader_applications to authenticated;
alter table public.leader_applications enable row level security;
create policy "members read their own applications to lead" on public.leader_applications
  for select to authenticated using (member_id = (select auth.uid()));
create policy "staff of the area read applications to lead there" on public.leader_applications
  for select to authenticated using ((select private.staff_for_area(area_id)));
create policy "members apply to lead" on public.leader_applications
  for insert to authenticated with check (member_id = (select auth.uid()) and status = 'pending');

-- Staff's word on how long a member has been abstinent: what leading a group requires.
create table public.abstinence_verifications (
  member_id uuid primary key references auth.users (id) on delete cascade,
  verified_since date not null constraint abstinence_verifications_not_future check (verified_since <= current_date),
  verified_by uuid references auth.users (id) on delete set null,
  verified_at timestamptz not null default now()
);
create index abstinence_verifications_verified_by_idx on public.abstinence_verifications (verified_by);

-- Whether the caller is staff for this member's home area (a social worker covering it, or an admin).
create function private.staff_for_member(member uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.is_admin() or private.serves_area_of((select auth.uid()), staff_for_member.member);
$$;
revoke all on function private.staff_for_member(uuid) from public, anon, authenticated, service_role;
grant execute on function private.staff_for_member(uuid) to authenticated;

-- Written only through verify_abstinence (which checks the caller serves the member's area).
revoke all on table public.abstinence_verifications from public, anon, authenticated, service_role;
grant select on table public.abstinence_verifications to authenticated;
alter table public.abstinence_verifications enable row level security;
create policy "members read their own verification" on public.abstinence_verifications
  for select to authenticated using (member_id = (select auth.uid()));
create policy "staff of the member's area read their verification" on public.abstinence_verifications
  for select to authenticated using ((select private.staff_for_member(member_id)));

-- Meeting series in the group's local time (decision 021). `weekday` (0 = Sunday) is the
-- first date's, for the finder; a monthly series repeats on that weekday.
create table public.meetings (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.groups (id) on delete cascade,
  name text not null constraint meetings_name_length check (char_length(btrim(name)) between 1 and 80),
  starts_on date not null,
  start_time time(0) not null,
  duration_minutes integer not null constraint meetings_duration check (duration_minutes between 15 and 720),
  time_zone text not null default 'Asia/Shanghai' constraint meetings_time_zone_length check (char_length(time_zone) between 1 and 64),
  frequency text not null constraint meetings_frequency check (frequency in ('once', 'weekly', 'biweekly', 'monthly')),
  monthly_week smallint constraint meetings_monthly_week check (
    (frequency = 'monthly') = (monthly_week is not null) and (monthly_week is null or monthly_week in (1, 2, 3, 4, -1))),
  until_on date,
  occurrence_count integer constraint meetings_occurrence_count check (occurrence_count is null or occurrence_count between 1 and 120),
  attendance_mode text not null constraint meetings_attendance_mode check (attendance_mode in ('in_person', 'online', 'hybrid')),
  types text[] not null default '{}' constraint meetings_types check (
    cardinality(types) <= 12 and types <@ array['O', 'C', 'D', 'SP', 'ST', 'B', 'W', 'M', 'Y', 'LGBTQ', 'X', 'TC']::text[]),
  capacity integer constraint meetings_capacity check (capacity is null or capacity between 1 and 1000),
  notes text not null default '' constraint meetings_notes_length check (char_length(notes) <= 1000),
  weekday smallint generated always as (extract(dow from starts_on)::smallint) stored,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint meetings_one_end check (until_on is null or occurrence_count is null),
  constraint meetings_once_has_no_end check (frequency <> 'once' or (until_on is null and occurrence_count is null)),
  constraint meetings_until_after_start check (until_on is null or until_on >= starts_on),
  constraint meetings_at_most_two_years check (until_on is null or until_on <= starts_on + interval '2 years')
);
create index meetings_group_id_idx on public.meetings (group_id);
create index meetings_created_by_idx on public.meetings (created_by);
create index meetings_finder_idx on public.meetings (weekday, start_time, attendance_mode);

-- The group a meeting belongs to, and whether the caller is one of its members or leaders.
create function private.is_meeting_member(meeting uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.is_group_member((select m.group_id from public.meetings m where m.id = is_meeting_member.meeting));
$$;
create function private.is_meeting_leader(meeting uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.is_group_leader((select m.group_id from public.meetings m where m.id = is_meeting_leader.meeting));
$$;
-- Whether the caller may see this group (active, or theirs to lead, or they are an admin),
-- and so the meeting's schedule. By group id, so it holds for a row being inserted.
create function private.is_group_listed(grp uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.groups g
    where g.id = is_group_listed.grp and (g.status = 'active' or private.is_group_leader(g.id) or private.is_admin()));
$$;
create function private.is_meeting_listed(meeting uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.is_group_listed((select m.group_id from public.meetings m where m.id = is_meeting_listed.meeting));
$$;
revoke all on function private.is_meeting_member(uuid) from public, anon, authenticated, service_role;
revoke all on function private.is_meeting_leader(uuid) from public, anon, authenticated, service_role;
revoke all on function private.is_meeting_listed(uuid) from public, anon, authenticated, service_role;
revoke all on function private.is_group_listed(uuid) from public, anon, authenticated, service_role;
grant execute on function private.is_meeting_member(uuid) to authenticated;
grant execute on function private.is_meeting_leader(uuid) to authenticated;
grant execute on function private.is_meeting_listed(uuid) to authenticated;
grant execute on function private.is_group_listed(uuid) to authenticated;

revoke all on table public.meetings from public, anon, authenticated, service_role;
grant select, delete on table public.meetings to authenticated;
grant insert (group_id, name, starts_on, start_time, duration_minutes, time_zone, frequency, monthly_week, until_on,
  occurrence_count, attendance_mode, types, capacity, notes, created_by) on table public.meetings to authenticated;
grant update (name, until_on, occurrence_count, attendance_mode, types, capacity, notes) on table public.meetings to authenticated;
alter table public.meetings enable row level security;
create policy "members read the schedule of groups they may see" on public.meetings
  for select to authenticated using ((select private.is_group_listed(group_id)));
create policy "leaders add meetings to their groups" on public.meetings
  for insert to authenticated with check ((select private.is_group_leader(group_id)) and created_by = (select auth.uid()));
create policy "leaders change their groups' meetings" on public.meetings
  for update to authenticated using ((select private.is_group_leader(group_id))) with check ((select private.is_group_leader(group_id)));
create policy "leaders remove their groups' meetings" on public.meetings
  for delete to authenticated using ((select private.is_group_leader(group_id)));

-- Where a meeting happens: only its group's approved members and leaders read this.
create table public.meeting_private_details (
  meeting_id uuid primary key references public.meetings (id) on delete cascade,
  address text not null default '' constraint meeting_private_details_address_length check (char_length(address) <= 300),
  conference_link text not null default '' constraint meeting_private_details_link check (
    conference_link = '' or (char_length(conference_link) <= 500 and conference_link like 'https://%')),
  conference_phone text not null default '' constraint meeting_private_details_phone_length check (char_length(conference_phone) <= 40)
);
revoke all on table public.meeting_private_details from public, anon, authenticated, service_role;
grant select, delete on table public.meeting_private_details to authenticated;
grant insert (meeting_id, address, conference_link, conference_phone) on table public.meeting_private_details to authenticated;
grant update (address, conference_link, conference_phone) on table public.meeting_private_details to authenticated;
alter table public.meeting_private_details enable row level security;
create policy "group members read where their meetings happen" on public.meeting_private_details
  for select to authenticated using ((select private.is_meeting_member(meeting_id)));
create policy "leaders set where their meetings happen" on public.meeting_private_details
  for insert to authenticated with check ((select private.is_meeting_leader(meeting_id)));
create policy "leaders change where their meetings happen" on public.meeting_private_details
  for update to authenticated using ((select private.is_meeting_leader(meeting_id))) with check ((select private.is_meeting_leader(meeting_id)));
create policy "leaders remove where their meetings happen" on public.meeting_private_details
  for delete to authenticated using ((select private.is_meeting_leader(meeting_id)));

-- One occurrence cancelled or moved, named by the local date the rule gave it.
create table public.meeting_exceptions (
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  occurrence_on date not null,
  kind text not null constraint meeting_exceptions_kind check (kind in ('cancelled', 'moved')),
  moved_to_on date,
  moved_start_time time(0),
  note text not null default '' constraint meeting_exceptions_note_length check (char_length(note) <= 500),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (meeting_id, occurrence_on),
  constraint meeting_exceptions_move_has_a_time check ((kind = 'moved') = (moved_to_on is not null and moved_start_time is not null))
);
create index meeting_exceptions_created_by_idx on public.meeting_exceptions (created_by);
revoke all on table public.meeting_exceptions from public, anon, authenticated, service_role;
grant select, delete on table public.meeting_exceptions to authenticated;
grant insert (meeting_id, occurrence_on, kind, moved_to_on, moved_start_time, note) on table public.meeting_exceptions to authenticated;
grant update (kind, moved_to_on, moved_start_time, note) on table public.meeting_exceptions to authenticated;
alter table public.meeting_exceptions enable row level security;
create policy "members read changes to the schedule of groups they may see" on public.meeting_exceptions
  for select to authenticated using ((select private.is_meeting_listed(meeting_id)));
create policy "leaders cancel or move their meetings" on public.meeting_exceptions
  for insert to authenticated with check ((select private.is_meeting_leader(meeting_id)));
create policy "leaders change their cancellations and moves" on public.meeting_exceptions
  for update to authenticated using ((select private.is_meeting_leader(meeting_id))) with check ((select private.is_meeting_leader(meeting_id)));
create policy "leaders undo their cancellations and moves" on public.meeting_exceptions
  for delete to authenticated using ((select private.is_meeting_leader(meeting_id)));

-- Who is coming to one occurrence. Written only by answer_rsvp (capacity and waitlist).
create table public.meeting_rsvps (
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  occurrence_on date not null,
  member_id uuid not null references auth.users (id) on delete cascade,
  status text not null constraint meeting_rsvps_status check (status in ('going', 'waitlisted', 'not_going')),
  responded_at timestamptz not null default now(),
  promoted_at timestamptz,
  primary key (meeting_id, occurrence_on, member_id)
);
create index meeting_rsvps_member_id_idx on public.meeting_rsvps (member_id);
revoke all on table public.meeting_rsvps from public, anon, authenticated, service_role;
grant select on table public.meeting_rsvps to authenticated;
alter table public.meeting_rsvps enable row level security;
create policy "members read their own answers" on public.meeting_rsvps
  for select to authenticated using (member_id = (select auth.uid()));
create policy "leaders read the answers for their meetings" on public.meeting_rsvps
  for select to authenticated using ((select private.is_meeting_leader(meeting_id)));

-- ── Functions ──────────────────────────────────────────────────────────────────────────

-- Handles of the leaders of these groups, for anyone signed in (profiles are otherwise
-- private to their owner); only of active groups, or groups the caller leads.
create function private.group_leader_handles(p_groups uuid[])
  returns table (group_id uuid, member_id uuid, handle text, kind text)
  language sql stable security definer
  set search_path = ''
as $$
  select l.group_id, l.member_id, p.handle, l.kind
  from public.group_leaders l
  join public.groups g on g.id = l.group_id
  join public.profiles p on p.id = l.member_id
  where l.group_id = any (p_groups) and (select auth.uid()) is not null
    and (g.status = 'active' or private.is_group_leader(g.id) or private.is_admin())
  order by l.group_id, l.kind, p.handle_key;
$$;

-- The people in a group with their handles: a leader sees every request and answer; an
-- approved member sees the approved members. Nobody else sees anyone.
create function private.group_roster(p_group uuid)
  returns table (member_id uuid, handle text, status text, request_note text, decision_reason text, requested_at timestamptz)
  language sql stable security definer
  set search_path = ''
as $$
  select m.member_id, p.handle, m.status, m.request_note, m.decision_reason, m.requested_at
  from public.group_memberships m join public.profiles p on p.id = m.member_id
  where m.group_id = p_group
    and (private.is_group_leader(p_group) or (m.status = 'approved' and private.is_group_member(p_group)))
  order by m.status, m.requested_at, m.member_id;
$$;

-- The years of verified abstinence a leader needs: private.settings 'leader_minimum_years',
-- by default 2 (DEFAULT_LEADER_MINIMUM_YEARS in app/domain/groups/leader-eligibility.ts).
create function private.leader_minimum_years()
  returns integer
  language sql stable security definer
  set search_path = ''
as $$
  select coalesce((select s.value::integer from private.settings s where s.key = 'leader_minimum_years'), 2);
$$;
revoke all on function private.leader_minimum_years() from public, anon, authenticated, service_role;
grant execute on function private.leader_minimum_years() to authenticated;

-- Whether staff verified the member's abstinence at least that many years back. The domain's
-- leaderEligibility decides the same and a test holds them to each other: 29 February plus
-- N years is 1 March in a common year.
create function private.eligible_to_lead(member uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  with since as (
    select v.verified_since as day, private.leader_minimum_years() as years
    from public.abstinence_verifications v where v.member_id = eligible_to_lead.member
  )
  select exists (
    select 1 from since
    where current_date >= (
      (since.day + make_interval(years => since.years))::date
      + case when extract(month from since.day) = 2 and extract(day from since.day) = 29
               and extract(day from (since.day + make_interval(years => since.years))) = 28 then 1 else 0 end));
$$;
revoke all on function private.eligible_to_lead(uuid) from public, anon, authenticated, service_role;

-- Pending applications to lead that the caller may answer (social worker of the area, or
-- admin), with the applicant's handle and staff's verified date, oldest first.
create function private.leader_applications_to_answer()
  returns table (id uuid, member_id uuid, handle text, area_id uuid, note text, created_at timestamptz, verified_since date)
  language sql stable security definer
  set search_path = ''
as $$
  select a.id, a.member_id, p.handle, a.area_id, a.note, a.created_at, v.verified_since
  from public.leader_applications a
  join public.profiles p on p.id = a.member_id
  left join public.abstinence_verifications v on v.member_id = a.member_id
  where a.status = 'pending' and a.member_id <> (select auth.uid()) and private.staff_for_area(a.area_id)
  order by a.created_at, a.id;
$$;

-- A leader (or an admin) opens a group in an area their leader grant covers; they become its
-- leader. Returns the new group's id, or null when the caller may not open one there.
create function private.create_group(p_name text, p_description text, p_area uuid, p_languages text[])
  returns uuid
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  created uuid;
begin
  if me is null or not (private.is_admin() or exists (
      select 1 from public.role_grants g where g.user_id = me and g.role = 'leader' and private.area_covers(g.area_id, p_area))) then
    return null;
  end if;
  insert into public.groups (name, description, area_id, languages, created_by)
    values (p_name, p_description, p_area, p_languages, me) returning id into created;
  insert into public.group_leaders (group_id, member_id, kind, added_by) values (created, me, 'leader', me);
  return created;
end;
$$;

-- A member asks to join (again, after declining or leaving). Returns 'requested', or why not:
-- 'not_found' (no such active group), 'already' (asked or in), 'removed' (a leader removed them).
create function private.request_to_join(p_group uuid, p_note text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  current_status text;
begin
  if me is null or not exists (select 1 from public.groups g where g.id = p_group and g.status = 'active') then return 'not_found'; end if;
  if private.is_group_leader(p_group) then return 'already'; end if;
  select m.status into current_status from public.group_memberships m where m.group_id = p_group and m.member_id = me for update;
  if current_status in ('requested', 'approved') then return 'already'; end if;
  if current_status = 'removed' then return 'removed'; end if;
  insert into public.group_memberships (group_id, member_id, status, request_note)
    values (p_group, me, 'requested', p_note)
    on conflict (group_id, member_id) do update
      set status = 'requested', request_note = excluded.request_note, decision_reason = '', decided_by = null,
          requested_at = now(), decided_at = null;
  return 'requested';
end;
$$;

-- The member withdraws a request or leaves. Their answers for meetings still to come go too,
-- and the places they held pass to the waitlist.
create function private.leave_group(p_group uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  update public.group_memberships m set status = 'left', decided_at = now()
    where m.group_id = p_group and m.member_id = me and m.status in ('requested', 'approved');
  if not found then return 'not_member'; end if;
  perform private.withdraw_rsvps(p_group, me);
  return 'left';
end;
$$;

-- A leader of the group answers a request ('approved' / 'declined'), or removes an approved
-- member with a reason they will see ('removed'). Returns the new status, or 'not_allowed'
-- (not a leader of this group), 'not_found' (no such request or member).
create function private.decide_membership(p_group uuid, p_member uuid, p_decision text, p_reason text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  from_status text := case p_decision when 'removed' then 'approved' else 'requested' end;
begin
  if me is null or not private.is_group_leader(p_group) then return 'not_allowed'; end if;
  if p_decision not in ('approved', 'declined', 'removed') then return 'not_found'; end if;
  update public.group_memberships m
    set status = p_decision, decision_reason = coalesce(p_reason, ''), decided_by = me, decided_at = now()
    where m.group_id = p_group and m.member_id = p_member and m.status = from_status;
  if not found then return 'not_found'; end if;
  if p_decision = 'removed' then perform private.withdraw_rsvps(p_group, p_member); end if;
  return p_decision;
end;
$$;

-- A leader makes an approved member of their group a co-leader.
create function private.add_co_leader(p_group uuid, p_member uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  if me is null or not private.is_group_leader(p_group) then return 'not_allowed'; end if;
  if not exists (select 1 from public.group_memberships m where m.group_id = p_group and m.member_id = p_member and m.status = 'approved') then
    return 'not_member';
  end if;
  insert into public.group_leaders (group_id, member_id, kind, added_by) values (p_group, p_member, 'co_leader', me)
    on conflict do nothing;
  return 'added';
end;
$$;

-- Staff record since when the member has been abstinent: a social worker of the member's
-- home area or of the area they applied to lead in, or an admin; never about themselves.
create function private.verify_abstinence(p_member uuid, p_since date)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  if me is null or p_member = me or not (private.staff_for_member(p_member) or exists (
      select 1 from public.leader_applications a
      where a.member_id = p_member and a.status = 'pending' and private.staff_for_area(a.area_id))) then
    return 'not_allowed';
  end if;
  if p_since > current_date then return 'future'; end if;
  insert into public.abstinence_verifications (member_id, verified_since, verified_by)
    values (p_member, p_since, me)
    on conflict (member_id) do update set verified_since = excluded.verified_since, verified_by = me, verified_at = now();
  insert into public.audit_log (actor_id, action, subject_id) values (me, 'abstinence.verified', p_member);
  return 'verified';
end;
$$;

-- A social worker of the application's area or an admin answers it. Approving gives the
-- member a leader grant in that area, only if they are eligible. Returns the new status, or
-- 'not_allowed', 'not_found' (no pending application), 'not_eligible'.
create function private.decide_leader_application(p_application uuid, p_approve boolean, p_reason text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  application public.leader_applications%rowtype;
begin
  select * into application from public.leader_applications a where a.id = p_application and a.status = 'pending' for update;
  if not found then return 'not_found'; end if;
  if me is null or application.member_id = me or not private.staff_for_area(application.area_id) then return 'not_allowed'; end if;
  if p_approve and not private.eligible_to_lead(application.member_id) then return 'not_eligible'; end if;
  update public.leader_applications a
    set status = case when p_approve then 'approved' else 'declined' end,
        decision_reason = coalesce(p_reason, ''), decided_by = me, decided_at = now()
    where a.id = p_application;
  if p_approve then
    insert into public.role_grants (user_id, role, area_id, granted_by)
      values (application.member_id, 'leader', application.area_id, me) on conflict do nothing;
  end if;
  insert into public.audit_log (actor_id, action, subject_id)
    values (me, case when p_approve then 'leader.approved' else 'leader.declined' end, application.member_id);
  return case when p_approve then 'approved' else 'declined' end;
end;
$$;

-- Moves the earliest waiting answers into free places of one occurrence (by when they
-- answered, then member id: app/domain/groups/waitlist.ts says the same). Caller holds the lock.
create function private.promote_waitlist(meeting uuid, occurrence date)
  returns void
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  places integer;
begin
  select m.capacity into places from public.meetings m where m.id = promote_waitlist.meeting;
  update public.meeting_rsvps r set status = 'going', promoted_at = now()
    where (r.meeting_id, r.occurrence_on, r.member_id) in (
      select w.meeting_id, w.occurrence_on, w.member_id from public.meeting_rsvps w
      where w.meeting_id = promote_waitlist.meeting and w.occurrence_on = promote_waitlist.occurrence and w.status = 'waitlisted'
      order by w.responded_at, w.member_id
      limit case when places is null then null else greatest(0, places - (
        select count(*) from public.meeting_rsvps g
        where g.meeting_id = promote_waitlist.meeting and g.occurrence_on = promote_waitlist.occurrence and g.status = 'going')) end);
end;
$$;
revoke all on function private.promote_waitlist(uuid, date) from public, anon, authenticated, service_role;

-- One lock per occurrence, so answers to it are taken one at a time on every engine.
create function private.lock_occurrence(meeting uuid, occurrence date)
  returns void
  language sql volatile
  set search_path = ''
as $$
  select pg_advisory_xact_lock(hashtextextended(lock_occurrence.meeting::text || lock_occurrence.occurrence::text, 16));
$$;
revoke all on function private.lock_occurrence(uuid, date) from public, anon, authenticated, service_role;

-- A member's answer for one occurrence: 'going' while places last, then 'waitlisted';
-- 'not_going' frees their place for the next in line. Returns the status given, or
-- 'not_member' (not an approved member or leader of the meeting's group).
create function private.answer_rsvp(p_meeting uuid, p_occurrence date, p_going boolean)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  places integer;
  taken integer;
  previous text;
  answer text;
begin
  if me is null or not private.is_meeting_member(p_meeting) then return 'not_member'; end if;
  perform private.lock_occurrence(p_meeting, p_occurrence);
  select m.capacity into places from public.meetings m where m.id = p_meeting;
  select r.status into previous from public.meeting_rsvps r
    where r.meeting_id = p_meeting and r.occurrence_on = p_occurrence and r.member_id = me;
  if p_going and previous in ('going', 'waitlisted') then return previous; end if;
  select count(*) into taken from public.meeting_rsvps r
    where r.meeting_id = p_meeting and r.occurrence_on = p_occurrence and r.status = 'going' and r.member_id <> me;
  answer := case when not p_going then 'not_going' when places is null or taken < places then 'going' else 'waitlisted' end;
  insert into public.meeting_rsvps (meeting_id, occurrence_on, member_id, status)
    values (p_meeting, p_occurrence, me, answer)
    on conflict (meeting_id, occurrence_on, member_id) do update set status = excluded.status, responded_at = now(), promoted_at = null;
  if previous = 'going' and answer = 'not_going' then perform private.promote_waitlist(p_meeting, p_occurrence); end if;
  return answer;
end;
$$;

-- When someone leaves or is removed: their answers for occurrences from today on go, and
-- each place they held passes to the waitlist.
create function private.withdraw_rsvps(grp uuid, member uuid)
  returns void
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  held record;
begin
  for held in
    select r.meeting_id, r.occurrence_on, r.status from public.meeting_rsvps r join public.meetings m on m.id = r.meeting_id
    where m.group_id = withdraw_rsvps.grp and r.member_id = withdraw_rsvps.member and r.occurrence_on >= current_date - 1
    order by r.meeting_id, r.occurrence_on
  loop
    perform private.lock_occurrence(held.meeting_id, held.occurrence_on);
    delete from public.meeting_rsvps r
      where r.meeting_id = held.meeting_id and r.occurrence_on = held.occurrence_on and r.member_id = withdraw_rsvps.member;
    if held.status = 'going' then perform private.promote_waitlist(held.meeting_id, held.occurrence_on); end if;
  end loop;
end;
$$;
revoke all on function private.withdraw_rsvps(uuid, uuid) from public, anon, authenticated, service_role;

revoke all on function private.group_leader_handles(uuid[]) from public, anon, authenticated, service_role;
revoke all on function private.group_roster(uuid) from public, anon, authenticated, service_role;
revoke all on function private.leader_applications_to_answer() from public, anon, authenticated, service_role;
revoke all on function private.create_group(text, text, uuid, text[]) from public, anon, authenticated, service_role;
revoke all on function private.request_to_join(uuid, text) from public, anon, authenticated, service_role;
revoke all on function private.leave_group(uuid) from public, anon, authenticated, service_role;
revoke all on function private.decide_membership(uuid, uuid, text, text) from public, anon, authenticated, service_role;
revoke all on function private.add_co_leader(uuid, uuid) from public, anon, authenticated, service_role;
revoke all on function private.verify_abstinence(uuid, date) from public, anon, authenticated, service_role;
revoke all on function private.decide_leader_application(uuid, boolean, text) from public, anon, authenticated, service_role;
revoke all on function private.answer_rsvp(uuid, date, boolean) from public, anon, authenticated, service_role;
grant execute on function private.group_leader_handles(uuid[]) to authenticated;
grant execute on function private.group_roster(uuid) to authenticated;
grant execute on function private.leader_applications_to_answer() to authenticated;
grant execute on function private.create_group(text, text, uuid, text[]) to authenticated;
grant execute on function private.request_to_join(uuid, text) to authenticated;
grant execute on function private.leave_group(uuid) to authenticated;
grant execute on function private.decide_membership(uuid, uuid, text, text) to authenticated;
grant execute on function private.add_co_leader(uuid, uuid) to authenticated;
grant execute on function private.verify_abstinence(uuid, date) to authenticated;
grant execute on function private.decide_leader_application(uuid, boolean, text) to authenticated;
grant execute on function private.answer_rsvp(uuid, date, boolean) to authenticated;
