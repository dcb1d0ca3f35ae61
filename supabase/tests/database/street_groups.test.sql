-- Streets as people know them (20261201002000_street_groups.sql) and the served area:
-- the grouping rules on made-up geometry (real Rutland is in tests/import/street-groups.test.ts),
-- RLS on places and street_groups per caller, and the per-street read API.
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(27);

-- Two villages 3 km apart, each with a Main Street of two touching segments, and a
-- footpath off one of them; a second, disconnected piece of Main Street in the first village.
insert into public.places (name, kind, source, source_id, geom) values
  ('Upton', 'village', 'test', 'node/1', 'SRID=4326;POINT(-3.060 53.812)'),
  ('Downby', 'village', 'test', 'node/2', 'SRID=4326;POINT(-3.060 53.839)');
insert into public.streets (name, highway, source, source_id, geom) values
  ('Main Street', 'residential', 'test', 'way/10/1', 'SRID=4326;LINESTRING(-3.061 53.812,-3.060 53.812)'),
  ('Main Street', 'residential', 'test', 'way/10/2', 'SRID=4326;LINESTRING(-3.060 53.812,-3.059 53.812)'),
  ('Main Street', 'residential', 'test', 'way/11', 'SRID=4326;LINESTRING(-3.0585 53.8135,-3.058 53.8135)'),
  ('Main Street', 'residential', 'test', 'way/20/1', 'SRID=4326;LINESTRING(-3.061 53.839,-3.060 53.839)'),
  ('Main Street', 'residential', 'test', 'way/20/2', 'SRID=4326;LINESTRING(-3.060 53.839,-3.059 53.839)'),
  (null, 'footway', 'test', 'way/30/1', 'SRID=4326;LINESTRING(-3.0600 53.8121,-3.0600 53.8130)'),
  (null, 'footway', 'test', 'way/30/2', 'SRID=4326;LINESTRING(-3.0600 53.8130,-3.0605 53.8135)');

select results_eq($$ select settlement, segments from public.street_groups where name = 'Main Street' order by settlement $$,
  $$ values ('Downby'::text, 2), ('Upton'::text, 3) $$,
  'Main Street is one street per village: touching segments joined, a piece apart in the same village merged, the other village apart');
select is((select count(*)::int from public.streets where group_id is null), 0, 'Every segment belongs to a street');
select results_eq($$ select label, segments from public.street_groups where name is null and label like 'footpath%' $$,
  $$ values ('footpath off Main Street'::text, 2) $$, 'An unnamed way is one street, labelled from the street it is off');
select is((select group_id from public.streets where source_id = 'way/10/1'),
  md5('street|main street|test/node/1')::uuid, 'A street''s id derives from its name and settlement, never from a random uuid');

-- Recomputed on every write path: renaming a segment moves it to its own street.
update public.streets set name = 'Church Lane' where source_id = 'way/11';
select results_eq($$ select settlement, segments from public.street_groups where name = 'Main Street' order by settlement $$,
  $$ values ('Downby'::text, 2), ('Upton'::text, 2) $$, 'Renaming a segment regroups at once (statement trigger)');
select is((select count(*)::int from public.street_groups where name = 'Church Lane'), 1, 'The renamed segment is a street of its own');

-- Pins prefer a named street within 40 m to a nearer unnamed footpath.
select is((select s.name from private.snap_to_street('SRID=4326;POINT(-3.06005 53.81235)'::geography) x
           join public.streets s on s.id = x.street_id), 'Main Street',
  'A pin 3 m from a footpath and 39 m from Main Street snaps to Main Street');
select is((select s.name from private.snap_to_street('SRID=4326;POINT(-3.0603 53.8134)'::geography) x
           join public.streets s on s.id = x.street_id), null,
  'A pin on the footpath 150 m from any named street snaps to the footpath');

-- Everyone reads places and streets as people know them; the API roles hold no write
-- privilege on them (20261201001500's default privileges), so every write is refused.
call tests.act_as('anon');
select ok((select count(*) from public.places) = 2, 'anon: places: select sees both');
select throws_ok($$ insert into public.places (name, kind, geom) values ('New', 'hamlet', 'SRID=4326;POINT(-3 53)') $$,
  '42501', 'permission denied for table places', 'anon: places: insert denied');
select throws_ok($$ update public.places set name = 'X' returning id $$, '42501', 'permission denied for table places', 'anon: places: update denied');
select throws_ok($$ delete from public.places returning id $$, '42501', 'permission denied for table places', 'anon: places: delete denied');
select ok((select count(*) from public.street_groups) >= 5, 'anon: street_groups: select sees them');
select throws_ok($$ insert into public.street_groups (id, label, highway, segments, length_m, geom)
                   values (gen_random_uuid(), 'X', 'path', 1, 1, 'SRID=4326;MULTILINESTRING((-3 53,-3 53.1))') $$,
  '42501', 'permission denied for table street_groups', 'anon: street_groups: insert denied');
select throws_ok($$ update public.street_groups set label = 'X' returning id $$, '42501', 'permission denied for table street_groups', 'anon: street_groups: update denied');
select throws_ok($$ delete from public.street_groups returning id $$, '42501', 'permission denied for table street_groups', 'anon: street_groups: delete denied');

call tests.act_as('resident_a');
select throws_ok($$ insert into public.places (name, kind, geom) values ('New', 'hamlet', 'SRID=4326;POINT(-3 53)') $$,
  '42501', 'permission denied for table places', 'resident A: places: insert denied');
select throws_ok($$ update public.street_groups set label = 'X' returning id $$, '42501', 'permission denied for table street_groups', 'resident A: street_groups: update denied');
select throws_ok($$ update public.streets set group_id = null returning id $$, '42501', 'permission denied for table streets', 'resident A: streets.group_id: update denied');

-- The per-street read API, as anon.
call tests.act_as('anon');
select results_eq($$ select label, demand, segments from public.ranked_streets(400) $$,
  $$ values ('Alpha Road'::text, 3, 1) $$, 'anon: ranked_streets: one row per street with a gap (need_a and its supporter, need_b)');
select is((select total_count from public.ranked_streets(400, null, null, 1, 0)), 1, 'anon: ranked_streets: says how many in all');
select throws_ok($$ select * from public.ranked_streets(400, null, null, 0) $$, '22023', null, 'ranked_streets refuses zero rows');
select is(public.street_page(tests.id('street_alpha')) ->> 'label', 'Alpha Road', 'anon: street_page: by a segment''s id');
select is(jsonb_array_length(public.street_page(tests.id('street_alpha')) -> 'needs'), 2,
  'anon: street_page: the visible needs, not the hidden one');
select throws_ok($$ select public.street_page(gen_random_uuid()) $$, 'P0002', 'There is no such street.', 'street_page: an unknown street is a clear error');
select ok(jsonb_array_length(public.area_extent()) = 4, 'anon: area_extent: the served area''s box');
select ok(jsonb_array_length(public.map_places() -> 'features') = 2, 'anon: map_places: both places');

select * from finish();
rollback;
