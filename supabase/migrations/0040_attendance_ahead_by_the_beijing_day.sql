-- Migration 0027 made "today" the Beijing day everywhere but here: a meeting could be marked
-- no further ahead than the server's tomorrow. On a server in UTC, from 16:00 to midnight the
-- Beijing day is already the next one, so a meeting on the Beijing tomorrow was refused by
-- the check (a database error, not an answer) while it is allowed the rest of the day.
alter table public.meeting_attendance
  drop constraint meeting_attendance_not_ahead,
  add constraint meeting_attendance_not_ahead check (occurrence_on <= (now() at time zone 'Asia/Shanghai')::date + 1);
