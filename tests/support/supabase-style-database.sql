-- A database as a Supabase project has it before the portal's migrations run, for the db
-- tests' "supabase" engine (db-engines.ts): run as the cluster's superuser on a fresh
-- database owned by supabase_postgres, which plays Supabase's `postgres` role (not a
-- superuser; it bypasses RLS, as Supabase's does, and the portal connects as it). Follows
-- supabase/postgres's init scripts (roles, the auth schema and its grants) and supabase/auth's
-- migrations (auth.users with all its columns, owned by supabase_auth_admin; auth.uid(),
-- auth.role(), auth.jwt()). Unlike app/data/supabase-shim.sql, nothing here is owned by the
-- app's role: the portal runs with DATABASE_FLAVOR=supabase on it, as on Supabase, and the
-- shim is never applied.

-- Roles are cluster-wide and several test files make databases at once: a duplicate is fine.
do $$
declare
  wanted text;
begin
  foreach wanted in array array['anon', 'authenticated', 'service_role', 'supabase_auth_admin', 'authenticator'] loop
    if not exists (select 1 from pg_catalog.pg_roles where rolname = wanted) then
      begin
        execute case wanted
          when 'service_role' then 'create role service_role nologin noinherit bypassrls'
          when 'supabase_auth_admin' then 'create role supabase_auth_admin noinherit createrole login noreplication'
          when 'authenticator' then 'create role authenticator noinherit login noreplication'
          else format('create role %I nologin noinherit', wanted)
        end;
      exception when duplicate_object or unique_violation then null;
      end;
    end if;
  end loop;
end
$$;
grant anon, authenticated, service_role to authenticator;

create schema auth authorization supabase_auth_admin;
grant usage on schema auth to anon, authenticated, service_role;

set role supabase_auth_admin;

create table auth.users (
  instance_id uuid null,
  id uuid not null,
  aud varchar(255) null,
  "role" varchar(255) null,
  email varchar(255) null,
  encrypted_password varchar(255) null,
  email_confirmed_at timestamptz null,
  invited_at timestamptz null,
  confirmation_token varchar(255) null,
  confirmation_sent_at timestamptz null,
  recovery_token varchar(255) null,
  recovery_sent_at timestamptz null,
  email_change_token_new varchar(255) null,
  email_change varchar(255) null,
  email_change_sent_at timestamptz null,
  last_sign_in_at timestamptz null,
  raw_app_meta_data jsonb null,
  raw_user_meta_data jsonb null,
  is_super_admin bool null,
  created_at timestamptz null,
  updated_at timestamptz null,
  phone text null unique default null,
  phone_confirmed_at timestamptz null,
  phone_change text null default '',
  phone_change_token varchar(255) null default '',
  phone_change_sent_at timestamptz null,
  confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  email_change_token_current varchar(255) null default '',
  email_change_confirm_status smallint default 0 check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
  banned_until timestamptz null,
  reauthentication_token varchar(255) null default '',
  reauthentication_sent_at timestamptz null,
  is_sso_user boolean not null default false,
  deleted_at timestamptz null,
  is_anonymous boolean not null default false,
  constraint users_pkey primary key (id)
);
create index users_instance_id_idx on auth.users using btree (instance_id);
create unique index users_email_partial_key on auth.users (email) where (is_sso_user = false);
comment on table auth.users is 'Auth: Stores user login data within a secure schema.';
alter table auth.users enable row level security;

-- auth.uid(), auth.role() and auth.jwt() follow, as supabase_auth_admin: db-engines.ts runs
-- the shim's own definitions of them (the same as Supabase's), so there is one copy.

reset role;

-- What Supabase grants its `postgres` role on auth: reading and writing auth.users and
-- referring to it from the app's tables, but owning nothing in auth.
grant usage on schema auth to supabase_postgres;
grant select, insert, update, delete, references, trigger on auth.users to supabase_postgres;
revoke all on table auth.users from public, anon, authenticated;
