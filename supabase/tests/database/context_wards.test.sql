-- Context features and wards (20261202002000_context_features.sql, 20261202002100_wards.sql):
-- RLS per caller (everyone reads, nobody writes through the API), map_context's checks
-- and zoom simplification, and wards naming the neighbourhoods in them. Real Rutland is
-- in tests/import/context.test.ts.
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(22);

-- A lake (a fine circle of 256 vertices) beside Northgate, a wood too small to see at
-- zoom 9, a railway and a church.
insert into public.context_features (kind, name, source, source_id, geom) values
  ('water', 'Test Water', 'test', 'relation/1',
   st_buffer('SRID=4326;POINT(-3.05 53.82)'::geography, 400, 64)),
  ('wood', 'Tiny Spinney', 'test', 'way/2', 'SRID=4326;POLYGON((-3.045 53.815,-3.0449 53.815,-3.0449 53.8151,-3.045 53.815))'),
  ('railway', 'Test Line', 'test', 'way/3', 'SRID=4326;LINESTRING(-3.06 53.811,-3.02 53.829)'),
  ('landmark', 'St Test''s Church', 'test', 'node/4', 'SRID=4326;POINT(-3.041 53.821)');

-- Wards: one over Northgate, one over Eastfield.
insert into public.wards (code, name, geom) values
  ('W-WEST', 'West Ward', 'SRID=4326;MULTIPOLYGON(((-3.07 53.80,-3.039 53.80,-3.039 53.84,-3.07 53.84,-3.07 53.80)))'),
  ('W-EAST', 'East Ward', 'SRID=4326;MULTIPOLYGON(((-3.039 53.80,-3.01 53.80,-3.01 53.84,-3.039 53.84,-3.039 53.80)))');
select is(private.link_wards(), 2, 'link_wards links both neighbourhoods');
select results_eq($$ select code, name, base_name from public.neighbourhoods where code in ('T-NORTH', 'T-EAST') order by code $$,
  $$ values ('T-EAST'::text, 'East Ward (Eastfield)'::text, 'Eastfield'::text), ('T-NORTH', 'West Ward (Northgate)', 'Northgate') $$,
  'Each neighbourhood is named after the ward it overlaps most, ward first');
update public.neighbourhoods set name = 'Northgate' where code = 'T-NORTH';
select is((select name from public.neighbourhoods where code = 'T-NORTH'), 'West Ward (Northgate)',
  'A name written again (a re-import) is the base name: the ward stays in front');
update public.wards set name = 'Westmoor' where code = 'W-WEST';
select is(private.link_wards(), 2, 'link_wards again after a ward is renamed');
select is((select name from public.neighbourhoods where code = 'T-NORTH'), 'Westmoor (Northgate)', 'The renamed ward renames its neighbourhoods');
delete from public.wards where code = 'W-EAST';
select is(private.link_wards(), 1, 'A ward gone: its neighbourhood has none');
select is((select name from public.neighbourhoods where code = 'T-EAST'), 'Eastfield', 'and goes back to its own name');

-- Everyone reads; nobody writes through the API.
call tests.act_as('anon');
select is((select count(*)::int from public.context_features), 4, 'anon: context_features: select sees them');
select is((select count(*)::int from public.wards), 1, 'anon: wards: select sees them');
select throws_ok($$ insert into public.context_features (kind, source_id, geom) values ('water', 'x', 'SRID=4326;POINT(-3 53)') $$,
  '42501', 'permission denied for table context_features', 'anon: context_features: insert denied');
select throws_ok($$ update public.context_features set name = 'X' returning id $$,
  '42501', 'permission denied for table context_features', 'anon: context_features: update denied');
select throws_ok($$ delete from public.wards returning id $$, '42501', 'permission denied for table wards', 'anon: wards: delete denied');
call tests.act_as('resident_a');
select throws_ok($$ update public.wards set name = 'X' returning id $$, '42501', 'permission denied for table wards', 'resident A: wards: update denied');
select throws_ok($$ delete from public.context_features returning id $$,
  '42501', 'permission denied for table context_features', 'resident A: context_features: delete denied');

-- map_context, as anon.
call tests.act_as('anon');
select is((select jsonb_array_length(public.map_context(-3.07, 53.80, -3.01, 53.84, 15) -> 'features')), 5,
  'map_context at zoom 15: the lake, its label point, the wood, the railway and the church');
select results_eq($$ select f -> 'properties' ->> 'kind' from jsonb_array_elements(public.map_context(-3.07, 53.80, -3.01, 53.84, 9) -> 'features') f $$,
  $$ values ('railway'::text), ('water') $$,
  'map_context at zoom 9: no wood too small to see, no landmark, no label for a lake too small to carry one');
select cmp_ok(
  (select jsonb_array_length(f -> 'geometry' -> 'coordinates' -> 0) from jsonb_array_elements(public.map_context(-3.07, 53.80, -3.01, 53.84, 9) -> 'features') f
   where f -> 'properties' ->> 'kind' = 'water'), '<',
  (select jsonb_array_length(f -> 'geometry' -> 'coordinates' -> 0) from jsonb_array_elements(public.map_context(-3.07, 53.80, -3.01, 53.84, 16) -> 'features') f
   where f -> 'properties' ->> 'kind' = 'water') / 4,
  'The lake has under a quarter of its vertices at zoom 9');
select is((select jsonb_array_length(public.map_context(10, 10, 11, 11, 12) -> 'features')), 0, 'An empty box: an empty collection');
select throws_ok($$ select public.map_context(-3.01, 53.80, -3.07, 53.84, 12) $$,
  '22023', 'The bounding box must have min below max on both axes.', 'map_context refuses an inverted box');
select throws_ok($$ select public.map_context(-8, 50, -2, 56, 12) $$,
  '22023', 'The bounding box is too large for context; zoom in (at most 4° on each side).', 'map_context refuses a box over 4°');
select throws_ok($$ select public.map_context(-3.07, 53.80, -3.01, 53.84, 25) $$, '22023', null, 'map_context refuses a zoom over 22');
select throws_ok($$ select public.map_context(-3.07, 'NaN', -3.01, 53.84, 12) $$, '22023', null, 'map_context refuses a coordinate that is not a number');

select * from finish();
rollback;
