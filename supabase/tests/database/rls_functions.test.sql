-- The function half of the RLS matrix: every API function in public, called by each
-- caller (anon, resident A, resident B, enterprise owner, planner, moderator) on the
-- shared fixture (_fixtures.sql). anon may call the read API only (anything else is
-- "permission denied"); signed-in callers may call everything, and the functions
-- themselves decide whose rows they may touch. Inputs and results in depth are in the
-- api_*.test.sql files; exact-point privacy in need_privacy.test.sql.
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(326);

-- --------------------------------------------------------------------------------------
-- Read API: everyone, anon included, sees the same public layers.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select is((select count(*)::int from public.list_categories()), 17, 'anon: list_categories: all 17');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_streets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('street_alpha'), tests.id('street_beta')], 'anon: map_streets: both streets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_neighbourhoods(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('north'), tests.id('east')], 'anon: map_neighbourhoods: both neighbourhoods');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_assets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('asset_300'), tests.id('asset_500')], 'anon: map_assets: both assets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_enterprises(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('enterprise_1'), tests.id('enterprise_2')], 'anon: map_enterprises: both enterprises (paused too)');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_needs(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('need_a'), tests.id('need_b')], 'anon: map_needs: the two visible needs');
select ok(length(public.map_tile('needs', 14, 8053, 5274)) > 0, 'anon: map_tile: the needs tile');
select set_eq($$ select (props ->> 'id')::uuid from private.tile_features('needs', 14, 8053, 5274) $$,
  array[tests.id('need_a'), tests.id('need_b')], 'anon: map_tile''s features: the two visible needs, as for everyone');
select is(public.need_detail(tests.id('need_a')) ->> 'body', 'Alpha Road needs a food pantry', 'anon: need_detail: a visible need');
select is(public.need_detail(tests.id('need_hidden')), null, 'anon: need_detail: a hidden need is not there');
select is(jsonb_path_query_array(public.nearby_opportunities(-3.03, 53.8205), '$[*].opportunity_id'),
  jsonb_build_array(tests.id('opportunity_1')), 'anon: nearby_opportunities: the one open opportunity of an active enterprise');
select set_eq($$ select street_id from public.street_gaps() $$, array[tests.id('street_alpha')], 'anon: street_gaps: the street with open needs');
select results_eq($$ select street_name, segments from public.street_name_gaps() $$, $$ values ('Alpha Road', 1) $$, 'anon: street_name_gaps: Alpha Road, one segment');
select ok(public.data_sources() @> '[{"layer": "streets"}]'::jsonb, 'anon: data_sources: lists the streets'' source');
select set_eq($$ select neighbourhood_id from public.neighbourhood_gaps() $$, array[tests.id('north'), tests.id('east')], 'anon: neighbourhood_gaps: every neighbourhood');
select is(jsonb_path_query_array(public.similar_needs(-3.05, 53.8205, 'food'), '$[*].id'), jsonb_build_array(tests.id('need_a')),
  'anon: similar_needs: the open food need on Alpha Road');
select is(jsonb_path_query_array(public.search_places('alpha'), '$[*].name'), '["Alpha Food Bank", "Alpha Road"]'::jsonb,
  'anon: search_places: the asset and the street named Alpha');

call tests.act_as('resident_a');
select is((select count(*)::int from public.list_categories()), 17, 'resident A: list_categories: all 17');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_streets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('street_alpha'), tests.id('street_beta')], 'resident A: map_streets: both streets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_neighbourhoods(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('north'), tests.id('east')], 'resident A: map_neighbourhoods: both neighbourhoods');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_assets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('asset_300'), tests.id('asset_500')], 'resident A: map_assets: both assets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_enterprises(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('enterprise_1'), tests.id('enterprise_2')], 'resident A: map_enterprises: both enterprises (paused too)');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_needs(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('need_a'), tests.id('need_b')], 'resident A: map_needs: the two visible needs (not even their own hidden one)');
select ok(length(public.map_tile('needs', 14, 8053, 5274)) > 0, 'resident A: map_tile: the needs tile');
select set_eq($$ select (props ->> 'id')::uuid from private.tile_features('needs', 14, 8053, 5274) $$,
  array[tests.id('need_a'), tests.id('need_b')], 'resident A: map_tile''s features: the two visible needs, as for everyone');
select is(public.need_detail(tests.id('need_a')) ->> 'body', 'Alpha Road needs a food pantry', 'resident A: need_detail: a visible need');
select is(public.need_detail(tests.id('need_hidden')) ->> 'hidden', 'true', 'resident A: need_detail: their own hidden need, marked hidden');
select is(jsonb_path_query_array(public.nearby_opportunities(-3.03, 53.8205), '$[*].opportunity_id'),
  jsonb_build_array(tests.id('opportunity_1')), 'resident A: nearby_opportunities: the one open opportunity of an active enterprise');
select set_eq($$ select street_id from public.street_gaps() $$, array[tests.id('street_alpha')], 'resident A: street_gaps: the street with open needs');
select results_eq($$ select street_name, segments from public.street_name_gaps() $$, $$ values ('Alpha Road', 1) $$, 'resident A: street_name_gaps: Alpha Road, one segment');
select ok(public.data_sources() @> '[{"layer": "streets"}]'::jsonb, 'resident A: data_sources: lists the streets'' source');
select set_eq($$ select neighbourhood_id from public.neighbourhood_gaps() $$, array[tests.id('north'), tests.id('east')], 'resident A: neighbourhood_gaps: every neighbourhood');
select is(jsonb_path_query_array(public.similar_needs(-3.05, 53.8205, 'food'), '$[*].id'), jsonb_build_array(tests.id('need_a')),
  'resident A: similar_needs: the open food need on Alpha Road');
select is(jsonb_path_query_array(public.search_places('alpha'), '$[*].name'), '["Alpha Food Bank", "Alpha Road"]'::jsonb,
  'resident A: search_places: the asset and the street named Alpha');

call tests.act_as('resident_b');
select is((select count(*)::int from public.list_categories()), 17, 'resident B: list_categories: all 17');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_streets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('street_alpha'), tests.id('street_beta')], 'resident B: map_streets: both streets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_neighbourhoods(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('north'), tests.id('east')], 'resident B: map_neighbourhoods: both neighbourhoods');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_assets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('asset_300'), tests.id('asset_500')], 'resident B: map_assets: both assets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_enterprises(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('enterprise_1'), tests.id('enterprise_2')], 'resident B: map_enterprises: both enterprises (paused too)');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_needs(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('need_a'), tests.id('need_b')], 'resident B: map_needs: the two visible needs');
select ok(length(public.map_tile('needs', 14, 8053, 5274)) > 0, 'resident B: map_tile: the needs tile');
select set_eq($$ select (props ->> 'id')::uuid from private.tile_features('needs', 14, 8053, 5274) $$,
  array[tests.id('need_a'), tests.id('need_b')], 'resident B: map_tile''s features: the two visible needs, as for everyone');
select is(public.need_detail(tests.id('need_a')) ->> 'body', 'Alpha Road needs a food pantry', 'resident B: need_detail: a visible need');
select is(public.need_detail(tests.id('need_hidden')), null, 'resident B: need_detail: a hidden need is not there');
select is(jsonb_path_query_array(public.nearby_opportunities(-3.03, 53.8205), '$[*].opportunity_id'),
  jsonb_build_array(tests.id('opportunity_1')), 'resident B: nearby_opportunities: the one open opportunity of an active enterprise');
select set_eq($$ select street_id from public.street_gaps() $$, array[tests.id('street_alpha')], 'resident B: street_gaps: the street with open needs');
select results_eq($$ select street_name, segments from public.street_name_gaps() $$, $$ values ('Alpha Road', 1) $$, 'resident B: street_name_gaps: Alpha Road, one segment');
select ok(public.data_sources() @> '[{"layer": "streets"}]'::jsonb, 'resident B: data_sources: lists the streets'' source');
select set_eq($$ select neighbourhood_id from public.neighbourhood_gaps() $$, array[tests.id('north'), tests.id('east')], 'resident B: neighbourhood_gaps: every neighbourhood');
select is(jsonb_path_query_array(public.similar_needs(-3.05, 53.8205, 'food'), '$[*].id'), jsonb_build_array(tests.id('need_a')),
  'resident B: similar_needs: the open food need on Alpha Road');
select is(jsonb_path_query_array(public.search_places('alpha'), '$[*].name'), '["Alpha Food Bank", "Alpha Road"]'::jsonb,
  'resident B: search_places: the asset and the street named Alpha');

call tests.act_as('owner');
select is((select count(*)::int from public.list_categories()), 17, 'enterprise owner: list_categories: all 17');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_streets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('street_alpha'), tests.id('street_beta')], 'enterprise owner: map_streets: both streets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_neighbourhoods(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('north'), tests.id('east')], 'enterprise owner: map_neighbourhoods: both neighbourhoods');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_assets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('asset_300'), tests.id('asset_500')], 'enterprise owner: map_assets: both assets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_enterprises(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('enterprise_1'), tests.id('enterprise_2')], 'enterprise owner: map_enterprises: both enterprises (paused too)');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_needs(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('need_a'), tests.id('need_b')], 'enterprise owner: map_needs: the two visible needs');
select ok(length(public.map_tile('needs', 14, 8053, 5274)) > 0, 'enterprise owner: map_tile: the needs tile');
select set_eq($$ select (props ->> 'id')::uuid from private.tile_features('needs', 14, 8053, 5274) $$,
  array[tests.id('need_a'), tests.id('need_b')], 'enterprise owner: map_tile''s features: the two visible needs, as for everyone');
select is(public.need_detail(tests.id('need_a')) ->> 'body', 'Alpha Road needs a food pantry', 'enterprise owner: need_detail: a visible need');
select is(public.need_detail(tests.id('need_hidden')), null, 'enterprise owner: need_detail: a hidden need is not there');
select is(jsonb_path_query_array(public.nearby_opportunities(-3.03, 53.8205), '$[*].opportunity_id'),
  jsonb_build_array(tests.id('opportunity_1')), 'enterprise owner: nearby_opportunities: the one open opportunity of an active enterprise');
select set_eq($$ select street_id from public.street_gaps() $$, array[tests.id('street_alpha')], 'enterprise owner: street_gaps: the street with open needs');
select results_eq($$ select street_name, segments from public.street_name_gaps() $$, $$ values ('Alpha Road', 1) $$, 'enterprise owner: street_name_gaps: Alpha Road, one segment');
select ok(public.data_sources() @> '[{"layer": "streets"}]'::jsonb, 'enterprise owner: data_sources: lists the streets'' source');
select set_eq($$ select neighbourhood_id from public.neighbourhood_gaps() $$, array[tests.id('north'), tests.id('east')], 'enterprise owner: neighbourhood_gaps: every neighbourhood');
select is(jsonb_path_query_array(public.similar_needs(-3.05, 53.8205, 'food'), '$[*].id'), jsonb_build_array(tests.id('need_a')),
  'enterprise owner: similar_needs: the open food need on Alpha Road');
select is(jsonb_path_query_array(public.search_places('alpha'), '$[*].name'), '["Alpha Food Bank", "Alpha Road"]'::jsonb,
  'enterprise owner: search_places: the asset and the street named Alpha');

call tests.act_as('planner');
select is((select count(*)::int from public.list_categories()), 17, 'planner: list_categories: all 17');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_streets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('street_alpha'), tests.id('street_beta')], 'planner: map_streets: both streets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_neighbourhoods(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('north'), tests.id('east')], 'planner: map_neighbourhoods: both neighbourhoods');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_assets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('asset_300'), tests.id('asset_500')], 'planner: map_assets: both assets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_enterprises(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('enterprise_1'), tests.id('enterprise_2')], 'planner: map_enterprises: both enterprises (paused too)');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_needs(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('need_a'), tests.id('need_b')], 'planner: map_needs: the two visible needs');
select ok(length(public.map_tile('needs', 14, 8053, 5274)) > 0, 'planner: map_tile: the needs tile');
select set_eq($$ select (props ->> 'id')::uuid from private.tile_features('needs', 14, 8053, 5274) $$,
  array[tests.id('need_a'), tests.id('need_b')], 'planner: map_tile''s features: the two visible needs, as for everyone');
select is(public.need_detail(tests.id('need_a')) ->> 'body', 'Alpha Road needs a food pantry', 'planner: need_detail: a visible need');
select is(public.need_detail(tests.id('need_hidden')), null, 'planner: need_detail: a hidden need is not there');
select is(jsonb_path_query_array(public.nearby_opportunities(-3.03, 53.8205), '$[*].opportunity_id'),
  jsonb_build_array(tests.id('opportunity_1')), 'planner: nearby_opportunities: the one open opportunity of an active enterprise');
select set_eq($$ select street_id from public.street_gaps() $$, array[tests.id('street_alpha')], 'planner: street_gaps: the street with open needs');
select results_eq($$ select street_name, segments from public.street_name_gaps() $$, $$ values ('Alpha Road', 1) $$, 'planner: street_name_gaps: Alpha Road, one segment');
select ok(public.data_sources() @> '[{"layer": "streets"}]'::jsonb, 'planner: data_sources: lists the streets'' source');
select set_eq($$ select neighbourhood_id from public.neighbourhood_gaps() $$, array[tests.id('north'), tests.id('east')], 'planner: neighbourhood_gaps: every neighbourhood');
select is(jsonb_path_query_array(public.similar_needs(-3.05, 53.8205, 'food'), '$[*].id'), jsonb_build_array(tests.id('need_a')),
  'planner: similar_needs: the open food need on Alpha Road');
select is(jsonb_path_query_array(public.search_places('alpha'), '$[*].name'), '["Alpha Food Bank", "Alpha Road"]'::jsonb,
  'planner: search_places: the asset and the street named Alpha');

call tests.act_as('moderator');
select is((select count(*)::int from public.list_categories()), 17, 'moderator: list_categories: all 17');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_streets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('street_alpha'), tests.id('street_beta')], 'moderator: map_streets: both streets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_neighbourhoods(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('north'), tests.id('east')], 'moderator: map_neighbourhoods: both neighbourhoods');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_assets(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('asset_300'), tests.id('asset_500')], 'moderator: map_assets: both assets');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_enterprises(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('enterprise_1'), tests.id('enterprise_2')], 'moderator: map_enterprises: both enterprises (paused too)');
select set_eq($$ select (f ->> 'id')::uuid from jsonb_array_elements(public.map_needs(-3.07, 53.80, -3.01, 53.84) -> 'features') f $$,
  array[tests.id('need_a'), tests.id('need_b')], 'moderator: map_needs: the two visible needs (moderators too)');
select ok(length(public.map_tile('needs', 14, 8053, 5274)) > 0, 'moderator: map_tile: the needs tile');
select set_eq($$ select (props ->> 'id')::uuid from private.tile_features('needs', 14, 8053, 5274) $$,
  array[tests.id('need_a'), tests.id('need_b')], 'moderator: map_tile''s features: the two visible needs, as for everyone');
select is(public.need_detail(tests.id('need_a')) ->> 'body', 'Alpha Road needs a food pantry', 'moderator: need_detail: a visible need');
select is(public.need_detail(tests.id('need_hidden')) ->> 'hidden', 'true', 'moderator: need_detail: a hidden need, marked hidden');
select is(jsonb_path_query_array(public.nearby_opportunities(-3.03, 53.8205), '$[*].opportunity_id'),
  jsonb_build_array(tests.id('opportunity_1')), 'moderator: nearby_opportunities: the one open opportunity of an active enterprise');
select set_eq($$ select street_id from public.street_gaps() $$, array[tests.id('street_alpha')], 'moderator: street_gaps: the street with open needs');
select results_eq($$ select street_name, segments from public.street_name_gaps() $$, $$ values ('Alpha Road', 1) $$, 'moderator: street_name_gaps: Alpha Road, one segment');
select ok(public.data_sources() @> '[{"layer": "streets"}]'::jsonb, 'moderator: data_sources: lists the streets'' source');
select set_eq($$ select neighbourhood_id from public.neighbourhood_gaps() $$, array[tests.id('north'), tests.id('east')], 'moderator: neighbourhood_gaps: every neighbourhood');
select is(jsonb_path_query_array(public.similar_needs(-3.05, 53.8205, 'food'), '$[*].id'), jsonb_build_array(tests.id('need_a')),
  'moderator: similar_needs: the open food need on Alpha Road');
select is(jsonb_path_query_array(public.search_places('alpha'), '$[*].name'), '["Alpha Food Bank", "Alpha Road"]'::jsonb,
  'moderator: search_places: the asset and the street named Alpha');

-- --------------------------------------------------------------------------------------
-- my_needs: the caller's own needs (with their exact points); anon has none to ask for.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select throws_ok($$ select public.my_needs() $$, '42501', 'permission denied for function my_needs', 'anon: my_needs: execute denied');

call tests.act_as('resident_a');
select set_eq($$ select (e ->> 'id')::uuid from jsonb_array_elements(public.my_needs()) e $$, array[tests.id('need_a'), tests.id('need_hidden')], 'resident A: my_needs: their own needs');

call tests.act_as('resident_b');
select set_eq($$ select (e ->> 'id')::uuid from jsonb_array_elements(public.my_needs()) e $$, array[tests.id('need_b')], 'resident B: my_needs: their own needs');

call tests.act_as('owner');
select is(public.my_needs(), '[]'::jsonb, 'enterprise owner: my_needs: none');

call tests.act_as('planner');
select is(public.my_needs(), '[]'::jsonb, 'planner: my_needs: none');

call tests.act_as('moderator');
select is(public.my_needs(), '[]'::jsonb, 'moderator: my_needs: none');

-- --------------------------------------------------------------------------------------
-- my_interests / enterprise_interests: the young person, and the owner of that enterprise.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select throws_ok($$ select * from public.my_interests() $$, '42501', 'permission denied for function my_interests', 'anon: my_interests: execute denied');
select throws_ok($$ select * from public.enterprise_interests() $$, '42501', 'permission denied for function enterprise_interests', 'anon: enterprise_interests: execute denied');

call tests.act_as('resident_a');
select is_empty($$ select id from public.my_interests() $$, 'resident A: my_interests: none');
select is_empty($$ select id from public.enterprise_interests() $$, 'resident A: enterprise_interests: none');

call tests.act_as('resident_b');
select set_eq($$ select id from public.my_interests() $$, array[tests.id('interest_b')], 'resident B: my_interests: their own interest');
select is_empty($$ select id from public.enterprise_interests() $$, 'resident B: enterprise_interests: none');

call tests.act_as('owner');
select is_empty($$ select id from public.my_interests() $$, 'enterprise owner: my_interests: none');
select results_eq($$ select id, display_name, age from public.enterprise_interests() $$, $$ values (tests.id('interest_b'), 'Sam', 16) $$,
  'enterprise owner: enterprise_interests: the interest in their opportunity');

call tests.act_as('planner');
select is_empty($$ select id from public.my_interests() $$, 'planner: my_interests: none');
select is_empty($$ select id from public.enterprise_interests() $$, 'planner: enterprise_interests: none');

call tests.act_as('moderator');
select is_empty($$ select id from public.my_interests() $$, 'moderator: my_interests: none');
select is_empty($$ select id from public.enterprise_interests() $$, 'moderator: enterprise_interests: none');

call tests.act_as('owner_2');
select is_empty($$ select id from public.my_interests() $$, 'another owner: my_interests: none');
select is_empty($$ select id from public.enterprise_interests() $$, 'another owner: enterprise_interests: none');

-- --------------------------------------------------------------------------------------
-- Enterprise owners' API: anon may only read an opportunity's page; writes need an email
-- account and ownership; my_enterprises is one's own.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select is(public.opportunity_detail(tests.id('opportunity_1')) ->> 'title', 'Bike mechanic helper', 'anon: opportunity_detail: the public page');
select throws_ok($$ select public.my_enterprises() $$, '42501', 'permission denied for function my_enterprises', 'anon: my_enterprises: execute denied');
select throws_ok($$ select public.list_enterprise('Nobody Co', 'Doing good', array['food'], -3.03, 53.82, 'hi@example.test') $$, '42501', 'permission denied for function list_enterprise', 'anon: list_enterprise: execute denied');
select throws_ok($$ select public.update_enterprise(tests.id('enterprise_1'), name => 'Taken') $$, '42501', 'permission denied for function update_enterprise', 'anon: update_enterprise: execute denied');
select throws_ok($$ select public.add_opportunity(tests.id('enterprise_1'), 'Helper', 'Help out', 14, 18, 'weekly') $$, '42501', 'permission denied for function add_opportunity', 'anon: add_opportunity: execute denied');
select throws_ok($$ select public.set_opportunity_status(tests.id('opportunity_1'), 'closed') $$, '42501', 'permission denied for function set_opportunity_status', 'anon: set_opportunity_status: execute denied');

call tests.act_as('resident_a');
select is(public.my_enterprises(), '[]'::jsonb, 'resident A: my_enterprises: none');
select is(public.opportunity_detail(tests.id('opportunity_1')) -> 'my_interest', 'null'::jsonb, 'resident A: opportunity_detail: no interest of theirs');
select throws_ok($$ select public.list_enterprise('Anon Co', 'Doing good', array['food'], -3.03, 53.82, 'hi@example.test') $$, '42501',
  'Sign in with an email account to list or run an enterprise.', 'resident A: list_enterprise: refused to an anonymous sign-in');

call tests.act_as('resident_b');
select is(public.my_enterprises(), '[]'::jsonb, 'resident B: my_enterprises: none');
select is((public.opportunity_detail(tests.id('opportunity_1')) -> 'my_interest' ->> 'id')::uuid, tests.id('interest_b'), 'resident B: opportunity_detail: their own interest');
select throws_ok($$ select public.add_opportunity(tests.id('enterprise_1'), 'Helper', 'Help out', 14, 18, 'weekly') $$, '42501',
  'Sign in with an email account to list or run an enterprise.', 'resident B: add_opportunity: refused to an anonymous sign-in');

call tests.act_as('owner');
select is(jsonb_path_query_array(public.my_enterprises(), '$[*].id'), jsonb_build_array(tests.id('enterprise_1')), 'enterprise owner: my_enterprises: their own');
select is(public.opportunity_detail(tests.id('opportunity_1')) -> 'my_interest', 'null'::jsonb, 'enterprise owner: opportunity_detail: no interest shown');
select is(public.update_enterprise(tests.id('enterprise_1'), contact => 'hello@betabikes.example') ->> 'contact', 'hello@betabikes.example', 'enterprise owner: update_enterprise: their own');
select is(public.set_opportunity_status(tests.id('opportunity_closed'), 'closed') ->> 'status', 'closed', 'enterprise owner: set_opportunity_status: their own');

call tests.act_as('planner');
select is(public.my_enterprises(), '[]'::jsonb, 'planner: my_enterprises: none');
select throws_ok($$ select public.update_enterprise(tests.id('enterprise_1'), name => 'Taken') $$, '42501', 'Only the owner of an enterprise can change it.', 'planner: update_enterprise: refused on someone else''s');

call tests.act_as('moderator');
select is(public.my_enterprises(), '[]'::jsonb, 'moderator: my_enterprises: none');
select throws_ok($$ select public.set_opportunity_status(tests.id('opportunity_1'), 'closed') $$, '42501', 'Only the owner of an enterprise can change it.', 'moderator: set_opportunity_status: refused on someone else''s');

call tests.act_as('owner_2');
select is(jsonb_path_query_array(public.my_enterprises(), '$[*].id'), jsonb_build_array(tests.id('enterprise_2')), 'another owner: my_enterprises: only theirs');
select throws_ok($$ select public.add_opportunity(tests.id('enterprise_1'), 'Helper', 'Help out', 14, 18, 'weekly') $$, '42501', 'Only the owner of an enterprise can change it.', 'another owner: add_opportunity: refused on someone else''s');

-- --------------------------------------------------------------------------------------
-- pin_need: every signed-in caller may pin; anon may not.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need from nobody', -3.0501, 53.8204) $$, '42501', 'permission denied for function pin_need', 'anon: pin_need: execute denied');

call tests.act_as('resident_a');
select is(public.pin_need(gen_random_uuid(), 'transport', 'The bus stop has no shelter', -3.0501, 53.8204) ->> 'is_mine', 'true',
  'resident A: pin_need: pins a need of their own');

call tests.act_as('resident_b');
select is(public.pin_need(gen_random_uuid(), 'transport', 'The bus stop has no shelter', -3.0501, 53.8204) ->> 'is_mine', 'true',
  'resident B: pin_need: pins a need of their own');

call tests.act_as('owner');
select is(public.pin_need(gen_random_uuid(), 'transport', 'The bus stop has no shelter', -3.0501, 53.8204) ->> 'is_mine', 'true',
  'enterprise owner: pin_need: pins a need of their own');

call tests.act_as('planner');
select is(public.pin_need(gen_random_uuid(), 'transport', 'The bus stop has no shelter', -3.0501, 53.8204) ->> 'is_mine', 'true',
  'planner: pin_need: pins a need of their own');

call tests.act_as('moderator');
select is(public.pin_need(gen_random_uuid(), 'transport', 'The bus stop has no shelter', -3.0501, 53.8204) ->> 'is_mine', 'true',
  'moderator: pin_need: pins a need of their own');

-- --------------------------------------------------------------------------------------
-- support_need / unsupport_need: every signed-in caller but the author; anon may not.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select throws_ok($$ select public.support_need(tests.id('need_b')) $$, '42501', 'permission denied for function support_need', 'anon: support_need: execute denied');
select throws_ok($$ select public.unsupport_need(tests.id('need_a')) $$, '42501', 'permission denied for function unsupport_need', 'anon: unsupport_need: execute denied');

call tests.act_as('resident_a');
select is(public.support_need(tests.id('need_b')) -> 'supported_by_me', 'true'::jsonb, 'resident A: support_need: supports someone else''s need');
select is(public.unsupport_need(tests.id('need_b')) -> 'supported_by_me', 'false'::jsonb, 'resident A: unsupport_need: takes it back');

call tests.act_as('resident_b');
select throws_ok($$ select public.support_need(tests.id('need_b')) $$, '22023', 'You raised this need, so your voice is already counted.',
  'resident B: support_need: refused on their own need');
select is(public.unsupport_need(tests.id('need_a')) -> 'supported_by_me', 'false'::jsonb, 'resident B: unsupport_need: takes back their support');

call tests.act_as('owner');
select is(public.support_need(tests.id('need_b')) -> 'supported_by_me', 'true'::jsonb, 'enterprise owner: support_need: supports someone else''s need');
select is(public.unsupport_need(tests.id('need_b')) -> 'supported_by_me', 'false'::jsonb, 'enterprise owner: unsupport_need: takes it back');

call tests.act_as('planner');
select is(public.support_need(tests.id('need_b')) -> 'supported_by_me', 'true'::jsonb, 'planner: support_need: supports someone else''s need');
select is(public.unsupport_need(tests.id('need_b')) -> 'supported_by_me', 'false'::jsonb, 'planner: unsupport_need: takes it back');

call tests.act_as('moderator');
select is(public.support_need(tests.id('need_b')) -> 'supported_by_me', 'true'::jsonb, 'moderator: support_need: supports someone else''s need');
select is(public.unsupport_need(tests.id('need_b')) -> 'supported_by_me', 'false'::jsonb, 'moderator: unsupport_need: takes it back');

-- --------------------------------------------------------------------------------------
-- edit_need / withdraw_need: the author only (moderators included in "not the author").
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select throws_ok($$ select public.edit_need(tests.id('need_a'), 'Edited by nobody') $$, '42501', 'permission denied for function edit_need', 'anon: edit_need: execute denied');
select throws_ok($$ select public.withdraw_need(tests.id('need_a')) $$, '42501', 'permission denied for function withdraw_need', 'anon: withdraw_need: execute denied');

call tests.act_as('resident_b');
select throws_ok($$ select public.edit_need(tests.id('need_a'), 'Edited by someone else') $$, '42501', 'Only the person who raised a need can change it.',
  'resident B: edit_need: refused on someone else''s need');
select throws_ok($$ select public.withdraw_need(tests.id('need_a')) $$, '42501', 'Only the person who raised a need can change it.',
  'resident B: withdraw_need: refused on someone else''s need');

call tests.act_as('owner');
select throws_ok($$ select public.edit_need(tests.id('need_a'), 'Edited by someone else') $$, '42501', 'Only the person who raised a need can change it.',
  'enterprise owner: edit_need: refused on someone else''s need');
select throws_ok($$ select public.withdraw_need(tests.id('need_a')) $$, '42501', 'Only the person who raised a need can change it.',
  'enterprise owner: withdraw_need: refused on someone else''s need');

call tests.act_as('planner');
select throws_ok($$ select public.edit_need(tests.id('need_a'), 'Edited by someone else') $$, '42501', 'Only the person who raised a need can change it.',
  'planner: edit_need: refused on someone else''s need');
select throws_ok($$ select public.withdraw_need(tests.id('need_a')) $$, '42501', 'Only the person who raised a need can change it.',
  'planner: withdraw_need: refused on someone else''s need');

call tests.act_as('moderator');
select throws_ok($$ select public.edit_need(tests.id('need_a'), 'Edited by someone else') $$, '42501', 'Only the person who raised a need can change it.',
  'moderator: edit_need: refused on someone else''s need');
select throws_ok($$ select public.withdraw_need(tests.id('need_a')) $$, '42501', 'Only the person who raised a need can change it.',
  'moderator: withdraw_need: refused on someone else''s need');

call tests.act_as('resident_a');
select is(public.edit_need(tests.id('need_a'), 'Alpha Road needs a food pantry, please') ->> 'body', 'Alpha Road needs a food pantry, please',
  'resident A: edit_need: edits their own need');
select is(public.withdraw_need(tests.id('need_a')) ->> 'status', 'withdrawn', 'resident A: withdraw_need: withdraws their own need');

-- --------------------------------------------------------------------------------------
-- report_need: every signed-in caller; hide_need, restore_need, reported_needs: moderators.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select throws_ok($$ select public.report_need(tests.id('need_a'), 'Reported by nobody') $$, '42501', 'permission denied for function report_need', 'anon: report_need: execute denied');
select throws_ok($$ select public.hide_need(tests.id('need_b'), 'Hidden by nobody') $$, '42501', 'permission denied for function hide_need', 'anon: hide_need: execute denied');
select throws_ok($$ select public.restore_need(tests.id('need_hidden'), 'Restored by nobody') $$, '42501', 'permission denied for function restore_need', 'anon: restore_need: execute denied');
select throws_ok($$ select public.reported_needs() $$, '42501', 'permission denied for function reported_needs', 'anon: reported_needs: execute denied');

call tests.act_as('resident_a');
select is(public.report_need(tests.id('need_b'), 'This looks like an advert.') -> 'reported', 'true'::jsonb, 'resident A: report_need: reports a need');
select is(public.reported_needs(), '[]'::jsonb, 'resident A: reported_needs: none (moderators only)');
select throws_ok($$ select public.hide_need(tests.id('need_b'), 'I do not like it.') $$, '42501', 'Only moderators can hide or restore needs.',
  'resident A: hide_need: refused');
select throws_ok($$ select public.restore_need(tests.id('need_hidden'), 'I want it back.') $$, '42501', 'Only moderators can hide or restore needs.',
  'resident A: restore_need: refused');

call tests.act_as('resident_b');
select is(public.report_need(tests.id('need_b'), 'This looks like an advert.') -> 'reported', 'true'::jsonb, 'resident B: report_need: reports a need');
select is(public.reported_needs(), '[]'::jsonb, 'resident B: reported_needs: none (moderators only)');
select throws_ok($$ select public.hide_need(tests.id('need_b'), 'I do not like it.') $$, '42501', 'Only moderators can hide or restore needs.',
  'resident B: hide_need: refused');
select throws_ok($$ select public.restore_need(tests.id('need_hidden'), 'I want it back.') $$, '42501', 'Only moderators can hide or restore needs.',
  'resident B: restore_need: refused');

call tests.act_as('owner');
select is(public.report_need(tests.id('need_b'), 'This looks like an advert.') -> 'reported', 'true'::jsonb, 'enterprise owner: report_need: reports a need');
select is(public.reported_needs(), '[]'::jsonb, 'enterprise owner: reported_needs: none (moderators only)');
select throws_ok($$ select public.hide_need(tests.id('need_b'), 'I do not like it.') $$, '42501', 'Only moderators can hide or restore needs.',
  'enterprise owner: hide_need: refused');
select throws_ok($$ select public.restore_need(tests.id('need_hidden'), 'I want it back.') $$, '42501', 'Only moderators can hide or restore needs.',
  'enterprise owner: restore_need: refused');

call tests.act_as('planner');
select is(public.report_need(tests.id('need_b'), 'This looks like an advert.') -> 'reported', 'true'::jsonb, 'planner: report_need: reports a need');
select is(public.reported_needs(), '[]'::jsonb, 'planner: reported_needs: none (moderators only)');
select throws_ok($$ select public.hide_need(tests.id('need_b'), 'I do not like it.') $$, '42501', 'Only moderators can hide or restore needs.',
  'planner: hide_need: refused');
select throws_ok($$ select public.restore_need(tests.id('need_hidden'), 'I want it back.') $$, '42501', 'Only moderators can hide or restore needs.',
  'planner: restore_need: refused');

call tests.act_as('moderator');
select is(public.report_need(tests.id('need_b'), 'This looks like an advert.') -> 'reported', 'true'::jsonb, 'moderator: report_need: reports a need');
select is(jsonb_path_query_array(public.reported_needs(), '$[*].reports'), '[5]'::jsonb, 'moderator: reported_needs: the reported need, with its five reports');
select is(public.hide_need(tests.id('need_b'), 'Advertising, not a need.') -> 'hidden', 'true'::jsonb, 'moderator: hide_need: hides a need');
select is(public.restore_need(tests.id('need_b'), 'On reflection it is a need.') -> 'hidden', 'false'::jsonb, 'moderator: restore_need: restores it');

-- --------------------------------------------------------------------------------------
-- Outcomes. adopt_need: permanent accounts; mark_need_met: the adopter (or author);
-- confirm_need_met: the author; reopen_need: author, adopter or moderator; close_need: moderators;
-- auto_confirm_met_needs: the service role only; the outcome figures: everyone.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select throws_ok($$ select public.adopt_need(tests.id('need_b')) $$, '42501', 'permission denied for function adopt_need', 'anon: adopt_need: execute denied');
select throws_ok($$ select public.mark_need_met(tests.id('need_b')) $$, '42501', 'permission denied for function mark_need_met', 'anon: mark_need_met: execute denied');
select throws_ok($$ select public.confirm_need_met(tests.id('need_b')) $$, '42501', 'permission denied for function confirm_need_met', 'anon: confirm_need_met: execute denied');
select throws_ok($$ select public.reopen_need(tests.id('need_b'), 'Reopened by nobody') $$, '42501', 'permission denied for function reopen_need', 'anon: reopen_need: execute denied');
select throws_ok($$ select public.close_need(tests.id('need_b'), 'Closed by nobody') $$, '42501', 'permission denied for function close_need', 'anon: close_need: execute denied');
select throws_ok($$ select public.needs_due_recheck() $$, '42501', 'permission denied for function needs_due_recheck', 'anon: needs_due_recheck: execute denied');
select throws_ok($$ select public.auto_confirm_met_needs() $$, '42501', 'permission denied for function auto_confirm_met_needs', 'anon: auto_confirm_met_needs: execute denied');
-- Needs raised on Alpha Road by now: need_b and the five pinned above (need_a was withdrawn, need_hidden is hidden).

call tests.act_as('anon');
select is(public.neighbourhood_outcomes(tests.id('north')) -> 'needs_raised', '6'::jsonb, 'anon: neighbourhood_outcomes: the figures for a neighbourhood');
select is(public.street_outcomes(tests.id('street_alpha')) -> 'needs_raised', '6'::jsonb, 'anon: street_outcomes: the figures for a street');

call tests.act_as('resident_a');
select is(public.neighbourhood_outcomes(tests.id('north')) -> 'needs_raised', '6'::jsonb, 'resident A: neighbourhood_outcomes: the figures for a neighbourhood');
select is(public.street_outcomes(tests.id('street_alpha')) -> 'needs_raised', '6'::jsonb, 'resident A: street_outcomes: the figures for a street');
select throws_ok($$ select public.auto_confirm_met_needs() $$, '42501', 'permission denied for function auto_confirm_met_needs',
  'resident A: auto_confirm_met_needs: execute denied (the service role''s job)');

call tests.act_as('resident_b');
select is(public.neighbourhood_outcomes(tests.id('north')) -> 'needs_raised', '6'::jsonb, 'resident B: neighbourhood_outcomes: the figures for a neighbourhood');
select is(public.street_outcomes(tests.id('street_alpha')) -> 'needs_raised', '6'::jsonb, 'resident B: street_outcomes: the figures for a street');
select throws_ok($$ select public.auto_confirm_met_needs() $$, '42501', 'permission denied for function auto_confirm_met_needs',
  'resident B: auto_confirm_met_needs: execute denied (the service role''s job)');

call tests.act_as('owner');
select is(public.neighbourhood_outcomes(tests.id('north')) -> 'needs_raised', '6'::jsonb, 'enterprise owner: neighbourhood_outcomes: the figures for a neighbourhood');
select is(public.street_outcomes(tests.id('street_alpha')) -> 'needs_raised', '6'::jsonb, 'enterprise owner: street_outcomes: the figures for a street');
select throws_ok($$ select public.auto_confirm_met_needs() $$, '42501', 'permission denied for function auto_confirm_met_needs',
  'enterprise owner: auto_confirm_met_needs: execute denied (the service role''s job)');

call tests.act_as('planner');
select is(public.neighbourhood_outcomes(tests.id('north')) -> 'needs_raised', '6'::jsonb, 'planner: neighbourhood_outcomes: the figures for a neighbourhood');
select is(public.street_outcomes(tests.id('street_alpha')) -> 'needs_raised', '6'::jsonb, 'planner: street_outcomes: the figures for a street');
select throws_ok($$ select public.auto_confirm_met_needs() $$, '42501', 'permission denied for function auto_confirm_met_needs',
  'planner: auto_confirm_met_needs: execute denied (the service role''s job)');

call tests.act_as('moderator');
select is(public.neighbourhood_outcomes(tests.id('north')) -> 'needs_raised', '6'::jsonb, 'moderator: neighbourhood_outcomes: the figures for a neighbourhood');
select is(public.street_outcomes(tests.id('street_alpha')) -> 'needs_raised', '6'::jsonb, 'moderator: street_outcomes: the figures for a street');
select throws_ok($$ select public.auto_confirm_met_needs() $$, '42501', 'permission denied for function auto_confirm_met_needs',
  'moderator: auto_confirm_met_needs: execute denied (the service role''s job)');

call tests.act_as('resident_a');
select throws_ok($$ select public.adopt_need(tests.id('need_b')) $$, '42501', 'Sign in with an email account to adopt a need.',
  'resident A: adopt_need: refused to an anonymous sign-in');

call tests.act_as('resident_b');
select throws_ok($$ select public.adopt_need(tests.id('need_b')) $$, '42501', 'Sign in with an email account to adopt a need.',
  'resident B: adopt_need: refused to an anonymous sign-in');

call tests.act_as('owner');
select is(public.adopt_need(tests.id('need_b'), tests.id('enterprise_1')) ->> 'status', 'adopted', 'enterprise owner: adopt_need: adopts for their enterprise');

call tests.act_as('planner');
select throws_ok($$ select public.adopt_need(tests.id('need_b')) $$, '22023', 'Someone is already on this need.',
  'planner: adopt_need: refused, someone is on it');

call tests.act_as('moderator');
select throws_ok($$ select public.adopt_need(tests.id('need_b')) $$, '22023', 'Someone is already on this need.',
  'moderator: adopt_need: refused, someone is on it');

call tests.act_as('resident_a');
select throws_ok($$ select public.mark_need_met(tests.id('need_b')) $$, '42501', 'Only whoever adopted this need, or the person who raised it, can mark it met.',
  'resident A: mark_need_met: refused');

call tests.act_as('planner');
select throws_ok($$ select public.mark_need_met(tests.id('need_b')) $$, '42501', 'Only whoever adopted this need, or the person who raised it, can mark it met.',
  'planner: mark_need_met: refused');

call tests.act_as('moderator');
select throws_ok($$ select public.mark_need_met(tests.id('need_b')) $$, '42501', 'Only whoever adopted this need, or the person who raised it, can mark it met.',
  'moderator: mark_need_met: refused');

call tests.act_as('owner');
select is(public.mark_need_met(tests.id('need_b')) -> 'awaiting_confirmation', 'true'::jsonb, 'enterprise owner: mark_need_met: marks the need they adopted met');

call tests.act_as('resident_a');
select is(public.needs_due_recheck(), '[]'::jsonb, 'resident A: needs_due_recheck: nothing to answer');
select throws_ok($$ select public.confirm_need_met(tests.id('need_b')) $$, '42501', 'Only the person who raised a need can change it.',
  'resident A: confirm_need_met: refused on someone else''s need');

call tests.act_as('resident_b');
select is(jsonb_path_query_array(public.needs_due_recheck(), '$[*].prompt'), '["confirm_met"]'::jsonb, 'resident B: needs_due_recheck: asked to confirm their need is met');

call tests.act_as('owner');
select is(public.needs_due_recheck(), '[]'::jsonb, 'enterprise owner: needs_due_recheck: nothing to answer');
select throws_ok($$ select public.confirm_need_met(tests.id('need_b')) $$, '42501', 'Only the person who raised a need can change it.',
  'enterprise owner: confirm_need_met: refused on someone else''s need');

call tests.act_as('planner');
select is(public.needs_due_recheck(), '[]'::jsonb, 'planner: needs_due_recheck: nothing to answer');
select throws_ok($$ select public.confirm_need_met(tests.id('need_b')) $$, '42501', 'Only the person who raised a need can change it.',
  'planner: confirm_need_met: refused on someone else''s need');

call tests.act_as('moderator');
select is(public.needs_due_recheck(), '[]'::jsonb, 'moderator: needs_due_recheck: nothing to answer');
select throws_ok($$ select public.confirm_need_met(tests.id('need_b')) $$, '42501', 'Only the person who raised a need can change it.',
  'moderator: confirm_need_met: refused on someone else''s need');

call tests.act_as('resident_b');
select is(public.confirm_need_met(tests.id('need_b')) -> 'awaiting_confirmation', 'false'::jsonb, 'resident B: confirm_need_met: confirms their need is met');

call tests.act_as('resident_a');
select throws_ok($$ select public.reopen_need(tests.id('need_b'), 'It is back.') $$, '42501',
  'Only the person who raised this need, whoever adopted it, or a moderator can reopen it (a met need).', 'resident A: reopen_need: refused');

call tests.act_as('planner');
select throws_ok($$ select public.reopen_need(tests.id('need_b'), 'It is back.') $$, '42501',
  'Only the person who raised this need, whoever adopted it, or a moderator can reopen it (a met need).', 'planner: reopen_need: refused');

call tests.act_as('resident_b');
select is(public.reopen_need(tests.id('need_b'), 'It is back.') ->> 'status', 'open', 'resident B: reopen_need: reopens their own met need');

call tests.act_as('resident_a');
select throws_ok($$ select public.close_need(tests.id('need_b'), 'Out of scope.') $$, '42501',
  'Only moderators can close needs; the person who raised one can withdraw it.', 'resident A: close_need: refused');

call tests.act_as('resident_b');
select throws_ok($$ select public.close_need(tests.id('need_b'), 'Out of scope.') $$, '42501',
  'Only moderators can close needs; the person who raised one can withdraw it.', 'resident B: close_need: refused');

call tests.act_as('owner');
select throws_ok($$ select public.close_need(tests.id('need_b'), 'Out of scope.') $$, '42501',
  'Only moderators can close needs; the person who raised one can withdraw it.', 'enterprise owner: close_need: refused');

call tests.act_as('planner');
select throws_ok($$ select public.close_need(tests.id('need_b'), 'Out of scope.') $$, '42501',
  'Only moderators can close needs; the person who raised one can withdraw it.', 'planner: close_need: refused');

call tests.act_as('moderator');
select is(public.close_need(tests.id('need_b'), 'Out of scope.') ->> 'status', 'closed', 'moderator: close_need: closes a need');
select is(public.reopen_need(tests.id('need_b'), 'In scope after all.') ->> 'status', 'open', 'moderator: reopen_need: reopens a closed need');

-- --------------------------------------------------------------------------------------
-- express_interest / withdraw_interest: every signed-in caller, for themselves; anon may not.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Nobody', 'in-person', null, 15) $$, '42501', 'permission denied for function express_interest', 'anon: express_interest: execute denied');
select throws_ok($$ select public.withdraw_interest(tests.id('interest_b')) $$, '42501', 'permission denied for function withdraw_interest', 'anon: withdraw_interest: execute denied');

call tests.act_as('resident_a');
select throws_ok($$ select public.withdraw_interest(tests.id('interest_b')) $$, 'PT404', 'You have no such interest to withdraw.',
  'resident A: withdraw_interest: refused on someone else''s interest');
select is(public.express_interest(tests.id('opportunity_1'), 'Alex', 'in-person', null, 15) ->> 'display_name', 'Alex',
  'resident A: express_interest: records their own interest');

call tests.act_as('resident_b');
select is(public.express_interest(tests.id('opportunity_1'), 'Alex', 'in-person', null, 15) ->> 'display_name', 'Alex',
  'resident B: express_interest: records their own interest');

call tests.act_as('owner');
select throws_ok($$ select public.withdraw_interest(tests.id('interest_b')) $$, 'PT404', 'You have no such interest to withdraw.',
  'enterprise owner: withdraw_interest: refused on someone else''s interest');
select is(public.express_interest(tests.id('opportunity_1'), 'Alex', 'in-person', null, 15) ->> 'display_name', 'Alex',
  'enterprise owner: express_interest: records their own interest');

call tests.act_as('planner');
select throws_ok($$ select public.withdraw_interest(tests.id('interest_b')) $$, 'PT404', 'You have no such interest to withdraw.',
  'planner: withdraw_interest: refused on someone else''s interest');
select is(public.express_interest(tests.id('opportunity_1'), 'Alex', 'in-person', null, 15) ->> 'display_name', 'Alex',
  'planner: express_interest: records their own interest');

call tests.act_as('moderator');
select throws_ok($$ select public.withdraw_interest(tests.id('interest_b')) $$, 'PT404', 'You have no such interest to withdraw.',
  'moderator: withdraw_interest: refused on someone else''s interest');
select is(public.express_interest(tests.id('opportunity_1'), 'Alex', 'in-person', null, 15) ->> 'display_name', 'Alex',
  'moderator: express_interest: records their own interest');

call tests.act_as('resident_b');
select is(public.withdraw_interest(tests.id('interest_b')) -> 'withdrawn', 'true'::jsonb, 'resident B: withdraw_interest: withdraws their own interest');

-- --------------------------------------------------------------------------------------
-- Trusted outcomes (20261201001600): undo_adoption (author, adopter, moderator),
-- my_notifications and mark_notifications_read (one's own), disputed_adopters
-- (moderators), need_page (everyone); and what an unconfirmed account may not do.
-- --------------------------------------------------------------------------------------

call tests.act_as('anon');
select throws_ok($$ select public.undo_adoption(tests.id('need_b')) $$, '42501', 'permission denied for function undo_adoption', 'anon: undo_adoption: execute denied');
select throws_ok($$ select public.my_notifications() $$, '42501', 'permission denied for function my_notifications', 'anon: my_notifications: execute denied');
select throws_ok($$ select public.mark_notifications_read() $$, '42501', 'permission denied for function mark_notifications_read', 'anon: mark_notifications_read: execute denied');
select throws_ok($$ select public.disputed_adopters() $$, '42501', 'permission denied for function disputed_adopters', 'anon: disputed_adopters: execute denied');
select is(public.need_page(tests.id('need_b')) -> 'may' -> 'confirmed_account', 'false'::jsonb, 'anon: need_page: the page, offering nothing');

call tests.act_as('resident_a');
select is(public.my_notifications() -> 'items', '[]'::jsonb, 'resident A: my_notifications: none of someone else''s');
select throws_ok($$ select public.disputed_adopters() $$, '42501', 'Only moderators can see disputed adopters.', 'resident A: disputed_adopters: refused');
select throws_ok($$ select public.undo_adoption(tests.id('need_b')) $$, '22023',
  'This need is open, not adopted, so there is no adoption to undo.', 'resident A: undo_adoption: nothing to undo on an open need');

call tests.act_as('owner');
select is(public.adopt_need(tests.id('need_b'), tests.id('enterprise_1')) ->> 'status', 'adopted', 'enterprise owner: adopt_need: adopts need_b again');

call tests.act_as('resident_a');
select throws_ok($$ select public.undo_adoption(tests.id('need_b')) $$, '42501',
  'Only the person who raised this need, whoever adopted it, or a moderator can undo its adoption.', 'resident A: undo_adoption: refused on someone else''s need');

call tests.act_as('planner');
select throws_ok($$ select public.undo_adoption(tests.id('need_b')) $$, '42501',
  'Only the person who raised this need, whoever adopted it, or a moderator can undo its adoption.', 'planner: undo_adoption: refused');
select throws_ok($$ select public.disputed_adopters() $$, '42501', 'Only moderators can see disputed adopters.', 'planner: disputed_adopters: refused');

call tests.act_as('moderator');
select is(public.disputed_adopters(), '[]'::jsonb, 'moderator: disputed_adopters: the queue (empty)');

call tests.act_as('resident_b');
select is(public.undo_adoption(tests.id('need_b'), 'Changed my mind.') ->> 'status', 'open', 'resident B: undo_adoption: the author undoes it');
select is(public.mark_notifications_read(), 1, 'resident B: mark_notifications_read: marks read the notice of the earlier claim on need_b');

call tests.act_as('owner');
select is(public.my_notifications() -> 'items' -> 0 ->> 'kind', 'adoption_undone', 'enterprise owner: my_notifications: told their adoption was undone');

call tests.act_as('unconfirmed');
select throws_ok($$ select public.adopt_need(tests.id('need_b')) $$, '42501',
  'Confirm your e-mail address to adopt a need: open the link we mailed you.', 'unconfirmed account: adopt_need: refused');
select throws_ok($$ select public.list_enterprise('New Co', 'Doing good', array['food'], -3.03, 53.82, 'hi@example.test') $$, '42501',
  'Confirm your e-mail address to list or run an enterprise: open the link we mailed you.', 'unconfirmed account: list_enterprise: refused');
select is(public.need_page(tests.id('need_b')) -> 'may' -> 'adopt', 'false'::jsonb, 'unconfirmed account: need_page: not offered adopting');

-- Spin-out briefs (api_briefs.test.sql has them in depth): anyone reads briefs and
-- projects; starting and running a project takes a confirmed account.
-- --------------------------------------------------------------------------------------
call tests.act_as('anon');
select is(jsonb_path_query_array(public.list_briefs(), '$[*].category'), '["transport"]'::jsonb, 'anon: list_briefs: the transport needs pinned above');
select is(public.brief_detail('loneliness-' || tests.id('need_b')) -> 'needs', '1'::jsonb, 'anon: brief_detail: the one-need cluster');
select is(jsonb_array_length(public.brief_outcomes_by_neighbourhood()), 2, 'anon: brief_outcomes_by_neighbourhood: both neighbourhoods');
select is(public.project_detail(tests.id('need_a')), null, 'anon: project_detail: no such project');
select is(public.need_projects(tests.id('need_a')), '[]'::jsonb, 'anon: need_projects: none');
call tests.act_as('resident_a');
select is(jsonb_path_query_array(public.list_briefs(), '$[*].category'), '["transport"]'::jsonb, 'resident A: list_briefs: the transport needs pinned above');
select is(public.brief_detail('loneliness-' || tests.id('need_b')) -> 'needs', '1'::jsonb, 'resident A: brief_detail: the one-need cluster');
select is(jsonb_array_length(public.brief_outcomes_by_neighbourhood()), 2, 'resident A: brief_outcomes_by_neighbourhood: both neighbourhoods');
select is(public.project_detail(tests.id('need_a')), null, 'resident A: project_detail: no such project');
select is(public.need_projects(tests.id('need_a')), '[]'::jsonb, 'resident A: need_projects: none');
call tests.act_as('resident_b');
select is(jsonb_path_query_array(public.list_briefs(), '$[*].category'), '["transport"]'::jsonb, 'resident B: list_briefs: the transport needs pinned above');
select is(public.brief_detail('loneliness-' || tests.id('need_b')) -> 'needs', '1'::jsonb, 'resident B: brief_detail: the one-need cluster');
select is(jsonb_array_length(public.brief_outcomes_by_neighbourhood()), 2, 'resident B: brief_outcomes_by_neighbourhood: both neighbourhoods');
select is(public.project_detail(tests.id('need_a')), null, 'resident B: project_detail: no such project');
select is(public.need_projects(tests.id('need_a')), '[]'::jsonb, 'resident B: need_projects: none');
call tests.act_as('owner');
select is(jsonb_path_query_array(public.list_briefs(), '$[*].category'), '["transport"]'::jsonb, 'enterprise owner: list_briefs: the transport needs pinned above');
select is(public.brief_detail('loneliness-' || tests.id('need_b')) -> 'needs', '1'::jsonb, 'enterprise owner: brief_detail: the one-need cluster');
select is(jsonb_array_length(public.brief_outcomes_by_neighbourhood()), 2, 'enterprise owner: brief_outcomes_by_neighbourhood: both neighbourhoods');
select is(public.project_detail(tests.id('need_a')), null, 'enterprise owner: project_detail: no such project');
select is(public.need_projects(tests.id('need_a')), '[]'::jsonb, 'enterprise owner: need_projects: none');
call tests.act_as('planner');
select is(jsonb_path_query_array(public.list_briefs(), '$[*].category'), '["transport"]'::jsonb, 'planner: list_briefs: the transport needs pinned above');
select is(public.brief_detail('loneliness-' || tests.id('need_b')) -> 'needs', '1'::jsonb, 'planner: brief_detail: the one-need cluster');
select is(jsonb_array_length(public.brief_outcomes_by_neighbourhood()), 2, 'planner: brief_outcomes_by_neighbourhood: both neighbourhoods');
select is(public.project_detail(tests.id('need_a')), null, 'planner: project_detail: no such project');
select is(public.need_projects(tests.id('need_a')), '[]'::jsonb, 'planner: need_projects: none');
call tests.act_as('moderator');
select is(jsonb_path_query_array(public.list_briefs(), '$[*].category'), '["transport"]'::jsonb, 'moderator: list_briefs: the transport needs pinned above');
select is(public.brief_detail('loneliness-' || tests.id('need_b')) -> 'needs', '1'::jsonb, 'moderator: brief_detail: the one-need cluster');
select is(jsonb_array_length(public.brief_outcomes_by_neighbourhood()), 2, 'moderator: brief_outcomes_by_neighbourhood: both neighbourhoods');
select is(public.project_detail(tests.id('need_a')), null, 'moderator: project_detail: no such project');
select is(public.need_projects(tests.id('need_a')), '[]'::jsonb, 'moderator: need_projects: none');
call tests.act_as('anon');
select throws_ok($$ select public.start_project_from_brief('loneliness-' || tests.id('need_b'), 'X Co', 'Goal', 'x@y.test') $$, '42501', 'permission denied for function start_project_from_brief', 'anon: start_project_from_brief: execute denied');
select throws_ok($$ select public.adopt_brief_needs('00000000-0000-4000-8000-000000000000') $$, '42501', 'permission denied for function adopt_brief_needs', 'anon: adopt_brief_needs: execute denied');
select throws_ok($$ select public.invite_cofounder('00000000-0000-4000-8000-000000000000') $$, '42501', 'permission denied for function invite_cofounder', 'anon: invite_cofounder: execute denied');
select throws_ok($$ select public.join_project(repeat('a', 64)) $$, '42501', 'permission denied for function join_project', 'anon: join_project: execute denied');
select throws_ok($$ select public.set_project_stage('00000000-0000-4000-8000-000000000000', 'active') $$, '42501', 'permission denied for function set_project_stage', 'anon: set_project_stage: execute denied');
call tests.act_as('resident_a');
select throws_ok($$ select public.start_project_from_brief('loneliness-' || tests.id('need_b'), 'X Co', 'Goal', 'x@y.test') $$, '42501', null, 'resident A (anonymous): start_project_from_brief: refused');
select throws_ok($$ select public.adopt_brief_needs('00000000-0000-4000-8000-000000000000') $$, '42501', null, 'resident A (anonymous): adopt_brief_needs: refused');
select throws_ok($$ select public.invite_cofounder('00000000-0000-4000-8000-000000000000') $$, '42501', null, 'resident A (anonymous): invite_cofounder: refused');
select throws_ok($$ select public.join_project(repeat('a', 64)) $$, '42501', null, 'resident A (anonymous): join_project: refused');
select throws_ok($$ select public.set_project_stage('00000000-0000-4000-8000-000000000000', 'active') $$, '42501', null, 'resident A (anonymous): set_project_stage: refused');
call tests.act_as('owner');
select throws_ok($$ select public.start_project_from_brief('food-' || '00000000-0000-4000-8000-000000000000', 'X Co', 'Goal', 'x@y.test') $$, 'PT404', null, 'enterprise owner: start_project_from_brief: no such open brief');
select throws_ok($$ select public.adopt_brief_needs('00000000-0000-4000-8000-000000000000') $$, 'PT404', 'That project does not exist.', 'enterprise owner: adopt_brief_needs: no such project');
select throws_ok($$ select public.invite_cofounder('00000000-0000-4000-8000-000000000000') $$, 'PT404', 'That project does not exist.', 'enterprise owner: invite_cofounder: no such project');
select throws_ok($$ select public.join_project('not a token') $$, '22023', 'That invitation link is not valid.', 'enterprise owner: join_project: a malformed token');
select throws_ok($$ select public.set_project_stage('00000000-0000-4000-8000-000000000000', 'active') $$, 'PT404', 'That project does not exist.', 'enterprise owner: set_project_stage: no such project');

select * from finish();
rollback;
