-- Peer mentors and mentorships (issue 19, first part). A long-abstinent member applies to
-- mentor in an area; a social worker of that area or an admin approves by the leaders' rule
-- (private.eligible_to_lead: abstinence verified at least 'leader_minimum_years' back).
-- Approval makes the member's mentor profile, where they choose what members see (years of
-- abstinence rounded down, languages, experience areas), how many mentees they take, and
-- whether they are paused; staff of the area suspend a mentor with a reason.
-- Members ask a mentor with a short note; the mentor accepts (while the active count is below
-- their capacity) or declines; either side ends it. A member blocks another: a blocked member
-- cannot ask the blocker, and what was open between them ends.
-- Who may see what: members read listed profiles (approved, not paused, not suspended) and
-- their own; staff of the profile's area read it too. A mentorship, and its note, only its
-- two parties. A block only the one who made it. Handles come through the functions below.
-- Changes go through security-definer functions in schema private that check the caller and
-- return a word saying what happened or why not, as the groups' do (0021).

-- Applications to mentor in an area; a social worker of that area or an admin answers.
create table public.mentor_applications (
  id uuid primary key default gen_random_uuid(),
  member_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  area_id uuid not null references public.areas (id) on delete restrict,
  note text not null default '' constraint mentor_applications_note_length check (char_length(note) <= 1000),
  status text not null default 'pending' constraint mentor_applications_status check (status in ('pending', 'approved', 'declined')),
  decision_reason text not null default '' constraint mentor_applications_reason_length check (char_length(decision_reason) <= 500),
  decided_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  decided_at timestamptz
);
create index mentor_applications_member_id_idx on public.mentor_applications (member_id);
create index mentor_applications_area_id_idx on public.mentor_applications (area_id);
create index mentor_applications_decided_by_idx on public.mentor_applications (decided_by);
-- One open application per member at a time.
create unique index mentor_applications_one_pending on public.mentor_applications (member_id) where status = 'pending';

revoke all on table public.mentor_applications from public, anon, authenticated, service_role;
grant select on table public.mentor_applications to authenticated;
grant insert (area_id, note) on table public.mentor_applications to authenticated;
alter table public.mentor_applications enable row level security;
create policy "members read their own applications to mentor" on public.mentor_applications
  for select to authenticated using (member_id = (select auth.uid()));
create policy "staff of the area read applications to mentor there" on public.mentor_applications
  for select to authenticated using ((select private.staff_for_area(area_id)));
create policy "members apply to mentor" on public.mentor_applications
  for insert to authenticated with check (member_id = (select auth.uid()) and status = 'pending');

-- A mentor's profile, made when staff approve them. What members see is what the mentor
-- chose: show_years (years of verified abstinence, rounded down), languages and experience
-- areas (app/domain/mentors/mentor-fields.ts holds the same vocabularies and bounds).
-- A suspension hides the profile and stops new mentees; only staff set or lift it.
create table public.mentor_profiles (
  member_id uuid primary key references auth.users (id) on delete cascade,
  area_id uuid not null references public.areas (id) on delete restrict,
  show_years boolean not null default false,
  languages text[] not null default '{}' constraint mentor_profiles_languages check (
    cardinality(languages) <= 3 and languages <@ array['zh-CN', 'yue', 'en']::text[]),
  experience text[] not null default '{}' constraint mentor_profiles_experience check (
    cardinality(experience) <= 5 and experience <@ array['employment', 'family', 'heroin', 'synthetic_drugs', 'methadone']::text[]),
  capacity smallint not null default 2 constraint mentor_profiles_capacity check (capacity between 1 and 10),
  paused boolean not null default false,
  suspended_at timestamptz,
  suspension_reason text not null default '' constraint mentor_profiles_reason_length check (char_length(suspension_reason) <= 500),
  suspended_by uuid references auth.users (id) on delete set null,
  approved_by uuid references auth.users (id) on delete set null,
  approved_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint mentor_profiles_suspension_has_reason check (suspended_at is null or char_length(btrim(suspension_reason)) >= 1)
);
create index mentor_profiles_area_id_idx on public.mentor_profiles (area_id);
create index mentor_profiles_suspended_by_idx on public.mentor_profiles (suspended_by);
create index mentor_profiles_approved_by_idx on public.mentor_profiles (approved_by);

revoke all on table public.mentor_profiles from public, anon, authenticated, service_role;
grant select on table public.mentor_profiles to authenticated;
alter table public.mentor_profiles enable row level security;
create policy "members read listed mentor profiles" on public.mentor_profiles
  for select to authenticated using (not paused and suspended_at is null);
create policy "mentors read their own profile" on public.mentor_profiles
  for select to authenticated using (member_id = (select auth.uid()));
create policy "staff of the area read its mentor profiles" on public.mentor_profiles
  for select to authenticated using ((select private.staff_for_area(area_id)));

-- A mentee's request and the mentorship it becomes: requested → active → ended, or declined
-- (by the mentor) / withdrawn (by the mentee before an answer). ended_by is the party who
-- ended it, or null when it ended because staff suspended the mentor.
create table public.mentorships (
  id uuid primary key default gen_random_uuid(),
  mentee_id uuid not null references auth.users (id) on delete cascade,
  mentor_id uuid not null references auth.users (id) on delete cascade,
  note text not null default '' constraint mentorships_note_length check (char_length(note) <= 500),
  state text not null default 'requested' constraint mentorships_state check (state in ('requested', 'active', 'ended', 'declined', 'withdrawn')),
  requested_at timestamptz not null default now(),
  answered_at timestamptz,
  ended_at timestamptz,
  ended_by uuid,
  constraint mentorships_two_people check (mentee_id <> mentor_id),
  constraint mentorships_ended_when check ((state in ('ended', 'withdrawn')) = (ended_at is not null)),
  constraint mentorships_ended_by_a_party check (ended_by is null or ended_by = mentee_id or ended_by = mentor_id)
);
create index mentorships_mentee_id_idx on public.mentorships (mentee_id);
create index mentorships_mentor_id_idx on public.mentorships (mentor_id, state);
-- No second open request or mentorship between the same two people.
create unique index mentorships_one_open on public.mentorships (mentee_id, mentor_id) where state in ('requested', 'active');

revoke all on table public.mentorships from public, anon, authenticated, service_role;
grant select on table public.mentorships to authenticated;
alter table public.mentorships enable row level security;
create policy "the two parties read their mentorship" on public.mentorships
  for select to authenticated using (mentee_id = (select auth.uid()) or mentor_id = (select auth.uid()));

-- A member's block of another: the blocked member cannot ask the blocker for mentorship (and
-- later, message them). The blocked member is never told.
create table public.member_blocks (
  blocker_id uuid not null references auth.users (id) on delete cascade,
  blocked_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (blocker_id, blocked_id),
  constraint member_blocks_not_self check (blocker_id <> blocked_id)
);
create index member_blocks_blocked_id_idx on public.member_blocks (blocked_id);

revoke all on table public.member_blocks from public, anon, authenticated, service_role;
grant select on table public.member_blocks to authenticated;
alter table public.member_blocks enable row level security;
create policy "members read the blocks they made" on public.member_blocks
  for select to authenticated using (blocker_id = (select auth.uid()));

-- Like every table (0047): a signed-in role without a profile of ours reads and writes nothing.
create policy "only accounts with a profile" on public.mentor_applications as restrictive for all to authenticated
  using ((select private.has_profile())) with check ((select private.has_profile()));
create policy "only accounts with a profile" on public.mentor_profiles as restrictive for all to authenticated
  using ((select private.has_profile())) with check ((select private.has_profile()));
create policy "only accounts with a profile" on public.mentorships as restrictive for all to authenticated
  using ((select private.has_profile())) with check ((select private.has_profile()));
create policy "only accounts with a profile" on public.member_blocks as restrictive for all to authenticated
  using ((select private.has_profile())) with check ((select private.has_profile()));

-- Whether either of two members blocked the other.
create function private.blocked_between(a uuid, b uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.member_blocks k
    where (k.blocker_id = blocked_between.a and k.blocked_id = blocked_between.b)
       or (k.blocker_id = blocked_between.b and k.blocked_id = blocked_between.a));
$$;
revoke all on function private.blocked_between(uuid, uuid) from public, anon, authenticated, service_role;

-- Whole years since staff verified the member's abstinence, on the Beijing day (rounded down).
create function private.abstinent_years(member uuid)
  returns integer
  language sql stable security definer
  set search_path = ''
as $$
  select extract(year from age(private.portal_today(), v.verified_since))::integer
  from public.abstinence_verifications v where v.member_id = abstinent_years.member;
$$;
revoke all on function private.abstinent_years(uuid) from public, anon, authenticated, service_role;

-- Replaces private.verify_abstinence from 0027: staff of the area a member applied to mentor in may record it too.
create or replace function private.verify_abstinence(p_member uuid, p_since date)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  if me is null or p_member = me or not (private.staff_for_member(p_member)
      or exists (
        select 1 from public.leader_applications a
        where a.member_id = p_member and a.status = 'pending' and private.staff_for_area(a.area_id))
      or exists (
        select 1 from public.mentor_applications a
        where a.member_id = p_member and a.status = 'pending' and private.staff_for_area(a.area_id))) then
    return 'not_allowed';
  end if;
  if p_since > private.portal_today() then return 'future'; end if;
  insert into public.abstinence_verifications (member_id, verified_since, verified_by)
    values (p_member, p_since, me)
    on conflict (member_id) do update set verified_since = excluded.verified_since, verified_by = me, verified_at = now();
  insert into public.audit_log (actor_id, action, subject_id) values (me, 'abstinence.verified', p_member);
  return 'verified';
end;
$$;

-- Pending applications to mentor that the caller may answer, with the applicant's handle and
-- staff's verified date, oldest first.
create function private.mentor_applications_to_answer()
  returns table (id uuid, member_id uuid, handle text, area_id uuid, note text, created_at timestamptz, verified_since date)
  language sql stable security definer
  set search_path = ''
as $$
  select a.id, a.member_id, p.handle, a.area_id, a.note, a.created_at, v.verified_since
  from public.mentor_applications a
  join public.profiles p on p.id = a.member_id
  left join public.abstinence_verifications v on v.member_id = a.member_id
  where a.status = 'pending' and a.member_id <> (select auth.uid()) and private.staff_for_area(a.area_id)
  order by a.created_at, a.id;
$$;

-- A social worker of the application's area or an admin answers it. Approving makes the
-- mentor profile in that area (nothing shown yet, capacity 2), only if the member is
-- eligible by the leaders' rule. Returns the new status, or 'not_allowed', 'not_found',
-- 'not_eligible'.
create function private.decide_mentor_application(p_application uuid, p_approve boolean, p_reason text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  application public.mentor_applications%rowtype;
begin
  select * into application from public.mentor_applications a where a.id = p_application and a.status = 'pending' for update;
  if not found then return 'not_found'; end if;
  if me is null or application.member_id = me or not private.staff_for_area(application.area_id) then return 'not_allowed'; end if;
  if p_approve and not private.eligible_to_lead(application.member_id) then return 'not_eligible'; end if;
  update public.mentor_applications a
    set status = case when p_approve then 'approved' else 'declined' end,
        decision_reason = coalesce(p_reason, ''), decided_by = me, decided_at = now()
    where a.id = p_application;
  if p_approve then
    insert into public.mentor_profiles (member_id, area_id, approved_by)
      values (application.member_id, application.area_id, me) on conflict (member_id) do nothing;
  end if;
  insert into public.audit_log (actor_id, action, subject_id)
    values (me, case when p_approve then 'mentor.approved' else 'mentor.declined' end, application.member_id);
  return case when p_approve then 'approved' else 'declined' end;
end;
$$;

-- The mentor changes what they show, how many mentees they take and whether they are
-- paused. Returns 'saved', or 'not_mentor' (no profile).
create function private.save_mentor_profile(p_show_years boolean, p_languages text[], p_experience text[], p_capacity integer, p_paused boolean)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
begin
  update public.mentor_profiles m
    set show_years = p_show_years, languages = p_languages, experience = p_experience,
        capacity = p_capacity, paused = p_paused, updated_at = now()
    where m.member_id = (select auth.uid());
  return case when found then 'saved' else 'not_mentor' end;
end;
$$;

-- Staff of the profile's area suspend a mentor with a reason (p_suspend), or lift it. A
-- suspension ends the mentor's mentorships and declines their waiting requests: members are
-- told only that it ended. Returns 'suspended' / 'lifted', or 'not_allowed', 'not_found',
-- 'no_reason' (a suspension needs one).
create function private.set_mentor_suspension(p_member uuid, p_suspend boolean, p_reason text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  profile public.mentor_profiles%rowtype;
begin
  select * into profile from public.mentor_profiles m where m.member_id = p_member for update;
  if not found then return 'not_found'; end if;
  if me is null or p_member = me or not private.staff_for_area(profile.area_id) then return 'not_allowed'; end if;
  if p_suspend and char_length(btrim(coalesce(p_reason, ''))) = 0 then return 'no_reason'; end if;
  if p_suspend then
    update public.mentor_profiles m
      set suspended_at = now(), suspension_reason = p_reason, suspended_by = me, updated_at = now()
      where m.member_id = p_member;
    update public.mentorships s set state = 'ended', ended_at = now(), ended_by = null
      where s.mentor_id = p_member and s.state = 'active';
    update public.mentorships s set state = 'declined', answered_at = now()
      where s.mentor_id = p_member and s.state = 'requested';
  else
    update public.mentor_profiles m
      set suspended_at = null, suspension_reason = '', suspended_by = null, updated_at = now()
      where m.member_id = p_member;
  end if;
  insert into public.audit_log (actor_id, action, subject_id)
    values (me, case when p_suspend then 'mentor.suspended' else 'mentor.suspension_lifted' end, p_member);
  return case when p_suspend then 'suspended' else 'lifted' end;
end;
$$;

-- Mentor profiles of the areas the caller serves (staff), with handles and how many
-- mentees each has now, for suspending and lifting.
create function private.mentor_profiles_to_oversee()
  returns table (member_id uuid, handle text, area_id uuid, paused boolean, suspended_at timestamptz, suspension_reason text, active integer)
  language sql stable security definer
  set search_path = ''
as $$
  select m.member_id, p.handle, m.area_id, m.paused, m.suspended_at, m.suspension_reason,
         (select count(*) from public.mentorships s where s.mentor_id = m.member_id and s.state = 'active')::integer
  from public.mentor_profiles m join public.profiles p on p.id = m.member_id
  where m.member_id <> (select auth.uid()) and private.staff_for_area(m.area_id)
  order by p.handle, m.member_id;
$$;

-- The directory: listed mentors in the area and every area under it (all areas when null),
-- speaking the language and with the experience asked for (each when null), except the
-- caller and anyone blocked either way. Years only where the mentor shows them; has_room
-- while their active mentorships are below their capacity. Ordered by handle, a page at a time.
create function private.mentor_directory(p_area uuid, p_language text, p_experience text, p_limit integer, p_offset integer)
  returns table (member_id uuid, handle text, area_id uuid, years integer, languages text[], experience text[], has_room boolean)
  language sql stable security definer
  set search_path = ''
as $$
  with recursive below (id) as (
    select a.id from public.areas a where a.id = p_area
    union
    select a.id from public.areas a join below on a.parent_id = below.id
  )
  select m.member_id, p.handle, m.area_id,
         case when m.show_years then private.abstinent_years(m.member_id) end,
         m.languages, m.experience,
         (select count(*) from public.mentorships s where s.mentor_id = m.member_id and s.state = 'active') < m.capacity
  from public.mentor_profiles m join public.profiles p on p.id = m.member_id
  where not m.paused and m.suspended_at is null
    and m.member_id <> (select auth.uid())
    and (p_area is null or m.area_id in (select id from below))
    and (p_language is null or p_language = any (m.languages))
    and (p_experience is null or p_experience = any (m.experience))
    and not private.blocked_between(m.member_id, (select auth.uid()))
  order by p.handle, m.member_id
  limit least(greatest(p_limit, 0), 100) offset greatest(p_offset, 0);
$$;

-- A member asks a mentor. Returns 'requested', or 'self', 'already' (an open request or
-- mentorship with them), 'unavailable' (not a listed mentor, or a block either way: the
-- asker is not told which).
create function private.ask_mentor(p_mentor uuid, p_note text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  if me is null then return 'unavailable'; end if;
  if p_mentor = me then return 'self'; end if;
  if not exists (select 1 from public.mentor_profiles m where m.member_id = p_mentor and not m.paused and m.suspended_at is null)
     or private.blocked_between(p_mentor, me) then
    return 'unavailable';
  end if;
  insert into public.mentorships (mentee_id, mentor_id, note) values (me, p_mentor, coalesce(p_note, ''))
    on conflict (mentee_id, mentor_id) where state in ('requested', 'active') do nothing;
  return case when found then 'requested' else 'already' end;
end;
$$;

-- The mentor answers a request. Accepting needs their active mentorships below capacity and
-- no suspension; the profile row is locked, so two accepts at once cannot both take the last
-- place. Returns 'active' / 'declined', or 'not_found', 'full', 'suspended'.
create function private.answer_mentorship(p_mentorship uuid, p_accept boolean)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  profile public.mentor_profiles%rowtype;
begin
  select * into profile from public.mentor_profiles m where m.member_id = me for update;
  if not found or not exists (
      select 1 from public.mentorships s where s.id = p_mentorship and s.mentor_id = me and s.state = 'requested') then
    return 'not_found';
  end if;
  if p_accept then
    if profile.suspended_at is not null then return 'suspended'; end if;
    if (select count(*) from public.mentorships s where s.mentor_id = me and s.state = 'active') >= profile.capacity then
      return 'full';
    end if;
  end if;
  update public.mentorships s set state = case when p_accept then 'active' else 'declined' end, answered_at = now()
    where s.id = p_mentorship;
  return case when p_accept then 'active' else 'declined' end;
end;
$$;

-- Either party ends a mentorship; a mentee's own request not yet answered is withdrawn.
-- Returns 'ended' / 'withdrawn', or 'not_found'.
create function private.end_mentorship(p_mentorship uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  done text;
begin
  update public.mentorships s
    set state = case s.state when 'active' then 'ended' else 'withdrawn' end, ended_at = now(), ended_by = me
    where s.id = p_mentorship
      and ((s.state = 'active' and me in (s.mentee_id, s.mentor_id)) or (s.state = 'requested' and s.mentee_id = me))
    returning s.state into done;
  return coalesce(done, 'not_found');
end;
$$;

-- A member blocks the other party of one of their mentorships (past or present); what is
-- open between them ends (a request is declined or withdrawn, an active mentorship ended by
-- the blocker). Returns 'blocked', or 'not_found'.
create function private.block_member(p_member uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  if me is null or p_member = me or not exists (
      select 1 from public.mentorships s
      where (s.mentee_id = me and s.mentor_id = p_member) or (s.mentor_id = me and s.mentee_id = p_member)) then
    return 'not_found';
  end if;
  insert into public.member_blocks (blocker_id, blocked_id) values (me, p_member) on conflict do nothing;
  update public.mentorships s
    set state = case
          when s.state = 'active' then 'ended'
          when s.mentee_id = me then 'withdrawn'
          else 'declined' end,
        ended_at = case when s.state = 'active' or s.mentee_id = me then now() end,
        ended_by = case when s.state = 'active' or s.mentee_id = me then me end,
        answered_at = case when s.state = 'requested' and s.mentor_id = me then now() else s.answered_at end
    where s.state in ('requested', 'active')
      and ((s.mentee_id = me and s.mentor_id = p_member) or (s.mentor_id = me and s.mentee_id = p_member));
  return 'blocked';
end;
$$;

-- The member takes a block back. Returns 'unblocked', or 'not_found'.
create function private.unblock_member(p_member uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
begin
  delete from public.member_blocks k where k.blocker_id = (select auth.uid()) and k.blocked_id = p_member;
  return case when found then 'unblocked' else 'not_found' end;
end;
$$;

-- The caller's mentorships on both sides, newest first, with the other party's handle and
-- whether the caller ended it (so the other side sees only that it ended).
create function private.own_mentorships()
  returns table (id uuid, as_mentor boolean, other_id uuid, other_handle text, note text, state text,
                 requested_at timestamptz, ended_at timestamptz, ended_by_me boolean, blocked boolean)
  language sql stable security definer
  set search_path = ''
as $$
  select s.id, s.mentor_id = (select auth.uid()), o.id, o.handle, s.note, s.state, s.requested_at, s.ended_at,
         coalesce(s.ended_by = (select auth.uid()), false),
         exists (select 1 from public.member_blocks k where k.blocker_id = (select auth.uid()) and k.blocked_id = o.id)
  from public.mentorships s
  join public.profiles o on o.id = case when s.mentor_id = (select auth.uid()) then s.mentee_id else s.mentor_id end
  where (select auth.uid()) in (s.mentee_id, s.mentor_id)
  order by s.requested_at desc, s.id
  limit 50;
$$;

revoke all on function private.mentor_applications_to_answer() from public, anon, authenticated, service_role;
revoke all on function private.decide_mentor_application(uuid, boolean, text) from public, anon, authenticated, service_role;
revoke all on function private.save_mentor_profile(boolean, text[], text[], integer, boolean) from public, anon, authenticated, service_role;
revoke all on function private.set_mentor_suspension(uuid, boolean, text) from public, anon, authenticated, service_role;
revoke all on function private.mentor_profiles_to_oversee() from public, anon, authenticated, service_role;
revoke all on function private.mentor_directory(uuid, text, text, integer, integer) from public, anon, authenticated, service_role;
revoke all on function private.ask_mentor(uuid, text) from public, anon, authenticated, service_role;
revoke all on function private.answer_mentorship(uuid, boolean) from public, anon, authenticated, service_role;
revoke all on function private.end_mentorship(uuid) from public, anon, authenticated, service_role;
revoke all on function private.block_member(uuid) from public, anon, authenticated, service_role;
revoke all on function private.unblock_member(uuid) from public, anon, authenticated, service_role;
revoke all on function private.own_mentorships() from public, anon, authenticated, service_role;
grant execute on function private.mentor_applications_to_answer() to authenticated;
grant execute on function private.decide_mentor_application(uuid, boolean, text) to authenticated;
grant execute on function private.save_mentor_profile(boolean, text[], text[], integer, boolean) to authenticated;
grant execute on function private.set_mentor_suspension(uuid, boolean, text) to authenticated;
grant execute on function private.mentor_profiles_to_oversee() to authenticated;
grant execute on function private.mentor_directory(uuid, text, text, integer, integer) to authenticated;
grant execute on function private.ask_mentor(uuid, text) to authenticated;
grant execute on function private.answer_mentorship(uuid, boolean) to authenticated;
grant execute on function private.end_mentorship(uuid) to authenticated;
grant execute on function private.block_member(uuid) to authenticated;
grant execute on function private.unblock_member(uuid) to authenticated;
grant execute on function private.own_mentorships() to authenticated;

-- Replaces private.talk_request_recipients from 0050: a member's mentors (in a mentorship both accepted) are told too.
create or replace function private.talk_request_recipients(p_member uuid)
  returns setof uuid
  language sql stable security definer
  set search_path = ''
as $$
  select l.member_id
  from public.group_memberships m
  join public.groups g on g.id = m.group_id and g.status = 'active'
  join public.group_leaders l on l.group_id = m.group_id
  where m.member_id = p_member and m.status = 'approved' and l.member_id <> p_member
  union
  select s.mentor_id
  from public.mentorships s
  where s.mentee_id = p_member and s.state = 'active';
$$;
revoke all on function private.talk_request_recipients(uuid) from public, anon, authenticated, service_role;
