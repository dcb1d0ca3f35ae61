-- One rule book on every path (20261201001500): on a database that behaves like a new
-- hosted project (the bootstrap reproduces Supabase's default grants of ALL to the API
-- roles), anon and authenticated cannot insert, update or delete any table in public,
-- so PostgREST's table endpoints cannot skip the API functions' checks. Tried on every
-- table there is, so a table a later migration adds is covered too; and a table created
-- after the migrations gets no write privilege from the default privileges.
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(9);

/**
 * Tries insert, update and delete on every table in public as the current role, and
 * returns each one that did not fail with "permission denied" (42501).
 */
create function tests.writes_allowed()
returns setof text
language plpgsql
as $$
declare
  t record;
  col text;
begin
  for t in select c.relname from pg_class c
           where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') order by 1 loop
    select a.attname into col from pg_attribute a
    where a.attrelid = ('public.' || quote_ident(t.relname))::regclass and a.attnum > 0 and not a.attisdropped
      and a.attidentity = '' and a.attgenerated = ''
    order by a.attnum limit 1;
    begin
      execute format('insert into public.%I default values', t.relname);
      return next t.relname || ': insert';
    exception when insufficient_privilege then null;
              when others then return next t.relname || ': insert reached ' || sqlstate;
    end;
    begin
      execute format('update public.%I set %I = %I', t.relname, col, col);
      return next t.relname || ': update';
    exception when insufficient_privilege then null;
              when others then return next t.relname || ': update reached ' || sqlstate;
    end;
    if t.relname <> 'interests' then  -- withdraw_interest deletes one's own, through RLS
      begin
        execute format('delete from public.%I', t.relname);
        return next t.relname || ': delete';
      exception when insufficient_privilege then null;
                when others then return next t.relname || ': delete reached ' || sqlstate;
      end;
    end if;
  end loop;
end
$$;
grant execute on function tests.writes_allowed() to anon, authenticated;

select cmp_ok((select count(*)::int from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'), '>=', 18,
  'There are tables to try');

call tests.act_as('anon');
select is_empty($$ select * from tests.writes_allowed() $$, 'anon can write no table in public');
call tests.act_as('resident_a');
select is_empty($$ select * from tests.writes_allowed() $$, 'an anonymous sign-in can write no table in public');
call tests.act_as('owner');
select is_empty($$ select * from tests.writes_allowed() $$, 'an enterprise owner can write no table in public');
call tests.act_as('moderator');
select is_empty($$ select * from tests.writes_allowed() $$, 'a moderator can write no table in public');

-- The attack from the issue: an owner inserting enterprises straight into the table.
call tests.act_as('owner');
select throws_ok($$ insert into public.enterprises (owner_id, name, social_goal, categories, geom)
                    select tests.id('owner'), '<b>Spam</b> ' || i, 'Doing good nearby', array['food'], 'SRID=4326;POINT(151.2 -33.87)'
                    from generate_series(1, 12) i $$,
  '42501', 'permission denied for table enterprises', 'Twelve HTML-named enterprises in Sydney: refused');
select throws_ok($$ insert into public.opportunities (enterprise_id, title, description, commitment)
                    values (tests.id('enterprise_1'), '<script>x</script>', 'Sneaky', 'weekly') $$,
  '42501', 'permission denied for table opportunities', 'An opportunity straight into the table: refused');
reset role;
select is((select count(*)::int from public.enterprises), 2, 'and nothing was written');

-- A table a later migration creates (as the migration role) gets no API write privilege.
create table public.tests_later_table (id int primary key);
select ok(not has_table_privilege('anon', 'public.tests_later_table', 'insert, update, delete')
          and not has_table_privilege('authenticated', 'public.tests_later_table', 'insert, update, delete'),
  'A table created later gets no insert, update or delete for anon or authenticated (default privileges)');

select * from finish();
rollback;
