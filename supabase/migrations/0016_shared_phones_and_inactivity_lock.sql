-- Shared phones and the inactivity lock (docs/decisions/012-shared-phones-and-lock.md).

-- What each session is allowed, fixed when it starts (and the lock again when the member
-- changes their choice), so that looking a session up reads this one row and nothing else:
--   shared_phone: started as "a shared or borrowed phone" (2 hours, a lock of 5 minutes at most);
--   last_seen_at: the last request, written at most once a minute (a write per request
--     would cost every page);
--   lock_after_seconds: null = never locks;
--   locked_at: when the session locked for lack of use. A locked session runs nothing as
--     its member until the passphrase is proved again, and holds no tab key: the copy of the
--     private key in the tab opens nothing until then.
alter table private.sessions
  add column shared_phone boolean not null default false,
  add column last_seen_at timestamptz not null default now(),
  add column lock_after_seconds integer check (lock_after_seconds > 0),
  add column locked_at timestamptz,
  add constraint sessions_locked_hold_no_tab_key check (locked_at is null or tab_key is null);

-- The inactivity lock a member chose: after this many minutes without a request, their
-- sessions lock. No row = no lock (a shared-phone session locks anyway). Members read and
-- change only their own; the sign-in path reads it on the privileged path.
create table public.lock_settings (
  user_id uuid primary key references auth.users (id) on delete cascade,
  lock_after_minutes integer not null check (lock_after_minutes in (5, 15, 60)),
  updated_at timestamptz not null default now()
);
-- user_id (primary key) serves the "own row" policies.

revoke all on table public.lock_settings from public, anon, authenticated, service_role;
grant select, delete on table public.lock_settings to authenticated;
grant insert (user_id, lock_after_minutes), update (lock_after_minutes, updated_at) on table public.lock_settings to authenticated;
alter table public.lock_settings enable row level security;

create policy "members read own lock setting" on public.lock_settings
  for select to authenticated using (user_id = (select auth.uid()));
create policy "members choose own lock setting" on public.lock_settings
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "members change own lock setting" on public.lock_settings
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "members remove own lock setting" on public.lock_settings
  for delete to authenticated using (user_id = (select auth.uid()));
