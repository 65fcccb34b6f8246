-- Areas (province > city > district) and the staff roles granted per area, with the
-- helpers every later policy uses to ask "is the caller an admin / a social worker here?".
-- Order: areas, role_grants, the helpers (they read role_grants), then the policies that
-- need the helpers.

-- Areas where groups meet, sites test and social workers serve; public reference data.
create table public.areas (
  id uuid primary key default gen_random_uuid(),
  parent_id uuid references public.areas (id) on delete restrict,
  level text not null check (level in ('province', 'city', 'district')),
  code text not null unique check (code ~ '^[A-Za-z0-9_-]{1,32}$'),
  name_zh text not null check (char_length(name_zh) between 1 and 100),
  name_en text not null check (char_length(name_en) between 1 and 100),
  constraint areas_only_provinces_lack_a_parent check ((level = 'province') = (parent_id is null)),
  constraint areas_not_own_parent check (parent_id <> id)
);
create index areas_parent_id_idx on public.areas (parent_id);

revoke all on table public.areas from public, anon, authenticated, service_role;
grant select on table public.areas to anon, authenticated;
grant insert, update (parent_id, level, code, name_zh, name_en), delete on table public.areas to authenticated;
alter table public.areas enable row level security;

create policy "anyone reads areas" on public.areas
  for select to anon, authenticated using (true);
-- Admin write policies follow the role helpers below.

-- Staff roles: one row per (user, role, area); "member" is the default and has no row.
-- A null area means all areas. Admin is global.
create table public.role_grants (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('leader', 'mentor', 'social_worker', 'admin')),
  -- restrict, never set null: a null area would widen the grant to all areas.
  area_id uuid references public.areas (id) on delete restrict,
  granted_by uuid default auth.uid() references auth.users (id) on delete set null,
  granted_at timestamptz not null default now(),
  constraint role_grants_admin_is_global check (role <> 'admin' or area_id is null),
  constraint role_grants_once unique nulls not distinct (user_id, role, area_id)
);
-- The unique index (user_id, role, area_id) serves the policies' user_id filter.
create index role_grants_area_id_idx on public.role_grants (area_id);
create index role_grants_granted_by_idx on public.role_grants (granted_by);

revoke all on table public.role_grants from public, anon, authenticated, service_role;
grant select, insert (user_id, role, area_id), delete on table public.role_grants to authenticated;
alter table public.role_grants enable row level security;

-- Role helpers. Security definer so that policies on role_grants itself do not recurse;
-- they only ever answer for the caller (auth.uid()).
create or replace function private.has_role(role text)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.role_grants g
    where g.user_id = (select auth.uid()) and g.role = has_role.role
  );
$$;

-- True for a grant of `role` in `area` or in all areas (null area).
create or replace function private.has_role_in_area(role text, area uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.role_grants g
    where g.user_id = (select auth.uid())
      and g.role = has_role_in_area.role
      and (g.area_id is null or g.area_id = has_role_in_area.area)
  );
$$;

create or replace function private.is_admin()
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.has_role('admin');
$$;

revoke all on function private.has_role(text) from public, anon, authenticated, service_role;
revoke all on function private.has_role_in_area(text, uuid) from public, anon, authenticated, service_role;
revoke all on function private.is_admin() from public, anon, authenticated, service_role;
grant execute on function private.has_role(text) to authenticated;
grant execute on function private.has_role_in_area(text, uuid) to authenticated;
grant execute on function private.is_admin() to authenticated;

create policy "members read own role grants" on public.role_grants
  for select to authenticated using (user_id = (select auth.uid()));
create policy "admins read all role grants" on public.role_grants
  for select to authenticated using ((select private.is_admin()));
create policy "admins grant roles" on public.role_grants
  for insert to authenticated
  with check ((select private.is_admin()) and granted_by = (select auth.uid()));
create policy "admins revoke roles" on public.role_grants
  for delete to authenticated using ((select private.is_admin()));

-- Areas: admin write policies (they need private.is_admin, defined above).
create policy "admins add areas" on public.areas
  for insert to authenticated with check ((select private.is_admin()));
create policy "admins change areas" on public.areas
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "admins remove areas" on public.areas
  for delete to authenticated using ((select private.is_admin()));
