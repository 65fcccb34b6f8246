-- Listing a conversation read every message its member had ever sent or received: the read
-- policy asked `sender_id = auth.uid() or recipient_id = auth.uid()`, which the planner met
-- with both of those indexes and a sort of all the member's messages (2,000 rows for a page of
-- 50 in bench/messages.ts), instead of walking the conversation's own index and stopping at
-- the page. The two parties of a message are always the two parties of its mentorship
-- (private.send_message writes no other), so the policy now asks that instead: one lookup of
-- the mentorship, then the conversation's newest messages in index order. Who reads what does
-- not change.
drop policy "the two parties read their messages" on public.messages;
create policy "the two parties of the mentorship read its messages" on public.messages
  for select to authenticated
  using (
    exists (
      select 1 from public.mentorships s
      where s.id = mentorship_id and (s.mentee_id = (select auth.uid()) or s.mentor_id = (select auth.uid()))
    )
    and (expires_at is null or expires_at > now())
  );
