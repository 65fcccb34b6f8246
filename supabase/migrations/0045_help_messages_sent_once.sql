-- A message or note on a help request is stored once, however often it is sent: each form
-- carries a key made when the page was shown, and sending it again (a double tap without
-- JavaScript, a resend after a lost answer, a retry through another app instance) finds the
-- message already there and answers as if it had just been posted.

alter table public.help_request_events add column idempotency_key uuid;
create unique index help_request_events_sent_once_idx on public.help_request_events (request_id, author_id, idempotency_key)
  where idempotency_key is not null;

-- Replaces private.post_help_message from 0033: takes the form's key and stores a message at most once per key.
drop function private.post_help_message(uuid, text, boolean);
create function private.post_help_message(p_request uuid, p_body text, p_internal boolean, p_idempotency_key uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  request public.help_requests%rowtype;
  actor text;
begin
  -- The row lock also serialises two sends of one key: the second sees the first's message.
  select * into request from public.help_requests r where r.id = p_request for update;
  if request.id is null then return 'not_found'; end if;
  actor := case when request.member_id = me then 'member' when private.handles_help_request(request.id) then 'worker' end;
  if actor is null then return 'not_found'; end if;
  if p_internal and actor = 'member' then return 'not_allowed'; end if;
  if exists (select 1 from public.help_request_events e
              where e.request_id = request.id and e.author_id = me and e.idempotency_key = p_idempotency_key) then
    return 'posted';
  end if;
  if not p_internal and request.closed_at is not null then return 'closed'; end if;
  insert into public.help_request_events (request_id, author_id, kind, body, visible_to_member, idempotency_key)
    values (request.id, me, case when p_internal then 'note' else 'message' end, p_body, not p_internal, p_idempotency_key);
  if actor = 'member' and request.status = 'waiting_for_member' then
    update public.help_requests r set status = 'in_progress', status_changed_at = now() where r.id = request.id;
    insert into public.help_request_events (request_id, author_id, kind, to_status, visible_to_member)
      values (request.id, me, 'status', 'in_progress', true);
  elsif actor = 'worker' and not p_internal then
    update public.help_requests r set first_response_at = coalesce(r.first_response_at, now()) where r.id = request.id;
  end if;
  return 'posted';
end;
$$;
revoke all on function private.post_help_message(uuid, text, boolean, uuid) from public, anon, authenticated, service_role;
grant execute on function private.post_help_message(uuid, text, boolean, uuid) to authenticated;
