-- Schema `private`: tables no API role may touch and the security-definer helpers that
-- policies call. It is not exposed by the Data API (supabase/config.toml lists only public).
-- Tables in it have RLS enabled and no grants to anon or authenticated; authenticated gets
-- usage on the schema only so that policies can call the helpers granted to it one by one.
create schema if not exists private;

revoke all on schema private from public, anon, authenticated, service_role;
grant usage on schema private to authenticated;

-- service_role (Supabase's RLS-bypassing API key) is granted nothing in any migration: the
-- app never uses it. The one privileged path is the connection's owner role (asSystem).
