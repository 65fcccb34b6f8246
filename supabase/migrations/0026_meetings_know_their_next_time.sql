-- The finder orders thousands of groups by their next meeting (issue 16: "starting soon"
-- first). Working that out per request meant a time-zone sum for each of 20,000 meetings
-- and a sort of every group. Instead each meeting stores its next occurrence that has not
-- ended, worked out by the app's own recurrence rules (app/domain/groups/schedule.ts,
-- nextMeeting: exceptions applied, cancelled ones skipped): the meeting-times job
-- (app/jobs/refresh-meeting-times.server.ts) fills in what is unknown or has ended, and the
-- app does so right after a leader's change. Each group keeps its soonest, so a page of the
-- finder is an index range.

alter table public.meetings
  add column next_starts_at timestamptz,
  add column next_ends_at timestamptz,
  -- false until the next time is worked out for the schedule as it now is.
  add column times_known boolean not null default false,
  -- Counts schedule changes, so a time worked out for an older schedule is never stored.
  add column times_version bigint not null default 0,
  add constraint meetings_next_time_order check (next_ends_at >= next_starts_at),
  add constraint meetings_next_time_both check ((next_starts_at is null) = (next_ends_at is null));
create index meetings_times_to_refresh_idx on public.meetings (next_ends_at) where times_known;
create index meetings_times_unknown_idx on public.meetings (id) where not times_known;

alter table public.groups
  add column next_meeting_id uuid,
  add column next_starts_at timestamptz,
  add column next_ends_at timestamptz;
create index groups_by_next_meeting_idx on public.groups (next_starts_at, name, id) where status = 'active';

-- A change to a meeting's schedule makes its stored time unknown (members may change the end
-- of a series; the rest changes through the private functions).
create function private.forget_meeting_times()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  new.times_known := false;
  new.times_version := old.times_version + 1;
  return new;
end;
$$;
revoke all on function private.forget_meeting_times() from public, anon, authenticated, service_role;

create trigger meetings_forget_times_on_schedule_change
  before update of starts_on, start_time, duration_minutes, time_zone, frequency, monthly_week, until_on, occurrence_count on public.meetings
  for each row
  when ((new.starts_on, new.start_time, new.duration_minutes, new.time_zone, new.frequency, new.monthly_week, new.until_on, new.occurrence_count)
        is distinct from (old.starts_on, old.start_time, old.duration_minutes, old.time_zone, old.frequency, old.monthly_week, old.until_on, old.occurrence_count))
  execute function private.forget_meeting_times();

-- So does a cancelled, moved or restored occurrence.
create function private.forget_meeting_times_after_exception()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  update public.meetings m set times_known = false, times_version = m.times_version + 1
    where m.id = (case when tg_op = 'DELETE' then old.meeting_id else new.meeting_id end);
  return null;
end;
$$;
revoke all on function private.forget_meeting_times_after_exception() from public, anon, authenticated, service_role;

create trigger meeting_exceptions_forget_times
  after insert or update or delete on public.meeting_exceptions
  for each row execute function private.forget_meeting_times_after_exception();

-- A group's soonest meeting follows its meetings' times.
create function private.refresh_group_next_meeting()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  update public.groups g
    set (next_meeting_id, next_starts_at, next_ends_at) = (
      select m.id, m.next_starts_at, m.next_ends_at from public.meetings m
      where m.group_id = g.id and m.next_starts_at is not null
      order by m.next_starts_at, m.id limit 1)
    where g.id = (case when tg_op = 'DELETE' then old.group_id else new.group_id end);
  return null;
end;
$$;
revoke all on function private.refresh_group_next_meeting() from public, anon, authenticated, service_role;

create trigger meetings_refresh_group_next_meeting
  after update of next_starts_at, next_ends_at on public.meetings
  for each row when ((new.next_starts_at, new.next_ends_at) is distinct from (old.next_starts_at, old.next_ends_at))
  execute function private.refresh_group_next_meeting();
create trigger meetings_refresh_group_next_meeting_after_delete
  after delete on public.meetings
  for each row execute function private.refresh_group_next_meeting();

-- What the refresh writes: the times worked out for each meeting at the version they were
-- worked out for; a meeting changed since keeps waiting for the next pass. Returns how many
-- were stored. Only the app's privileged path (the job, and the app after a leader's change)
-- calls it.
create function private.store_meeting_times(p_ids uuid[], p_versions bigint[], p_starts timestamptz[], p_ends timestamptz[])
  returns integer
  language sql volatile
  set search_path = ''
as $$
  with stored as (
    update public.meetings m
      set next_starts_at = v.starts_at, next_ends_at = v.ends_at, times_known = true
      from unnest(p_ids, p_versions, p_starts, p_ends) as v (id, version, starts_at, ends_at)
      where m.id = v.id and m.times_version = v.version
      returning 1)
  select count(*)::integer from stored;
$$;
revoke all on function private.store_meeting_times(uuid[], bigint[], timestamptz[], timestamptz[]) from public, anon, authenticated, service_role;
