-- The crisis page's hotlines (issue 19): numbers a frightened person can call now, for an
-- area (its district, city or province) or nationwide (area null). Public reference data:
-- anyone reads them, signed out too (through the server as anon). Only admins change them,
-- through the three functions below, each of which records what it did in the audit log by
-- the hotline's id; nobody writes the table directly.

create table public.hotlines (
  id uuid primary key default gen_random_uuid(),
  area_id uuid references public.areas (id) on delete cascade,
  name text not null
    constraint hotlines_name_length check (char_length(btrim(name)) between 1 and 60),
  -- Digits, "+", "-" and spaces, as people write numbers; 3 to 20 digits (110 to an
  -- international number). app/domain/crisis/hotlines.ts checks the same, and a database
  -- test checks that the two agree.
  number text not null
    constraint hotlines_number_shape check (
      number ~ '^\+?[0-9][0-9 -]*[0-9]$' and char_length(number) <= 24
      and char_length(regexp_replace(number, '[^0-9]', '', 'g')) between 3 and 20),
  hours text not null default ''
    constraint hotlines_hours_length check (char_length(hours) <= 60),
  languages text[] not null default array['zh-CN']::text[]
    constraint hotlines_languages check (
      cardinality(languages) between 1 and 3 and languages <@ array['zh-CN', 'yue', 'en']::text[]),
  note text not null default ''
    constraint hotlines_note_length check (char_length(note) <= 200),
  -- Smaller first within the same area (or among the national lines).
  sort_order integer not null default 100
    constraint hotlines_sort_order_range check (sort_order between 0 and 999),
  updated_at timestamptz not null default now()
);
create index hotlines_area_id_idx on public.hotlines (area_id, sort_order);

revoke all on table public.hotlines from public, anon, authenticated, service_role;
grant select on table public.hotlines to anon, authenticated;
alter table public.hotlines enable row level security;
create policy "everyone reads hotlines" on public.hotlines
  for select to anon, authenticated using (true);
-- Like every table (0047): a signed-in role without a profile of ours reads nothing (anon still does).
create policy "only accounts with a profile" on public.hotlines as restrictive for all to authenticated
  using ((select private.has_profile())) with check ((select private.has_profile()));

-- An admin adds a hotline. Returns 'added', 'unknown_area' or 'not_allowed' (not an admin).
create function private.add_hotline(p_area uuid, p_name text, p_number text, p_hours text, p_languages text[], p_note text, p_sort_order integer)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  added uuid;
begin
  if me is null or not private.is_admin() then return 'not_allowed'; end if;
  if p_area is not null and not exists (select 1 from public.areas a where a.id = p_area) then return 'unknown_area'; end if;
  insert into public.hotlines (area_id, name, number, hours, languages, note, sort_order)
    values (p_area, btrim(p_name), btrim(p_number), btrim(p_hours), p_languages, btrim(p_note), p_sort_order)
    returning id into added;
  insert into public.audit_log (actor_id, action, subject_id) values (me, 'hotline.added', added);
  return 'added';
end;
$$;

-- An admin changes a hotline. Returns 'changed', 'not_found', 'unknown_area' or 'not_allowed'.
create function private.change_hotline(p_id uuid, p_area uuid, p_name text, p_number text, p_hours text, p_languages text[], p_note text, p_sort_order integer)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  if me is null or not private.is_admin() then return 'not_allowed'; end if;
  if p_area is not null and not exists (select 1 from public.areas a where a.id = p_area) then return 'unknown_area'; end if;
  update public.hotlines h
    set area_id = p_area, name = btrim(p_name), number = btrim(p_number), hours = btrim(p_hours),
        languages = p_languages, note = btrim(p_note), sort_order = p_sort_order, updated_at = now()
    where h.id = p_id;
  if not found then return 'not_found'; end if;
  insert into public.audit_log (actor_id, action, subject_id) values (me, 'hotline.changed', p_id);
  return 'changed';
end;
$$;

-- An admin removes a hotline. Returns 'removed', 'not_found' or 'not_allowed'.
create function private.remove_hotline(p_id uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  if me is null or not private.is_admin() then return 'not_allowed'; end if;
  delete from public.hotlines h where h.id = p_id;
  if not found then return 'not_found'; end if;
  insert into public.audit_log (actor_id, action, subject_id) values (me, 'hotline.removed', p_id);
  return 'removed';
end;
$$;

revoke all on function private.add_hotline(uuid, text, text, text, text[], text, integer) from public, anon, authenticated, service_role;
revoke all on function private.change_hotline(uuid, uuid, text, text, text, text[], text, integer) from public, anon, authenticated, service_role;
revoke all on function private.remove_hotline(uuid) from public, anon, authenticated, service_role;
grant execute on function private.add_hotline(uuid, text, text, text, text[], text, integer) to authenticated;
grant execute on function private.change_hotline(uuid, uuid, text, text, text, text[], text, integer) to authenticated;
grant execute on function private.remove_hotline(uuid) to authenticated;
