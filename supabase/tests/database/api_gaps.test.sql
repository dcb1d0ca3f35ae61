-- API: street_gaps and neighbourhood_gaps, computed exactly as DESIGN.md defines them,
-- on a fixture small enough to work out by hand:
--
--   demand(s,c) = open needs of c snapped to s, each counting 1 + its supporters
--   supply(s,c) = assets and active enterprises serving c within R metres of s
--   gap(s,c)    = demand / (1 + supply); a street's gap is the sum over its categories
--
-- Alpha Road (Northgate), R = 400 m:
--   food        need_a (2 supporters → 3) + need_a2 (acknowledged, 0 → 1)   demand 4
--               Alpha Food Bank 300 m away counts; Far Pantry 500 m away does not
--                                                             supply 1   gap 4/2 = 2
--   loneliness  need_b (1 supporter → 2), no provider          supply 0   gap 2/1 = 2
--   not counted: need_hidden (hidden), need_withdrawn, need_met, need_met_2
--                                          street: demand 6, supply 1, gap 4
-- Beta Street (Eastfield), R = 400 m:
--   food        need_beta (0 → 1); Beta Bikes & Bites ~98 m, active, counts; Gamma
--               Garden Club ~98 m is paused and does not    supply 1   gap 1/2 = 0.5
--
-- Neighbourhoods, R = 400 m (coverage uses each need's public point: every need on
-- Alpha Road sits at its midpoint, 55.6 m south of its north end, so 355.6 m from the
-- Food Bank and 555.6 m from Far Pantry):
--   Northgate: open needs 3, demand 6, covered 2 (the food ones), coverage 2/3, gap 4,
--              top unmet [loneliness 2]; raised 5 (open 3 + met 2; hidden and withdrawn
--              left out), met 2, share met 0.4, days to met 6 and 10 → median 8
--   Eastfield: open 1, demand 1, covered 1, coverage 1, gap 0.5, top unmet [], raised 1,
--              met 0, share met 0, median none
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(40);

insert into tests.ids (label) values ('need_a2'), ('need_met'), ('need_met_2'), ('need_withdrawn'), ('need_beta');
do $$
begin
  perform private.record_need(tests.id('need_a2'), tests.id('owner'), 'food',
    'The food bank opening hours are too short', -3.0500, 53.8208);
  perform private.set_need_status(tests.id('need_a2'), 'acknowledged', tests.id('moderator'));
  perform private.record_need(tests.id('need_met'), tests.id('resident_b'), 'food',
    'No breakfast club for the school', -3.0502, 53.8202, now() - interval '10 days');
  perform private.set_need_status(tests.id('need_met'), 'met', tests.id('resident_b'), 'A breakfast club started',
    now() - interval '4 days');
  perform private.record_need(tests.id('need_met_2'), tests.id('planner'), 'food',
    'Nowhere to learn to cook', -3.0502, 53.8202, now() - interval '20 days');
  perform private.set_need_status(tests.id('need_met_2'), 'met', tests.id('planner'), null, now() - interval '10 days');
  perform private.record_need(tests.id('need_withdrawn'), tests.id('resident_a'), 'food',
    'Pinned by mistake', -3.0501, 53.8203);
  perform private.set_need_status(tests.id('need_withdrawn'), 'withdrawn', tests.id('resident_a'));
  perform private.record_need(tests.id('need_beta'), tests.id('resident_a'), 'food',
    'Beta Street needs cheap meals', -3.0301, 53.8204);
end
$$;
-- need_a already has resident B's support (fixture); the planner adds one; resident A supports need_b.
insert into public.need_supports (need_id, user_id) values
  (tests.id('need_a'), tests.id('planner')), (tests.id('need_b'), tests.id('resident_a'));

-- The fixture is what the comments say.
select is(round(extensions.st_distance((select geom from public.assets where id = tests.id('asset_300')),
                                       (select geom from public.streets where id = tests.id('street_alpha')), false))::int,
  300, 'Fixture: Alpha Food Bank is 300 m from Alpha Road, in real metres');
select is(round(extensions.st_distance((select geom from public.assets where id = tests.id('asset_500')),
                                       (select geom from public.streets where id = tests.id('street_alpha')), false))::int,
  500, 'Fixture: Far Pantry is 500 m from Alpha Road');
select results_eq($$ select street_id, count(*)::int, sum(supporters_count)::int from public.needs
                     where status in ('open', 'acknowledged', 'adopted') and hidden_at is null
                     group by street_id order by 2 desc $$,
  $$ values (tests.id('street_alpha'), 3, 3), (tests.id('street_beta'), 1, 0) $$,
  'Fixture: three open needs with three supports on Alpha Road, one on Beta Street');

call tests.act_as('planner');

-- --------------------------------------------------------------------------------------
-- street_gaps
-- --------------------------------------------------------------------------------------
select results_eq($$ select street_id, street_name, neighbourhood_name, demand, supply, gap from public.street_gaps(400) $$,
  $$ values (tests.id('street_alpha'), 'Alpha Road', 'Northgate', 6, 1, 4::float8),
            (tests.id('street_beta'), 'Beta Street', 'Eastfield', 1, 1, 0.5::float8) $$,
  'street_gaps(400): Alpha Road 6 / 1 / 4, Beta Street 1 / 1 / 0.5, largest gap first');
select is((select by_category from public.street_gaps(400) where street_id = tests.id('street_alpha')),
  '[{"category": "food", "demand": 4, "supply": 1, "gap": 2}, {"category": "loneliness", "demand": 2, "supply": 0, "gap": 2}]'::jsonb,
  'street_gaps breaks a street''s gap down by category');
select is((select by_category from public.street_gaps(400) where street_id = tests.id('street_beta')),
  '[{"category": "food", "demand": 1, "supply": 1, "gap": 0.5}]'::jsonb,
  'An active enterprise counts as supply; a paused one does not');
select results_eq($$ select street_id, supply, round(gap::numeric, 4) from public.street_gaps(600) $$,
  $$ values (tests.id('street_alpha'), 2, 3.3333), (tests.id('street_beta'), 1, 0.5000) $$,
  'street_gaps(600): Far Pantry now counts too, so Alpha Road''s food gap is 4/3 and its gap 10/3');
select results_eq($$ select street_id, supply, gap from public.street_gaps(299) $$,
  $$ values (tests.id('street_alpha'), 0, 6::float8), (tests.id('street_beta'), 1, 0.5::float8) $$,
  'street_gaps(299): the Food Bank 300 m away no longer counts');
select results_eq($$ select street_id, supply from public.street_gaps(301) where street_id = tests.id('street_alpha') $$,
  $$ values (tests.id('street_alpha'), 1) $$, 'street_gaps(301): it does');
select results_eq($$ select street_id, demand, supply, gap, by_category from public.street_gaps(400, array['loneliness']) $$,
  $$ values (tests.id('street_alpha'), 2, 0, 2::float8, '[{"category": "loneliness", "demand": 2, "supply": 0, "gap": 2}]'::jsonb) $$,
  'street_gaps filtered by category');
select results_eq($$ select street_id from public.street_gaps(400, null, tests.id('east')) $$,
  $$ values (tests.id('street_beta')) $$, 'street_gaps for one neighbourhood');
select results_eq($$ select street_id from public.street_gaps(max_results => 1) $$,
  $$ values (tests.id('street_alpha')) $$, 'street_gaps caps its rows, keeping the largest gaps; R defaults to 400 m');

-- street_name_gaps: a name's segments summed within its neighbourhood. Add a second
-- Alpha Road segment in Northgate with one open food need: Alpha Road's figures become
-- the sum of both segments' own street_gaps.
savepoint second_segment;
reset role;
insert into public.streets (id, name, highway, source, source_id, geom)
select gen_random_uuid(), 'Alpha Road', 'residential', 'test', 'alpha-2',
       extensions.st_translate(s.geom::extensions.geometry, 0, 0.0012)::extensions.geography
from public.streets s where s.id = tests.id('street_alpha');
select private.record_need(gen_random_uuid(), tests.id('resident_a'), 'food', 'Second stretch needs a pantry',
  -3.05, 53.8222);
call tests.act_as('planner');
select results_eq($$ select street_name, segments, demand, supply, round(gap::numeric, 4) from public.street_name_gaps(400)
                    where street_name = 'Alpha Road' $$,
  $$ select 'Alpha Road'::text, 2, sum(demand)::int, sum(supply)::int, round(sum(gap)::numeric, 4)
     from public.street_gaps(400) g join public.streets s on s.id = g.street_id where s.name = 'Alpha Road' $$,
  'street_name_gaps: Alpha Road sums its two segments'' demand, supply and gap');
rollback to savepoint second_segment;
select results_eq($$ select street_name from public.street_name_gaps(400, null, tests.id('east')) $$,
  $$ values ('Beta Street'::text) $$, 'street_name_gaps for one neighbourhood');
select throws_ok($$ select * from public.street_name_gaps(10) $$,
  '22023', 'The catchment distance (metres) must be between 50 and 5000.', 'street_name_gaps refuses a tiny distance');

-- --------------------------------------------------------------------------------------
-- neighbourhood_gaps
-- --------------------------------------------------------------------------------------
select results_eq($$ select neighbourhood_id, code, name, open_needs, demand, covered_needs, round(coverage::numeric, 4), gap, top_unmet
                     from public.neighbourhood_gaps(400) $$,
  $$ values (tests.id('north'), 'T-NORTH', 'Northgate', 3, 6, 2, 0.6667, 4::float8, '[{"category": "loneliness", "demand": 2}]'::jsonb),
            (tests.id('east'), 'T-EAST', 'Eastfield', 1, 1, 1, 1.0000, 0.5::float8, '[]'::jsonb) $$,
  'neighbourhood_gaps(400): demand, coverage, gap and the top unmet categories, largest gap first');
select results_eq($$ select neighbourhood_id, needs_raised, needs_met, share_met, median_days_to_met from public.neighbourhood_gaps(400) $$,
  $$ values (tests.id('north'), 5, 2, 0.4::float8, 8::float8), (tests.id('east'), 1, 0, 0::float8, null::float8) $$,
  'neighbourhood_gaps: outcomes (needs raised, met, share met, median days to met)');
select results_eq($$ select neighbourhood_id, covered_needs, round(coverage::numeric, 4), top_unmet from public.neighbourhood_gaps(250) $$,
  $$ values (tests.id('north'), 0, 0.0000, '[{"category": "food", "demand": 4}, {"category": "loneliness", "demand": 2}]'::jsonb),
            (tests.id('east'), 1, 1.0000, '[]'::jsonb) $$,
  'neighbourhood_gaps(250): the Food Bank is 355.6 m from the needs'' public point, so the food needs are unmet');
select results_eq($$ select neighbourhood_id, demand, gap, needs_raised from public.neighbourhood_gaps(400, array['loneliness']) $$,
  $$ values (tests.id('north'), 2, 2::float8, 1), (tests.id('east'), 0, 0::float8, 0) $$,
  'neighbourhood_gaps filtered by category');

-- The gap moves when supply or demand does.
reset role;
update public.enterprises set status = 'active' where id = tests.id('enterprise_2');
update public.needs set hidden_at = now() where id = tests.id('need_b');
call tests.act_as('anon');
select results_eq($$ select street_id, supply, round(gap::numeric, 4) from public.street_gaps(400) $$,
  $$ values (tests.id('street_alpha'), 1, 2.0000), (tests.id('street_beta'), 2, 0.3333) $$,
  'Hiding need_b removes its demand; the garden reopening adds supply (anon gets the same answer)');

-- --------------------------------------------------------------------------------------
-- Bad input
-- --------------------------------------------------------------------------------------
select throws_ok($$ select * from public.street_gaps(null) $$,
  '22023', 'The catchment distance is required.', 'street_gaps refuses a null distance');
select throws_ok($$ select * from public.street_gaps(10) $$,
  '22023', 'The catchment distance (metres) must be between 50 and 5000.', 'street_gaps refuses a tiny distance');
select throws_ok($$ select * from public.street_gaps(1e7) $$,
  '22023', 'The catchment distance (metres) must be between 50 and 5000.', 'street_gaps refuses a huge distance');
select throws_ok($$ select * from public.street_gaps('NaN') $$,
  '22023', 'The catchment distance (metres) must be between 50 and 5000.', 'street_gaps refuses NaN');
select throws_ok($$ select * from public.street_gaps('far') $$,
  '22P02', 'invalid input syntax for type double precision: "far"', 'street_gaps refuses a distance that is not a number');
select throws_ok($$ select * from public.street_gaps(400, array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'street_gaps refuses an unknown category');
select throws_ok($$ select * from public.street_gaps(400, '{}') $$,
  '22023', 'Choose at least one category.', 'street_gaps refuses an empty category list');
select throws_ok($$ select * from public.street_gaps(400, null, null, 0) $$,
  '22023', 'The number of results must be between 1 and 5000.', 'street_gaps refuses zero results');
select throws_ok($$ select * from public.street_gaps(400, null, null, 1000000) $$,
  '22023', 'The number of results must be between 1 and 5000.', 'street_gaps refuses too many results');
select is_empty($$ select * from public.street_gaps(400, null, gen_random_uuid()) $$,
  'street_gaps for an unknown neighbourhood is empty');

select throws_ok($$ select * from public.neighbourhood_gaps(null) $$,
  '22023', 'The catchment distance is required.', 'neighbourhood_gaps refuses a null distance');
select throws_ok($$ select * from public.neighbourhood_gaps(-5) $$,
  '22023', 'The catchment distance (metres) must be between 50 and 5000.', 'neighbourhood_gaps refuses a negative distance');
select throws_ok($$ select * from public.neighbourhood_gaps('Infinity') $$,
  '22023', 'The catchment distance (metres) must be between 50 and 5000.', 'neighbourhood_gaps refuses infinity');
select throws_ok($$ select * from public.neighbourhood_gaps(400, array['food', 'food']) $$,
  '22023', 'Each category may be listed once.', 'neighbourhood_gaps refuses a repeated category');
select throws_ok($$ select * from public.neighbourhood_gaps(400, array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'neighbourhood_gaps refuses an unknown category');

-- With no needs and no neighbourhoods at all, the arguments are still checked.
reset role;
delete from public.needs;
delete from public.streets;
delete from public.neighbourhoods;
call tests.act_as('anon');
select is_empty($$ select * from public.street_gaps(400) $$, 'street_gaps with no needs is empty');
select is_empty($$ select * from public.neighbourhood_gaps(400) $$, 'neighbourhood_gaps with no neighbourhoods is empty');
select throws_ok($$ select * from public.street_gaps(10) $$,
  '22023', 'The catchment distance (metres) must be between 50 and 5000.', 'street_gaps checks its arguments on an empty town');
select throws_ok($$ select * from public.neighbourhood_gaps(10) $$,
  '22023', 'The catchment distance (metres) must be between 50 and 5000.', 'neighbourhood_gaps checks its arguments on an empty town');
select throws_ok($$ select * from public.neighbourhood_gaps(400, array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'neighbourhood_gaps checks its categories on an empty town');

select * from finish();
rollback;
