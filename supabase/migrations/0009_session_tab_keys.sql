-- A per-session key that the browser wraps its unlocked private key with before keeping it
-- in the tab's storage (sessionStorage is written to disk and outlives a delete there). Only
-- the session's own cookie gets it back (api.session.tab-key); ending the session deletes
-- the row, so a copy left in the browser's files can no longer be opened. 32 random bytes,
-- base64url; null until the browser first asks.
alter table private.sessions
  add column tab_key text check (tab_key ~ '^[A-Za-z0-9_-]{43}$');
