-- Who the caller is, without re-planning it at every call. Supabase's auth.uid() is a SQL
-- function that sets its own search_path, so PostgreSQL can neither inline it nor keep its
-- plan: every statement that calls it parses and plans its body again (about 0.03 ms a call,
-- and a signed-in page called it about twenty times: in policies, in the helpers policies
-- call, and in the portal's queries). private.caller_id() is the same body in PL/pgSQL,
-- whose plan a connection keeps (decision 034): about 0.007 ms a call. Every policy and
-- every function of ours that called auth.uid() now calls it instead; schema-security holds
-- later ones to it. Column defaults (who made a row) keep auth.uid(): once per insert.

create function private.caller_id()
  returns uuid
  language plpgsql stable
  set search_path = ''
as $$
begin
  -- Word for word the body of Supabase's uid function in schema auth (supabase/auth, 20240624145325).
  return coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid;
end;
$$;
revoke all on function private.caller_id() from public, anon, authenticated, service_role;
grant execute on function private.caller_id() to authenticated;

-- Rewrites each one in place: CREATE OR REPLACE keeps a function's owner, grants and settings,
-- ALTER POLICY a policy's name, roles and command. Texts are PostgreSQL's own deparsed forms.
do $$
declare
  fn record;
  pol record;
begin
  for fn in
    select p.oid from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'private') and p.prokind = 'f' and p.oid <> 'private.caller_id()'::regprocedure
       and pg_get_functiondef(p.oid) like '%auth.uid()%'
  loop
    execute replace(pg_get_functiondef(fn.oid), 'auth.uid()', 'private.caller_id()');
  end loop;

  for pol in
    select schemaname, tablename, policyname, qual, with_check from pg_policies
     where schemaname in ('public', 'private')
       and (coalesce(qual, '') like '%auth.uid()%' or coalesce(with_check, '') like '%auth.uid()%')
  loop
    execute format('alter policy %I on %I.%I', pol.policyname, pol.schemaname, pol.tablename)
      || case when pol.qual is null then '' else format(' using (%s)', replace(pol.qual, 'auth.uid()', 'private.caller_id()')) end
      || case when pol.with_check is null then '' else format(' with check (%s)', replace(pol.with_check, 'auth.uid()', 'private.caller_id()')) end;
  end loop;

  if exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'private') and p.prokind = 'f' and pg_get_functiondef(p.oid) like '%auth.uid()%'
  ) or exists (
    select 1 from pg_policies
     where schemaname in ('public', 'private')
       and (coalesce(qual, '') like '%auth.uid()%' or coalesce(with_check, '') like '%auth.uid()%')
  ) then
    raise exception 'auth.uid() is still called after the rewrite';
  end if;
end;
$$;
