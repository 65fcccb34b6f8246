-- Replaces private.group_leader_handles from 0055: the same function, now planned once per
-- connection. PL/pgSQL keeps its statement's plan, but with the group ids as a parameter
-- PostgreSQL judged a plan made for the very ids cheaper than a kept one, and so planned it
-- again at every call: 0.24–0.29 ms of planning for 0.05–0.06 ms of work on every page that
-- names leaders (the finder, a group, home), by pg_stat_statements with track_planning on.
-- The kept plan reads the leaders of the given groups by the primary key, as the fresh one did.
alter function private.group_leader_handles(uuid[]) set plan_cache_mode = force_generic_plan;
