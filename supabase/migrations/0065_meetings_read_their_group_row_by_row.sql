-- The finder with a meeting filter walks about 200 meetings in time order and stops (0061).
-- Each meeting's policy asked, as exists (...), whether its group is readable. PostgreSQL plans
-- such an exists for every meeting the filter could reach, not for the few the walk reads: it
-- read all 5,000 groups into a hash first, on every page (1.2-1.5 of the walk's 3.6 ms at
-- issue 16's scale). Asked as a value (the group's row or none), it is one lookup of the
-- group by its key per meeting read: 1.9 ms. Same rule, same groups policy deciding inside.
-- Replaces 0024's policy (and 0058's rewrite of it).
alter policy "members read the schedule of groups they may see" on public.meetings
  using (coalesce((select true from public.groups g where g.id = meetings.group_id), false));
