-- A member waiting for a place at a meeting sees where they are in line (issue 16: "you are
-- number 2 on the waiting list"). They cannot read others' answers (0021), so the place is
-- counted here, for the caller's own waiting answers only, by the waitlist's order
-- (responded_at, then member id: app/domain/groups/waitlist.ts).
create function private.own_waitlist_places(p_meetings uuid[], p_from date)
  returns table (meeting_id uuid, occurrence_on date, place integer)
  language sql stable security definer
  set search_path = ''
as $$
  select mine.meeting_id, mine.occurrence_on, (
    select count(*)::integer + 1 from public.meeting_rsvps ahead
    where ahead.meeting_id = mine.meeting_id and ahead.occurrence_on = mine.occurrence_on and ahead.status = 'waitlisted'
      and (ahead.responded_at, ahead.member_id) < (mine.responded_at, mine.member_id))
  from public.meeting_rsvps mine
  where mine.member_id = (select auth.uid()) and mine.status = 'waitlisted'
    and mine.meeting_id = any (p_meetings) and mine.occurrence_on >= p_from;
$$;
revoke all on function private.own_waitlist_places(uuid[], date) from public, anon, authenticated, service_role;
grant execute on function private.own_waitlist_places(uuid[], date) to authenticated;
