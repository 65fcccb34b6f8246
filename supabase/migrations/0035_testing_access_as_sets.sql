-- Who reads which testing slots and sites, asked once per query instead of once per row.
-- The open-slots listing read every slot of its weeks and ran three access functions on each
-- (open site? serving worker? own booking?): with 100,000 slots seeded, 1.6 s a request
-- (bench/server-cost.ts --testing-scale). Each policy now compares the row with a set the
-- database works out once per query (a hashed subplan), as the help-request queue does with
-- private.served_areas (0033). Who may read and write what is unchanged.

-- The sites the caller serves (their areas and below, private.served_areas).
create function private.served_testing_sites()
  returns setof uuid
  language sql stable security definer
  set search_path = ''
as $$
  select s.id from public.testing_sites s where s.area_id in (select private.served_areas());
$$;
-- The open sites.
create function private.open_testing_sites()
  returns setof uuid
  language sql stable security definer
  set search_path = ''
as $$
  select s.id from public.testing_sites s where s.status = 'open';
$$;
-- The slots the caller booked (any status), and the sites of those slots.
create function private.own_booked_slots()
  returns setof uuid
  language sql stable security definer
  set search_path = ''
as $$
  select b.slot_id from public.testing_bookings b where b.member_id = (select auth.uid());
$$;
create function private.own_booked_sites()
  returns setof uuid
  language sql stable security definer
  set search_path = ''
as $$
  select s.site_id from public.testing_bookings b join public.testing_slots s on s.id = b.slot_id where b.member_id = (select auth.uid());
$$;
revoke all on function private.served_testing_sites() from public, anon, authenticated, service_role;
revoke all on function private.open_testing_sites() from public, anon, authenticated, service_role;
revoke all on function private.own_booked_slots() from public, anon, authenticated, service_role;
revoke all on function private.own_booked_sites() from public, anon, authenticated, service_role;
grant execute on function private.served_testing_sites() to authenticated;
grant execute on function private.open_testing_sites() to authenticated;
grant execute on function private.own_booked_slots() to authenticated;
grant execute on function private.own_booked_sites() to authenticated;

-- Slots (0029's policies, the same rules).
drop policy "members read open slots of open sites" on public.testing_slots;
create policy "members read open slots of open sites" on public.testing_slots
  for select to authenticated using (status = 'open' and site_id in (select private.open_testing_sites()));
drop policy "workers read the slots of the sites they serve" on public.testing_slots;
create policy "workers read the slots of the sites they serve" on public.testing_slots
  for select to authenticated using (site_id in (select private.served_testing_sites()));
drop policy "workers add slots to the sites they serve" on public.testing_slots;
create policy "workers add slots to the sites they serve" on public.testing_slots
  for insert to authenticated with check (site_id in (select private.served_testing_sites()) and created_by = (select auth.uid()));
drop policy "workers open and close the slots of the sites they serve" on public.testing_slots;
create policy "workers open and close the slots of the sites they serve" on public.testing_slots
  for update to authenticated
  using (site_id in (select private.served_testing_sites()))
  with check (site_id in (select private.served_testing_sites()));
drop policy "members read the slots they booked" on public.testing_slots;
create policy "members read the slots they booked" on public.testing_slots
  for select to authenticated using (id in (select private.own_booked_slots()));

-- Sites (0029's policies, the same rules).
drop policy "workers read the sites they serve" on public.testing_sites;
create policy "workers read the sites they serve" on public.testing_sites
  for select to authenticated using (id in (select private.served_testing_sites()));
drop policy "members read the sites of their bookings" on public.testing_sites;
create policy "members read the sites of their bookings" on public.testing_sites
  for select to authenticated using (id in (select private.own_booked_sites()));

-- Replaces private.testing_site_is_open from 0029: dropped; the slot policy asks private.open_testing_sites.
drop function private.testing_site_is_open(uuid);
-- Replaces private.has_testing_booking_at from 0029: dropped; the site policy asks private.own_booked_sites.
drop function private.has_testing_booking_at(uuid);
-- Replaces private.has_testing_booking_on from 0029: dropped; the slot policy asks private.own_booked_slots.
drop function private.has_testing_booking_on(uuid);
