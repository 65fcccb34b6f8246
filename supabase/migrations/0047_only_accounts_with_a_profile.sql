-- On Supabase anyone holding the project's public key can ask its Auth service for an
-- account, and its JWT makes them `authenticated`. The portal turns sign-up and the Data API
-- off (supabase/config.toml) and creates accounts itself; as a second wall, a signed-in role
-- without a profile here (an account the portal never made) reads and writes nothing: every
-- table of ours also needs the caller's profile, in a restrictive policy ANDed with the
-- table's own. Every function that acts for a member already starts from the caller's rows.

create function private.has_profile()
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (select 1 from public.profiles p where p.id = (select auth.uid()));
$$;
revoke all on function private.has_profile() from public, anon, authenticated, service_role;
grant execute on function private.has_profile() to authenticated;

-- Every table in public with row-level security, now and as made by migrations up to here;
-- schema-security's test holds later tables to the same.
do $$
declare
  guarded record;
begin
  for guarded in
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity
  loop
    execute format(
      'create policy "only accounts with a profile" on public.%I as restrictive for all to authenticated using ((select private.has_profile())) with check ((select private.has_profile()))',
      guarded.relname
    );
  end loop;
end;
$$;
