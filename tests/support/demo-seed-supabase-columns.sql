-- Supabase Auth reads these text columns of auth.users as strings and fails on a null; they
-- exist only on Supabase (supabase db reset applies this file there), so only there are they set.
do $$
declare
  text_column text;
begin
  foreach text_column in array array['confirmation_token', 'recovery_token', 'email_change_token_new', 'email_change_token_current', 'email_change', 'phone_change', 'phone_change_token', 'reauthentication_token'] loop
    if exists (select 1 from information_schema.columns c where c.table_schema = 'auth' and c.table_name = 'users' and c.column_name = text_column) then
      execute format('update auth.users set %I = coalesce(%I, '''') where id::text like ''d0000000-0000-4000-8000-%%''', text_column, text_column);
    end if;
  end loop;
end
$$;
