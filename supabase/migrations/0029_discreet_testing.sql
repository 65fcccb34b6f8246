-- Discreet drug testing: partner sites run slots that members book under a short code
-- (app/domain/testing/booking-rules.ts); at the site staff know a booking only by its code.
-- Who may see what: every signed-in member sees open sites and their open slots (a member
-- working away from home books in another city); the address only social workers serving
-- the site's area and members holding a current booking there. A booking is its member's
-- alone: staff never read member_id or a handle, they get a slot's codes and statuses
-- through private.slot_bookings. Results: the member, and workers serving the site's area.
-- A worker "serves" a site when a social_worker grant of theirs covers the site's area
-- (private.area_covers: a grant for a city covers its districts). Admins get no reach here:
-- being an admin says nothing about serving a site.
-- Booking, cancelling and the staff's steps go through security-definer functions that check
-- the caller and answer with a word; bookings and results take no direct writes.
-- Order: the serving helper, sites, addresses, slots, bookings, results, then the functions.

-- Whether the caller holds a social-worker grant covering `area`.
create function private.serves_testing_area(area uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.role_grants g
    where g.user_id = (select auth.uid()) and g.role = 'social_worker' and private.area_covers(g.area_id, serves_testing_area.area));
$$;
revoke all on function private.serves_testing_area(uuid) from public, anon, authenticated, service_role;
grant execute on function private.serves_testing_area(uuid) to authenticated;

-- Partner sites. The public name is neutral (it shows in a member's booking list).
create table public.testing_sites (
  id uuid primary key default gen_random_uuid(),
  area_id uuid not null references public.areas (id) on delete restrict,
  public_name text not null constraint testing_sites_public_name_length check (char_length(btrim(public_name)) between 1 and 80),
  opening_notes text not null default '' constraint testing_sites_opening_notes_length check (char_length(opening_notes) <= 1000),
  accessibility_notes text not null default '' constraint testing_sites_accessibility_notes_length check (char_length(accessibility_notes) <= 1000),
  -- The zone of the site's wall-clock times (slot series are expanded in it).
  time_zone text not null default 'Asia/Shanghai' constraint testing_sites_time_zone_length check (char_length(time_zone) between 1 and 64),
  status text not null default 'open' constraint testing_sites_status check (status in ('open', 'closed')),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index testing_sites_area_id_idx on public.testing_sites (area_id);
create index testing_sites_status_idx on public.testing_sites (status);
create index testing_sites_created_by_idx on public.testing_sites (created_by);

-- Whether the caller serves the site's area.
create function private.serves_testing_site(site uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.testing_sites s where s.id = serves_testing_site.site and private.serves_testing_area(s.area_id));
$$;
revoke all on function private.serves_testing_site(uuid) from public, anon, authenticated, service_role;
grant execute on function private.serves_testing_site(uuid) to authenticated;

revoke all on table public.testing_sites from public, anon, authenticated, service_role;
grant select on table public.testing_sites to authenticated;
grant insert (area_id, public_name, opening_notes, accessibility_notes, time_zone) on table public.testing_sites to authenticated;
grant update (public_name, opening_notes, accessibility_notes, time_zone, status) on table public.testing_sites to authenticated;
alter table public.testing_sites enable row level security;
create policy "members read open testing sites" on public.testing_sites
  for select to authenticated using (status = 'open');
create policy "workers read the sites they serve" on public.testing_sites
  for select to authenticated using ((select private.serves_testing_area(area_id)));
create policy "workers open sites in areas they serve" on public.testing_sites
  for insert to authenticated with check ((select private.serves_testing_area(area_id)) and created_by = (select auth.uid()));
create policy "workers change the sites they serve" on public.testing_sites
  for update to authenticated using ((select private.serves_testing_area(area_id))) with check ((select private.serves_testing_area(area_id)));

-- Where a site is: kept apart from the site so the open listing never carries it.
create table public.testing_site_addresses (
  site_id uuid primary key references public.testing_sites (id) on delete cascade,
  address text not null constraint testing_site_addresses_address_length check (char_length(btrim(address)) between 1 and 300),
  updated_by uuid default auth.uid() references auth.users (id) on delete set null,
  updated_at timestamptz not null default now()
);
create index testing_site_addresses_updated_by_idx on public.testing_site_addresses (updated_by);
revoke all on table public.testing_site_addresses from public, anon, authenticated, service_role;
grant select on table public.testing_site_addresses to authenticated;
grant insert (site_id, address) on table public.testing_site_addresses to authenticated;
grant update (address, updated_by, updated_at) on table public.testing_site_addresses to authenticated;
alter table public.testing_site_addresses enable row level security;
create policy "workers read the addresses of the sites they serve" on public.testing_site_addresses
  for select to authenticated using ((select private.serves_testing_site(site_id)));
create policy "workers set the addresses of the sites they serve" on public.testing_site_addresses
  for insert to authenticated with check ((select private.serves_testing_site(site_id)) and updated_by = (select auth.uid()));
create policy "workers change the addresses of the sites they serve" on public.testing_site_addresses
  for update to authenticated
  using ((select private.serves_testing_site(site_id)))
  with check ((select private.serves_testing_site(site_id)) and updated_by = (select auth.uid()));

-- Slots. `local_date` is the slot's date at its site (the one-booking-a-day rule counts by
-- it); `booked` is the places taken, changed only by book_slot and cancel_booking.
create table public.testing_slots (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.testing_sites (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  local_date date not null,
  capacity integer not null constraint testing_slots_capacity check (capacity between 1 and 50),
  booked integer not null default 0,
  status text not null default 'open' constraint testing_slots_status check (status in ('open', 'closed')),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint testing_slots_ends_after_start check (ends_at > starts_at),
  constraint testing_slots_booked check (booked between 0 and capacity)
);
create index testing_slots_site_id_idx on public.testing_slots (site_id, starts_at);
create index testing_slots_starts_at_idx on public.testing_slots (starts_at);
create index testing_slots_created_by_idx on public.testing_slots (created_by);

-- Whether the site is open: members see only open sites' slots.
create function private.testing_site_is_open(site uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (select 1 from public.testing_sites s where s.id = testing_site_is_open.site and s.status = 'open');
$$;
revoke all on function private.testing_site_is_open(uuid) from public, anon, authenticated, service_role;
grant execute on function private.testing_site_is_open(uuid) to authenticated;

revoke all on table public.testing_slots from public, anon, authenticated, service_role;
grant select on table public.testing_slots to authenticated;
grant insert (site_id, starts_at, ends_at, local_date, capacity) on table public.testing_slots to authenticated;
grant update (status) on table public.testing_slots to authenticated;
alter table public.testing_slots enable row level security;
create policy "members read open slots of open sites" on public.testing_slots
  for select to authenticated using (status = 'open' and (select private.testing_site_is_open(site_id)));
create policy "workers read the slots of the sites they serve" on public.testing_slots
  for select to authenticated using ((select private.serves_testing_site(site_id)));
create policy "workers add slots to the sites they serve" on public.testing_slots
  for insert to authenticated with check ((select private.serves_testing_site(site_id)) and created_by = (select auth.uid()));
create policy "workers open and close the slots of the sites they serve" on public.testing_slots
  for update to authenticated using ((select private.serves_testing_site(site_id))) with check ((select private.serves_testing_site(site_id)));

-- Bookings: the member's alone. Written only by the functions below.
create table public.testing_bookings (
  id uuid primary key default gen_random_uuid(),
  slot_id uuid not null references public.testing_slots (id) on delete cascade,
  member_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  code text not null constraint testing_bookings_code_key unique
    constraint testing_bookings_code_format check (code ~ '^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
  status text not null default 'booked' constraint testing_bookings_status check (status in ('booked', 'cancelled', 'checked_in', 'no_show', 'done')),
  idempotency_key uuid not null,
  created_at timestamptz not null default now(),
  changed_at timestamptz not null default now(),
  constraint testing_bookings_one_per_request unique (member_id, idempotency_key)
);
create index testing_bookings_slot_id_idx on public.testing_bookings (slot_id, status);
revoke all on table public.testing_bookings from public, anon, authenticated, service_role;
grant select on table public.testing_bookings to authenticated;
alter table public.testing_bookings enable row level security;
create policy "members read their own bookings" on public.testing_bookings
  for select to authenticated using (member_id = (select auth.uid()));

-- What a member sees through their own bookings: the sites they booked at and the slots they
-- booked (also once closed), and the address only while a booking there is current
-- ('booked' or 'checked_in').
create function private.has_testing_booking_at(site uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.testing_bookings b join public.testing_slots s on s.id = b.slot_id
    where s.site_id = has_testing_booking_at.site and b.member_id = (select auth.uid()));
$$;
create function private.holds_current_testing_booking_at(site uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.testing_bookings b join public.testing_slots s on s.id = b.slot_id
    where s.site_id = holds_current_testing_booking_at.site and b.member_id = (select auth.uid())
      and b.status in ('booked', 'checked_in'));
$$;

create function private.has_testing_booking_on(slot uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (select 1 from public.testing_bookings b where b.slot_id = has_testing_booking_on.slot and b.member_id = (select auth.uid()));
$$;

revoke all on function private.has_testing_booking_at(uuid) from public, anon, authenticated, service_role;
revoke all on function private.holds_current_testing_booking_at(uuid) from public, anon, authenticated, service_role;
revoke all on function private.has_testing_booking_on(uuid) from public, anon, authenticated, service_role;
grant execute on function private.has_testing_booking_at(uuid) to authenticated;
grant execute on function private.holds_current_testing_booking_at(uuid) to authenticated;
grant execute on function private.has_testing_booking_on(uuid) to authenticated;
create policy "members read the sites of their bookings" on public.testing_sites
  for select to authenticated using ((select private.has_testing_booking_at(id)));
create policy "members read the address where they hold a booking" on public.testing_site_addresses
  for select to authenticated using ((select private.holds_current_testing_booking_at(site_id)));
create policy "members read the slots they booked" on public.testing_slots
  for select to authenticated using ((select private.has_testing_booking_on(id)));

-- Outcomes, one per booking that was tested. Written only by private.record_result.
create table public.testing_results (
  booking_id uuid primary key references public.testing_bookings (id) on delete cascade,
  outcome text not null constraint testing_results_outcome check (outcome in ('negative', 'positive', 'invalid', 'not_tested')),
  recorded_by uuid references auth.users (id) on delete set null,
  recorded_at timestamptz not null default now()
);
create index testing_results_recorded_by_idx on public.testing_results (recorded_by);

-- Whether the booking is the caller's, and whether the caller serves the site it was made at.
create function private.owns_testing_booking(booking uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (select 1 from public.testing_bookings b where b.id = owns_testing_booking.booking and b.member_id = (select auth.uid()));
$$;
create function private.serves_testing_booking(booking uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.serves_testing_site((
    select s.site_id from public.testing_bookings b join public.testing_slots s on s.id = b.slot_id
    where b.id = serves_testing_booking.booking));
$$;

revoke all on table public.testing_results from public, anon, authenticated, service_role;
grant select on table public.testing_results to authenticated;
alter table public.testing_results enable row level security;
create policy "members read their own results" on public.testing_results
  for select to authenticated using ((select private.owns_testing_booking(booking_id)));
create policy "workers read results at the sites they serve" on public.testing_results
  for select to authenticated using ((select private.serves_testing_booking(booking_id)));

revoke all on function private.owns_testing_booking(uuid) from public, anon, authenticated, service_role;
revoke all on function private.serves_testing_booking(uuid) from public, anon, authenticated, service_role;
grant execute on function private.owns_testing_booking(uuid) to authenticated;
grant execute on function private.serves_testing_booking(uuid) to authenticated;

-- ── Functions ──────────────────────────────────────────────────────────────────────────

-- The caller books a place. Returns the word and the booking: 'booked' (a new one),
-- 'duplicate' (this idempotency key already made one: that one, nothing new), or why not with
-- no booking: 'not_found' (no such slot at an open site), 'past', 'closed', 'sameDay' (the
-- member already holds the most future bookings on that local date: private.settings
-- 'testing_max_future_bookings_per_day', by default 1 as MAX_FUTURE_BOOKINGS_PER_DAY_DEFAULT),
-- 'full', 'code_taken' (the app makes a new code and asks again).
-- The member's bookings are taken one at a time (a lock on the member), so the idempotency
-- and same-day checks hold; the place is taken by one conditional update, which two members
-- cannot both pass for the last place.
create function private.book_slot(slot uuid, code text, idempotency uuid)
  returns table (outcome text, booking_id uuid)
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  found_slot public.testing_slots%rowtype;
  earlier uuid;
  same_day integer;
  per_day integer := coalesce((select s.value::integer from private.settings s where s.key = 'testing_max_future_bookings_per_day'), 1);
  made uuid;
  clashed text;
begin
  if me is null then return query select 'not_found'::text, null::uuid; return; end if;
  perform pg_advisory_xact_lock(hashtextextended('testing_bookings:' || me::text, 29));
  select b.id into earlier from public.testing_bookings b where b.member_id = me and b.idempotency_key = book_slot.idempotency;
  if earlier is not null then return query select 'duplicate'::text, earlier; return; end if;
  select s.* into found_slot from public.testing_slots s join public.testing_sites t on t.id = s.site_id
    where s.id = book_slot.slot and t.status = 'open';
  if found_slot.id is null then return query select 'not_found'::text, null::uuid; return; end if;
  if found_slot.starts_at <= now() then return query select 'past'::text, null::uuid; return; end if;
  if found_slot.status <> 'open' then return query select 'closed'::text, null::uuid; return; end if;
  select count(*)::integer into same_day from public.testing_bookings b join public.testing_slots s on s.id = b.slot_id
    where b.member_id = me and b.status = 'booked' and s.local_date = found_slot.local_date and s.starts_at > now();
  if same_day >= per_day then return query select 'sameDay'::text, null::uuid; return; end if;
  begin
    update public.testing_slots s set booked = s.booked + 1
      where s.id = book_slot.slot and s.booked < s.capacity and s.status = 'open' and s.starts_at > now()
      returning s.id into made;
    if made is null then
      -- Closed or started since it was read above, else the last place went to someone else.
      select s.* into found_slot from public.testing_slots s where s.id = book_slot.slot;
      return query select case when found_slot.starts_at <= now() then 'past' when found_slot.status <> 'open' then 'closed' else 'full' end, null::uuid;
      return;
    end if;
    insert into public.testing_bookings (slot_id, member_id, code, idempotency_key)
      values (book_slot.slot, me, book_slot.code, book_slot.idempotency) returning id into made;
  exception when unique_violation then
    -- The place taken above is given back with the insert (both undone to the block's start).
    get stacked diagnostics clashed = constraint_name;
    if clashed = 'testing_bookings_code_key' then return query select 'code_taken'::text, null::uuid; return; end if;
    raise;
  end;
  return query select 'booked'::text, made;
end;
$$;

-- The member cancels their own booking, up to `notice_minutes` before its slot (the app passes
-- BOOKING_NOTICE_MINUTES_DEFAULT); the place is free again. Returns 'cancelled', or
-- 'not_found' (no booking of theirs that is still 'booked'), 'tooLate'.
create function private.cancel_booking(booking uuid, notice_minutes integer)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  slot_starts timestamptz;
  slot uuid;
begin
  select s.id, s.starts_at into slot, slot_starts
    from public.testing_bookings b join public.testing_slots s on s.id = b.slot_id
    where b.id = cancel_booking.booking and b.member_id = me and b.status = 'booked'
    for update of b;
  if slot is null then return 'not_found'; end if;
  if now() > slot_starts - make_interval(mins => greatest(coalesce(cancel_booking.notice_minutes, 0), 0)) then return 'tooLate'; end if;
  update public.testing_bookings b set status = 'cancelled', changed_at = now() where b.id = cancel_booking.booking;
  update public.testing_slots s set booked = s.booked - 1 where s.id = slot;
  return 'cancelled';
end;
$$;

-- A slot's bookings for the staff at its site: the code, the status and any outcome, never
-- who booked. Empty for anyone who does not serve the site.
create function private.slot_bookings(slot uuid)
  returns table (code text, status text, outcome text, changed_at timestamptz)
  language sql stable security definer
  set search_path = ''
as $$
  select b.code, b.status, r.outcome, b.changed_at
  from public.testing_bookings b
  join public.testing_slots s on s.id = b.slot_id
  left join public.testing_results r on r.booking_id = b.id
  where b.slot_id = slot_bookings.slot and private.serves_testing_site(s.site_id)
  order by b.code;
$$;

-- One step at the site by a worker serving it, on the booking with this code: moves it from
-- `from_status` to `to_status` and returns the booking, or null when there is no such booking
-- at a site the caller serves ('not_found' to them: another area's codes are not confirmed)
-- or it is not in `from_status`. Only the three functions below call it.
create function private.step_testing_booking(p_code text, from_status text, to_status text)
  returns table (booking_id uuid, current_status text)
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  found_booking uuid;
  found_status text;
begin
  select b.id, b.status into found_booking, found_status
    from public.testing_bookings b join public.testing_slots s on s.id = b.slot_id
    where b.code = p_code and private.serves_testing_site(s.site_id)
    for update of b;
  if found_booking is not null and found_status = from_status then
    update public.testing_bookings b set status = to_status, changed_at = now() where b.id = found_booking;
    found_status := to_status;
  end if;
  return query select found_booking, found_status;
end;
$$;
revoke all on function private.step_testing_booking(text, text, text) from public, anon, authenticated, service_role;

-- 'checked_in', or 'not_found', 'wrong_status' (not 'booked').
create function private.check_in(code text)
  returns text
  language sql volatile security definer
  set search_path = ''
as $$
  select case when t.booking_id is null then 'not_found' when t.current_status = 'checked_in' then 'checked_in' else 'wrong_status' end
  from private.step_testing_booking(check_in.code, 'booked', 'checked_in') t;
$$;

-- 'no_show', or 'not_found', 'wrong_status'. A no-show stays between the member and the site:
-- nothing reports it anywhere.
create function private.mark_no_show(code text)
  returns text
  language sql volatile security definer
  set search_path = ''
as $$
  select case when t.booking_id is null then 'not_found' when t.current_status = 'no_show' then 'no_show' else 'wrong_status' end
  from private.step_testing_booking(mark_no_show.code, 'booked', 'no_show') t;
$$;

-- The outcome for someone who came: 'done', or 'not_found', 'wrong_status' (not checked in),
-- 'bad_outcome'.
create function private.record_result(code text, outcome text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  stepped record;
begin
  if record_result.outcome is null or record_result.outcome not in ('negative', 'positive', 'invalid', 'not_tested') then return 'bad_outcome'; end if;
  select t.booking_id, t.current_status into stepped from private.step_testing_booking(record_result.code, 'checked_in', 'done') t;
  if stepped.booking_id is null then return 'not_found'; end if;
  if stepped.current_status <> 'done' or exists (select 1 from public.testing_results r where r.booking_id = stepped.booking_id) then
    return 'wrong_status';
  end if;
  insert into public.testing_results (booking_id, outcome, recorded_by) values (stepped.booking_id, record_result.outcome, (select auth.uid()));
  return 'done';
end;
$$;

revoke all on function private.book_slot(uuid, text, uuid) from public, anon, authenticated, service_role;
revoke all on function private.cancel_booking(uuid, integer) from public, anon, authenticated, service_role;
revoke all on function private.slot_bookings(uuid) from public, anon, authenticated, service_role;
revoke all on function private.check_in(text) from public, anon, authenticated, service_role;
revoke all on function private.mark_no_show(text) from public, anon, authenticated, service_role;
revoke all on function private.record_result(text, text) from public, anon, authenticated, service_role;
grant execute on function private.book_slot(uuid, text, uuid) to authenticated;
grant execute on function private.cancel_booking(uuid, integer) to authenticated;
grant execute on function private.slot_bookings(uuid) to authenticated;
grant execute on function private.check_in(text) to authenticated;
grant execute on function private.mark_no_show(text) to authenticated;
grant execute on function private.record_result(text, text) to authenticated;
