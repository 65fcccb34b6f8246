-- Member accounts: the public face (profiles), the key material the browser needs to sign
-- in (user_keys) and the recovery copy of the private key (private.recovery_keys).
-- Formats: docs/decisions/001-account-keys-and-envelopes.md. Nothing here is plaintext
-- secret: hashes are Argon2id strings, private keys are wrapped envelopes.

-- One row per member: handle (pseudonym), language, home area and the private "clean since".
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  handle text not null check (char_length(handle) between 1 and 64),
  -- Lowercased NFKC form of the handle, computed by the app; the uniqueness key.
  handle_key text not null unique check (char_length(handle_key) between 1 and 256),
  locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
  area_id uuid references public.areas (id) on delete set null,
  -- Private to the member: no role gets select on this column (see below).
  clean_since date,
  created_at timestamptz not null default now()
);
-- id (primary key) serves the "own row" policies.
create index profiles_area_id_idx on public.profiles (area_id);

-- Column-level select: clean_since is readable by nobody through the table, not even an
-- admin who may read every row; the member reads their own via private.own_clean_since().
-- Inserts happen only through the privileged path (account creation).
revoke all on table public.profiles from public, anon, authenticated, service_role;
grant select (id, handle, handle_key, locale, area_id, created_at) on table public.profiles to authenticated;
grant update (locale, area_id, clean_since) on table public.profiles to authenticated;
alter table public.profiles enable row level security;

create policy "members read own profile" on public.profiles
  for select to authenticated using (id = (select auth.uid()));
create policy "admins read all profiles" on public.profiles
  for select to authenticated using ((select private.is_admin()));
create policy "members update own profile" on public.profiles
  for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));
-- Later: "members read handles of people they share a group or mentorship with", a select
-- policy calling a private helper, once groups and mentorships exist.

create or replace function private.own_clean_since()
  returns date
  language sql stable security definer
  set search_path = ''
as $$
  select p.clean_since from public.profiles p where p.id = (select auth.uid());
$$;
revoke all on function private.own_clean_since() from public, anon, authenticated, service_role;
grant execute on function private.own_clean_since() to authenticated;

-- Per-member KDF salt and parameters, public key and passphrase-wrapped private key.
create table public.user_keys (
  user_id uuid primary key references auth.users (id) on delete cascade,
  kdf_salt text not null check (kdf_salt ~ '^[A-Za-z0-9_-]{22}$'),
  kdf_opslimit integer not null check (kdf_opslimit between 3 and 10),
  -- bytes, as crypto_pwhash takes it (64 to 256 MiB)
  kdf_memlimit integer not null check (kdf_memlimit between 67108864 and 268435456),
  public_key text not null check (public_key ~ '^[A-Za-z0-9_-]{43}$'),
  wrapped_private_key text not null
    check (wrapped_private_key ~ '^v[0-9]+\.[a-z0-9]+\.[A-Za-z0-9_.-]+$' and char_length(wrapped_private_key) <= 512),
  updated_at timestamptz not null default now()
);
-- user_id (primary key) serves the "own row" policy.

revoke all on table public.user_keys from public, anon, authenticated, service_role;
grant select on table public.user_keys to authenticated;
alter table public.user_keys enable row level security;

create policy "members read own keys" on public.user_keys
  for select to authenticated using (user_id = (select auth.uid()));
-- Later: counterparts' public keys (a social worker a member shares with, a mentor) get
-- their own select policy; writes stay on the privileged path.

-- The recovery-code copy: Argon2id hash of the recovery auth key and the private key
-- wrapped under the recovery wrap key. Read only during recovery, on the privileged path.
create table private.recovery_keys (
  user_id uuid primary key references auth.users (id) on delete cascade,
  auth_key_hash text not null check (auth_key_hash like '$argon2id$%' and char_length(auth_key_hash) <= 255),
  wrapped_private_key text not null
    check (wrapped_private_key ~ '^v[0-9]+\.[a-z0-9]+\.[A-Za-z0-9_.-]+$' and char_length(wrapped_private_key) <= 512),
  updated_at timestamptz not null default now()
);

revoke all on table private.recovery_keys from public, anon, authenticated, service_role;
alter table private.recovery_keys enable row level security;
