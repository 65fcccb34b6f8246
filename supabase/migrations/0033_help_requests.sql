-- Help requests (issue 18, app/domain/help/request-rules.ts): a member asks the social
-- workers of their area for help in one category; the request moves through its states by
-- the rule's table (help_request_status_after below is that table, tested against the
-- domain's); every change, message, internal note, assignment and hand-over is an event on
-- its timeline. Who may see what: a member their own requests and the events meant for them
-- (never internal notes); a social worker the requests of the areas they serve (and below)
-- or assigned to them, with every event. Admins get no reach: being an admin says nothing
-- about serving an area. Everything is written through the functions below, which check the
-- caller and answer with a word.
-- Order: the areas a worker serves, requests, events, then the functions.

-- The areas the caller serves as a social worker, each with every area below it: the queue's
-- policy compares a request's area with this set once per query, not per row up the tree.
create function private.served_areas()
  returns setof uuid
  language sql stable security definer
  set search_path = ''
as $$
  with recursive served (id) as (
    select a.id from public.areas a
    where exists (
      select 1 from public.role_grants g
      where g.user_id = (select auth.uid()) and g.role = 'social_worker' and (g.area_id is null or g.area_id = a.id))
    union
    select a.id from public.areas a join served s on a.parent_id = s.id
  )
  select id from served;
$$;
revoke all on function private.served_areas() from public, anon, authenticated, service_role;
grant execute on function private.served_areas() to authenticated;

create table public.help_requests (
  id uuid primary key default gen_random_uuid(),
  member_id uuid not null references auth.users (id) on delete cascade,
  -- The area whose social workers handle it: the member's when asked, another after a hand-over.
  area_id uuid not null references public.areas (id) on delete restrict,
  category text not null constraint help_requests_category
    check (category in ('jobs', 'welfare', 'medical', 'legal_aid', 'housing', 'counselling', 'family', 'documents', 'other')),
  urgency text not null constraint help_requests_urgency check (urgency in ('routine', 'soon', 'urgent')),
  contact_way text not null default 'portal' constraint help_requests_contact_way check (contact_way in ('portal', 'phone_via_vault', 'in_person')),
  description text not null constraint help_requests_description_length check (char_length(description) between 1 and 4000),
  status text not null default 'submitted' constraint help_requests_status
    check (status in ('submitted', 'triaged', 'in_progress', 'waiting_for_member', 'resolved', 'declined', 'withdrawn')),
  assigned_to uuid references auth.users (id) on delete set null,
  idempotency_key uuid not null,
  created_at timestamptz not null default now(),
  status_changed_at timestamptz not null default now(),
  -- When a worker first answered (a status change or a message): the dashboard's response time.
  first_response_at timestamptz,
  closed_at timestamptz,
  constraint help_requests_once unique (member_id, idempotency_key),
  constraint help_requests_closed_when_done check ((closed_at is null) = (status in ('submitted', 'triaged', 'in_progress', 'waiting_for_member')))
);
-- The queue: open requests of an area, oldest first. member_id leads the unique index.
create index help_requests_open_queue_idx on public.help_requests (area_id, created_at) where closed_at is null;
create index help_requests_area_id_idx on public.help_requests (area_id);
create index help_requests_assigned_to_idx on public.help_requests (assigned_to) where assigned_to is not null;

revoke all on table public.help_requests from public, anon, authenticated, service_role;
grant select on table public.help_requests to authenticated;
alter table public.help_requests enable row level security;
create policy "members read their own requests" on public.help_requests
  for select to authenticated using (member_id = (select auth.uid()));
create policy "workers read the requests of their areas and those assigned to them" on public.help_requests
  for select to authenticated using (area_id in (select private.served_areas()) or assigned_to = (select auth.uid()));

create table public.help_request_events (
  id bigint generated always as identity primary key,
  request_id uuid not null references public.help_requests (id) on delete cascade,
  author_id uuid references auth.users (id) on delete set null,
  kind text not null constraint help_request_events_kind check (kind in ('status', 'message', 'note', 'assignment', 'transfer')),
  to_status text constraint help_request_events_to_status
    check (to_status in ('submitted', 'triaged', 'in_progress', 'waiting_for_member', 'resolved', 'declined', 'withdrawn')),
  body text not null default '' constraint help_request_events_body_length check (char_length(body) <= 4000),
  assignee_id uuid references auth.users (id) on delete set null,
  from_area_id uuid references public.areas (id) on delete restrict,
  to_area_id uuid references public.areas (id) on delete restrict,
  visible_to_member boolean not null,
  created_at timestamptz not null default now(),
  constraint help_request_events_notes_stay_internal check (kind <> 'note' or not visible_to_member),
  constraint help_request_events_status_named check ((kind = 'status') = (to_status is not null))
);
create index help_request_events_request_id_idx on public.help_request_events (request_id, id);
create index help_request_events_assignee_id_idx on public.help_request_events (assignee_id) where assignee_id is not null;
create index help_request_events_author_id_idx on public.help_request_events (author_id);
create index help_request_events_from_area_id_idx on public.help_request_events (from_area_id) where from_area_id is not null;
create index help_request_events_to_area_id_idx on public.help_request_events (to_area_id) where to_area_id is not null;

-- Whether the request is the caller's own; whether the caller handles it (serves its area or has it).
create function private.owns_help_request(request uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (select 1 from public.help_requests r where r.id = owns_help_request.request and r.member_id = (select auth.uid()));
$$;
create function private.handles_help_request(request uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.help_requests r
    where r.id = handles_help_request.request
      and (r.assigned_to = (select auth.uid()) or r.area_id in (select private.served_areas())));
$$;
revoke all on function private.owns_help_request(uuid) from public, anon, authenticated, service_role;
revoke all on function private.handles_help_request(uuid) from public, anon, authenticated, service_role;
grant execute on function private.owns_help_request(uuid) to authenticated;
grant execute on function private.handles_help_request(uuid) to authenticated;

revoke all on table public.help_request_events from public, anon, authenticated, service_role;
revoke all on sequence public.help_request_events_id_seq from public, anon, authenticated, service_role;
grant select on table public.help_request_events to authenticated;
alter table public.help_request_events enable row level security;
create policy "members read what is meant for them on their own requests" on public.help_request_events
  for select to authenticated using (visible_to_member and (select private.owns_help_request(request_id)));
create policy "workers read every event of the requests they handle" on public.help_request_events
  for select to authenticated using ((select private.handles_help_request(request_id)));

-- ── Functions ──────────────────────────────────────────────────────────────────────────

-- The rule's table (app/domain/help/request-rules.ts nextRequestStatus): the status after
-- `action` by `actor` from `status`, or null when that move is not allowed.
create function private.help_request_status_after(status text, action text, actor text)
  returns text
  language sql immutable
  set search_path = ''
as $$
  select case
    when action = 'triage' and actor = 'worker' and status = 'submitted' then 'triaged'
    when action = 'start' and actor = 'worker' and status in ('submitted', 'triaged') then 'in_progress'
    when action = 'askMember' and actor = 'worker' and status = 'in_progress' then 'waiting_for_member'
    when action = 'memberReplied' and actor = 'member' and status = 'waiting_for_member' then 'in_progress'
    when action = 'resolve' and actor = 'worker' and status in ('triaged', 'in_progress', 'waiting_for_member') then 'resolved'
    when action = 'decline' and actor = 'worker' and status in ('submitted', 'triaged', 'in_progress', 'waiting_for_member') then 'declined'
    when action = 'withdraw' and actor = 'member' and status in ('submitted', 'triaged', 'in_progress', 'waiting_for_member') then 'withdrawn'
  end;
$$;
revoke all on function private.help_request_status_after(text, text, text) from public, anon, authenticated, service_role;
grant execute on function private.help_request_status_after(text, text, text) to authenticated;

-- The caller asks for help in their own area. Returns the word and the request: 'created',
-- 'duplicate' (this idempotency key already made one: that one), 'no_area' (the member has
-- not chosen an area yet), 'too_many' (private.settings 'help_max_open_requests', by default
-- 10, open requests already). The member's requests are made one at a time (a lock on them).
create function private.ask_for_help(p_category text, p_urgency text, p_contact_way text, p_description text, p_idempotency uuid)
  returns table (outcome text, request_id uuid)
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  max_open integer := coalesce((select s.value::integer from private.settings s where s.key = 'help_max_open_requests'), 10);
  home uuid;
  earlier uuid;
  made uuid;
begin
  if me is null then return query select 'no_area'::text, null::uuid; return; end if;
  perform pg_advisory_xact_lock(hashtextextended('help_requests:' || me::text, 33));
  select r.id into earlier from public.help_requests r where r.member_id = me and r.idempotency_key = p_idempotency;
  if earlier is not null then return query select 'duplicate'::text, earlier; return; end if;
  select p.area_id into home from public.profiles p where p.id = me;
  if home is null then return query select 'no_area'::text, null::uuid; return; end if;
  if (select count(*) from public.help_requests r where r.member_id = me and r.closed_at is null) >= max_open then
    return query select 'too_many'::text, null::uuid; return;
  end if;
  insert into public.help_requests (member_id, area_id, category, urgency, contact_way, description, idempotency_key)
    values (me, home, p_category, p_urgency, p_contact_way, p_description, p_idempotency) returning id into made;
  insert into public.help_request_events (request_id, author_id, kind, to_status, visible_to_member)
    values (made, me, 'status', 'submitted', true);
  return query select 'created'::text, made;
end;
$$;
revoke all on function private.ask_for_help(text, text, text, text, uuid) from public, anon, authenticated, service_role;
grant execute on function private.ask_for_help(text, text, text, text, uuid) to authenticated;

-- Moves a request by the rule's table: the member (withdraw) or a worker handling it (the
-- rest). `note` is shown to the member with the change; declining needs one. Returns 'done',
-- or 'not_found' (no request the caller owns or handles), 'not_now' (not a move the caller
-- may make from its status), 'note_required'.
create function private.act_on_help_request(p_request uuid, p_action text, p_note text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  request public.help_requests%rowtype;
  actor text;
  next_status text;
begin
  select * into request from public.help_requests r where r.id = p_request for update;
  if request.id is null then return 'not_found'; end if;
  actor := case when request.member_id = me then 'member' when private.handles_help_request(request.id) then 'worker' end;
  if actor is null then return 'not_found'; end if;
  -- A member's reply ends a wait for them (post_help_message), never this call.
  if p_action = 'memberReplied' then return 'not_now'; end if;
  next_status := private.help_request_status_after(request.status, p_action, actor);
  if next_status is null then return 'not_now'; end if;
  if p_action = 'decline' and btrim(coalesce(p_note, '')) = '' then return 'note_required'; end if;
  update public.help_requests r set
    status = next_status,
    status_changed_at = now(),
    closed_at = case when next_status in ('resolved', 'declined', 'withdrawn') then now() end,
    first_response_at = case when actor = 'worker' then coalesce(r.first_response_at, now()) else r.first_response_at end
  where r.id = request.id;
  insert into public.help_request_events (request_id, author_id, kind, to_status, body, visible_to_member)
    values (request.id, me, 'status', next_status, coalesce(p_note, ''), true);
  return 'done';
end;
$$;
revoke all on function private.act_on_help_request(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function private.act_on_help_request(uuid, text, text) to authenticated;

-- A message on an open request (the member's, or a worker's the member reads), or a worker's
-- internal note (any time). A member's message ends a wait for them. Returns 'posted', or
-- 'not_found', 'closed' (no messages once it is closed), 'not_allowed' (a member's note).
create function private.post_help_message(p_request uuid, p_body text, p_internal boolean)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  request public.help_requests%rowtype;
  actor text;
begin
  select * into request from public.help_requests r where r.id = p_request for update;
  if request.id is null then return 'not_found'; end if;
  actor := case when request.member_id = me then 'member' when private.handles_help_request(request.id) then 'worker' end;
  if actor is null then return 'not_found'; end if;
  if p_internal and actor = 'member' then return 'not_allowed'; end if;
  if not p_internal and request.closed_at is not null then return 'closed'; end if;
  insert into public.help_request_events (request_id, author_id, kind, body, visible_to_member)
    values (request.id, me, case when p_internal then 'note' else 'message' end, p_body, not p_internal);
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
revoke all on function private.post_help_message(uuid, text, boolean) from public, anon, authenticated, service_role;
grant execute on function private.post_help_message(uuid, text, boolean) to authenticated;

-- A worker handling an open request gives it to themselves or to a social worker serving its
-- area. Returns 'assigned', or 'not_found', 'closed', 'not_colleague'.
create function private.assign_help_request(p_request uuid, p_worker uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  request public.help_requests%rowtype;
begin
  select * into request from public.help_requests r where r.id = p_request for update;
  if request.id is null or request.member_id = me or not private.handles_help_request(request.id) then return 'not_found'; end if;
  if request.closed_at is not null then return 'closed'; end if;
  if p_worker = request.member_id or not exists (
    select 1 from public.role_grants g
    where g.user_id = p_worker and g.role = 'social_worker' and private.area_covers(g.area_id, request.area_id)) then
    return 'not_colleague';
  end if;
  update public.help_requests r set assigned_to = p_worker where r.id = request.id;
  insert into public.help_request_events (request_id, author_id, kind, assignee_id, visible_to_member)
    values (request.id, me, 'assignment', p_worker, true);
  return 'assigned';
end;
$$;
revoke all on function private.assign_help_request(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function private.assign_help_request(uuid, uuid) to authenticated;

-- A worker handling an open request hands it over to the social workers of another area (the
-- member moved): its history goes with it; nobody has it assigned any more, and the workers
-- of the old area no longer see it (unless they also serve the new one). Returns
-- 'transferred', or 'not_found', 'closed', 'same_area', 'no_area' (no such area).
create function private.transfer_help_request(p_request uuid, p_area uuid, p_note text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  request public.help_requests%rowtype;
begin
  select * into request from public.help_requests r where r.id = p_request for update;
  if request.id is null or request.member_id = me or not private.handles_help_request(request.id) then return 'not_found'; end if;
  if request.closed_at is not null then return 'closed'; end if;
  if not exists (select 1 from public.areas a where a.id = p_area) then return 'no_area'; end if;
  if p_area = request.area_id then return 'same_area'; end if;
  update public.help_requests r set area_id = p_area, assigned_to = null where r.id = request.id;
  insert into public.help_request_events (request_id, author_id, kind, body, from_area_id, to_area_id, visible_to_member)
    values (request.id, me, 'transfer', coalesce(p_note, ''), request.area_id, p_area, true);
  return 'transferred';
end;
$$;
revoke all on function private.transfer_help_request(uuid, uuid, text) from public, anon, authenticated, service_role;
grant execute on function private.transfer_help_request(uuid, uuid, text) to authenticated;
