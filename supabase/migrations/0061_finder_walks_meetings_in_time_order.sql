-- The finder with a meeting filter (weekday, time of day, format) read every matching meeting
-- to find each group's soonest: about 2,900 of 20,000 meetings for one weekday, 5,000 for a
-- format, 7-10 ms on the PostgreSQL server and 14-19 ms on PGlite, every page. It now walks the
-- matching meetings in time order and stops once it has the groups it lists and counts
-- (app/data/groups.server.ts, decision 044). These indexes give that order: by weekday when one is chosen,
-- by time alone for the other filters. Meetings with no coming time are never walked.
create index meetings_next_starts_idx on public.meetings (next_starts_at, id) where next_starts_at is not null;
create index meetings_weekday_next_starts_idx on public.meetings (weekday, next_starts_at, id) where next_starts_at is not null;
