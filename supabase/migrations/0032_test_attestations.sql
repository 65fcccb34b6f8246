-- Member-held attestations of a negative test (issue 17, app/domain/testing/attestation.ts).
-- The server signs the minimal facts; the member's browser encrypts facts and signature
-- under a key it made, which travels only in the link's fragment; the server keeps that
-- ciphertext, the expiry and whether the member revoked it, and hands the ciphertext to
-- whoever opens the link while it holds, noting only when.
create table public.test_attestations (
  -- Chosen by the server when it signs, so the signed facts name it.
  id uuid primary key,
  member_id uuid not null references auth.users (id) on delete cascade,
  booking_id uuid not null references public.testing_bookings (id) on delete cascade,
  expires_on date not null,
  sealed text not null constraint test_attestations_sealed_length check (char_length(sealed) between 1 and 2000),
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index test_attestations_member_id_idx on public.test_attestations (member_id);
create index test_attestations_booking_id_idx on public.test_attestations (booking_id);
revoke all on table public.test_attestations from public, anon, authenticated, service_role;
grant select on table public.test_attestations to authenticated;
alter table public.test_attestations enable row level security;
create policy "members read their own attestations" on public.test_attestations
  for select to authenticated using (member_id = (select auth.uid()));

-- Each time a link was opened while it held: when, nothing else (no address, no browser).
create table public.test_attestation_openings (
  id bigint generated always as identity primary key,
  attestation_id uuid not null references public.test_attestations (id) on delete cascade,
  opened_at timestamptz not null default now()
);
create index test_attestation_openings_attestation_id_idx on public.test_attestation_openings (attestation_id);

create function private.owns_test_attestation(attestation uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (select 1 from public.test_attestations a where a.id = owns_test_attestation.attestation and a.member_id = (select auth.uid()));
$$;
revoke all on function private.owns_test_attestation(uuid) from public, anon, authenticated, service_role;
grant execute on function private.owns_test_attestation(uuid) to authenticated;

revoke all on table public.test_attestation_openings from public, anon, authenticated, service_role;
revoke all on sequence public.test_attestation_openings_id_seq from public, anon, authenticated, service_role;
grant select on table public.test_attestation_openings to authenticated;
alter table public.test_attestation_openings enable row level security;
create policy "members see when their attestations were opened" on public.test_attestation_openings
  for select to authenticated using ((select private.owns_test_attestation(attestation_id)));

-- The test date of the caller's own booking when its result is negative, else null: what the
-- server may sign (app/domain/testing/attestation.ts canAttest).
create function private.own_negative_test_date(booking uuid)
  returns date
  language sql stable security definer
  set search_path = ''
as $$
  select s.local_date
  from public.testing_bookings b
    join public.testing_results r on r.booking_id = b.id
    join public.testing_slots s on s.id = b.slot_id
  where b.id = own_negative_test_date.booking and b.member_id = (select auth.uid()) and r.outcome = 'negative';
$$;
revoke all on function private.own_negative_test_date(uuid) from public, anon, authenticated, service_role;
grant execute on function private.own_negative_test_date(uuid) to authenticated;

-- Stores the caller's sealed attestation of their own negative result. Returns 'stored', or
-- 'not_negative' (no negative result of theirs for the booking), 'taken' (the id is in use),
-- 'too_many' (already the most links that still hold: a member needs a few, not hundreds).
create function private.store_test_attestation(p_id uuid, p_booking uuid, p_expires_on date, p_sealed text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  if me is null or private.own_negative_test_date(p_booking) is null then return 'not_negative'; end if;
  if (select count(*) from public.test_attestations a
      where a.member_id = me and a.revoked_at is null and a.expires_on > private.portal_today()) >= 20 then
    return 'too_many';
  end if;
  insert into public.test_attestations (id, member_id, booking_id, expires_on, sealed)
    values (p_id, me, p_booking, p_expires_on, p_sealed)
    on conflict (id) do nothing;
  return case when found then 'stored' else 'taken' end;
end;
$$;
revoke all on function private.store_test_attestation(uuid, uuid, date, text) from public, anon, authenticated, service_role;
grant execute on function private.store_test_attestation(uuid, uuid, date, text) to authenticated;

create function private.revoke_test_attestation(p_id uuid)
  returns boolean
  language sql volatile security definer
  set search_path = ''
as $$
  with revoked as (
    update public.test_attestations a set revoked_at = now()
    where a.id = p_id and a.member_id = (select auth.uid()) and a.revoked_at is null
    returning 1)
  select exists (select 1 from revoked);
$$;
revoke all on function private.revoke_test_attestation(uuid) from public, anon, authenticated, service_role;
grant execute on function private.revoke_test_attestation(uuid) to authenticated;

-- Opening a link: 'valid' with the ciphertext (and the opening noted), else 'revoked',
-- 'expired' (from its expiry date on, a Beijing day) or no row for an unknown id. Visitors
-- are not signed in: the server calls it on the privileged path (asSystem).
create function private.open_test_attestation(p_id uuid)
  returns table (status text, expires_on date, sealed text)
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  found_row public.test_attestations%rowtype;
begin
  select * into found_row from public.test_attestations a where a.id = p_id;
  if found_row.id is null then return; end if;
  if found_row.revoked_at is not null then
    return query select 'revoked'::text, found_row.expires_on, null::text;
  elsif private.portal_today() >= found_row.expires_on then
    return query select 'expired'::text, found_row.expires_on, null::text;
  else
    insert into public.test_attestation_openings (attestation_id) values (found_row.id);
    return query select 'valid'::text, found_row.expires_on, found_row.sealed;
  end if;
end;
$$;
revoke all on function private.open_test_attestation(uuid) from public, anon, authenticated, service_role;
