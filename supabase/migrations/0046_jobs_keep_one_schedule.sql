-- One schedule per job for every app instance: when each job last started. The job runner's
-- advisory lock stops two instances running a job at the same moment; this stops each
-- instance running it once per interval of its own (three instances: three runs an interval).
-- A run that fails rolls its row back, so the job is due again at once.
create table private.job_runs (
  job text primary key constraint job_runs_job_name check (job ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' and char_length(job) <= 40),
  last_started_at timestamptz not null
);
revoke all on table private.job_runs from public, anon, authenticated, service_role;
alter table private.job_runs enable row level security;
