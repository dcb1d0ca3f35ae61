-- API: the map layers (map_streets, map_neighbourhoods, map_assets, map_enterprises,
-- map_needs) and list_categories. What each returns on the fixture (_fixtures.sql),
-- and every bad bounding box, category or status refused with a sentence, whether or
-- not anything lies in view.
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(72);

-- A box around the whole fixture town, one around Alpha Road only, and one on empty fields.
create function tests.ids_in(p_collection jsonb)
returns uuid[] language sql immutable
as $$ select coalesce(array_agg((f ->> 'id')::uuid order by f ->> 'id'), '{}') from jsonb_array_elements(p_collection -> 'features') f $$;
create function tests.sorted(variadic p_ids uuid[])
returns uuid[] language sql immutable
as $$ select coalesce(array_agg(i order by i::text), '{}') from unnest(p_ids) i $$;

call tests.act_as('anon');

-- --------------------------------------------------------------------------------------
-- list_categories
-- --------------------------------------------------------------------------------------
select is((select count(*)::int from public.list_categories()), 17, 'list_categories returns the whole taxonomy');
select results_eq($$ select slug from public.list_categories() limit 3 $$, array['food', 'housing', 'health'],
  'list_categories is in the taxonomy''s order');
select is((select colour from public.list_categories() where slug = 'food'), '#e69f00', 'Each category carries its colour');

-- --------------------------------------------------------------------------------------
-- map_streets and map_neighbourhoods
-- --------------------------------------------------------------------------------------
select is(tests.ids_in(public.map_streets(-3.07, 53.80, -3.01, 53.84)), tests.sorted(tests.id('street_alpha'), tests.id('street_beta')),
  'map_streets returns the streets in view');
select is(tests.ids_in(public.map_streets(-3.055, 53.815, -3.045, 53.825)), array[tests.id('street_alpha')],
  'map_streets leaves out streets outside the box');
select is(public.map_streets(-3.055, 53.815, -3.045, 53.825) -> 'features' -> 0,
  jsonb_build_object('type', 'Feature', 'id', tests.id('street_alpha'),
    'geometry', '{"type": "LineString", "coordinates": [[-3.05, 53.82], [-3.05, 53.821]]}'::jsonb,
    'properties', jsonb_build_object('id', tests.id('street_alpha'), 'name', 'Alpha Road', 'highway', 'residential',
                                     'neighbourhood_id', tests.id('north'), 'source', 'test')),
  'map_streets gives each street as a GeoJSON feature, with the neighbourhood its midpoint lies in');
select is(public.map_streets(-3.20, 53.70, -3.19, 53.71), '{"type": "FeatureCollection", "features": [], "truncated": false}'::jsonb,
  'map_streets of an empty box is an empty FeatureCollection');
select is(tests.ids_in(public.map_neighbourhoods(-3.07, 53.80, -3.01, 53.84)), tests.sorted(tests.id('north'), tests.id('east')),
  'map_neighbourhoods returns the neighbourhoods in view');
select is(jsonb_path_query_array(public.map_neighbourhoods(-3.035, 53.815, -3.025, 53.825), '$.features[*].properties.code'),
  '["T-EAST"]'::jsonb, 'map_neighbourhoods leaves out those outside the box');

-- --------------------------------------------------------------------------------------
-- map_assets and map_enterprises
-- --------------------------------------------------------------------------------------
select is(tests.ids_in(public.map_assets(-3.07, 53.80, -3.01, 53.84)), tests.sorted(tests.id('asset_300'), tests.id('asset_500')),
  'map_assets returns the assets in view');
select is(tests.ids_in(public.map_assets(-3.07, 53.80, -3.01, 53.84, array['older-people'])), array[tests.id('asset_500')],
  'map_assets filters by category');
select is((public.map_assets(-3.07, 53.80, -3.01, 53.84, array['older-people']) #> '{features,0,properties}') - 'id',
  '{"name": "Far Pantry", "categories": ["food", "older-people"], "category": "food", "address": "99 Far Lane",
    "opening_hours": null, "contact": null, "website": null, "source": "test", "verified": false}'::jsonb,
  'map_assets carries each asset''s details, its first category as the one to draw');
select is(tests.ids_in(public.map_enterprises(-3.07, 53.80, -3.01, 53.84)), tests.sorted(tests.id('enterprise_1'), tests.id('enterprise_2')),
  'map_enterprises returns active and paused enterprises in view');
select is(tests.ids_in(public.map_enterprises(-3.07, 53.80, -3.01, 53.84, array['youth'])), array[tests.id('enterprise_1')],
  'map_enterprises filters by category');
select is(public.map_enterprises(-3.07, 53.80, -3.01, 53.84, array['youth']) #>> '{features,0,properties,open_opportunities}', '1',
  'map_enterprises counts open opportunities only (the closed one is left out)');
reset role;
update public.enterprises set status = 'closed' where id = tests.id('enterprise_2');
call tests.act_as('anon');
select is(tests.ids_in(public.map_enterprises(-3.07, 53.80, -3.01, 53.84)), array[tests.id('enterprise_1')],
  'map_enterprises leaves closed enterprises out');

-- --------------------------------------------------------------------------------------
-- map_needs
-- --------------------------------------------------------------------------------------
select is(tests.ids_in(public.map_needs(-3.07, 53.80, -3.01, 53.84)), tests.sorted(tests.id('need_a'), tests.id('need_b')),
  'map_needs returns the visible unmet needs (not the hidden one)');
select is((public.map_needs(-3.07, 53.80, -3.01, 53.84, array['food']) -> 'features' -> 0) - 'properties',
  jsonb_build_object('type', 'Feature', 'id', tests.id('need_a'),
    'geometry', '{"type": "Point", "coordinates": [-3.05, 53.8205]}'::jsonb),
  'map_needs draws a need at its public street-level point');
select is((public.map_needs(-3.07, 53.80, -3.01, 53.84, array['food']) #> '{features,0,properties}') - 'created_at',
  jsonb_build_object('id', tests.id('need_a'), 'category', 'food', 'body', 'Alpha Road needs a food pantry', 'status', 'open',
    'street_id', tests.id('street_alpha'), 'street_name', 'Alpha Road', 'supporters', 1),
  'map_needs carries category, text, status, street and the number of supporters');
select is(tests.ids_in(public.map_needs(-3.07, 53.80, -3.01, 53.84, array['loneliness'])), array[tests.id('need_b')],
  'map_needs filters by category');
select is(tests.ids_in(public.map_needs(-3.035, 53.815, -3.025, 53.825)), '{}'::uuid[],
  'map_needs leaves out needs outside the box');
reset role;
do $$ begin perform private.set_need_status(tests.id('need_b'), 'met', tests.id('resident_b')); end $$;
call tests.act_as('anon');
select is(tests.ids_in(public.map_needs(-3.07, 53.80, -3.01, 53.84)), array[tests.id('need_a')],
  'By default map_needs shows unmet needs only');
select is(tests.ids_in(public.map_needs(-3.07, 53.80, -3.01, 53.84, null, array['met'])), array[tests.id('need_b')],
  'map_needs shows met needs when asked');
select is(tests.ids_in(public.map_needs(-3.07, 53.80, -3.01, 53.84, null, array['open', 'met'])),
  tests.sorted(tests.id('need_a'), tests.id('need_b')), 'map_needs takes several statuses');
reset role;
do $$ begin perform private.set_need_status(tests.id('need_a'), 'withdrawn', tests.id('resident_a')); end $$;
call tests.act_as('anon');
select throws_ok($$ select public.map_needs(-3.07, 53.80, -3.01, 53.84, null, array['withdrawn']) $$,
  '22023', 'Unknown status: withdrawn. Choose from open, acknowledged, adopted, met and closed.',
  'Withdrawn needs have left the map: map_needs will not show them');

-- --------------------------------------------------------------------------------------
-- Bad bounding boxes: every map layer refuses them alike
-- --------------------------------------------------------------------------------------
select throws_ok($$ select public.map_streets(null, 53.80, -3.01, 53.84) $$,
  '22023', 'Coordinates must be finite numbers.', 'map_streets refuses a null coordinate');
select throws_ok($$ select public.map_streets(-3.07, 'NaN', -3.01, 53.84) $$,
  '22023', 'Coordinates must be finite numbers.', 'map_streets refuses NaN');
select throws_ok($$ select public.map_streets(-3.07, 53.80, -3.01, 'Infinity') $$,
  '22023', 'Coordinates must be finite numbers.', 'map_streets refuses infinity');
select throws_ok($$ select public.map_streets(-3.07, 53.80, -3.01, 95) $$,
  '22023', 'Coordinates are out of range (longitude −180..180, latitude −90..90).', 'map_streets refuses a latitude out of range');
select throws_ok($$ select public.map_streets(-3.01, 53.80, -3.07, 53.84) $$,
  '22023', 'The bounding box must have min below max on both axes.', 'map_streets refuses a box with min and max swapped');
select throws_ok($$ select public.map_streets(-3.07, 53.80, -3.07, 53.84) $$,
  '22023', 'The bounding box must have min below max on both axes.', 'map_streets refuses a box with no width');
select throws_ok($$ select public.map_streets(-3.6, 53.80, -3.01, 53.84) $$,
  '22023', 'The bounding box is too large; zoom in (at most 0.5° on each side).', 'map_streets refuses a box wider than 0.5°');
select throws_ok($$ select public.map_streets(-3.07, 'north', -3.01, 53.84) $$,
  '22P02', 'invalid input syntax for type double precision: "north"', 'map_streets refuses a coordinate that is not a number');

select throws_ok($$ select public.map_neighbourhoods(-3.07, 53.80, null, 53.84) $$,
  '22023', 'Coordinates must be finite numbers.', 'map_neighbourhoods refuses a null coordinate');
select throws_ok($$ select public.map_neighbourhoods(-3.07, 53.84, -3.01, 53.80) $$,
  '22023', 'The bounding box must have min below max on both axes.', 'map_neighbourhoods refuses an inverted box');
select throws_ok($$ select public.map_neighbourhoods(-3.07, 53.0, -3.01, 53.84) $$,
  '22023', 'The bounding box is too large; zoom in (at most 0.5° on each side).', 'map_neighbourhoods refuses a box taller than 0.5°');
select throws_ok($$ select public.map_neighbourhoods(-200, 53.80, -3.01, 53.84) $$,
  '22023', 'Coordinates are out of range (longitude −180..180, latitude −90..90).', 'map_neighbourhoods refuses a longitude out of range');

select throws_ok($$ select public.map_assets('NaN', 53.80, -3.01, 53.84) $$,
  '22023', 'Coordinates must be finite numbers.', 'map_assets refuses NaN');
select throws_ok($$ select public.map_assets(-3.01, 53.80, -3.07, 53.84) $$,
  '22023', 'The bounding box must have min below max on both axes.', 'map_assets refuses an inverted box');
select throws_ok($$ select public.map_assets(-3.07, 53.80, -2.0, 53.84) $$,
  '22023', 'The bounding box is too large; zoom in (at most 0.5° on each side).', 'map_assets refuses a huge box');
select throws_ok($$ select public.map_assets(-3.07, 53.80, -3.01, -91) $$,
  '22023', 'Coordinates are out of range (longitude −180..180, latitude −90..90).', 'map_assets refuses a latitude out of range');

select throws_ok($$ select public.map_enterprises(-3.07, null, -3.01, 53.84) $$,
  '22023', 'Coordinates must be finite numbers.', 'map_enterprises refuses a null coordinate');
select throws_ok($$ select public.map_enterprises(-3.01, 53.80, -3.07, 53.84) $$,
  '22023', 'The bounding box must have min below max on both axes.', 'map_enterprises refuses an inverted box');
select throws_ok($$ select public.map_enterprises(-3.07, 53.80, -3.01, 54.84) $$,
  '22023', 'The bounding box is too large; zoom in (at most 0.5° on each side).', 'map_enterprises refuses a huge box');
select throws_ok($$ select public.map_enterprises(181, 53.80, 182, 53.84) $$,
  '22023', 'Coordinates are out of range (longitude −180..180, latitude −90..90).', 'map_enterprises refuses a longitude out of range');

select throws_ok($$ select public.map_needs(-3.07, 53.80, -3.01, 'NaN') $$,
  '22023', 'Coordinates must be finite numbers.', 'map_needs refuses NaN');
select throws_ok($$ select public.map_needs(-3.01, 53.80, -3.07, 53.84) $$,
  '22023', 'The bounding box must have min below max on both axes.', 'map_needs refuses an inverted box');
select throws_ok($$ select public.map_needs(-3.07, 53.80, -3.01, 60) $$,
  '22023', 'The bounding box is too large; zoom in (at most 0.5° on each side).', 'map_needs refuses a huge box');
select throws_ok($$ select public.map_needs(-3.07, 53.80, -3.01, 90.5) $$,
  '22023', 'Coordinates are out of range (longitude −180..180, latitude −90..90).', 'map_needs refuses a latitude out of range');

-- --------------------------------------------------------------------------------------
-- Bad category and status filters, in view of features and in an empty view alike
-- --------------------------------------------------------------------------------------
select throws_ok($$ select public.map_assets(-3.07, 53.80, -3.01, 53.84, array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'map_assets refuses an unknown category');
select throws_ok($$ select public.map_assets(-3.20, 53.70, -3.19, 53.71, array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'map_assets refuses an unknown category even where nothing is in view');
select throws_ok($$ select public.map_assets(-3.07, 53.80, -3.01, 53.84, '{}') $$,
  '22023', 'Choose at least one category.', 'map_assets refuses an empty category list');
select throws_ok($$ select public.map_assets(-3.07, 53.80, -3.01, 53.84, array['food', 'food']) $$,
  '22023', 'Each category may be listed once.', 'map_assets refuses a repeated category');
select throws_ok($$ select public.map_assets(-3.07, 53.80, -3.01, 53.84, array['<script>']) $$,
  '22023', 'Unknown category: <script>.', 'map_assets refuses markup as a category');

select throws_ok($$ select public.map_enterprises(-3.07, 53.80, -3.01, 53.84, array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'map_enterprises refuses an unknown category');
select throws_ok($$ select public.map_enterprises(-3.20, 53.70, -3.19, 53.71, array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'map_enterprises refuses an unknown category even where nothing is in view');
select throws_ok($$ select public.map_enterprises(-3.07, 53.80, -3.01, 53.84, '{}') $$,
  '22023', 'Choose at least one category.', 'map_enterprises refuses an empty category list');

select throws_ok($$ select public.map_needs(-3.07, 53.80, -3.01, 53.84, array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'map_needs refuses an unknown category');
select throws_ok($$ select public.map_needs(-3.20, 53.70, -3.19, 53.71, array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'map_needs refuses an unknown category even where nothing is in view');
select throws_ok($$ select public.map_needs(-3.07, 53.80, -3.01, 53.84, array['food', null]) $$,
  '22023', 'Unknown category: null.', 'map_needs refuses a null category');
select throws_ok($$ select public.map_needs(-3.07, 53.80, -3.01, 53.84, null, array['done']) $$,
  '22023', 'Unknown status: done. Choose from open, acknowledged, adopted, met and closed.', 'map_needs refuses an unknown status');
select throws_ok($$ select public.map_needs(-3.20, 53.70, -3.19, 53.71, null, array['done']) $$,
  '22023', 'Unknown status: done. Choose from open, acknowledged, adopted, met and closed.',
  'map_needs refuses an unknown status even where nothing is in view');
select throws_ok($$ select public.map_needs(-3.07, 53.80, -3.01, 53.84, null, '{}') $$,
  '22023', 'Choose at least one status.', 'map_needs refuses an empty status list');
select throws_ok($$ select public.map_needs(-3.07, 53.80, -3.01, 53.84, null, null) $$,
  '22023', 'Choose at least one status.', 'map_needs refuses a null status list');

-- A layer with nothing in it at all still checks its box and filters.
reset role;
delete from public.assets;
delete from public.need_events;
delete from public.needs;
call tests.act_as('anon');
select throws_ok($$ select public.map_assets(-3.01, 53.80, -3.07, 53.84) $$,
  '22023', 'The bounding box must have min below max on both axes.', 'map_assets refuses a bad box even with no assets at all');
select throws_ok($$ select public.map_assets(-3.07, 53.80, -3.01, 53.84, array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'map_assets refuses an unknown category even with no assets at all');
select throws_ok($$ select public.map_needs(-3.07, 53.80, -3.01, 53.84, array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'map_needs refuses an unknown category even with no needs at all');
select throws_ok($$ select public.map_needs(-3.07, 53.80, -3.01, 90.5) $$,
  '22023', 'Coordinates are out of range (longitude −180..180, latitude −90..90).', 'map_needs refuses a bad box even with no needs at all');
select is(public.map_needs(-3.07, 53.80, -3.01, 53.84), '{"type": "FeatureCollection", "features": [], "truncated": false}'::jsonb,
  'map_needs with no needs is an empty FeatureCollection');

-- --------------------------------------------------------------------------------------
-- Caps: a layer never returns more than its cap, and says it was cut short
-- --------------------------------------------------------------------------------------
reset role;
insert into public.assets (name, categories, geom)
select 'Bench ' || i, array['green-space'], extensions.st_setsrid(extensions.st_makepoint(-3.05 + i * 1e-5, 53.815), 4326)::extensions.geography
from generate_series(1, 2001) i;
call tests.act_as('anon');
select is(jsonb_array_length(public.map_assets(-3.07, 53.80, -3.01, 53.84) -> 'features'), 2000, 'map_assets returns at most 2000 features');
select is(public.map_assets(-3.07, 53.80, -3.01, 53.84) -> 'truncated', 'true'::jsonb, 'map_assets says when the cap cut it short');
select is(public.map_assets(-3.07, 53.80, -3.01, 53.84, array['food']) -> 'truncated', 'false'::jsonb,
  'A filtered layer under the cap is not truncated');

select * from finish();
rollback;
