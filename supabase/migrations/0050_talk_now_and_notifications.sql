-- "I need to talk now" and the portal's own notifications (issue 19). A member asks to talk;
-- the people who can help them (for now the leaders of the groups they belong to; mentors
-- later, in private.talk_request_recipients) each get a notification in the portal. A
-- notification names its kind and the row it is about, never any content: the page shows
-- neutral words for the kind. No location is asked for or kept.
-- Every new notification and every change that clears one is announced with
-- pg_notify('tongxing_notifications', <recipient id>), so that each app instance's one
-- listening connection tells that recipient's open pages at once. The payload is the id
-- only (app/data/notification-signals.server.ts).
-- Rows are written only by the security-definer functions below; a member reads their own
-- and marks their own notifications read.

-- A member's asks to talk. Open until they cancel it or one of the people alerted answers.
-- The optional note is for those people only (and the member).
create table public.talk_requests (
  id uuid primary key default gen_random_uuid(),
  member_id uuid not null references auth.users (id) on delete cascade,
  note text not null default '' constraint talk_requests_note_length check (char_length(note) <= 200),
  alerted_count integer not null constraint talk_requests_alerted_count check (alerted_count >= 0),
  created_at timestamptz not null default now(),
  cancelled_at timestamptz,
  answered_at timestamptz
);
-- One open ask per member, even under two presses at once.
create unique index talk_requests_one_open_idx on public.talk_requests (member_id) where cancelled_at is null and answered_at is null;
create index talk_requests_member_created_idx on public.talk_requests (member_id, created_at desc);

revoke all on table public.talk_requests from public, anon, authenticated, service_role;
grant select on table public.talk_requests to authenticated;
alter table public.talk_requests enable row level security;
create policy "members read their own asks to talk" on public.talk_requests
  for select to authenticated using (member_id = (select auth.uid()));

-- What one person is told about, by kind. Each kind points at its row through a column of
-- its own, so that the notification goes with the row.
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  recipient_id uuid not null references auth.users (id) on delete cascade,
  kind text not null constraint notifications_kind check (kind in ('talk_request')),
  talk_request_id uuid references public.talk_requests (id) on delete cascade,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  answered_at timestamptz,
  constraint notifications_reference check ((kind = 'talk_request') = (talk_request_id is not null))
);
-- The badge on every page: one indexed count of the unread.
create index notifications_unread_idx on public.notifications (recipient_id) where read_at is null;
create index notifications_recipient_created_idx on public.notifications (recipient_id, created_at desc);
create index notifications_talk_request_id_idx on public.notifications (talk_request_id);
create unique index notifications_once_per_request_idx on public.notifications (talk_request_id, recipient_id);

revoke all on table public.notifications from public, anon, authenticated, service_role;
grant select on table public.notifications to authenticated;
grant update (read_at) on table public.notifications to authenticated;
alter table public.notifications enable row level security;
create policy "members read their own notifications" on public.notifications
  for select to authenticated using (recipient_id = (select auth.uid()));
create policy "members mark their own notifications read" on public.notifications
  for update to authenticated using (recipient_id = (select auth.uid())) with check (recipient_id = (select auth.uid()));

-- Like every table (0047): a signed-in role without a profile of ours reads and writes nothing.
create policy "only accounts with a profile" on public.talk_requests as restrictive for all to authenticated
  using ((select private.has_profile())) with check ((select private.has_profile()));
create policy "only accounts with a profile" on public.notifications as restrictive for all to authenticated
  using ((select private.has_profile())) with check ((select private.has_profile()));

-- Who is alerted when this member asks to talk: the leaders of the active groups they are an
-- approved member of, never themselves. Mentors are to be added here. The domain's
-- talkRequestRecipients (app/domain/notifications/talk-requests.ts) is held to it by a test.
create function private.talk_request_recipients(p_member uuid)
  returns setof uuid
  language sql stable security definer
  set search_path = ''
as $$
  select distinct l.member_id
  from public.group_memberships m
  join public.groups g on g.id = m.group_id and g.status = 'active'
  join public.group_leaders l on l.group_id = m.group_id
  where m.member_id = p_member and m.status = 'approved' and l.member_id <> p_member;
$$;
revoke all on function private.talk_request_recipients(uuid) from public, anon, authenticated, service_role;

-- The caller asks to talk now. Returns what happened and the ask's id and how many were
-- alerted: 'sent'; 'already_open' (their open ask); 'too_soon' (within two minutes of their
-- last ask: TALK_REQUEST_PAUSE_SECONDS in the domain); 'nobody' (no one to alert, nothing
-- kept); 'not_allowed' (no caller).
create function private.ask_to_talk(p_note text)
  returns table (outcome text, request_id uuid, alerted integer)
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  open_request public.talk_requests%rowtype;
  created uuid;
  recipients uuid[];
begin
  if me is null or not exists (select 1 from public.profiles p where p.id = me) then
    return query select 'not_allowed'::text, null::uuid, 0;
    return;
  end if;
  -- Two presses at once: the second waits here and then finds the first's ask.
  perform pg_advisory_xact_lock(hashtextextended('talk_requests:' || me::text, 44));
  select * into open_request from public.talk_requests r
    where r.member_id = me and r.cancelled_at is null and r.answered_at is null;
  if open_request.id is not null then
    return query select 'already_open'::text, open_request.id, open_request.alerted_count;
    return;
  end if;
  if exists (select 1 from public.talk_requests r where r.member_id = me and r.created_at > now() - interval '120 seconds') then
    return query select 'too_soon'::text, null::uuid, 0;
    return;
  end if;
  recipients := array(select private.talk_request_recipients(me));
  if cardinality(recipients) = 0 then
    return query select 'nobody'::text, null::uuid, 0;
    return;
  end if;
  insert into public.talk_requests (member_id, note, alerted_count)
    values (me, btrim(coalesce(p_note, '')), cardinality(recipients)) returning id into created;
  insert into public.notifications (recipient_id, kind, talk_request_id)
    select r, 'talk_request', created from unnest(recipients) r;
  perform pg_notify('tongxing_notifications', r::text) from unnest(recipients) r;
  return query select 'sent'::text, created, cardinality(recipients);
end;
$$;
revoke all on function private.ask_to_talk(text) from public, anon, authenticated, service_role;
grant execute on function private.ask_to_talk(text) to authenticated;

-- The member takes back their open ask: the notifications about it stop counting as new.
-- 'cancelled' or 'not_found' (not theirs, or no longer open).
create function private.cancel_talk_request(p_request uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  update public.talk_requests r set cancelled_at = now()
    where r.id = p_request and r.member_id = me and r.cancelled_at is null and r.answered_at is null;
  if not found then return 'not_found'; end if;
  perform pg_notify('tongxing_notifications', n.recipient_id::text)
    from public.notifications n where n.talk_request_id = p_request and n.read_at is null;
  update public.notifications n set read_at = now() where n.talk_request_id = p_request and n.read_at is null;
  return 'cancelled';
end;
$$;
revoke all on function private.cancel_talk_request(uuid) from public, anon, authenticated, service_role;
grant execute on function private.cancel_talk_request(uuid) to authenticated;

-- A recipient says they are answering (they will reply in the portal): their notification is
-- read and answered, and the ask is answered (it closes for the member). 'answered' or
-- 'not_found' (not theirs, or the ask was taken back).
create function private.answer_notification(p_notification uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  request uuid;
begin
  select n.talk_request_id into request from public.notifications n
    join public.talk_requests r on r.id = n.talk_request_id
    where n.id = p_notification and n.recipient_id = me and r.cancelled_at is null
    for update of n;
  if request is null then return 'not_found'; end if;
  update public.notifications n set answered_at = coalesce(n.answered_at, now()), read_at = coalesce(n.read_at, now())
    where n.id = p_notification;
  update public.talk_requests r set answered_at = coalesce(r.answered_at, now()) where r.id = request;
  perform pg_notify('tongxing_notifications', me::text);
  return 'answered';
end;
$$;
revoke all on function private.answer_notification(uuid) from public, anon, authenticated, service_role;
grant execute on function private.answer_notification(uuid) to authenticated;

-- The caller's newest notifications with what their page shows: for an ask to talk, the
-- member's handle, the note, and whether it was taken back or answered (by anyone).
create function private.own_notifications(p_limit integer)
  returns table (id uuid, kind text, created_at timestamptz, read_at timestamptz, answered_at timestamptz,
                 member_handle text, note text, cancelled boolean, answered_by_someone boolean)
  language sql stable security definer
  set search_path = ''
as $$
  select n.id, n.kind, n.created_at, n.read_at, n.answered_at, p.handle, r.note, r.cancelled_at is not null, r.answered_at is not null
  from public.notifications n
  left join public.talk_requests r on r.id = n.talk_request_id
  left join public.profiles p on p.id = r.member_id
  where n.recipient_id = (select auth.uid())
  order by n.created_at desc, n.id
  limit least(greatest(p_limit, 1), 200);
$$;
revoke all on function private.own_notifications(integer) from public, anon, authenticated, service_role;
grant execute on function private.own_notifications(integer) to authenticated;
