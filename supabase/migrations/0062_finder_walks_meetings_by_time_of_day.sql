-- The finder with a time of day chosen (morning, afternoon, evening) walked every matching
-- meeting's index in time order (0061) and passed over the meetings at other times of day:
-- for the evening, about three meetings in four. These indexes hold each time of day's
-- meetings only, in the same order, so the walk reads just the meetings it lists. Their bounds
-- are the finder's (TIME_OF_DAY_BOUNDS in app/domain/groups/finder.ts: morning before 12:00,
-- afternoon 12:00-18:00, evening from 18:00); the finder plans these walks for their values,
-- which is how PostgreSQL sees that a bound chosen is an index's. Each meeting is in one of
-- them, so a change of its next time updates one more index.
create index meetings_morning_next_starts_idx on public.meetings (next_starts_at, id)
  where next_starts_at is not null and start_time < '12:00';
create index meetings_afternoon_next_starts_idx on public.meetings (next_starts_at, id)
  where next_starts_at is not null and start_time >= '12:00' and start_time < '18:00';
create index meetings_evening_next_starts_idx on public.meetings (next_starts_at, id)
  where next_starts_at is not null and start_time >= '18:00';
