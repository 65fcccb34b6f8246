-- Messages between a mentor and a mentee (issue 19, decision 028 for the crypto, 032 for the
-- rest), the keys each side pinned for the other, disappearing messages, and reports to staff.
-- The server stores each message as its envelope (version, nonce, ciphertext, base64url) with
-- the conversation, sender, recipient and the sender's sequence in the clear: it cannot read or
-- make a message. A new message tells the recipient with a notification that names nothing
-- but its kind, and pg_notify wakes their open pages (as 0050 does).

-- Disappearing messages, per mentorship: off (null), 7 or 30 days; either side chooses, and
-- it applies to messages sent after the choice.
alter table public.mentorships add column disappear_after_days integer
  constraint mentorships_disappear_after_days check (disappear_after_days in (7, 30));

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  mentorship_id uuid not null references public.mentorships (id) on delete cascade,
  sender_id uuid not null references auth.users (id) on delete cascade,
  recipient_id uuid not null references auth.users (id) on delete cascade,
  sequence integer not null constraint messages_sequence check (sequence >= 1),
  version smallint not null constraint messages_version check (version = 1),
  -- 24 bytes; the ciphertext is the MAC and 1 to 16 padded blocks of 256 bytes
  -- (isMessageEnvelopeShape in app/domain/formats/message-shape.ts holds the same rule).
  nonce text not null constraint messages_nonce check (nonce ~ '^[A-Za-z0-9_-]{32}$'),
  ciphertext text not null constraint messages_ciphertext check (
    ciphertext ~ '^[A-Za-z0-9_-]+$'
    and char_length(ciphertext) = any (array[363, 704, 1046, 1387, 1728, 2070, 2411, 2752, 3094, 3435, 3776, 4118, 4459, 4800, 5142, 5483])),
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  constraint messages_two_people check (sender_id <> recipient_id)
);
-- One number per sender and conversation: a retried send finds its own row, a second device
-- using the same number is refused (decision 028).
create unique index messages_sequence_idx on public.messages (mentorship_id, sender_id, sequence);
-- A conversation's newest first, in the order the page asks (no sort step at a million rows).
create index messages_mentorship_created_idx on public.messages (mentorship_id, created_at desc, id desc);
-- Also the sender's last minute, for the limit of 30 a minute.
create index messages_sender_id_idx on public.messages (sender_id, created_at);
create index messages_recipient_id_idx on public.messages (recipient_id);
create index messages_expires_at_idx on public.messages (expires_at) where expires_at is not null;

revoke all on table public.messages from public, anon, authenticated, service_role;
grant select on table public.messages to authenticated;
alter table public.messages enable row level security;
-- Only the two people of the conversation, and a disappeared message is gone for them at once
-- (the jobs runner deletes it within the hour).
create policy "the two parties read their messages" on public.messages
  for select to authenticated
  using ((sender_id = (select auth.uid()) or recipient_id = (select auth.uid())) and (expires_at is null or expires_at > now()));
create policy "only accounts with a profile" on public.messages as restrictive for all to authenticated
  using ((select private.has_profile())) with check ((select private.has_profile()));

-- The key each side's browser pinned for the other, sealed by that browser to its own key pair
-- (crypto_box from its private key to its public key), so only it can read or make a pin: the
-- server cannot swap the key it serves and the pin together.
create table public.message_key_pins (
  owner_id uuid not null references auth.users (id) on delete cascade,
  mentorship_id uuid not null references public.mentorships (id) on delete cascade,
  nonce text not null constraint message_key_pins_nonce check (nonce ~ '^[A-Za-z0-9_-]{32}$'),
  ciphertext text not null constraint message_key_pins_ciphertext check (ciphertext ~ '^[A-Za-z0-9_-]+$' and char_length(ciphertext) <= 600),
  updated_at timestamptz not null default now(),
  primary key (owner_id, mentorship_id)
);
create index message_key_pins_mentorship_id_idx on public.message_key_pins (mentorship_id);

revoke all on table public.message_key_pins from public, anon, authenticated, service_role;
grant select on table public.message_key_pins to authenticated;
grant insert (mentorship_id, nonce, ciphertext), update (nonce, ciphertext, updated_at) on table public.message_key_pins to authenticated;
alter table public.message_key_pins enable row level security;
create policy "members read their own pins" on public.message_key_pins
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "members pin keys in their own mentorships" on public.message_key_pins
  for insert to authenticated
  with check (owner_id = (select auth.uid()) and exists (
    select 1 from public.mentorships s where s.id = mentorship_id and (s.mentee_id = (select auth.uid()) or s.mentor_id = (select auth.uid()))));
create policy "members change their own pins" on public.message_key_pins
  for update to authenticated using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "only accounts with a profile" on public.message_key_pins as restrictive for all to authenticated
  using ((select private.has_profile())) with check ((select private.has_profile()));
alter table public.message_key_pins alter column owner_id set default auth.uid();

-- A new message is one more kind of notification, pointing at its mentorship: one unread per
-- conversation, however many messages came.
alter table public.notifications add column mentorship_id uuid references public.mentorships (id) on delete cascade;
alter table public.notifications drop constraint notifications_kind;
alter table public.notifications add constraint notifications_kind check (kind in ('talk_request', 'message'));
alter table public.notifications drop constraint notifications_reference;
alter table public.notifications add constraint notifications_reference check (
  ((kind = 'talk_request') = (talk_request_id is not null)) and ((kind = 'message') = (mentorship_id is not null)));
create index notifications_mentorship_id_idx on public.notifications (mentorship_id);
create unique index notifications_one_unread_conversation_idx on public.notifications (mentorship_id, recipient_id) where read_at is null;

-- The other person of a mentorship the caller is in, or null.
create function private.mentorship_counterpart(p_mentorship uuid)
  returns uuid
  language sql stable security definer
  set search_path = ''
as $$
  select case when s.mentee_id = (select auth.uid()) then s.mentor_id else s.mentee_id end
  from public.mentorships s
  where s.id = p_mentorship and (select auth.uid()) in (s.mentee_id, s.mentor_id);
$$;
revoke all on function private.mentorship_counterpart(uuid) from public, anon, authenticated, service_role;

-- The caller sends a message in a mentorship of theirs. Outcomes: 'sent' (with the row's id
-- and time; a retry of the same envelope and number finds the row it stored before),
-- 'not_found' (not their mentorship), 'not_open' (the mentorship is not active: asked, ended,
-- declined), 'blocked' (either blocked the other), 'sequence_taken' (that number holds
-- another message: seal again with the next), 'too_fast' (more than 30 in a minute),
-- 'not_allowed' (no caller).
create function private.send_message(p_mentorship uuid, p_sequence integer, p_version integer, p_nonce text, p_ciphertext text)
  returns table (outcome text, message_id uuid, sent_at timestamptz)
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  conversation public.mentorships%rowtype;
  other uuid;
  earlier public.messages%rowtype;
  stored public.messages%rowtype;
begin
  if me is null or not exists (select 1 from public.profiles p where p.id = me) then
    return query select 'not_allowed'::text, null::uuid, null::timestamptz;
    return;
  end if;
  select * into conversation from public.mentorships s
    where s.id = p_mentorship and me in (s.mentee_id, s.mentor_id)
    for share;
  if conversation.id is null then
    return query select 'not_found'::text, null::uuid, null::timestamptz;
    return;
  end if;
  other := case when conversation.mentee_id = me then conversation.mentor_id else conversation.mentee_id end;
  select * into earlier from public.messages m
    where m.mentorship_id = p_mentorship and m.sender_id = me and m.sequence = p_sequence;
  if earlier.id is not null then
    if earlier.nonce = p_nonce and earlier.ciphertext = p_ciphertext then
      return query select 'sent'::text, earlier.id, earlier.created_at;
    else
      return query select 'sequence_taken'::text, null::uuid, null::timestamptz;
    end if;
    return;
  end if;
  if conversation.state <> 'active' then
    return query select 'not_open'::text, null::uuid, null::timestamptz;
    return;
  end if;
  if private.blocked_between(me, other) then
    return query select 'blocked'::text, null::uuid, null::timestamptz;
    return;
  end if;
  if (select count(*) from public.messages m where m.sender_id = me and m.created_at > now() - interval '1 minute') >= 30 then
    return query select 'too_fast'::text, null::uuid, null::timestamptz;
    return;
  end if;
  insert into public.messages (mentorship_id, sender_id, recipient_id, sequence, version, nonce, ciphertext, expires_at)
    values (p_mentorship, me, other, p_sequence, p_version, p_nonce, p_ciphertext,
            now() + make_interval(days => conversation.disappear_after_days))
    on conflict (mentorship_id, sender_id, sequence) do nothing
    returning * into stored;
  if stored.id is null then
    -- Another device of the sender took the number between our look and our insert.
    return query select 'sequence_taken'::text, null::uuid, null::timestamptz;
    return;
  end if;
  insert into public.notifications (recipient_id, kind, mentorship_id)
    values (other, 'message', p_mentorship)
    on conflict (mentorship_id, recipient_id) where read_at is null do nothing;
  perform pg_notify('tongxing_notifications', other::text);
  perform pg_notify('tongxing_notifications', me::text);
  return query select 'sent'::text, stored.id, stored.created_at;
end;
$$;
revoke all on function private.send_message(uuid, integer, integer, text, text) from public, anon, authenticated, service_role;
grant execute on function private.send_message(uuid, integer, integer, text, text) to authenticated;

-- The caller has read a conversation: its message notification stops counting as new.
create function private.read_conversation(p_mentorship uuid)
  returns integer
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  cleared integer;
begin
  update public.notifications n set read_at = now()
    where n.recipient_id = me and n.mentorship_id = p_mentorship and n.read_at is null;
  get diagnostics cleared = row_count;
  if cleared > 0 then perform pg_notify('tongxing_notifications', me::text); end if;
  return cleared;
end;
$$;
revoke all on function private.read_conversation(uuid) from public, anon, authenticated, service_role;
grant execute on function private.read_conversation(uuid) to authenticated;

-- Either side of an active mentorship turns disappearing messages off (null) or on (7 or 30
-- days). 'set', or 'not_found' (not theirs, or not active).
create function private.set_disappearing(p_mentorship uuid, p_days integer)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
begin
  if p_days is not null and p_days not in (7, 30) then return 'not_found'; end if;
  update public.mentorships s set disappear_after_days = p_days
    where s.id = p_mentorship and me in (s.mentee_id, s.mentor_id) and s.state = 'active';
  if not found then return 'not_found'; end if;
  perform pg_notify('tongxing_notifications', private.mentorship_counterpart(p_mentorship)::text);
  return 'set';
end;
$$;
revoke all on function private.set_disappearing(uuid, integer) from public, anon, authenticated, service_role;
grant execute on function private.set_disappearing(uuid, integer) to authenticated;

-- The jobs runner deletes messages whose time is up. Returns how many.
create function private.delete_disappeared_messages()
  returns integer
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  deleted integer;
begin
  delete from public.messages m where m.expires_at is not null and m.expires_at <= now();
  get diagnostics deleted = row_count;
  return deleted;
end;
$$;
revoke all on function private.delete_disappeared_messages() from public, anon, authenticated, service_role;

-- Replaces private.own_notifications from 0050: a message notification carries its mentorship (for the link) and the other person's handle.
drop function private.own_notifications(integer);
create function private.own_notifications(p_limit integer)
  returns table (id uuid, kind text, created_at timestamptz, read_at timestamptz, answered_at timestamptz,
                 member_handle text, note text, cancelled boolean, answered_by_someone boolean, mentorship_id uuid)
  language sql stable security definer
  set search_path = ''
as $$
  select n.id, n.kind, n.created_at, n.read_at, n.answered_at, coalesce(p.handle, q.handle), r.note,
         r.cancelled_at is not null, r.answered_at is not null, n.mentorship_id
  from public.notifications n
  left join public.talk_requests r on r.id = n.talk_request_id
  left join public.profiles p on p.id = r.member_id
  left join public.mentorships s on s.id = n.mentorship_id
  left join public.profiles q on q.id = case when s.mentee_id = n.recipient_id then s.mentor_id else s.mentee_id end
  where n.recipient_id = (select auth.uid())
  order by n.created_at desc, n.id
  limit least(greatest(p_limit, 1), 200);
$$;
revoke all on function private.own_notifications(integer) from public, anon, authenticated, service_role;
grant execute on function private.own_notifications(integer) to authenticated;

-- A member reports a person they have or had a mentorship with, to the staff of that person's
-- area (the mentor's listing area, else their profile's) and admins. The messages attached are
-- what the reporter chose to open and attach in their browser; nothing else of the
-- conversation leaves it.
create table public.reports (
  id uuid primary key default gen_random_uuid(),
  reporter_id uuid not null references auth.users (id) on delete cascade,
  reported_id uuid not null references auth.users (id) on delete cascade,
  mentorship_id uuid references public.mentorships (id) on delete set null,
  area_id uuid references public.areas (id),
  reason text not null constraint reports_reason check (reason in ('unsafe', 'money', 'drugs', 'harassment', 'other')),
  note text not null default '' constraint reports_note_length check (char_length(note) <= 1000),
  attached_messages jsonb not null default '[]'::jsonb constraint reports_attached check (
    jsonb_typeof(attached_messages) = 'array' and jsonb_array_length(attached_messages) <= 20 and octet_length(attached_messages::text) <= 100000),
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  closed_by uuid references auth.users (id) on delete set null,
  outcome_note text not null default '' constraint reports_outcome_length check (char_length(outcome_note) <= 1000),
  constraint reports_two_people check (reporter_id <> reported_id)
);
create index reports_reporter_id_idx on public.reports (reporter_id);
create index reports_reported_id_idx on public.reports (reported_id);
create index reports_area_id_idx on public.reports (area_id, created_at desc);
create index reports_mentorship_id_idx on public.reports (mentorship_id);
create index reports_closed_by_idx on public.reports (closed_by);

revoke all on table public.reports from public, anon, authenticated, service_role;
grant select on table public.reports to authenticated;
alter table public.reports enable row level security;
create policy "members read the reports they made" on public.reports
  for select to authenticated using (reporter_id = (select auth.uid()));
create policy "staff read the reports of their areas" on public.reports
  for select to authenticated using ((select private.staff_for_area(area_id)));
create policy "only accounts with a profile" on public.reports as restrictive for all to authenticated
  using ((select private.has_profile())) with check ((select private.has_profile()));

-- The caller reports the other person of one of their mentorships. 'reported' (with the
-- report's id), 'not_found' (not their mentorship), 'too_many' (five reports a day),
-- 'not_allowed' (no caller).
create function private.report_member(p_mentorship uuid, p_reason text, p_note text, p_attached jsonb)
  returns table (outcome text, report_id uuid)
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  me constant uuid := (select auth.uid());
  other uuid;
  area uuid;
  created uuid;
begin
  if me is null or not exists (select 1 from public.profiles p where p.id = me) then
    return query select 'not_allowed'::text, null::uuid;
    return;
  end if;
  other := private.mentorship_counterpart(p_mentorship);
  if other is null then
    return query select 'not_found'::text, null::uuid;
    return;
  end if;
  if (select count(*) from public.reports r where r.reporter_id = me and r.created_at > now() - interval '1 day') >= 5 then
    return query select 'too_many'::text, null::uuid;
    return;
  end if;
  area := coalesce((select m.area_id from public.mentor_profiles m where m.member_id = other),
                   (select p.area_id from public.profiles p where p.id = other));
  insert into public.reports (reporter_id, reported_id, mentorship_id, area_id, reason, note, attached_messages)
    values (me, other, p_mentorship, area, p_reason, btrim(coalesce(p_note, '')), coalesce(p_attached, '[]'::jsonb))
    returning id into created;
  return query select 'reported'::text, created;
end;
$$;
revoke all on function private.report_member(uuid, text, text, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.report_member(uuid, text, text, jsonb) to authenticated;

-- Staff of the report's area close it with what they did. 'closed' or 'not_found'.
create function private.close_report(p_report uuid, p_outcome text)
  returns text
  language plpgsql volatile security definer
  set search_path = ''
as $$
begin
  update public.reports r set closed_at = now(), closed_by = (select auth.uid()), outcome_note = btrim(coalesce(p_outcome, ''))
    where r.id = p_report and r.closed_at is null and r.reporter_id <> (select auth.uid()) and private.staff_for_area(r.area_id);
  if not found then return 'not_found'; end if;
  return 'closed';
end;
$$;
revoke all on function private.close_report(uuid, text) from public, anon, authenticated, service_role;
grant execute on function private.close_report(uuid, text) to authenticated;

-- The report's people by handle, for the staff page (handles are pseudonyms; no identity).
create function private.reports_to_handle(p_open boolean, p_limit integer)
  returns table (id uuid, reporter_handle text, reported_handle text, reported_id uuid, reported_is_mentor boolean, reason text, note text,
                 attached_messages jsonb, created_at timestamptz, closed_at timestamptz, outcome_note text)
  language sql stable security definer
  set search_path = ''
as $$
  select r.id, a.handle, b.handle, r.reported_id, exists (select 1 from public.mentor_profiles m where m.member_id = r.reported_id),
         r.reason, r.note, r.attached_messages, r.created_at, r.closed_at, r.outcome_note
  from public.reports r
  join public.profiles a on a.id = r.reporter_id
  join public.profiles b on b.id = r.reported_id
  where private.staff_for_area(r.area_id) and r.reporter_id <> (select auth.uid())
    and (r.closed_at is null) = p_open
  order by r.created_at desc, r.id
  limit least(greatest(p_limit, 1), 200);
$$;
revoke all on function private.reports_to_handle(boolean, integer) from public, anon, authenticated, service_role;
grant execute on function private.reports_to_handle(boolean, integer) to authenticated;

-- The other person of a mentorship the caller is in: handle and public key only (never the
-- wrapped private key or its salt, which user_keys also holds), to seal and open messages.
create function private.mentorship_counterpart_key(p_mentorship uuid)
  returns table (user_id uuid, handle text, public_key text)
  language sql stable security definer
  set search_path = ''
as $$
  select p.id, p.handle, k.public_key
  from public.profiles p
  join public.user_keys k on k.user_id = p.id
  where p.id = private.mentorship_counterpart(p_mentorship);
$$;
revoke all on function private.mentorship_counterpart_key(uuid) from public, anon, authenticated, service_role;
grant execute on function private.mentorship_counterpart_key(uuid) to authenticated;
