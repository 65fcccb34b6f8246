-- The admins' audit-log search (issue 18): newest first by (occurred_at, id), a page at a
-- time from an entry (keyset, not OFFSET), with or without one action. Each search is an
-- index range: by action, then time and id; or by time and id alone, which also serves what
-- 0004's index on occurred_at served, so that one goes.
create index audit_log_action_occurred_at_id_idx on public.audit_log (action, occurred_at, id);
create index audit_log_occurred_at_id_idx on public.audit_log (occurred_at, id);
drop index public.audit_log_occurred_at_idx;
