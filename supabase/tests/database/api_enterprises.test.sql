-- API: enterprise owners and one opportunity's page. list_enterprise, update_enterprise,
-- add_opportunity, set_opportunity_status, my_enterprises, opportunity_detail; and the
-- interest privacy rules end to end. Fixture: _fixtures.sql (Beta Bikes & Bites, owned
-- by "owner", in Eastfield by Beta Street, with opportunity_1 for ages 14–18 that
-- resident B ("Sam", 16) is interested in; Gamma Garden Club owned by "owner_2";
-- resident A and B are anonymous sign-ins; the planner has an email account).
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(74);

create function tests.ids_of(p_list jsonb, p_key text)
returns uuid[] language sql immutable
as $$ select coalesce(array_agg((o.value ->> p_key)::uuid order by o.ordinality), '{}')
      from jsonb_array_elements(p_list) with ordinality o $$;

-- --------------------------------------------------------------------------------------
-- Nobody signed in may write; anonymous sign-ins may not run an enterprise.
-- --------------------------------------------------------------------------------------
call tests.act_as('anon');
select throws_ok($$ select public.list_enterprise('Nobody Co', 'Doing good', array['food'], -3.03, 53.82, 'hi@example.test') $$,
  '42501', 'permission denied for function list_enterprise', 'anon: list_enterprise: execute denied');
select throws_ok($$ select public.update_enterprise(tests.id('enterprise_1'), name => 'Taken over') $$,
  '42501', 'permission denied for function update_enterprise', 'anon: update_enterprise: execute denied');
select throws_ok($$ select public.add_opportunity(tests.id('enterprise_1'), 'Helper', 'Help out', 14, 18, 'weekly') $$,
  '42501', 'permission denied for function add_opportunity', 'anon: add_opportunity: execute denied');
select throws_ok($$ select public.set_opportunity_status(tests.id('opportunity_1'), 'closed') $$,
  '42501', 'permission denied for function set_opportunity_status', 'anon: set_opportunity_status: execute denied');
select throws_ok($$ select public.my_enterprises() $$,
  '42501', 'permission denied for function my_enterprises', 'anon: my_enterprises: execute denied');

call tests.act_as('resident_a');
select throws_ok($$ select public.list_enterprise('Anon Co', 'Doing good', array['food'], -3.03, 53.82, 'hi@example.test') $$,
  '42501', 'Sign in with an email account to list or run an enterprise.', 'An anonymous sign-in cannot list an enterprise');
select is(public.my_enterprises(), '[]'::jsonb, 'my_enterprises: an anonymous young person runs none');

-- --------------------------------------------------------------------------------------
-- list_enterprise: the happy path, and the role granted by the server
-- --------------------------------------------------------------------------------------
call tests.act_as('planner');
select is(public.list_enterprise('  Wenlow Youth Radio ', 'Young people make radio about their town',
  array['youth', 'culture'], -3.025, 53.815, 'Drop in Tuesdays, or radio@example.test', 'https://radio.example.test/join')
  - 'id' - 'created_at' - 'updated_at',
  jsonb_build_object('name', 'Wenlow Youth Radio', 'social_goal', 'Young people make radio about their town',
    'categories', '["youth", "culture"]'::jsonb, 'contact', 'Drop in Tuesdays, or radio@example.test',
    'website', 'https://radio.example.test/join', 'status', 'active', 'lon', -3.025, 'lat', 53.815,
    'opportunities', '[]'::jsonb),
  'list_enterprise: lists it for the caller, trimmed, active, with no opportunities yet');
reset role;
insert into tests.ids (label, id) select 'radio', e.id from public.enterprises e where e.name = 'Wenlow Youth Radio';
call tests.act_as('planner');
select is(tests.ids_of(public.my_enterprises(), 'id'), array[tests.id('radio')], 'my_enterprises: the new owner sees it');
reset role;
select is((select owner_id from public.enterprises where id = tests.id('radio')), tests.id('planner'),
  'The owner is the caller, taken from the JWT');
select ok(exists (select 1 from public.user_roles where user_id = tests.id('planner') and role = 'enterprise_owner'),
  'Listing an enterprise grants the caller the enterprise_owner role');
call tests.act_as('anon');
select ok(public.map_enterprises(-3.07, 53.80, -3.01, 53.84) -> 'features' @> jsonb_build_array(jsonb_build_object('id', tests.id('radio'))),
  'The new enterprise is on the public map at once');

-- Bad input: every field is checked, with a sentence.
call tests.act_as('planner');
select throws_ok($$ select public.list_enterprise('Radio', 'Goal here', array['spaceships'], -3.025, 53.815, 'hi@example.test') $$,
  '22023', 'Unknown category: spaceships.', 'list_enterprise: an unknown category is refused');
select throws_ok($$ select public.list_enterprise('Radio', 'Goal here', array[]::text[], -3.025, 53.815, 'hi@example.test') $$,
  '22023', 'Choose at least one category.', 'list_enterprise: no category is refused');
select throws_ok($$ select public.list_enterprise('Radio', 'Goal here', array['youth', 'youth'], -3.025, 53.815, 'hi@example.test') $$,
  '22023', 'Each category may be listed once.', 'list_enterprise: a repeated category is refused');
select throws_ok($$ select public.list_enterprise('Radio', 'Goal here', array['youth'], -2.5, 53.5, 'hi@example.test') $$,
  '22023', 'That place is outside the area Street Level covers.', 'list_enterprise: a place outside the served area is refused');
select throws_ok($$ select public.list_enterprise('Radio', 'Goal here', array['youth'], 'NaN', 53.815, 'hi@example.test') $$,
  '22023', 'Coordinates must be finite numbers.', 'list_enterprise: a NaN coordinate is refused');
select throws_ok($$ select public.list_enterprise('<b>Radio</b>', 'Goal here', array['youth'], -3.025, 53.815, 'hi@example.test') $$,
  '22023', 'The name cannot contain HTML tags.', 'list_enterprise: markup in the name is refused');
select throws_ok($$ select public.list_enterprise('R', 'Goal here', array['youth'], -3.025, 53.815, 'hi@example.test') $$,
  '22023', 'The name must be at least 2 characters.', 'list_enterprise: a one-letter name is refused');
select throws_ok(format($$ select public.list_enterprise('Radio', %L, array['youth'], -3.025, 53.815, 'hi@example.test') $$, repeat('x', 501)),
  '22023', 'The social goal must be at most 500 characters.', 'list_enterprise: an overlong social goal is refused');
select throws_ok($$ select public.list_enterprise('Radio', 'Goal here', array['youth'], -3.025, 53.815, null) $$,
  '22023', 'How to get involved (the contact) must be at least 3 characters.', 'list_enterprise: a contact route is required');
select throws_ok($$ select public.list_enterprise('Radio', 'Goal here', array['youth'], -3.025, 53.815, 'hi@example.test', 'javascript:alert(1)') $$,
  '22023', 'The website must be a web address starting with http:// or https://.', 'list_enterprise: a javascript: URL is refused');
select throws_ok($$ select public.list_enterprise('Radio', 'Goal here', array['youth'], -3.025, 53.815, 'hi@example.test', 'https://x.test/"><script>') $$,
  '22023', 'The website must be a web address starting with http:// or https://.', 'list_enterprise: a URL carrying markup is refused');

-- --------------------------------------------------------------------------------------
-- update_enterprise: the owner only
-- --------------------------------------------------------------------------------------
call tests.act_as('owner');
select is(public.update_enterprise(tests.id('enterprise_1'), name => 'Beta Bikes', website => 'http://betabikes.example.test') - 'created_at' - 'updated_at' - 'opportunities',
  jsonb_build_object('id', tests.id('enterprise_1'), 'name', 'Beta Bikes', 'social_goal', 'Cheap meals and bike repairs, run with young people',
    'categories', '["food", "youth"]'::jsonb, 'contact', 'hello@betabikes.example', 'website', 'http://betabikes.example.test',
    'status', 'active', 'lon', -3.0285, 'lat', 53.8205),
  'update_enterprise: the owner changes what they give and keeps the rest');
select is((public.update_enterprise(tests.id('enterprise_1'), lon => -3.0287, lat => 53.8206) ->> 'lon')::numeric, -3.0287,
  'update_enterprise: the owner moves it within the served area');
select throws_ok($$ select public.update_enterprise(tests.id('enterprise_1'), lon => -3.0287) $$,
  '22023', 'Give both longitude and latitude, or neither.', 'update_enterprise: half a point is refused');
select throws_ok($$ select public.update_enterprise(tests.id('enterprise_1'), status => 'gone') $$,
  '22023', 'Status must be one of: active, paused, closed.', 'update_enterprise: an unknown status is refused');
select throws_ok($$ select public.update_enterprise(tests.id('enterprise_1'), categories => array['youth', 'nonsense']) $$,
  '22023', 'Unknown category: nonsense.', 'update_enterprise: an unknown category is refused');
select throws_ok($$ select public.update_enterprise(gen_random_uuid(), name => 'Ghost') $$,
  'PT404', 'That enterprise does not exist.', 'update_enterprise: an unknown enterprise is not found');

call tests.act_as('owner_2');
select throws_ok($$ select public.update_enterprise(tests.id('enterprise_1'), name => 'Taken over') $$,
  '42501', 'Only the owner of an enterprise can change it.', 'update_enterprise: another owner is refused');
call tests.act_as('resident_a');
select throws_ok($$ select public.update_enterprise(tests.id('enterprise_1'), name => 'Taken over') $$,
  '42501', 'Sign in with an email account to list or run an enterprise.', 'update_enterprise: an anonymous sign-in is refused');
reset role;
select is((select name from public.enterprises where id = tests.id('enterprise_1')), 'Beta Bikes', 'Refused updates changed nothing');

-- --------------------------------------------------------------------------------------
-- add_opportunity: the owner adds, young people find it
-- --------------------------------------------------------------------------------------
call tests.act_as('planner');
select is(public.add_opportunity(tests.id('radio'), 'Junior presenter', 'Present the Saturday show with us.', 14, 19, 'weekly',
  false, array['talking', ' editing ', 'talking'], 'Saturdays 10:00–12:00')
  - 'opportunity_id' - 'created_at',
  jsonb_build_object('title', 'Junior presenter', 'description', 'Present the Saturday show with us.',
    'skills', '["editing", "talking"]'::jsonb, 'min_age', 14, 'max_age', 19, 'commitment', 'weekly', 'paid', false,
    'schedule', 'Saturdays 10:00–12:00', 'status', 'open', 'enterprise_id', tests.id('radio'), 'interests', 0),
  'add_opportunity: the owner adds an open opportunity, skills trimmed and unique');
reset role;
insert into tests.ids (label, id) select 'presenter', o.id from public.opportunities o where o.title = 'Junior presenter';

call tests.act_as('anon');
select ok(tests.ids_of(public.nearby_opportunities(-3.025, 53.815), 'opportunity_id') @> array[tests.id('presenter')],
  'The new opportunity appears for young people nearby');
select is(public.opportunity_detail(tests.id('presenter')) - 'created_at' - 'opportunity_id' - 'enterprise_id',
  jsonb_build_object('title', 'Junior presenter', 'description', 'Present the Saturday show with us.',
    'skills', '["editing", "talking"]'::jsonb, 'min_age', 14, 'max_age', 19, 'commitment', 'weekly', 'paid', false,
    'schedule', 'Saturdays 10:00–12:00', 'status', 'open', 'open', true,
    'enterprise_name', 'Wenlow Youth Radio', 'social_goal', 'Young people make radio about their town',
    'categories', '["youth", "culture"]'::jsonb, 'contact', 'Drop in Tuesdays, or radio@example.test',
    'website', 'https://radio.example.test/join', 'enterprise_status', 'active', 'lon', -3.025, 'lat', 53.815,
    'street_name', null, 'neighbourhood_name', 'Eastfield', 'my_interest', null),
  'opportunity_detail: what, who runs it and why, where, when, who it suits and how to get involved');

call tests.act_as('planner');
select throws_ok($$ select public.add_opportunity(tests.id('radio'), 'Helper', 'Help out', 12, 18, 'weekly') $$,
  '22023', 'The youngest age must be between 14 and 99.', 'add_opportunity: nobody under 14 may be invited');
select throws_ok($$ select public.add_opportunity(tests.id('radio'), 'Helper', 'Help out', 18, 16, 'weekly') $$,
  '22023', 'The youngest age cannot be above the oldest.', 'add_opportunity: an upside-down age range is refused');
select throws_ok($$ select public.add_opportunity(tests.id('radio'), 'Helper', 'Help out', null, 16, 'weekly') $$,
  '22023', 'Give the age range the opportunity suits.', 'add_opportunity: an age range is required');
select throws_ok($$ select public.add_opportunity(tests.id('radio'), 'Helper', 'Help out', 14, 18, 'sometimes') $$,
  '22023', 'Commitment must be one of: one-off, flexible, weekly, part-time.', 'add_opportunity: an unknown commitment is refused');
select throws_ok($$ select public.add_opportunity(tests.id('radio'), 'Helper', '<script>alert(1)</script>', 14, 18, 'weekly') $$,
  '22023', 'What you would do cannot contain HTML tags.', 'add_opportunity: markup in the description is refused');
select throws_ok($$ select public.add_opportunity(tests.id('radio'), 'Hi', 'Help out', 14, 18, 'weekly') $$,
  '22023', 'The title must be at least 3 characters.', 'add_opportunity: a too-short title is refused');
select throws_ok($$ select public.add_opportunity(tests.id('radio'), 'Helper', 'Help out', 14, 18, 'weekly', false,
  array['a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'g7', 'h8', 'i9']) $$,
  '22023', 'List at most 8 skills.', 'add_opportunity: more than 8 skills is refused');
select throws_ok($$ select public.add_opportunity(tests.id('enterprise_1'), 'Helper', 'Help out', 14, 18, 'weekly') $$,
  '42501', 'Only the owner of an enterprise can change it.', 'add_opportunity: not to someone else''s enterprise');
select throws_ok($$ select public.add_opportunity(gen_random_uuid(), 'Helper', 'Help out', 14, 18, 'weekly') $$,
  'PT404', 'That enterprise does not exist.', 'add_opportunity: an unknown enterprise is not found');
call tests.act_as('resident_b');
select throws_ok($$ select public.add_opportunity(tests.id('radio'), 'Helper', 'Help out', 14, 18, 'weekly') $$,
  '42501', 'Sign in with an email account to list or run an enterprise.', 'add_opportunity: an anonymous sign-in is refused');

-- --------------------------------------------------------------------------------------
-- set_opportunity_status: close and reopen, the owner only
-- --------------------------------------------------------------------------------------
call tests.act_as('owner');
select is(public.set_opportunity_status(tests.id('opportunity_1'), 'closed') ->> 'status', 'closed',
  'set_opportunity_status: the owner closes an opportunity');
select is(public.set_opportunity_status(tests.id('opportunity_1'), 'closed') ->> 'interests', '1',
  'set_opportunity_status: closing keeps the interests (the owner still sees one)');
call tests.act_as('anon');
select ok(not (tests.ids_of(public.nearby_opportunities(-3.03, 53.8205), 'opportunity_id') @> array[tests.id('opportunity_1')]),
  'A closed opportunity no longer appears for young people');
select is(public.opportunity_detail(tests.id('opportunity_1')) -> 'open', 'false'::jsonb, 'opportunity_detail: says it is no longer open');
call tests.act_as('resident_a');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Alex', 'in-person', null, 15) $$,
  '22023', 'This opportunity is no longer open.', 'express_interest: a closed opportunity takes no interest');
call tests.act_as('owner_2');
select throws_ok($$ select public.set_opportunity_status(tests.id('opportunity_1'), 'open') $$,
  '42501', 'Only the owner of an enterprise can change it.', 'set_opportunity_status: another owner is refused');
call tests.act_as('resident_b');
select throws_ok($$ select public.set_opportunity_status(tests.id('opportunity_1'), 'open') $$,
  '42501', 'Sign in with an email account to list or run an enterprise.', 'set_opportunity_status: an anonymous sign-in is refused');
call tests.act_as('owner');
select throws_ok($$ select public.set_opportunity_status(tests.id('opportunity_1'), 'paused') $$,
  '22023', 'Status must be one of: open, closed.', 'set_opportunity_status: an unknown status is refused');
select throws_ok($$ select public.set_opportunity_status(gen_random_uuid(), 'open') $$,
  'PT404', 'That opportunity does not exist.', 'set_opportunity_status: an unknown opportunity is not found');
select is(public.set_opportunity_status(tests.id('opportunity_1'), 'open') ->> 'status', 'open',
  'set_opportunity_status: the owner reopens it');

-- A closed enterprise takes no new opportunities.
call tests.act_as('planner');
select is(public.update_enterprise(tests.id('radio'), status => 'closed') ->> 'status', 'closed', 'update_enterprise: the owner closes it');
select throws_ok($$ select public.add_opportunity(tests.id('radio'), 'Helper', 'Help out', 14, 18, 'weekly') $$,
  '22023', 'This enterprise is closed; reopen it before adding opportunities.', 'add_opportunity: not to a closed enterprise');
call tests.act_as('anon');
select ok(not (tests.ids_of(public.nearby_opportunities(-3.025, 53.815), 'opportunity_id') @> array[tests.id('presenter')]),
  'Opportunities of a closed enterprise no longer appear');

-- --------------------------------------------------------------------------------------
-- my_enterprises: one's own, with interest counts but never who is interested
-- --------------------------------------------------------------------------------------
call tests.act_as('owner');
select is(tests.ids_of(public.my_enterprises(), 'id'), array[tests.id('enterprise_1')], 'my_enterprises: the owner sees only their own');
select is(jsonb_path_query_array(public.my_enterprises(), '$[0].opportunities[*] ? (@.title == "Bike mechanic helper").interests'),
  '[1]'::jsonb, 'my_enterprises: each opportunity says how many are interested');
select ok(public.my_enterprises()::text !~ 'Sam', 'my_enterprises: carries no young person''s details');
call tests.act_as('owner_2');
select is(tests.ids_of(public.my_enterprises(), 'id'), array[tests.id('enterprise_2')], 'my_enterprises: another owner sees only theirs');

-- --------------------------------------------------------------------------------------
-- opportunity_detail, and interest privacy from every side
-- --------------------------------------------------------------------------------------
call tests.act_as('anon');
select is(public.opportunity_detail(gen_random_uuid()), null, 'opportunity_detail: nothing for an unknown opportunity');
select is(public.opportunity_detail(tests.id('opportunity_1')) ->> 'street_name', 'Beta Street',
  'opportunity_detail: names the street it is on');
call tests.act_as('resident_b');
select is((public.opportunity_detail(tests.id('opportunity_1')) -> 'my_interest' ->> 'id')::uuid, tests.id('interest_b'),
  'opportunity_detail: the young person sees their own interest');
call tests.act_as('resident_a');
select is(public.opportunity_detail(tests.id('opportunity_1')) -> 'my_interest', 'null'::jsonb,
  'opportunity_detail: nobody else''s interest shows');
select is(public.express_interest(tests.id('opportunity_1'), 'Alex', 'email', 'alex@example.test', 15) ->> 'display_name', 'Alex',
  'express_interest: resident A says they are interested');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Alex', 'in-person', null, 19) $$,
  '22023', 'This opportunity is for ages 14 to 18.', 'express_interest: an age outside the range is refused with the range');
call tests.act_as('owner');
select set_eq($$ select display_name from public.enterprise_interests() $$, array['Sam', 'Alex'],
  'The owner sees both interests in their opportunity');
select is(public.opportunity_detail(tests.id('opportunity_1')) -> 'my_interest', 'null'::jsonb,
  'opportunity_detail: even the owner sees no interest there (only in enterprise_interests)');
call tests.act_as('owner_2');
select is_empty($$ select id from public.enterprise_interests() $$, 'Another owner sees none of them');
select is_empty($$ select id from public.interests $$, 'Another owner reads no interest rows directly');
call tests.act_as('planner');
select is_empty($$ select id from public.enterprise_interests() $$, 'A new owner sees none of another enterprise''s interests');
call tests.act_as('anon');
select ok((public.nearby_opportunities(-3.03, 53.8205)::text || public.opportunity_detail(tests.id('opportunity_1'))::text
           || public.map_enterprises(-3.07, 53.80, -3.01, 53.84)::text) !~ '(Sam|Alex|alex@example)',
  'No public answer carries a young person''s name or address');

select * from finish();
rollback;
