-- The waitlist's order holds in every case (app/domain/groups/waitlist.ts): a new "going"
-- answer gets a place only when more places are free than people already wait, so nobody
-- overtakes the line; and when a leader raises a meeting's capacity, the people waiting for
-- its coming occurrences move up at once instead of on the next cancellation.
-- A statement of attendance counts a moved meeting by the day it was held (countAttendance
-- in app/domain/groups/attendance-statement.ts), as the member remembers it.

-- Replaces private.answer_rsvp from 0021: a "going" answer waits while others wait, even with a place free.
create or replace function private.answer_rsvp(p_meeting uuid, p_occurrence date, p_going boolean)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  places integer;
  taken integer;
  waiting integer;
  previous text;
  answer text;
begin
  if me is null or not private.is_meeting_member(p_meeting) then return 'not_member'; end if;
  perform private.lock_occurrence(p_meeting, p_occurrence);
  select m.capacity into places from public.meetings m where m.id = p_meeting;
  select r.status into previous from public.meeting_rsvps r
    where r.meeting_id = p_meeting and r.occurrence_on = p_occurrence and r.member_id = me;
  if p_going and previous in ('going', 'waitlisted') then return previous; end if;
  select count(*) filter (where r.status = 'going'), count(*) filter (where r.status = 'waitlisted')
    into taken, waiting
    from public.meeting_rsvps r
    where r.meeting_id = p_meeting and r.occurrence_on = p_occurrence and r.member_id <> me;
  answer := case when not p_going then 'not_going' when places is null or places - taken > waiting then 'going' else 'waitlisted' end;
  insert into public.meeting_rsvps (meeting_id, occurrence_on, member_id, status)
    values (p_meeting, p_occurrence, me, answer)
    on conflict (meeting_id, occurrence_on, member_id) do update set status = excluded.status, responded_at = now(), promoted_at = null;
  if previous = 'going' and answer = 'not_going' then perform private.promote_waitlist(p_meeting, p_occurrence); end if;
  return answer;
end;
$$;

-- After a larger capacity (or none), every coming occurrence with people waiting promotes them
-- in order, each under its own lock as answer_rsvp takes it.
create function private.promote_after_capacity_change()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
declare
  waiting_on date;
begin
  if new.capacity is null or (old.capacity is not null and new.capacity > old.capacity) then
    for waiting_on in
      select distinct r.occurrence_on from public.meeting_rsvps r
      where r.meeting_id = new.id and r.status = 'waitlisted'
        and r.occurrence_on >= (now() at time zone new.time_zone)::date
      order by r.occurrence_on
    loop
      perform private.lock_occurrence(new.id, waiting_on);
      perform private.promote_waitlist(new.id, waiting_on);
    end loop;
  end if;
  return null;
end;
$$;
revoke all on function private.promote_after_capacity_change() from public, anon, authenticated, service_role;

create trigger meetings_promote_after_capacity_change
  after update of capacity on public.meetings
  for each row when (new.capacity is distinct from old.capacity)
  execute function private.promote_after_capacity_change();

-- Replaces private.own_attendance_count from 0022: a moved meeting counts by the day it was held.
create or replace function private.own_attendance_count(period_from date, period_to date)
  returns integer
  language sql stable security definer
  set search_path = ''
as $$
  select count(*)::integer
  from public.meeting_attendance a
  left join public.meeting_exceptions e on e.meeting_id = a.meeting_id and e.occurrence_on = a.occurrence_on
  where a.member_id = (select auth.uid()) and a.present
    and e.kind is distinct from 'cancelled'
    and coalesce(e.moved_to_on, a.occurrence_on) between own_attendance_count.period_from and own_attendance_count.period_to;
$$;
