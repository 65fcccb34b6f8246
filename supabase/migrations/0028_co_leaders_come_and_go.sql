-- Co-leaders come and go (issue 16: "co-leaders"). Before, a co-leader who left the group, or
-- whom a leader took out of it, kept leading it: their row in group_leaders stayed. Now
-- leaving or being removed ends a co-leader's part, and a leader can end it (or a co-leader
-- step down) without taking them out of the group. The group's first leader is never removed
-- this way.

-- Replaces private.leave_group from 0021: a co-leader who leaves stops leading.
create or replace function private.leave_group(p_group uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  update public.group_memberships m set status = 'left', decided_at = now()
    where m.group_id = p_group and m.member_id = me and m.status in ('requested', 'approved');
  if not found then return 'not_member'; end if;
  perform private.withdraw_rsvps(p_group, me);
  delete from public.group_leaders l where l.group_id = p_group and l.member_id = me and l.kind = 'co_leader';
  return 'left';
end;
$$;

-- Replaces private.decide_membership from 0021: a co-leader taken out of the group stops leading.
create or replace function private.decide_membership(p_group uuid, p_member uuid, p_decision text, p_reason text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  from_status text := case p_decision when 'removed' then 'approved' else 'requested' end;
begin
  if me is null or not private.is_group_leader(p_group) then return 'not_allowed'; end if;
  if p_decision not in ('approved', 'declined', 'removed') then return 'not_found'; end if;
  update public.group_memberships m
    set status = p_decision, decision_reason = coalesce(p_reason, ''), decided_by = me, decided_at = now()
    where m.group_id = p_group and m.member_id = p_member and m.status = from_status;
  if not found then return 'not_found'; end if;
  if p_decision = 'removed' then
    perform private.withdraw_rsvps(p_group, p_member);
    delete from public.group_leaders l where l.group_id = p_group and l.member_id = p_member and l.kind = 'co_leader';
  end if;
  return p_decision;
end;
$$;

-- A leader of the group ends a co-leader's part, or a co-leader steps down; they stay a
-- member. Returns 'removed', 'not_allowed' (not a leader of this group) or 'not_found' (not a
-- co-leader of it).
create function private.remove_co_leader(p_group uuid, p_member uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  if me is null or not private.is_group_leader(p_group) then return 'not_allowed'; end if;
  delete from public.group_leaders l where l.group_id = p_group and l.member_id = p_member and l.kind = 'co_leader';
  if not found then return 'not_found'; end if;
  return 'removed';
end;
$$;
revoke all on function private.remove_co_leader(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function private.remove_co_leader(uuid, uuid) to authenticated;
