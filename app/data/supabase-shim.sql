-- What Supabase provides itself, for every database that is not Supabase (PGlite, a plain
-- PostgreSQL server). Definitions follow Supabase's own (supabase/postgres init scripts and
-- supabase/auth migrations); only the subset Tongxing uses is here. Idempotent: it runs at
-- every start. Never applied when DATABASE_FLAVOR=supabase.

-- API roles (supabase/postgres 00000000000000-initial-schema.sql). Roles are cluster-wide,
-- so several databases (tests) may race to create them: a duplicate is fine.
do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'anon') then
    begin
      create role anon nologin noinherit;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'authenticated') then
    begin
      create role authenticated nologin noinherit;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'service_role') then
    begin
      create role service_role nologin noinherit bypassrls;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
end
$$;

-- The connection role must be able to `set role` to the API roles, as Supabase's
-- authenticator and postgres roles can. A superuser (PGlite) already can; a dedicated owner
-- role (tests/support/postgres-cluster.ts, the README's production set-up) is granted them
-- by whoever made it, and may not be able to grant them itself, so only missing grants are
-- asked for.
do $$
declare
  api_role text;
begin
  if not (select rolsuper from pg_catalog.pg_roles where rolname = current_user) then
    foreach api_role in array array['anon', 'authenticated', 'service_role'] loop
      if not pg_catalog.pg_has_role(current_user, api_role, 'member') then
        execute format('grant %I to %I', api_role, current_user);
      end if;
    end loop;
  end if;
end
$$;

grant usage on schema public to anon, authenticated, service_role;

-- Schema auth and the part of auth.users Tongxing uses (column types as in Supabase).
create schema if not exists auth;

create table if not exists auth.users (
  instance_id uuid null,
  id uuid not null default gen_random_uuid(),
  aud varchar(255) null,
  "role" varchar(255) null,
  email varchar(255) null,
  encrypted_password varchar(255) null,
  email_confirmed_at timestamptz null,
  raw_app_meta_data jsonb null,
  raw_user_meta_data jsonb null,
  is_anonymous boolean not null default false,
  created_at timestamptz null,
  updated_at timestamptz null,
  constraint users_pkey primary key (id)
);
comment on table auth.users is 'Auth: Stores user login data within a secure schema.';
-- Supabase enables RLS on auth.users and grants nothing on it to the API roles.
alter table auth.users enable row level security;
revoke all on table auth.users from public, anon, authenticated;

-- auth.uid(), auth.role(), auth.jwt() exactly as supabase/auth defines them
-- (migrations/20240624145325_recreate_auth_functions.up.sql).
create or replace function auth.uid()
  returns uuid
  set search_path to ''
as $func$
  select
    coalesce(
      nullif(current_setting('request.jwt.claim.sub', true), ''),
      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
    )::uuid
$func$ language sql stable;

create or replace function auth.role()
  returns text
  set search_path to ''
as $func$
  select
    coalesce(
      nullif(current_setting('request.jwt.claim.role', true), ''),
      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
    )::text
$func$ language sql stable;

create or replace function auth.jwt()
  returns jsonb
  set search_path to ''
as $func$
  select
    coalesce(
      nullif(current_setting('request.jwt.claim', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')
    )::jsonb
$func$ language sql stable;

grant usage on schema auth to anon, authenticated, service_role;
grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role;
