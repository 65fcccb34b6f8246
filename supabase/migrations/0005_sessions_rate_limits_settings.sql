-- Server-side state of the embedded auth provider and system jobs. All in schema private:
-- RLS enabled, no policies, no grants to API roles; only the privileged path reads it.

-- Signed-in sessions: the cookie holds a random token, the table only its SHA-256.
create table private.sessions (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_id_idx on private.sessions (user_id);
create index sessions_expires_at_idx on private.sessions (expires_at);

revoke all on table private.sessions from public, anon, authenticated, service_role;
alter table private.sessions enable row level security;

-- Fixed-window counters for rate limits. A bucket names what is limited (e.g.
-- "sign-in:<hash of handle>"); callers hash anything personal (handles, addresses) first.
create table private.rate_limit_hits (
  bucket text not null check (char_length(bucket) between 1 and 200),
  window_start timestamptz not null,
  hits integer not null default 1 check (hits > 0),
  primary key (bucket, window_start)
);
create index rate_limit_hits_window_start_idx on private.rate_limit_hits (window_start);

revoke all on table private.rate_limit_hits from public, anon, authenticated, service_role;
alter table private.rate_limit_hits enable row level security;

-- Server-wide settings, e.g. the server secret generated at first start and seeded_at.
create table private.settings (
  key text primary key check (key ~ '^[a-z][a-z0-9_.]{0,63}$'),
  value text not null
);

revoke all on table private.settings from public, anon, authenticated, service_role;
alter table private.settings enable row level security;
