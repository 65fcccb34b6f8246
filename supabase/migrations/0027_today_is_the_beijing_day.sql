-- The portal's calendar days are Beijing days (app/domain/groups/local-time.ts,
-- DEFAULT_TIME_ZONE; the pages compare with todayIn(DEFAULT_TIME_ZONE)). The database
-- compared with current_date, the day in the server's own zone: on a server in UTC, from
-- midnight to 08:00 Beijing time, staff recording abstinence "since today" were told the date
-- was in the future, and a leader became eligible eight hours late. One rule for "today".
create function private.portal_today()
  returns date
  language sql stable
  set search_path = ''
as $$
  select (now() at time zone 'Asia/Shanghai')::date;
$$;
revoke all on function private.portal_today() from public, anon, authenticated, service_role;

alter table public.abstinence_verifications
  drop constraint abstinence_verifications_not_future,
  add constraint abstinence_verifications_not_future check (verified_since <= (now() at time zone 'Asia/Shanghai')::date);

-- Replaces private.eligible_to_lead from 0021: the anniversary is reached on the Beijing day, not the server's.
create or replace function private.eligible_to_lead(member uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  with since as (
    select v.verified_since as day, private.leader_minimum_years() as years
    from public.abstinence_verifications v where v.member_id = eligible_to_lead.member
  )
  select exists (
    select 1 from since
    where private.portal_today() >= (
      (since.day + make_interval(years => since.years))::date
      + case when extract(month from since.day) = 2 and extract(day from since.day) = 29
               and extract(day from (since.day + make_interval(years => since.years))) = 28 then 1 else 0 end));
$$;
revoke all on function private.eligible_to_lead(uuid) from public, anon, authenticated, service_role;

-- Replaces private.verify_abstinence from 0021: "today" is the Beijing day, as on the staff's page.
create or replace function private.verify_abstinence(p_member uuid, p_since date)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  if me is null or p_member = me or not (private.staff_for_member(p_member) or exists (
      select 1 from public.leader_applications a
      where a.member_id = p_member and a.status = 'pending' and private.staff_for_area(a.area_id))) then
    return 'not_allowed';
  end if;
  if p_since > private.portal_today() then return 'future'; end if;
  insert into public.abstinence_verifications (member_id, verified_since, verified_by)
    values (p_member, p_since, me)
    on conflict (member_id) do update set verified_since = excluded.verified_since, verified_by = me, verified_at = now();
  insert into public.audit_log (actor_id, action, subject_id) values (me, 'abstinence.verified', p_member);
  return 'verified';
end;
$$;
