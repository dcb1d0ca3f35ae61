-- The RLS matrix: each caller × select / insert / update / delete on every table in
-- public, on the shared fixture (_fixtures.sql). Callers act as PostgREST makes them:
-- anon (not signed in); resident A and resident B (anonymous sign-ins); the owner of
-- Beta Bikes & Bites; a planner; a moderator (permanent accounts with user_roles).
-- The API roles hold no table write privilege (20261201001500): every insert, update
-- and delete raises "permission denied", whatever RLS would have said; writes go
-- through the API functions. The one exception is deleting one's own interest
-- (withdraw_interest relies on that policy), where a blocked delete returns zero rows.
-- table_writes.test.sql tries every write on every table, including new ones. Reads are checked as the exact set of rows
-- each caller sees.
-- The API functions are covered per caller in rls_functions.test.sql.
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(407);

-- --------------------------------------------------------------------------------------
-- categories: everyone reads the taxonomy; nobody changes it through the API.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select is((select count(*)::int from public.categories), 17, 'anon: categories: select sees all 17');
select throws_ok($$ insert into public.categories (slug, label, icon, colour, sort_order) values ('made-up', 'Made up', 'x', '#000000', 99) $$,
  '42501', 'permission denied for table categories', 'anon: categories: insert denied (no table writes)');
select throws_ok($$ update public.categories set label = 'Changed' where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'anon: categories: update denied (no table writes)');
select throws_ok($$ delete from public.categories where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'anon: categories: delete denied (no table writes)');

call tests.act_as('resident_a');
select is((select count(*)::int from public.categories), 17, 'resident A: categories: select sees all 17');
select throws_ok($$ insert into public.categories (slug, label, icon, colour, sort_order) values ('made-up', 'Made up', 'x', '#000000', 99) $$,
  '42501', 'permission denied for table categories', 'resident A: categories: insert denied (no table writes)');
select throws_ok($$ update public.categories set label = 'Changed' where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'resident A: categories: update denied (no table writes)');
select throws_ok($$ delete from public.categories where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'resident A: categories: delete denied (no table writes)');

call tests.act_as('resident_b');
select is((select count(*)::int from public.categories), 17, 'resident B: categories: select sees all 17');
select throws_ok($$ insert into public.categories (slug, label, icon, colour, sort_order) values ('made-up', 'Made up', 'x', '#000000', 99) $$,
  '42501', 'permission denied for table categories', 'resident B: categories: insert denied (no table writes)');
select throws_ok($$ update public.categories set label = 'Changed' where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'resident B: categories: update denied (no table writes)');
select throws_ok($$ delete from public.categories where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'resident B: categories: delete denied (no table writes)');

call tests.act_as('owner');
select is((select count(*)::int from public.categories), 17, 'enterprise owner: categories: select sees all 17');
select throws_ok($$ insert into public.categories (slug, label, icon, colour, sort_order) values ('made-up', 'Made up', 'x', '#000000', 99) $$,
  '42501', 'permission denied for table categories', 'enterprise owner: categories: insert denied (no table writes)');
select throws_ok($$ update public.categories set label = 'Changed' where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'enterprise owner: categories: update denied (no table writes)');
select throws_ok($$ delete from public.categories where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'enterprise owner: categories: delete denied (no table writes)');

call tests.act_as('planner');
select is((select count(*)::int from public.categories), 17, 'planner: categories: select sees all 17');
select throws_ok($$ insert into public.categories (slug, label, icon, colour, sort_order) values ('made-up', 'Made up', 'x', '#000000', 99) $$,
  '42501', 'permission denied for table categories', 'planner: categories: insert denied (no table writes)');
select throws_ok($$ update public.categories set label = 'Changed' where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'planner: categories: update denied (no table writes)');
select throws_ok($$ delete from public.categories where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'planner: categories: delete denied (no table writes)');

call tests.act_as('moderator');
select is((select count(*)::int from public.categories), 17, 'moderator: categories: select sees all 17');
select throws_ok($$ insert into public.categories (slug, label, icon, colour, sort_order) values ('made-up', 'Made up', 'x', '#000000', 99) $$,
  '42501', 'permission denied for table categories', 'moderator: categories: insert denied (no table writes)');
select throws_ok($$ update public.categories set label = 'Changed' where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'moderator: categories: update denied (no table writes)');
select throws_ok($$ delete from public.categories where slug = 'food' $$,
  '42501', 'permission denied for table categories', 'moderator: categories: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- user_roles: people read their own powers only; nobody grants or drops one through the API.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select is_empty($$ select user_id, role from public.user_roles $$, 'anon: user_roles: select sees nothing');
select throws_ok($$ insert into public.user_roles (user_id, role) values (tests.id('resident_a'), 'moderator') $$,
  '42501', 'permission denied for table user_roles', 'anon: user_roles: insert (granting themselves moderator) denied (no table writes)');
select throws_ok($$ update public.user_roles set role = 'moderator' where user_id = tests.id('planner') $$,
  '42501', 'permission denied for table user_roles', 'anon: user_roles: update denied (no table writes)');
select throws_ok($$ delete from public.user_roles where user_id = tests.id('moderator') $$,
  '42501', 'permission denied for table user_roles', 'anon: user_roles: delete denied (no table writes)');

call tests.act_as('resident_a');
select is_empty($$ select user_id, role from public.user_roles $$, 'resident A: user_roles: select sees nothing');
select throws_ok($$ insert into public.user_roles (user_id, role) values (tests.id('resident_a'), 'moderator') $$,
  '42501', 'permission denied for table user_roles', 'resident A: user_roles: insert (granting themselves moderator) denied (no table writes)');
select throws_ok($$ update public.user_roles set role = 'moderator' where user_id = tests.id('planner') $$,
  '42501', 'permission denied for table user_roles', 'resident A: user_roles: update denied (no table writes)');
select throws_ok($$ delete from public.user_roles where user_id = tests.id('moderator') $$,
  '42501', 'permission denied for table user_roles', 'resident A: user_roles: delete denied (no table writes)');

call tests.act_as('resident_b');
select is_empty($$ select user_id, role from public.user_roles $$, 'resident B: user_roles: select sees nothing');
select throws_ok($$ insert into public.user_roles (user_id, role) values (tests.id('resident_b'), 'moderator') $$,
  '42501', 'permission denied for table user_roles', 'resident B: user_roles: insert (granting themselves moderator) denied (no table writes)');
select throws_ok($$ update public.user_roles set role = 'moderator' where user_id = tests.id('planner') $$,
  '42501', 'permission denied for table user_roles', 'resident B: user_roles: update denied (no table writes)');
select throws_ok($$ delete from public.user_roles where user_id = tests.id('moderator') $$,
  '42501', 'permission denied for table user_roles', 'resident B: user_roles: delete denied (no table writes)');

call tests.act_as('owner');
select set_eq($$ select user_id, role from public.user_roles $$, $$ values (tests.id('owner'), 'enterprise_owner') $$,
  'enterprise owner: user_roles: select sees only their own role');
select throws_ok($$ insert into public.user_roles (user_id, role) values (tests.id('owner'), 'moderator') $$,
  '42501', 'permission denied for table user_roles', 'enterprise owner: user_roles: insert (granting themselves moderator) denied (no table writes)');
select throws_ok($$ update public.user_roles set role = 'moderator' where user_id = tests.id('owner') $$,
  '42501', 'permission denied for table user_roles', 'enterprise owner: user_roles: update denied (no table writes)');
select throws_ok($$ delete from public.user_roles where user_id = tests.id('owner') $$,
  '42501', 'permission denied for table user_roles', 'enterprise owner: user_roles: delete denied (no table writes)');

call tests.act_as('planner');
select set_eq($$ select user_id, role from public.user_roles $$, $$ values (tests.id('planner'), 'planner') $$,
  'planner: user_roles: select sees only their own role');
select throws_ok($$ insert into public.user_roles (user_id, role) values (tests.id('planner'), 'moderator') $$,
  '42501', 'permission denied for table user_roles', 'planner: user_roles: insert (granting themselves moderator) denied (no table writes)');
select throws_ok($$ update public.user_roles set role = 'moderator' where user_id = tests.id('planner') $$,
  '42501', 'permission denied for table user_roles', 'planner: user_roles: update denied (no table writes)');
select throws_ok($$ delete from public.user_roles where user_id = tests.id('planner') $$,
  '42501', 'permission denied for table user_roles', 'planner: user_roles: delete denied (no table writes)');

call tests.act_as('moderator');
select set_eq($$ select user_id, role from public.user_roles $$, $$ values (tests.id('moderator'), 'moderator') $$,
  'moderator: user_roles: select sees only their own role');
select throws_ok($$ insert into public.user_roles (user_id, role) values (tests.id('moderator'), 'moderator') $$,
  '42501', 'permission denied for table user_roles', 'moderator: user_roles: insert (granting themselves moderator) denied (no table writes)');
select throws_ok($$ update public.user_roles set role = 'moderator' where user_id = tests.id('moderator') $$,
  '42501', 'permission denied for table user_roles', 'moderator: user_roles: update denied (no table writes)');
select throws_ok($$ delete from public.user_roles where user_id = tests.id('moderator') $$,
  '42501', 'permission denied for table user_roles', 'moderator: user_roles: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- profiles: each signed-in person reads their own; nobody writes them through the API.
-- --------------------------------------------------------------------------------------
reset role;
-- Profiles are made by the server (the API roles cannot write them): one per person.
insert into public.profiles (user_id, display_name)
select i.id, i.label from tests.ids i where i.is_anonymous is not null and i.label <> 'unconfirmed';

call tests.act_as('anon');
select throws_ok($$ insert into public.profiles (user_id, display_name) values (tests.id('owner_2'), 'Someone') $$,
  '42501', 'permission denied for table profiles', 'anon: profiles: insert denied (no table writes)');
select is_empty($$ select user_id from public.profiles $$, 'anon: profiles: select sees nothing');
select throws_ok($$ update public.profiles set display_name = 'Changed' where user_id = tests.id('newcomer') $$,
  '42501', 'permission denied for table profiles', 'anon: profiles: update denied (no table writes)');
select throws_ok($$ delete from public.profiles where user_id = tests.id('newcomer') $$,
  '42501', 'permission denied for table profiles', 'anon: profiles: delete denied (no table writes)');

call tests.act_as('resident_a');
select throws_ok($$ insert into public.profiles (user_id, display_name) values (tests.id('resident_a'), 'Me') $$,
  '42501', 'permission denied for table profiles', 'resident A: profiles: insert of their own profile denied (no table writes)');
select throws_ok($$ insert into public.profiles (user_id, display_name) values (tests.id('owner_2'), 'Someone') $$,
  '42501', 'permission denied for table profiles', 'resident A: profiles: insert of someone else''s profile denied (no table writes)');
select set_eq($$ select user_id from public.profiles $$, array[tests.id('resident_a')], 'resident A: profiles: select sees only their own');
select throws_ok($$ update public.profiles set display_name = 'Still me' where user_id = tests.id('resident_a') $$,
  '42501', 'permission denied for table profiles', 'resident A: profiles: update of their own denied (no table writes)');
select throws_ok($$ update public.profiles set display_name = 'Changed' where user_id = tests.id('newcomer') $$,
  '42501', 'permission denied for table profiles', 'resident A: profiles: update of someone else''s denied (no table writes)');
select throws_ok($$ delete from public.profiles where user_id = tests.id('resident_a') $$,
  '42501', 'permission denied for table profiles', 'resident A: profiles: delete, even of their own, denied (no table writes)');

call tests.act_as('resident_b');
select throws_ok($$ insert into public.profiles (user_id, display_name) values (tests.id('resident_b'), 'Me') $$,
  '42501', 'permission denied for table profiles', 'resident B: profiles: insert of their own profile denied (no table writes)');
select throws_ok($$ insert into public.profiles (user_id, display_name) values (tests.id('owner_2'), 'Someone') $$,
  '42501', 'permission denied for table profiles', 'resident B: profiles: insert of someone else''s profile denied (no table writes)');
select set_eq($$ select user_id from public.profiles $$, array[tests.id('resident_b')], 'resident B: profiles: select sees only their own');
select throws_ok($$ update public.profiles set display_name = 'Still me' where user_id = tests.id('resident_b') $$,
  '42501', 'permission denied for table profiles', 'resident B: profiles: update of their own denied (no table writes)');
select throws_ok($$ update public.profiles set display_name = 'Changed' where user_id = tests.id('newcomer') $$,
  '42501', 'permission denied for table profiles', 'resident B: profiles: update of someone else''s denied (no table writes)');
select throws_ok($$ delete from public.profiles where user_id = tests.id('resident_b') $$,
  '42501', 'permission denied for table profiles', 'resident B: profiles: delete, even of their own, denied (no table writes)');

call tests.act_as('owner');
select throws_ok($$ insert into public.profiles (user_id, display_name) values (tests.id('owner'), 'Me') $$,
  '42501', 'permission denied for table profiles', 'enterprise owner: profiles: insert of their own profile denied (no table writes)');
select throws_ok($$ insert into public.profiles (user_id, display_name) values (tests.id('owner_2'), 'Someone') $$,
  '42501', 'permission denied for table profiles', 'enterprise owner: profiles: insert of someone else''s profile denied (no table writes)');
select set_eq($$ select user_id from public.profiles $$, array[tests.id('owner')], 'enterprise owner: profiles: select sees only their own');
select throws_ok($$ update public.profiles set display_name = 'Still me' where user_id = tests.id('owner') $$,
  '42501', 'permission denied for table profiles', 'enterprise owner: profiles: update of their own denied (no table writes)');
select throws_ok($$ update public.profiles set display_name = 'Changed' where user_id = tests.id('newcomer') $$,
  '42501', 'permission denied for table profiles', 'enterprise owner: profiles: update of someone else''s denied (no table writes)');
select throws_ok($$ delete from public.profiles where user_id = tests.id('owner') $$,
  '42501', 'permission denied for table profiles', 'enterprise owner: profiles: delete, even of their own, denied (no table writes)');

call tests.act_as('planner');
select throws_ok($$ insert into public.profiles (user_id, display_name) values (tests.id('planner'), 'Me') $$,
  '42501', 'permission denied for table profiles', 'planner: profiles: insert of their own profile denied (no table writes)');
select throws_ok($$ insert into public.profiles (user_id, display_name) values (tests.id('owner_2'), 'Someone') $$,
  '42501', 'permission denied for table profiles', 'planner: profiles: insert of someone else''s profile denied (no table writes)');
select set_eq($$ select user_id from public.profiles $$, array[tests.id('planner')], 'planner: profiles: select sees only their own');
select throws_ok($$ update public.profiles set display_name = 'Still me' where user_id = tests.id('planner') $$,
  '42501', 'permission denied for table profiles', 'planner: profiles: update of their own denied (no table writes)');
select throws_ok($$ update public.profiles set display_name = 'Changed' where user_id = tests.id('newcomer') $$,
  '42501', 'permission denied for table profiles', 'planner: profiles: update of someone else''s denied (no table writes)');
select throws_ok($$ delete from public.profiles where user_id = tests.id('planner') $$,
  '42501', 'permission denied for table profiles', 'planner: profiles: delete, even of their own, denied (no table writes)');

call tests.act_as('moderator');
select throws_ok($$ insert into public.profiles (user_id, display_name) values (tests.id('moderator'), 'Me') $$,
  '42501', 'permission denied for table profiles', 'moderator: profiles: insert of their own profile denied (no table writes)');
select throws_ok($$ insert into public.profiles (user_id, display_name) values (tests.id('owner_2'), 'Someone') $$,
  '42501', 'permission denied for table profiles', 'moderator: profiles: insert of someone else''s profile denied (no table writes)');
select set_eq($$ select user_id from public.profiles $$, array[tests.id('moderator')], 'moderator: profiles: select sees only their own');
select throws_ok($$ update public.profiles set display_name = 'Still me' where user_id = tests.id('moderator') $$,
  '42501', 'permission denied for table profiles', 'moderator: profiles: update of their own denied (no table writes)');
select throws_ok($$ update public.profiles set display_name = 'Changed' where user_id = tests.id('newcomer') $$,
  '42501', 'permission denied for table profiles', 'moderator: profiles: update of someone else''s denied (no table writes)');
select throws_ok($$ delete from public.profiles where user_id = tests.id('moderator') $$,
  '42501', 'permission denied for table profiles', 'moderator: profiles: delete, even of their own, denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- neighbourhoods: public geography; everyone reads, nobody writes through the API (imports run as the owner).
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select is((select count(*)::int from public.neighbourhoods), 2, 'anon: neighbourhoods: select sees both');
select throws_ok($$ insert into public.neighbourhoods (code, name, geom) values ('T-NEW', 'New', 'SRID=4326;MULTIPOLYGON(((-3.1 53.8,-3.09 53.8,-3.09 53.81,-3.1 53.8)))') $$,
  '42501', 'permission denied for table neighbourhoods', 'anon: neighbourhoods: insert denied (no table writes)');
select throws_ok($$ update public.neighbourhoods set name = 'Renamed' where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'anon: neighbourhoods: update denied (no table writes)');
select throws_ok($$ delete from public.neighbourhoods where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'anon: neighbourhoods: delete denied (no table writes)');

call tests.act_as('resident_a');
select is((select count(*)::int from public.neighbourhoods), 2, 'resident A: neighbourhoods: select sees both');
select throws_ok($$ insert into public.neighbourhoods (code, name, geom) values ('T-NEW', 'New', 'SRID=4326;MULTIPOLYGON(((-3.1 53.8,-3.09 53.8,-3.09 53.81,-3.1 53.8)))') $$,
  '42501', 'permission denied for table neighbourhoods', 'resident A: neighbourhoods: insert denied (no table writes)');
select throws_ok($$ update public.neighbourhoods set name = 'Renamed' where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'resident A: neighbourhoods: update denied (no table writes)');
select throws_ok($$ delete from public.neighbourhoods where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'resident A: neighbourhoods: delete denied (no table writes)');

call tests.act_as('resident_b');
select is((select count(*)::int from public.neighbourhoods), 2, 'resident B: neighbourhoods: select sees both');
select throws_ok($$ insert into public.neighbourhoods (code, name, geom) values ('T-NEW', 'New', 'SRID=4326;MULTIPOLYGON(((-3.1 53.8,-3.09 53.8,-3.09 53.81,-3.1 53.8)))') $$,
  '42501', 'permission denied for table neighbourhoods', 'resident B: neighbourhoods: insert denied (no table writes)');
select throws_ok($$ update public.neighbourhoods set name = 'Renamed' where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'resident B: neighbourhoods: update denied (no table writes)');
select throws_ok($$ delete from public.neighbourhoods where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'resident B: neighbourhoods: delete denied (no table writes)');

call tests.act_as('owner');
select is((select count(*)::int from public.neighbourhoods), 2, 'enterprise owner: neighbourhoods: select sees both');
select throws_ok($$ insert into public.neighbourhoods (code, name, geom) values ('T-NEW', 'New', 'SRID=4326;MULTIPOLYGON(((-3.1 53.8,-3.09 53.8,-3.09 53.81,-3.1 53.8)))') $$,
  '42501', 'permission denied for table neighbourhoods', 'enterprise owner: neighbourhoods: insert denied (no table writes)');
select throws_ok($$ update public.neighbourhoods set name = 'Renamed' where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'enterprise owner: neighbourhoods: update denied (no table writes)');
select throws_ok($$ delete from public.neighbourhoods where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'enterprise owner: neighbourhoods: delete denied (no table writes)');

call tests.act_as('planner');
select is((select count(*)::int from public.neighbourhoods), 2, 'planner: neighbourhoods: select sees both');
select throws_ok($$ insert into public.neighbourhoods (code, name, geom) values ('T-NEW', 'New', 'SRID=4326;MULTIPOLYGON(((-3.1 53.8,-3.09 53.8,-3.09 53.81,-3.1 53.8)))') $$,
  '42501', 'permission denied for table neighbourhoods', 'planner: neighbourhoods: insert denied (no table writes)');
select throws_ok($$ update public.neighbourhoods set name = 'Renamed' where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'planner: neighbourhoods: update denied (no table writes)');
select throws_ok($$ delete from public.neighbourhoods where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'planner: neighbourhoods: delete denied (no table writes)');

call tests.act_as('moderator');
select is((select count(*)::int from public.neighbourhoods), 2, 'moderator: neighbourhoods: select sees both');
select throws_ok($$ insert into public.neighbourhoods (code, name, geom) values ('T-NEW', 'New', 'SRID=4326;MULTIPOLYGON(((-3.1 53.8,-3.09 53.8,-3.09 53.81,-3.1 53.8)))') $$,
  '42501', 'permission denied for table neighbourhoods', 'moderator: neighbourhoods: insert denied (no table writes)');
select throws_ok($$ update public.neighbourhoods set name = 'Renamed' where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'moderator: neighbourhoods: update denied (no table writes)');
select throws_ok($$ delete from public.neighbourhoods where id = tests.id('north') $$,
  '42501', 'permission denied for table neighbourhoods', 'moderator: neighbourhoods: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- streets: public geography; everyone reads, nobody writes through the API (imports run as the owner).
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select is((select count(*)::int from public.streets), 2, 'anon: streets: select sees both');
select throws_ok($$ insert into public.streets (name, geom) values ('New Lane', 'SRID=4326;LINESTRING(-3.05 53.815,-3.049 53.815)') $$,
  '42501', 'permission denied for table streets', 'anon: streets: insert denied (no table writes)');
select throws_ok($$ update public.streets set name = 'Renamed' where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'anon: streets: update denied (no table writes)');
select throws_ok($$ delete from public.streets where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'anon: streets: delete denied (no table writes)');

call tests.act_as('resident_a');
select is((select count(*)::int from public.streets), 2, 'resident A: streets: select sees both');
select throws_ok($$ insert into public.streets (name, geom) values ('New Lane', 'SRID=4326;LINESTRING(-3.05 53.815,-3.049 53.815)') $$,
  '42501', 'permission denied for table streets', 'resident A: streets: insert denied (no table writes)');
select throws_ok($$ update public.streets set name = 'Renamed' where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'resident A: streets: update denied (no table writes)');
select throws_ok($$ delete from public.streets where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'resident A: streets: delete denied (no table writes)');

call tests.act_as('resident_b');
select is((select count(*)::int from public.streets), 2, 'resident B: streets: select sees both');
select throws_ok($$ insert into public.streets (name, geom) values ('New Lane', 'SRID=4326;LINESTRING(-3.05 53.815,-3.049 53.815)') $$,
  '42501', 'permission denied for table streets', 'resident B: streets: insert denied (no table writes)');
select throws_ok($$ update public.streets set name = 'Renamed' where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'resident B: streets: update denied (no table writes)');
select throws_ok($$ delete from public.streets where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'resident B: streets: delete denied (no table writes)');

call tests.act_as('owner');
select is((select count(*)::int from public.streets), 2, 'enterprise owner: streets: select sees both');
select throws_ok($$ insert into public.streets (name, geom) values ('New Lane', 'SRID=4326;LINESTRING(-3.05 53.815,-3.049 53.815)') $$,
  '42501', 'permission denied for table streets', 'enterprise owner: streets: insert denied (no table writes)');
select throws_ok($$ update public.streets set name = 'Renamed' where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'enterprise owner: streets: update denied (no table writes)');
select throws_ok($$ delete from public.streets where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'enterprise owner: streets: delete denied (no table writes)');

call tests.act_as('planner');
select is((select count(*)::int from public.streets), 2, 'planner: streets: select sees both');
select throws_ok($$ insert into public.streets (name, geom) values ('New Lane', 'SRID=4326;LINESTRING(-3.05 53.815,-3.049 53.815)') $$,
  '42501', 'permission denied for table streets', 'planner: streets: insert denied (no table writes)');
select throws_ok($$ update public.streets set name = 'Renamed' where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'planner: streets: update denied (no table writes)');
select throws_ok($$ delete from public.streets where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'planner: streets: delete denied (no table writes)');

call tests.act_as('moderator');
select is((select count(*)::int from public.streets), 2, 'moderator: streets: select sees both');
select throws_ok($$ insert into public.streets (name, geom) values ('New Lane', 'SRID=4326;LINESTRING(-3.05 53.815,-3.049 53.815)') $$,
  '42501', 'permission denied for table streets', 'moderator: streets: insert denied (no table writes)');
select throws_ok($$ update public.streets set name = 'Renamed' where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'moderator: streets: update denied (no table writes)');
select throws_ok($$ delete from public.streets where id = tests.id('street_alpha') $$,
  '42501', 'permission denied for table streets', 'moderator: streets: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- assets: everyone reads; nobody writes them through the API (imports run as the owner).
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select set_eq($$ select id from public.assets $$, array[tests.id('asset_300'), tests.id('asset_500')], 'anon: assets: select sees both');
select throws_ok($$ insert into public.assets (name, categories, geom) values ('New Hall', array['culture'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table assets', 'anon: assets: insert denied (no table writes)');
select throws_ok($$ update public.assets set verified = true where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'anon: assets: update denied (no table writes)');
select throws_ok($$ delete from public.assets where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'anon: assets: delete denied (no table writes)');

call tests.act_as('resident_a');
select set_eq($$ select id from public.assets $$, array[tests.id('asset_300'), tests.id('asset_500')], 'resident A: assets: select sees both');
select throws_ok($$ insert into public.assets (name, categories, geom) values ('New Hall', array['culture'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table assets', 'resident A: assets: insert denied (no table writes)');
select throws_ok($$ update public.assets set verified = true where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'resident A: assets: update denied (no table writes)');
select throws_ok($$ delete from public.assets where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'resident A: assets: delete denied (no table writes)');

call tests.act_as('resident_b');
select set_eq($$ select id from public.assets $$, array[tests.id('asset_300'), tests.id('asset_500')], 'resident B: assets: select sees both');
select throws_ok($$ insert into public.assets (name, categories, geom) values ('New Hall', array['culture'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table assets', 'resident B: assets: insert denied (no table writes)');
select throws_ok($$ update public.assets set verified = true where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'resident B: assets: update denied (no table writes)');
select throws_ok($$ delete from public.assets where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'resident B: assets: delete denied (no table writes)');

call tests.act_as('owner');
select set_eq($$ select id from public.assets $$, array[tests.id('asset_300'), tests.id('asset_500')], 'enterprise owner: assets: select sees both');
select throws_ok($$ insert into public.assets (name, categories, geom) values ('New Hall', array['culture'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table assets', 'enterprise owner: assets: insert denied (no table writes)');
select throws_ok($$ update public.assets set verified = true where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'enterprise owner: assets: update denied (no table writes)');
select throws_ok($$ delete from public.assets where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'enterprise owner: assets: delete denied (no table writes)');

call tests.act_as('planner');
select set_eq($$ select id from public.assets $$, array[tests.id('asset_300'), tests.id('asset_500')], 'planner: assets: select sees both');
select throws_ok($$ insert into public.assets (name, categories, geom) values ('New Hall', array['culture'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table assets', 'planner: assets: insert denied (no table writes)');
select throws_ok($$ update public.assets set verified = true where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'planner: assets: update denied (no table writes)');
select throws_ok($$ delete from public.assets where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'planner: assets: delete denied (no table writes)');

call tests.act_as('moderator');
select set_eq($$ select id from public.assets $$, array[tests.id('asset_300'), tests.id('asset_500')], 'moderator: assets: select sees both');
select throws_ok($$ insert into public.assets (name, categories, geom) values ('New Hall', array['culture'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table assets', 'moderator: assets: insert denied (no table writes)');
select throws_ok($$ update public.assets set verified = true where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'moderator: assets: update (a correction) denied (no table writes)');
select throws_ok($$ delete from public.assets where id = tests.id('asset_300') $$,
  '42501', 'permission denied for table assets', 'moderator: assets: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- enterprises: everyone reads; nobody writes the table (list_enterprise and update_enterprise do, with their checks).
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select set_eq($$ select id from public.enterprises $$, array[tests.id('enterprise_1'), tests.id('enterprise_2')],
  'anon: enterprises: select sees both (paused ones too)');
select throws_ok($$ insert into public.enterprises (owner_id, name, social_goal, categories, geom) values (tests.id('resident_a'), 'New Venture', 'Doing good nearby', array['food'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table enterprises', 'anon: enterprises: insert denied (no table writes)');
select throws_ok($$ update public.enterprises set contact = 'x@example.test' where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'anon: enterprises: update denied (no table writes)');
select throws_ok($$ delete from public.enterprises where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'anon: enterprises: delete denied (no table writes)');

call tests.act_as('resident_a');
select set_eq($$ select id from public.enterprises $$, array[tests.id('enterprise_1'), tests.id('enterprise_2')],
  'resident A: enterprises: select sees both (paused ones too)');
select throws_ok($$ insert into public.enterprises (owner_id, name, social_goal, categories, geom) values (tests.id('resident_a'), 'New Venture', 'Doing good nearby', array['food'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table enterprises', 'resident A: enterprises: insert (anonymous sign-ins get no permanent powers) denied (no table writes)');
select throws_ok($$ update public.enterprises set contact = 'x@example.test' where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'resident A: enterprises: update denied (no table writes)');
select throws_ok($$ delete from public.enterprises where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'resident A: enterprises: delete denied (no table writes)');

call tests.act_as('resident_b');
select set_eq($$ select id from public.enterprises $$, array[tests.id('enterprise_1'), tests.id('enterprise_2')],
  'resident B: enterprises: select sees both (paused ones too)');
select throws_ok($$ insert into public.enterprises (owner_id, name, social_goal, categories, geom) values (tests.id('resident_b'), 'New Venture', 'Doing good nearby', array['food'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table enterprises', 'resident B: enterprises: insert (anonymous sign-ins get no permanent powers) denied (no table writes)');
select throws_ok($$ update public.enterprises set contact = 'x@example.test' where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'resident B: enterprises: update denied (no table writes)');
select throws_ok($$ delete from public.enterprises where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'resident B: enterprises: delete denied (no table writes)');

call tests.act_as('owner');
select set_eq($$ select id from public.enterprises $$, array[tests.id('enterprise_1'), tests.id('enterprise_2')],
  'enterprise owner: enterprises: select sees both (paused ones too)');
select throws_ok($$ insert into public.enterprises (owner_id, name, social_goal, categories, geom) values (tests.id('owner'), 'New Venture', 'Doing good nearby', array['food'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table enterprises', 'enterprise owner: enterprises: insert of one they own denied (no table writes)');
reset role; delete from public.enterprises where name = 'New Venture';  -- later callers see the fixture only
call tests.act_as('owner');
select throws_ok($$ insert into public.enterprises (owner_id, name, social_goal, categories, geom) values (tests.id('owner_2'), 'Not Mine', 'Doing good nearby', array['food'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table enterprises', 'enterprise owner: enterprises: insert in someone else''s name denied (no table writes)');
select throws_ok($$ update public.enterprises set contact = 'new@betabikes.example' where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'enterprise owner: enterprises: update of their own denied (no table writes)');
select throws_ok($$ update public.enterprises set contact = 'x@example.test' where id = tests.id('enterprise_2') $$,
  '42501', 'permission denied for table enterprises', 'enterprise owner: enterprises: update of another owner''s denied (no table writes)');
select throws_ok($$ update public.enterprises set owner_id = tests.id('owner_2') where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'enterprise owner: enterprises: handing their enterprise to someone else denied (no table writes)');
select throws_ok($$ delete from public.enterprises where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'enterprise owner: enterprises: delete denied (no table writes)');

call tests.act_as('planner');
select set_eq($$ select id from public.enterprises $$, array[tests.id('enterprise_1'), tests.id('enterprise_2')],
  'planner: enterprises: select sees both (paused ones too)');
select throws_ok($$ insert into public.enterprises (owner_id, name, social_goal, categories, geom) values (tests.id('planner'), 'New Venture', 'Doing good nearby', array['food'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table enterprises', 'planner: enterprises: insert of one they own denied (no table writes)');
reset role; delete from public.enterprises where name = 'New Venture';  -- later callers see the fixture only
call tests.act_as('planner');
select throws_ok($$ update public.enterprises set contact = 'x@example.test' where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'planner: enterprises: update denied (no table writes)');
select throws_ok($$ delete from public.enterprises where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'planner: enterprises: delete denied (no table writes)');

call tests.act_as('moderator');
select set_eq($$ select id from public.enterprises $$, array[tests.id('enterprise_1'), tests.id('enterprise_2')],
  'moderator: enterprises: select sees both (paused ones too)');
select throws_ok($$ insert into public.enterprises (owner_id, name, social_goal, categories, geom) values (tests.id('moderator'), 'New Venture', 'Doing good nearby', array['food'], 'SRID=4326;POINT(-3.05 53.82)') $$,
  '42501', 'permission denied for table enterprises', 'moderator: enterprises: insert of one they own denied (no table writes)');
reset role; delete from public.enterprises where name = 'New Venture';  -- later callers see the fixture only
call tests.act_as('moderator');
select throws_ok($$ update public.enterprises set contact = 'x@example.test' where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'moderator: enterprises: update denied (no table writes)');
select throws_ok($$ delete from public.enterprises where id = tests.id('enterprise_1') $$,
  '42501', 'permission denied for table enterprises', 'moderator: enterprises: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- opportunities: everyone reads; nobody writes the table (add_opportunity and set_opportunity_status do).
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select set_eq($$ select id from public.opportunities $$,
  array[tests.id('opportunity_1'), tests.id('opportunity_closed'), tests.id('opportunity_2')], 'anon: opportunities: select sees all three (closed too)');
select throws_ok($$ insert into public.opportunities (enterprise_id, title, description, commitment) values (tests.id('enterprise_1'), 'Helper', 'Help out with us.', 'flexible') $$,
  '42501', 'permission denied for table opportunities', 'anon: opportunities: insert denied (no table writes)');
select throws_ok($$ update public.opportunities set title = 'Taken over' where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'anon: opportunities: update denied (no table writes)');
select throws_ok($$ delete from public.opportunities where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'anon: opportunities: delete denied (no table writes)');

call tests.act_as('resident_a');
select set_eq($$ select id from public.opportunities $$,
  array[tests.id('opportunity_1'), tests.id('opportunity_closed'), tests.id('opportunity_2')], 'resident A: opportunities: select sees all three (closed too)');
select throws_ok($$ insert into public.opportunities (enterprise_id, title, description, commitment) values (tests.id('enterprise_1'), 'Helper', 'Help out with us.', 'flexible') $$,
  '42501', 'permission denied for table opportunities', 'resident A: opportunities: insert denied (no table writes)');
select throws_ok($$ update public.opportunities set title = 'Taken over' where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'resident A: opportunities: update denied (no table writes)');
select throws_ok($$ delete from public.opportunities where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'resident A: opportunities: delete denied (no table writes)');

call tests.act_as('resident_b');
select set_eq($$ select id from public.opportunities $$,
  array[tests.id('opportunity_1'), tests.id('opportunity_closed'), tests.id('opportunity_2')], 'resident B: opportunities: select sees all three (closed too)');
select throws_ok($$ insert into public.opportunities (enterprise_id, title, description, commitment) values (tests.id('enterprise_1'), 'Helper', 'Help out with us.', 'flexible') $$,
  '42501', 'permission denied for table opportunities', 'resident B: opportunities: insert denied (no table writes)');
select throws_ok($$ update public.opportunities set title = 'Taken over' where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'resident B: opportunities: update denied (no table writes)');
select throws_ok($$ delete from public.opportunities where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'resident B: opportunities: delete denied (no table writes)');

call tests.act_as('owner');
select set_eq($$ select id from public.opportunities $$,
  array[tests.id('opportunity_1'), tests.id('opportunity_closed'), tests.id('opportunity_2')], 'enterprise owner: opportunities: select sees all three (closed too)');
select throws_ok($$ insert into public.opportunities (enterprise_id, title, description, commitment) values (tests.id('enterprise_1'), 'Helper', 'Help out with us.', 'flexible') $$,
  '42501', 'permission denied for table opportunities', 'enterprise owner: opportunities: insert into their own enterprise denied (no table writes)');
reset role; delete from public.opportunities where title = 'Helper';  -- later callers see the fixture only
call tests.act_as('owner');
select throws_ok($$ insert into public.opportunities (enterprise_id, title, description, commitment) values (tests.id('enterprise_2'), 'Helper', 'Help out with us.', 'flexible') $$,
  '42501', 'permission denied for table opportunities', 'enterprise owner: opportunities: insert into another owner''s enterprise denied (no table writes)');
select throws_ok($$ update public.opportunities set title = 'Bike mechanic trainee' where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'enterprise owner: opportunities: update of their own denied (no table writes)');
select throws_ok($$ update public.opportunities set title = 'Taken over' where id = tests.id('opportunity_2') $$,
  '42501', 'permission denied for table opportunities', 'enterprise owner: opportunities: update of another owner''s denied (no table writes)');
select throws_ok($$ update public.opportunities set enterprise_id = tests.id('enterprise_2') where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'enterprise owner: opportunities: moving one into another owner''s enterprise denied (no table writes)');
select throws_ok($$ delete from public.opportunities where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'enterprise owner: opportunities: delete denied (no table writes)');

call tests.act_as('planner');
select set_eq($$ select id from public.opportunities $$,
  array[tests.id('opportunity_1'), tests.id('opportunity_closed'), tests.id('opportunity_2')], 'planner: opportunities: select sees all three (closed too)');
select throws_ok($$ insert into public.opportunities (enterprise_id, title, description, commitment) values (tests.id('enterprise_1'), 'Helper', 'Help out with us.', 'flexible') $$,
  '42501', 'permission denied for table opportunities', 'planner: opportunities: insert denied (no table writes)');
select throws_ok($$ update public.opportunities set title = 'Taken over' where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'planner: opportunities: update denied (no table writes)');
select throws_ok($$ delete from public.opportunities where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'planner: opportunities: delete denied (no table writes)');

call tests.act_as('moderator');
select set_eq($$ select id from public.opportunities $$,
  array[tests.id('opportunity_1'), tests.id('opportunity_closed'), tests.id('opportunity_2')], 'moderator: opportunities: select sees all three (closed too)');
select throws_ok($$ insert into public.opportunities (enterprise_id, title, description, commitment) values (tests.id('enterprise_1'), 'Helper', 'Help out with us.', 'flexible') $$,
  '42501', 'permission denied for table opportunities', 'moderator: opportunities: insert denied (no table writes)');
select throws_ok($$ update public.opportunities set title = 'Taken over' where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'moderator: opportunities: update denied (no table writes)');
select throws_ok($$ delete from public.opportunities where id = tests.id('opportunity_1') $$,
  '42501', 'permission denied for table opportunities', 'moderator: opportunities: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- needs: the public half. Everyone reads visible needs; authors also their hidden ones,
-- moderators all. Every write goes through the API functions (definer helpers).
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select set_eq($$ select id from public.needs $$, array[tests.id('need_a'), tests.id('need_b')], 'anon: needs: select sees the two visible needs');
select throws_ok($$ insert into public.needs (id, category, body, street_id, public_geom) values (gen_random_uuid(), 'food', 'Straight into the table', tests.id('street_alpha'), 'SRID=4326;POINT(-3.05 53.8205)') $$,
  '42501', 'permission denied for table needs', 'anon: needs: insert (pin_need is the way) denied (no table writes)');
select throws_ok($$ update public.needs set status = 'met' where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'anon: needs: update denied (no table writes)');
select throws_ok($$ delete from public.needs where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'anon: needs: delete denied (no table writes)');

call tests.act_as('resident_a');
select set_eq($$ select id from public.needs $$, array[tests.id('need_a'), tests.id('need_b'), tests.id('need_hidden')], 'resident A: needs: select sees the visible needs and their own hidden one');
select throws_ok($$ insert into public.needs (id, category, body, street_id, public_geom) values (gen_random_uuid(), 'food', 'Straight into the table', tests.id('street_alpha'), 'SRID=4326;POINT(-3.05 53.8205)') $$,
  '42501', 'permission denied for table needs', 'resident A: needs: insert (pin_need is the way) denied (no table writes)');
select throws_ok($$ update public.needs set status = 'met' where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'resident A: needs: update even of their own denied (no table writes)');
select throws_ok($$ delete from public.needs where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'resident A: needs: delete even of their own denied (no table writes)');

call tests.act_as('resident_b');
select set_eq($$ select id from public.needs $$, array[tests.id('need_a'), tests.id('need_b')], 'resident B: needs: select sees the two visible needs');
select throws_ok($$ insert into public.needs (id, category, body, street_id, public_geom) values (gen_random_uuid(), 'food', 'Straight into the table', tests.id('street_alpha'), 'SRID=4326;POINT(-3.05 53.8205)') $$,
  '42501', 'permission denied for table needs', 'resident B: needs: insert (pin_need is the way) denied (no table writes)');
select throws_ok($$ update public.needs set status = 'met' where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'resident B: needs: update denied (no table writes)');
select throws_ok($$ delete from public.needs where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'resident B: needs: delete denied (no table writes)');

call tests.act_as('owner');
select set_eq($$ select id from public.needs $$, array[tests.id('need_a'), tests.id('need_b')], 'enterprise owner: needs: select sees the two visible needs');
select throws_ok($$ insert into public.needs (id, category, body, street_id, public_geom) values (gen_random_uuid(), 'food', 'Straight into the table', tests.id('street_alpha'), 'SRID=4326;POINT(-3.05 53.8205)') $$,
  '42501', 'permission denied for table needs', 'enterprise owner: needs: insert (pin_need is the way) denied (no table writes)');
select throws_ok($$ update public.needs set status = 'met' where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'enterprise owner: needs: update denied (no table writes)');
select throws_ok($$ delete from public.needs where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'enterprise owner: needs: delete denied (no table writes)');

call tests.act_as('planner');
select set_eq($$ select id from public.needs $$, array[tests.id('need_a'), tests.id('need_b')], 'planner: needs: select sees the two visible needs');
select throws_ok($$ insert into public.needs (id, category, body, street_id, public_geom) values (gen_random_uuid(), 'food', 'Straight into the table', tests.id('street_alpha'), 'SRID=4326;POINT(-3.05 53.8205)') $$,
  '42501', 'permission denied for table needs', 'planner: needs: insert (pin_need is the way) denied (no table writes)');
select throws_ok($$ update public.needs set status = 'met' where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'planner: needs: update denied (no table writes)');
select throws_ok($$ delete from public.needs where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'planner: needs: delete denied (no table writes)');

call tests.act_as('moderator');
select set_eq($$ select id from public.needs $$, array[tests.id('need_a'), tests.id('need_b'), tests.id('need_hidden')], 'moderator: needs: select sees all three needs, the hidden one too');
select throws_ok($$ insert into public.needs (id, category, body, street_id, public_geom) values (gen_random_uuid(), 'food', 'Straight into the table', tests.id('street_alpha'), 'SRID=4326;POINT(-3.05 53.8205)') $$,
  '42501', 'permission denied for table needs', 'moderator: needs: insert (pin_need is the way) denied (no table writes)');
select throws_ok($$ update public.needs set status = 'met' where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'moderator: needs: update denied (no table writes)');
select throws_ok($$ delete from public.needs where id = tests.id('need_a') $$,
  '42501', 'permission denied for table needs', 'moderator: needs: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- need_private: the exact point and author. Only the author and moderators read a row;
-- nobody writes through the API.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select is_empty($$ select need_id, exact_geom from public.need_private $$, 'anon: need_private: select sees nothing');
select throws_ok($$ insert into public.need_private (need_id, author_id, exact_geom, snap_distance_m) values (tests.id('need_b'), tests.id('resident_a'), 'SRID=4326;POINT(-3.05 53.82)', 0) $$,
  '42501', 'permission denied for table need_private', 'anon: need_private: insert (claiming a need) denied (no table writes)');
select throws_ok($$ update public.need_private set exact_geom = 'SRID=4326;POINT(-3.05 53.82)' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'anon: need_private: update denied (no table writes)');
select throws_ok($$ delete from public.need_private where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'anon: need_private: delete denied (no table writes)');

call tests.act_as('resident_a');
select set_eq($$ select need_id from public.need_private $$, array[tests.id('need_a'), tests.id('need_hidden')], 'resident A: need_private: select sees only the exact points of their own needs');
select throws_ok($$ insert into public.need_private (need_id, author_id, exact_geom, snap_distance_m) values (tests.id('need_b'), tests.id('resident_a'), 'SRID=4326;POINT(-3.05 53.82)', 0) $$,
  '42501', 'permission denied for table need_private', 'resident A: need_private: insert (claiming a need) denied (no table writes)');
select throws_ok($$ update public.need_private set exact_geom = 'SRID=4326;POINT(-3.05 53.82)' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'resident A: need_private: update denied (no table writes)');
select throws_ok($$ delete from public.need_private where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'resident A: need_private: delete denied (no table writes)');

call tests.act_as('resident_b');
select set_eq($$ select need_id from public.need_private $$, array[tests.id('need_b')], 'resident B: need_private: select sees only the exact points of their own needs');
select throws_ok($$ insert into public.need_private (need_id, author_id, exact_geom, snap_distance_m) values (tests.id('need_b'), tests.id('resident_b'), 'SRID=4326;POINT(-3.05 53.82)', 0) $$,
  '42501', 'permission denied for table need_private', 'resident B: need_private: insert (claiming a need) denied (no table writes)');
select throws_ok($$ update public.need_private set exact_geom = 'SRID=4326;POINT(-3.05 53.82)' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'resident B: need_private: update denied (no table writes)');
select throws_ok($$ delete from public.need_private where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'resident B: need_private: delete denied (no table writes)');

call tests.act_as('owner');
select is_empty($$ select need_id, exact_geom from public.need_private $$, 'enterprise owner: need_private: select sees nothing');
select throws_ok($$ insert into public.need_private (need_id, author_id, exact_geom, snap_distance_m) values (tests.id('need_b'), tests.id('owner'), 'SRID=4326;POINT(-3.05 53.82)', 0) $$,
  '42501', 'permission denied for table need_private', 'enterprise owner: need_private: insert (claiming a need) denied (no table writes)');
select throws_ok($$ update public.need_private set exact_geom = 'SRID=4326;POINT(-3.05 53.82)' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'enterprise owner: need_private: update denied (no table writes)');
select throws_ok($$ delete from public.need_private where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'enterprise owner: need_private: delete denied (no table writes)');

call tests.act_as('planner');
select is_empty($$ select need_id, exact_geom from public.need_private $$, 'planner: need_private: select sees nothing');
select throws_ok($$ insert into public.need_private (need_id, author_id, exact_geom, snap_distance_m) values (tests.id('need_b'), tests.id('planner'), 'SRID=4326;POINT(-3.05 53.82)', 0) $$,
  '42501', 'permission denied for table need_private', 'planner: need_private: insert (claiming a need) denied (no table writes)');
select throws_ok($$ update public.need_private set exact_geom = 'SRID=4326;POINT(-3.05 53.82)' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'planner: need_private: update denied (no table writes)');
select throws_ok($$ delete from public.need_private where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'planner: need_private: delete denied (no table writes)');

call tests.act_as('moderator');
select set_eq($$ select need_id from public.need_private $$, array[tests.id('need_a'), tests.id('need_b'), tests.id('need_hidden')], 'moderator: need_private: select sees every exact point');
select throws_ok($$ insert into public.need_private (need_id, author_id, exact_geom, snap_distance_m) values (tests.id('need_b'), tests.id('moderator'), 'SRID=4326;POINT(-3.05 53.82)', 0) $$,
  '42501', 'permission denied for table need_private', 'moderator: need_private: insert (claiming a need) denied (no table writes)');
select throws_ok($$ update public.need_private set exact_geom = 'SRID=4326;POINT(-3.05 53.82)' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'moderator: need_private: update denied (no table writes)');
select throws_ok($$ delete from public.need_private where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_private', 'moderator: need_private: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- need_supports: who said "me too". People read their own supports only; support_need and
-- unsupport_need are the only way to add or remove one.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select is_empty($$ select need_id, user_id from public.need_supports $$, 'anon: need_supports: select sees nothing');
select throws_ok($$ insert into public.need_supports (need_id, user_id) values (tests.id('need_b'), tests.id('resident_a')) $$,
  '42501', 'permission denied for table need_supports', 'anon: need_supports: insert denied (no table writes)');
select throws_ok($$ update public.need_supports set created_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'anon: need_supports: update denied (no table writes)');
select throws_ok($$ delete from public.need_supports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'anon: need_supports: delete denied (no table writes)');

call tests.act_as('resident_a');
select is_empty($$ select need_id, user_id from public.need_supports $$, 'resident A: need_supports: select sees nothing (not even who supported their own need)');
select throws_ok($$ insert into public.need_supports (need_id, user_id) values (tests.id('need_b'), tests.id('resident_a')) $$,
  '42501', 'permission denied for table need_supports', 'resident A: need_supports: insert denied (no table writes)');
select throws_ok($$ update public.need_supports set created_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'resident A: need_supports: update denied (no table writes)');
select throws_ok($$ delete from public.need_supports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'resident A: need_supports: delete denied (no table writes)');

call tests.act_as('resident_b');
select set_eq($$ select need_id, user_id from public.need_supports $$, $$ values (tests.id('need_a'), tests.id('resident_b')) $$,
  'resident B: need_supports: select sees only their own support');
select throws_ok($$ insert into public.need_supports (need_id, user_id) values (tests.id('need_b'), tests.id('resident_b')) $$,
  '42501', 'permission denied for table need_supports', 'resident B: need_supports: insert denied (no table writes)');
select throws_ok($$ update public.need_supports set created_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'resident B: need_supports: update denied (no table writes)');
select throws_ok($$ delete from public.need_supports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'resident B: need_supports: delete of their own support denied (no table writes)');

call tests.act_as('owner');
select is_empty($$ select need_id, user_id from public.need_supports $$, 'enterprise owner: need_supports: select sees nothing');
select throws_ok($$ insert into public.need_supports (need_id, user_id) values (tests.id('need_b'), tests.id('owner')) $$,
  '42501', 'permission denied for table need_supports', 'enterprise owner: need_supports: insert denied (no table writes)');
select throws_ok($$ update public.need_supports set created_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'enterprise owner: need_supports: update denied (no table writes)');
select throws_ok($$ delete from public.need_supports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'enterprise owner: need_supports: delete denied (no table writes)');

call tests.act_as('planner');
select is_empty($$ select need_id, user_id from public.need_supports $$, 'planner: need_supports: select sees nothing');
select throws_ok($$ insert into public.need_supports (need_id, user_id) values (tests.id('need_b'), tests.id('planner')) $$,
  '42501', 'permission denied for table need_supports', 'planner: need_supports: insert denied (no table writes)');
select throws_ok($$ update public.need_supports set created_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'planner: need_supports: update denied (no table writes)');
select throws_ok($$ delete from public.need_supports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'planner: need_supports: delete denied (no table writes)');

call tests.act_as('moderator');
select is_empty($$ select need_id, user_id from public.need_supports $$, 'moderator: need_supports: select sees nothing');
select throws_ok($$ insert into public.need_supports (need_id, user_id) values (tests.id('need_b'), tests.id('moderator')) $$,
  '42501', 'permission denied for table need_supports', 'moderator: need_supports: insert denied (no table writes)');
select throws_ok($$ update public.need_supports set created_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'moderator: need_supports: update denied (no table writes)');
select throws_ok($$ delete from public.need_supports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_supports', 'moderator: need_supports: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- need_events: the public history of the needs a caller can see, without actor_id;
-- written only by the definer helpers.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select set_eq($$ select need_id from public.need_events $$, array[tests.id('need_a'), tests.id('need_b')], 'anon: need_events: select sees the history of the needs they can see');
select throws_ok($$ select actor_id from public.need_events $$, '42501', 'permission denied for table need_events',
  'anon: need_events: select of actor_id (who acted) denied');
select throws_ok($$ insert into public.need_events (need_id, to_status, actor_role) values (tests.id('need_a'), 'met', 'author') $$,
  '42501', 'permission denied for table need_events', 'anon: need_events: insert denied (no table writes)');
select throws_ok($$ update public.need_events set to_status = 'met' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'anon: need_events: update denied (no table writes)');
select throws_ok($$ delete from public.need_events where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'anon: need_events: delete denied (no table writes)');

call tests.act_as('resident_a');
select set_eq($$ select need_id from public.need_events $$, array[tests.id('need_a'), tests.id('need_b'), tests.id('need_hidden')], 'resident A: need_events: select sees the history of the needs they can see');
select throws_ok($$ select actor_id from public.need_events $$, '42501', 'permission denied for table need_events',
  'resident A: need_events: select of actor_id (who acted) denied');
select throws_ok($$ insert into public.need_events (need_id, to_status, actor_role) values (tests.id('need_a'), 'met', 'author') $$,
  '42501', 'permission denied for table need_events', 'resident A: need_events: insert denied (no table writes)');
select throws_ok($$ update public.need_events set to_status = 'met' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'resident A: need_events: update denied (no table writes)');
select throws_ok($$ delete from public.need_events where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'resident A: need_events: delete denied (no table writes)');

call tests.act_as('resident_b');
select set_eq($$ select need_id from public.need_events $$, array[tests.id('need_a'), tests.id('need_b')], 'resident B: need_events: select sees the history of the needs they can see');
select throws_ok($$ select actor_id from public.need_events $$, '42501', 'permission denied for table need_events',
  'resident B: need_events: select of actor_id (who acted) denied');
select throws_ok($$ insert into public.need_events (need_id, to_status, actor_role) values (tests.id('need_a'), 'met', 'author') $$,
  '42501', 'permission denied for table need_events', 'resident B: need_events: insert denied (no table writes)');
select throws_ok($$ update public.need_events set to_status = 'met' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'resident B: need_events: update denied (no table writes)');
select throws_ok($$ delete from public.need_events where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'resident B: need_events: delete denied (no table writes)');

call tests.act_as('owner');
select set_eq($$ select need_id from public.need_events $$, array[tests.id('need_a'), tests.id('need_b')], 'enterprise owner: need_events: select sees the history of the needs they can see');
select throws_ok($$ select actor_id from public.need_events $$, '42501', 'permission denied for table need_events',
  'enterprise owner: need_events: select of actor_id (who acted) denied');
select throws_ok($$ insert into public.need_events (need_id, to_status, actor_role) values (tests.id('need_a'), 'met', 'author') $$,
  '42501', 'permission denied for table need_events', 'enterprise owner: need_events: insert denied (no table writes)');
select throws_ok($$ update public.need_events set to_status = 'met' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'enterprise owner: need_events: update denied (no table writes)');
select throws_ok($$ delete from public.need_events where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'enterprise owner: need_events: delete denied (no table writes)');

call tests.act_as('planner');
select set_eq($$ select need_id from public.need_events $$, array[tests.id('need_a'), tests.id('need_b')], 'planner: need_events: select sees the history of the needs they can see');
select throws_ok($$ select actor_id from public.need_events $$, '42501', 'permission denied for table need_events',
  'planner: need_events: select of actor_id (who acted) denied');
select throws_ok($$ insert into public.need_events (need_id, to_status, actor_role) values (tests.id('need_a'), 'met', 'author') $$,
  '42501', 'permission denied for table need_events', 'planner: need_events: insert denied (no table writes)');
select throws_ok($$ update public.need_events set to_status = 'met' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'planner: need_events: update denied (no table writes)');
select throws_ok($$ delete from public.need_events where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'planner: need_events: delete denied (no table writes)');

call tests.act_as('moderator');
select set_eq($$ select need_id from public.need_events $$, array[tests.id('need_a'), tests.id('need_b'), tests.id('need_hidden')], 'moderator: need_events: select sees the history of the needs they can see');
select throws_ok($$ select actor_id from public.need_events $$, '42501', 'permission denied for table need_events',
  'moderator: need_events: select of actor_id (who acted) denied');
select throws_ok($$ insert into public.need_events (need_id, to_status, actor_role) values (tests.id('need_a'), 'met', 'author') $$,
  '42501', 'permission denied for table need_events', 'moderator: need_events: insert denied (no table writes)');
select throws_ok($$ update public.need_events set to_status = 'met' where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'moderator: need_events: update denied (no table writes)');
select throws_ok($$ delete from public.need_events where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_events', 'moderator: need_events: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- need_reports: reports of abusive or wrong needs. Reporters read their own, moderators all;
-- report_need, hide_need and restore_need are the only writers.
-- --------------------------------------------------------------------------------------
reset role;
insert into public.need_reports (need_id, reporter_id, reason) values (tests.id('need_a'), tests.id('resident_b'), 'This looks like an advert.');

call tests.act_as('anon');
select is_empty($$ select need_id, reporter_id from public.need_reports $$, 'anon: need_reports: select sees nothing');
select throws_ok($$ insert into public.need_reports (need_id, reporter_id, reason) values (tests.id('need_b'), tests.id('resident_a'), 'Reported straight into the table.') $$,
  '42501', 'permission denied for table need_reports', 'anon: need_reports: insert (report_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_reports set resolved_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'anon: need_reports: update denied (no table writes)');
select throws_ok($$ delete from public.need_reports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'anon: need_reports: delete denied (no table writes)');

call tests.act_as('resident_a');
select is_empty($$ select need_id, reporter_id from public.need_reports $$, 'resident A: need_reports: select sees nothing (not even who reported their own need)');
select throws_ok($$ insert into public.need_reports (need_id, reporter_id, reason) values (tests.id('need_b'), tests.id('resident_a'), 'Reported straight into the table.') $$,
  '42501', 'permission denied for table need_reports', 'resident A: need_reports: insert (report_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_reports set resolved_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'resident A: need_reports: update denied (no table writes)');
select throws_ok($$ delete from public.need_reports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'resident A: need_reports: delete denied (no table writes)');

call tests.act_as('resident_b');
select set_eq($$ select need_id, reporter_id from public.need_reports $$, $$ values (tests.id('need_a'), tests.id('resident_b')) $$,
  'resident B: need_reports: select sees only their own report');
select throws_ok($$ insert into public.need_reports (need_id, reporter_id, reason) values (tests.id('need_b'), tests.id('resident_b'), 'Reported straight into the table.') $$,
  '42501', 'permission denied for table need_reports', 'resident B: need_reports: insert (report_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_reports set resolved_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'resident B: need_reports: update denied (no table writes)');
select throws_ok($$ delete from public.need_reports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'resident B: need_reports: delete denied (no table writes)');

call tests.act_as('owner');
select is_empty($$ select need_id, reporter_id from public.need_reports $$, 'enterprise owner: need_reports: select sees nothing');
select throws_ok($$ insert into public.need_reports (need_id, reporter_id, reason) values (tests.id('need_b'), tests.id('owner'), 'Reported straight into the table.') $$,
  '42501', 'permission denied for table need_reports', 'enterprise owner: need_reports: insert (report_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_reports set resolved_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'enterprise owner: need_reports: update denied (no table writes)');
select throws_ok($$ delete from public.need_reports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'enterprise owner: need_reports: delete denied (no table writes)');

call tests.act_as('planner');
select is_empty($$ select need_id, reporter_id from public.need_reports $$, 'planner: need_reports: select sees nothing');
select throws_ok($$ insert into public.need_reports (need_id, reporter_id, reason) values (tests.id('need_b'), tests.id('planner'), 'Reported straight into the table.') $$,
  '42501', 'permission denied for table need_reports', 'planner: need_reports: insert (report_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_reports set resolved_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'planner: need_reports: update denied (no table writes)');
select throws_ok($$ delete from public.need_reports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'planner: need_reports: delete denied (no table writes)');

call tests.act_as('moderator');
select set_eq($$ select need_id, reporter_id from public.need_reports $$, $$ values (tests.id('need_a'), tests.id('resident_b')) $$,
  'moderator: need_reports: select sees every report');
select throws_ok($$ insert into public.need_reports (need_id, reporter_id, reason) values (tests.id('need_b'), tests.id('moderator'), 'Reported straight into the table.') $$,
  '42501', 'permission denied for table need_reports', 'moderator: need_reports: insert (report_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_reports set resolved_at = now() where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'moderator: need_reports: update denied (no table writes)');
select throws_ok($$ delete from public.need_reports where need_id = tests.id('need_a') $$,
  '42501', 'permission denied for table need_reports', 'moderator: need_reports: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- need_adoptions: who is on a need (private; which enterprise is public on needs). Adopters
-- read their own, moderators all; the API roles hold no write privilege, so writes are errors.
-- --------------------------------------------------------------------------------------
reset role;
insert into public.need_adoptions (need_id, adopter_id, enterprise_id) values (tests.id('need_b'), tests.id('owner'), tests.id('enterprise_1'));

call tests.act_as('anon');
select is_empty($$ select need_id, adopter_id from public.need_adoptions $$, 'anon: need_adoptions: select sees nothing');
select throws_ok($$ insert into public.need_adoptions (need_id, adopter_id) values (tests.id('need_a'), tests.id('resident_a')) $$,
  '42501', 'permission denied for table need_adoptions', 'anon: need_adoptions: insert (adopt_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_adoptions set adopter_id = tests.id('resident_a') where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'anon: need_adoptions: update denied (no table writes)');
select throws_ok($$ delete from public.need_adoptions where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'anon: need_adoptions: delete denied (no table writes)');

call tests.act_as('resident_a');
select is_empty($$ select need_id, adopter_id from public.need_adoptions $$, 'resident A: need_adoptions: select sees nothing');
select throws_ok($$ insert into public.need_adoptions (need_id, adopter_id) values (tests.id('need_a'), tests.id('resident_a')) $$,
  '42501', 'permission denied for table need_adoptions', 'resident A: need_adoptions: insert (adopt_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_adoptions set adopter_id = tests.id('resident_a') where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'resident A: need_adoptions: update denied (no table writes)');
select throws_ok($$ delete from public.need_adoptions where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'resident A: need_adoptions: delete denied (no table writes)');

call tests.act_as('resident_b');
select is_empty($$ select need_id, adopter_id from public.need_adoptions $$, 'resident B: need_adoptions: select sees nothing (not even who adopted their own need)');
select throws_ok($$ insert into public.need_adoptions (need_id, adopter_id) values (tests.id('need_a'), tests.id('resident_b')) $$,
  '42501', 'permission denied for table need_adoptions', 'resident B: need_adoptions: insert (adopt_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_adoptions set adopter_id = tests.id('resident_b') where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'resident B: need_adoptions: update denied (no table writes)');
select throws_ok($$ delete from public.need_adoptions where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'resident B: need_adoptions: delete denied (no table writes)');

call tests.act_as('owner');
select set_eq($$ select need_id, adopter_id from public.need_adoptions $$, $$ values (tests.id('need_b'), tests.id('owner')) $$,
  'enterprise owner: need_adoptions: select sees their own adoption');
select throws_ok($$ insert into public.need_adoptions (need_id, adopter_id) values (tests.id('need_a'), tests.id('owner')) $$,
  '42501', 'permission denied for table need_adoptions', 'enterprise owner: need_adoptions: insert (adopt_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_adoptions set adopter_id = tests.id('owner') where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'enterprise owner: need_adoptions: update denied (no table writes)');
select throws_ok($$ delete from public.need_adoptions where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'enterprise owner: need_adoptions: delete denied (no table writes)');

call tests.act_as('planner');
select is_empty($$ select need_id, adopter_id from public.need_adoptions $$, 'planner: need_adoptions: select sees nothing');
select throws_ok($$ insert into public.need_adoptions (need_id, adopter_id) values (tests.id('need_a'), tests.id('planner')) $$,
  '42501', 'permission denied for table need_adoptions', 'planner: need_adoptions: insert (adopt_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_adoptions set adopter_id = tests.id('planner') where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'planner: need_adoptions: update denied (no table writes)');
select throws_ok($$ delete from public.need_adoptions where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'planner: need_adoptions: delete denied (no table writes)');

call tests.act_as('moderator');
select set_eq($$ select need_id, adopter_id from public.need_adoptions $$, $$ values (tests.id('need_b'), tests.id('owner')) $$,
  'moderator: need_adoptions: select sees every adoption');
select throws_ok($$ insert into public.need_adoptions (need_id, adopter_id) values (tests.id('need_a'), tests.id('moderator')) $$,
  '42501', 'permission denied for table need_adoptions', 'moderator: need_adoptions: insert (adopt_need is the way) denied (no table writes)');
select throws_ok($$ update public.need_adoptions set adopter_id = tests.id('moderator') where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'moderator: need_adoptions: update denied (no table writes)');
select throws_ok($$ delete from public.need_adoptions where need_id = tests.id('need_b') $$,
  '42501', 'permission denied for table need_adoptions', 'moderator: need_adoptions: delete denied (no table writes)');

-- --------------------------------------------------------------------------------------
-- interests: a young person's "I'd like to join". Seen by that person and the owners of
-- that enterprise only; the person may withdraw it; written only by express_interest.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select is_empty($$ select id, display_name, age from public.interests $$, 'anon: interests: select sees nothing');
select throws_ok($$ insert into public.interests (opportunity_id, user_id, display_name, reply_via, age) values (tests.id('opportunity_1'), tests.id('resident_a'), 'Me', 'in-person', 16) $$,
  '42501', 'permission denied for table interests', 'anon: interests: insert (express_interest is the way) denied (no table writes)');
select throws_ok($$ update public.interests set age = 30 where id = tests.id('interest_b') $$,
  '42501', 'permission denied for table interests', 'anon: interests: update denied (no table writes)');
select throws_ok($$ delete from public.interests where id = tests.id('interest_b') $$,
  '42501', 'permission denied for table interests', 'anon: interests: delete denied (no table writes)');

call tests.act_as('resident_a');
select is_empty($$ select id, display_name, age from public.interests $$, 'resident A: interests: select sees nothing');
select throws_ok($$ insert into public.interests (opportunity_id, user_id, display_name, reply_via, age) values (tests.id('opportunity_1'), tests.id('resident_a'), 'Me', 'in-person', 16) $$,
  '42501', 'permission denied for table interests', 'resident A: interests: insert (express_interest is the way) denied (no table writes)');
select throws_ok($$ update public.interests set age = 30 where id = tests.id('interest_b') $$,
  '42501', 'permission denied for table interests', 'resident A: interests: update denied (no table writes)');
select is_empty($$ delete from public.interests where id = tests.id('interest_b') returning id $$, 'resident A: interests: delete denied (0 rows)');

call tests.act_as('resident_b');
select set_eq($$ select id from public.interests $$, array[tests.id('interest_b')], 'resident B: interests: select sees their own interest');
select throws_ok($$ insert into public.interests (opportunity_id, user_id, display_name, reply_via, age) values (tests.id('opportunity_2'), tests.id('resident_b'), 'Me', 'in-person', 16) $$,
  '42501', 'permission denied for table interests', 'resident B: interests: insert (express_interest is the way) denied (no table writes)');
select throws_ok($$ update public.interests set age = 30 where id = tests.id('interest_b') $$,
  '42501', 'permission denied for table interests', 'resident B: interests: update denied (no table writes)');

call tests.act_as('owner');
select set_eq($$ select id from public.interests $$, array[tests.id('interest_b')], 'enterprise owner: interests: select sees the interest in their opportunity');
select throws_ok($$ insert into public.interests (opportunity_id, user_id, display_name, reply_via, age) values (tests.id('opportunity_1'), tests.id('owner'), 'Me', 'in-person', 16) $$,
  '42501', 'permission denied for table interests', 'enterprise owner: interests: insert (express_interest is the way) denied (no table writes)');
select throws_ok($$ update public.interests set age = 30 where id = tests.id('interest_b') $$,
  '42501', 'permission denied for table interests', 'enterprise owner: interests: update denied (no table writes)');
select is_empty($$ delete from public.interests where id = tests.id('interest_b') returning id $$, 'enterprise owner: interests: delete denied (0 rows)');

call tests.act_as('owner_2');
select is_empty($$ select id, display_name, age from public.interests $$, 'another owner: interests: select sees nothing');

call tests.act_as('planner');
select is_empty($$ select id, display_name, age from public.interests $$, 'planner: interests: select sees nothing');
select throws_ok($$ insert into public.interests (opportunity_id, user_id, display_name, reply_via, age) values (tests.id('opportunity_1'), tests.id('planner'), 'Me', 'in-person', 16) $$,
  '42501', 'permission denied for table interests', 'planner: interests: insert (express_interest is the way) denied (no table writes)');
select throws_ok($$ update public.interests set age = 30 where id = tests.id('interest_b') $$,
  '42501', 'permission denied for table interests', 'planner: interests: update denied (no table writes)');
select is_empty($$ delete from public.interests where id = tests.id('interest_b') returning id $$, 'planner: interests: delete denied (0 rows)');

call tests.act_as('moderator');
select is_empty($$ select id, display_name, age from public.interests $$, 'moderator: interests: select sees nothing');
select throws_ok($$ insert into public.interests (opportunity_id, user_id, display_name, reply_via, age) values (tests.id('opportunity_1'), tests.id('moderator'), 'Me', 'in-person', 16) $$,
  '42501', 'permission denied for table interests', 'moderator: interests: insert (express_interest is the way) denied (no table writes)');
select throws_ok($$ update public.interests set age = 30 where id = tests.id('interest_b') $$,
  '42501', 'permission denied for table interests', 'moderator: interests: update denied (no table writes)');
select is_empty($$ delete from public.interests where id = tests.id('interest_b') returning id $$, 'moderator: interests: delete denied (0 rows)');

-- Last, because it removes the row the checks above looked at.
call tests.act_as('resident_b');
select results_eq($$ delete from public.interests where id = tests.id('interest_b') returning id $$, array[tests.id('interest_b')],
  'resident B: interests: delete (withdrawing) their own allowed');

-- --------------------------------------------------------------------------------------
-- import_runs: the importer's provenance log. The API roles hold no privilege on it at all,
-- so every operation is an error (not zero rows).
-- --------------------------------------------------------------------------------------
reset role;
insert into public.import_runs (kind, source, file_name, file_bytes, file_sha256, format, summary, started_at)
values ('osm', 'test', 'town.osm', 1, repeat('a', 64), 'osm-xml', '{}', now());

call tests.act_as('anon');
select throws_ok($$ select id from public.import_runs $$, '42501', 'permission denied for table import_runs', 'anon: import_runs: select denied');
select throws_ok($$ insert into public.import_runs (kind, source, file_name, file_bytes, file_sha256, format, summary, started_at) values ('osm', 'x', 'x', 1, repeat('a', 64), 'x', '{}', now()) $$,
  '42501', 'permission denied for table import_runs', 'anon: import_runs: insert denied (no table writes)');
select throws_ok($$ update public.import_runs set source = 'x' $$,
  '42501', 'permission denied for table import_runs', 'anon: import_runs: update denied (no table writes)');
select throws_ok($$ delete from public.import_runs $$,
  '42501', 'permission denied for table import_runs', 'anon: import_runs: delete denied (no table writes)');

call tests.act_as('resident_a');
select throws_ok($$ select id from public.import_runs $$, '42501', 'permission denied for table import_runs', 'resident A: import_runs: select denied');
select throws_ok($$ insert into public.import_runs (kind, source, file_name, file_bytes, file_sha256, format, summary, started_at) values ('osm', 'x', 'x', 1, repeat('a', 64), 'x', '{}', now()) $$,
  '42501', 'permission denied for table import_runs', 'resident A: import_runs: insert denied (no table writes)');
select throws_ok($$ update public.import_runs set source = 'x' $$,
  '42501', 'permission denied for table import_runs', 'resident A: import_runs: update denied (no table writes)');
select throws_ok($$ delete from public.import_runs $$,
  '42501', 'permission denied for table import_runs', 'resident A: import_runs: delete denied (no table writes)');

call tests.act_as('resident_b');
select throws_ok($$ select id from public.import_runs $$, '42501', 'permission denied for table import_runs', 'resident B: import_runs: select denied');
select throws_ok($$ insert into public.import_runs (kind, source, file_name, file_bytes, file_sha256, format, summary, started_at) values ('osm', 'x', 'x', 1, repeat('a', 64), 'x', '{}', now()) $$,
  '42501', 'permission denied for table import_runs', 'resident B: import_runs: insert denied (no table writes)');
select throws_ok($$ update public.import_runs set source = 'x' $$,
  '42501', 'permission denied for table import_runs', 'resident B: import_runs: update denied (no table writes)');
select throws_ok($$ delete from public.import_runs $$,
  '42501', 'permission denied for table import_runs', 'resident B: import_runs: delete denied (no table writes)');

call tests.act_as('owner');
select throws_ok($$ select id from public.import_runs $$, '42501', 'permission denied for table import_runs', 'enterprise owner: import_runs: select denied');
select throws_ok($$ insert into public.import_runs (kind, source, file_name, file_bytes, file_sha256, format, summary, started_at) values ('osm', 'x', 'x', 1, repeat('a', 64), 'x', '{}', now()) $$,
  '42501', 'permission denied for table import_runs', 'enterprise owner: import_runs: insert denied (no table writes)');
select throws_ok($$ update public.import_runs set source = 'x' $$,
  '42501', 'permission denied for table import_runs', 'enterprise owner: import_runs: update denied (no table writes)');
select throws_ok($$ delete from public.import_runs $$,
  '42501', 'permission denied for table import_runs', 'enterprise owner: import_runs: delete denied (no table writes)');

call tests.act_as('planner');
select throws_ok($$ select id from public.import_runs $$, '42501', 'permission denied for table import_runs', 'planner: import_runs: select denied');
select throws_ok($$ insert into public.import_runs (kind, source, file_name, file_bytes, file_sha256, format, summary, started_at) values ('osm', 'x', 'x', 1, repeat('a', 64), 'x', '{}', now()) $$,
  '42501', 'permission denied for table import_runs', 'planner: import_runs: insert denied (no table writes)');
select throws_ok($$ update public.import_runs set source = 'x' $$,
  '42501', 'permission denied for table import_runs', 'planner: import_runs: update denied (no table writes)');
select throws_ok($$ delete from public.import_runs $$,
  '42501', 'permission denied for table import_runs', 'planner: import_runs: delete denied (no table writes)');

call tests.act_as('moderator');
select throws_ok($$ select id from public.import_runs $$, '42501', 'permission denied for table import_runs', 'moderator: import_runs: select denied');
select throws_ok($$ insert into public.import_runs (kind, source, file_name, file_bytes, file_sha256, format, summary, started_at) values ('osm', 'x', 'x', 1, repeat('a', 64), 'x', '{}', now()) $$,
  '42501', 'permission denied for table import_runs', 'moderator: import_runs: insert denied (no table writes)');
select throws_ok($$ update public.import_runs set source = 'x' $$,
  '42501', 'permission denied for table import_runs', 'moderator: import_runs: update denied (no table writes)');
select throws_ok($$ delete from public.import_runs $$,
  '42501', 'permission denied for table import_runs', 'moderator: import_runs: delete denied (no table writes)');

select * from finish();
rollback;
