-- A member also deals with the social workers on their help requests: the one it is given to
-- and those who wrote to them on it (a request handed to another area keeps its history, and
-- its messages keep their writers). So the member's timeline names them by their staff card
-- ("李敏 (social worker)") rather than "a social worker". Both reads start from the caller's
-- own requests by index; internal notes never count.

-- Replaces private.deals_with_staff from 0020: the workers of the caller's help requests count too.
create or replace function private.deals_with_staff(staff uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select private.serves_my_area(deals_with_staff.staff)
    or exists (select 1 from public.identity_shares s
               where s.owner_id = (select auth.uid()) and s.recipient_id = deals_with_staff.staff)
    or exists (select 1 from public.ended_identity_shares e
               where e.owner_id = (select auth.uid()) and e.recipient_id = deals_with_staff.staff)
    or exists (select 1 from public.identity_access_log l
               where l.owner_id = (select auth.uid()) and l.accessor_id = deals_with_staff.staff)
    or exists (select 1 from public.help_requests r
               where r.member_id = (select auth.uid()) and r.assigned_to = deals_with_staff.staff)
    or exists (select 1 from public.help_requests r join public.help_request_events e on e.request_id = r.id
               where r.member_id = (select auth.uid()) and e.visible_to_member
                 and (e.author_id = deals_with_staff.staff or e.assignee_id = deals_with_staff.staff));
$$;
