-- API: reports and moderation (report_need, reported_needs, hide_need, restore_need)
-- and the helpers around pinning (similar_needs, search_places). Fixture: _fixtures.sql.
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(62);

-- --------------------------------------------------------------------------------------
-- report_need: any signed-in person reports a need, once (again updates the reason)
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_b');
select is(public.report_need(tests.id('need_a'), '  This looks like an advert.  '),
  jsonb_build_object('need_id', tests.id('need_a'), 'reported', true), 'report_need records a report');
select is(public.report_need(tests.id('need_a'), 'It is an advert for a shop.') -> 'reported', 'true'::jsonb,
  'Reporting again is accepted');
call tests.act_as('owner');
select is(public.report_need(tests.id('need_a'), 'Spam.') -> 'reported', 'true'::jsonb, 'A second person reports it');
reset role;
select results_eq($$ select reporter_id, reason, resolved_at from public.need_reports order by reason $$,
  $$ values (tests.id('resident_b'), 'It is an advert for a shop.', null::timestamptz), (tests.id('owner'), 'Spam.', null) $$,
  'One report per person, the latest reason kept, trimmed');

call tests.act_as('resident_b');
select throws_ok($$ select public.report_need(tests.id('need_b'), '') $$,
  '22023', 'The reason must be at least 3 characters.', 'report_need refuses an empty reason');
select throws_ok($$ select public.report_need(tests.id('need_b'), null) $$,
  '22023', 'The reason must be at least 3 characters.', 'report_need refuses a missing reason');
select throws_ok($$ select public.report_need(tests.id('need_b'), repeat('r', 501)) $$,
  '22023', 'The reason must be at most 500 characters.', 'report_need refuses a reason over 500 characters');
select throws_ok($$ select public.report_need(tests.id('need_b'), '<a href="x">see</a>') $$,
  '22023', 'The reason cannot contain HTML tags.', 'report_need refuses HTML');
select throws_ok($$ select public.report_need(tests.id('need_hidden'), 'Reporting a hidden need') $$,
  'PT404', 'That need does not exist or has been removed.', 'report_need refuses a hidden need');
select throws_ok($$ select public.report_need(gen_random_uuid(), 'Reporting nothing') $$,
  'PT404', 'That need does not exist or has been removed.', 'report_need refuses an unknown need');
call tests.act_as('anon');
select throws_ok($$ select public.report_need(tests.id('need_a'), 'Reported by nobody') $$,
  '42501', 'permission denied for function report_need', 'anon cannot report: sign in first');
reset role;
select is((select count(*)::int from public.need_reports), 2, 'The refused reports changed nothing');

-- --------------------------------------------------------------------------------------
-- reported_needs: the moderators' queue
-- --------------------------------------------------------------------------------------
call tests.act_as('moderator');
select is(jsonb_path_query_array(public.reported_needs(), '$[*].id'), jsonb_build_array(tests.id('need_a')),
  'reported_needs lists the reported need');
select is(public.reported_needs() -> 0 -> 'reports', '2'::jsonb, 'with the number of reports');
select is(public.reported_needs() -> 0 -> 'reasons', '["It is an advert for a shop.", "Spam."]'::jsonb, 'and their reasons');
call tests.act_as('resident_b');
select is(public.reported_needs(), '[]'::jsonb, 'reported_needs is empty for a reporter who is not a moderator');
call tests.act_as('planner');
select is(public.reported_needs(), '[]'::jsonb, 'reported_needs is empty for a planner');

-- --------------------------------------------------------------------------------------
-- hide_need / restore_need: moderators only, with a reason kept in the history
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_a');
select throws_ok($$ select public.hide_need(tests.id('need_b'), 'I do not like it.') $$,
  '42501', 'Only moderators can hide or restore needs.', 'A resident cannot hide a need');
call tests.act_as('planner');
select throws_ok($$ select public.hide_need(tests.id('need_b'), 'Not a planning matter.') $$,
  '42501', 'Only moderators can hide or restore needs.', 'A planner cannot hide a need');
call tests.act_as('owner');
select throws_ok($$ select public.restore_need(tests.id('need_hidden'), 'Bring it back.') $$,
  '42501', 'Only moderators can hide or restore needs.', 'An enterprise owner cannot restore a need');
call tests.act_as('anon');
select throws_ok($$ select public.hide_need(tests.id('need_b'), 'Hidden by nobody') $$,
  '42501', 'permission denied for function hide_need', 'anon cannot hide');
select throws_ok($$ select public.restore_need(tests.id('need_hidden'), 'Restored by nobody') $$,
  '42501', 'permission denied for function restore_need', 'anon cannot restore');

call tests.act_as('moderator');
select throws_ok($$ select public.hide_need(tests.id('need_a'), '') $$,
  '22023', 'The reason must be at least 3 characters.', 'hide_need needs a reason');
select throws_ok($$ select public.hide_need(tests.id('need_a'), '<i>spam</i>') $$,
  '22023', 'The reason cannot contain HTML tags.', 'hide_need refuses HTML in the reason');
select throws_ok($$ select public.hide_need(gen_random_uuid(), 'Advertising') $$,
  'PT404', 'That need does not exist.', 'hide_need refuses an unknown need');
reset role;
select is((select count(*)::int from public.needs where hidden_at is not null), 1, 'The refused attempts hid nothing');

call tests.act_as('moderator');
select is(public.hide_need(tests.id('need_a'), 'Advertising, not a need.') -> 'hidden', 'true'::jsonb, 'A moderator hides a need');
select is(public.reported_needs(), '[]'::jsonb, 'Hiding resolves its reports');
call tests.act_as('anon');
select is(position(tests.id('need_a')::text in public.map_needs(-3.07, 53.80, -3.01, 53.84)::text), 0, 'A hidden need leaves the map');
select is(public.need_detail(tests.id('need_a')), null, 'Others cannot open it');
call tests.act_as('resident_a');
select is(public.need_detail(tests.id('need_a')) -> 'hidden', 'true'::jsonb, 'Its author still sees it, marked hidden');
select is((public.need_detail(tests.id('need_a')) -> 'history' -> -1) - 'at',
  '{"from": "open", "to": "open", "by": "moderator", "note": "Hidden: Advertising, not a need."}'::jsonb,
  'and the history says a moderator hid it, and why (not who)');
select throws_ok($$ select public.support_need(tests.id('need_a')) $$,
  'PT404', 'That need does not exist or has been removed.', 'A hidden need takes no support');

call tests.act_as('moderator');
select is(public.restore_need(tests.id('need_a'), 'It was a real need after all.') -> 'hidden', 'false'::jsonb,
  'A moderator restores a need');
call tests.act_as('anon');
select isnt(position(tests.id('need_a')::text in public.map_needs(-3.07, 53.80, -3.01, 53.84)::text), 0,
  'A restored need is back on the map');

-- --------------------------------------------------------------------------------------
-- similar_needs: "is it one of these?" before pinning; anyone may ask
-- --------------------------------------------------------------------------------------
select is(jsonb_path_query_array(public.similar_needs(-3.0501, 53.8204, 'food'), '$[*].id'), jsonb_build_array(tests.id('need_a')),
  'similar_needs finds the open need of that category nearby');
select is((public.similar_needs(-3.0501, 53.8204, 'food') -> 0) - 'created_at' - 'status_changed_at' - 'id' - 'street_id' - 'neighbourhood_id',
  '{"category": "food", "body": "Alpha Road needs a food pantry", "status": "open", "street_name": "Alpha Road",
    "public_point": [-3.05, 53.8205], "exact_point": null, "is_mine": false, "supported_by_me": false,
    "supporters": 1, "hidden": false, "distance_m": 13}'::jsonb,
  'similar_needs gives the public point and the distance to it, never the exact point');
select is(public.similar_needs(-3.0501, 53.8204, 'housing'), '[]'::jsonb, 'similar_needs only matches the category');
select is(public.similar_needs(-3.04, 53.8205, 'food'), '[]'::jsonb, 'similar_needs looks only nearby (150 m by default)');
select is(jsonb_array_length(public.similar_needs(-3.04, 53.8205, 'food', 1000)), 1, 'similar_needs takes a wider radius (the need is 657 m away)');
select is(public.similar_needs(-3.0501, 53.8204, 'safety'), '[]'::jsonb, 'similar_needs leaves hidden needs out');

select throws_ok($$ select public.similar_needs(null, 53.8204, 'food') $$,
  '22023', 'Coordinates must be finite numbers.', 'similar_needs refuses a null coordinate');
select throws_ok($$ select public.similar_needs(-3.0501, 'NaN', 'food') $$,
  '22023', 'Coordinates must be finite numbers.', 'similar_needs refuses NaN');
select throws_ok($$ select public.similar_needs(-3.0501, 91, 'food') $$,
  '22023', 'Coordinates are out of range (longitude −180..180, latitude −90..90).', 'similar_needs refuses a latitude out of range');
select throws_ok($$ select public.similar_needs(-3.0501, 53.8204, 'food', 5) $$,
  '22023', 'The search radius must be between 10 and 1000.', 'similar_needs refuses a tiny radius');
select throws_ok($$ select public.similar_needs(-3.0501, 53.8204, 'unicorns') $$,
  '22023', 'Unknown category: unicorns.', 'similar_needs refuses an unknown category');
select throws_ok($$ select public.similar_needs(-3.0501, 53.8204, null) $$,
  '22023', 'Unknown category: null.', 'similar_needs refuses a missing category');

-- --------------------------------------------------------------------------------------
-- search_places: the town's own streets, neighbourhoods, assets and enterprises
-- --------------------------------------------------------------------------------------
select is(public.search_places('alpha') -> 1,
  jsonb_build_object('kind', 'street', 'id', tests.id('street_alpha'), 'name', 'Alpha Road', 'context', 'Northgate',
    'point', '[-3.05, 53.8205]'::jsonb, 'bbox', '[-3.05, 53.82, -3.05, 53.821]'::jsonb),
  'search_places finds a street, with its neighbourhood, a point and its extent');
select is(jsonb_path_query_array(public.search_places('ALPHA'), '$[*].name'), '["Alpha Food Bank", "Alpha Road"]'::jsonb,
  'search_places ignores case, names that start with the words first');
select is(jsonb_path_query_array(public.search_places('garden'), '$[*].kind'), '["enterprise"]'::jsonb,
  'search_places finds enterprises');
select is(jsonb_path_query_array(public.search_places('east'), '$[*].kind'), '["neighbourhood"]'::jsonb,
  'search_places finds neighbourhoods');
select is(public.search_places('%%'), '[]'::jsonb, 'search_places treats % as a letter, not a wildcard');
select is(public.search_places('__'), '[]'::jsonb, 'search_places treats _ as a letter, not a wildcard');
select is(jsonb_array_length(public.search_places('al', 1)), 1, 'search_places caps its results');
select throws_ok($$ select public.search_places('a') $$,
  '22023', 'The search must be at least 2 characters.', 'search_places refuses a one-letter search');
select throws_ok($$ select public.search_places(null) $$,
  '22023', 'The search must be at least 2 characters.', 'search_places refuses a missing search');
select throws_ok($$ select public.search_places(repeat('s', 101)) $$,
  '22023', 'The search must be at most 100 characters.', 'search_places refuses a search over 100 characters');
select throws_ok($$ select public.search_places('<script>') $$,
  '22023', 'The search cannot contain HTML tags.', 'search_places refuses HTML');
select throws_ok($$ select public.search_places('al', 0) $$,
  '22023', 'The number of results must be between 1 and 50.', 'search_places refuses zero results');

-- With no needs at all, similar_needs still checks its arguments.
reset role;
delete from public.needs;
call tests.act_as('anon');
select is(public.similar_needs(-3.0501, 53.8204, 'food'), '[]'::jsonb, 'similar_needs with no needs is empty');
select throws_ok($$ select public.similar_needs(-3.0501, 53.8204, 'unicorns') $$,
  '22023', 'Unknown category: unicorns.', 'similar_needs checks its category when there are no needs');
select throws_ok($$ select public.similar_needs(-3.0501, 53.8204, 'food', 5000) $$,
  '22023', 'The search radius must be between 10 and 1000.', 'similar_needs checks its radius when there are no needs');

select * from finish();
rollback;
