-- API: young people and projects. nearby_opportunities, express_interest,
-- withdraw_interest, my_interests, enterprise_interests. Fixture: _fixtures.sql
-- (Beta Bikes & Bites, active, ~98 m east of Beta Street, owned by "owner", offers
-- opportunity_1 for ages 14–18 and a closed one; Gamma Garden Club, paused, ~98 m
-- west, owned by "owner_2", offers opportunity_2 for 16–99, paid; resident B, 16,
-- is interested in opportunity_1).
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(80);

create function tests.opportunity_ids(p_list jsonb)
returns uuid[] language sql immutable
as $$ select coalesce(array_agg((o.value ->> 'opportunity_id')::uuid order by o.ordinality), '{}')
      from jsonb_array_elements(p_list) with ordinality o $$;

-- --------------------------------------------------------------------------------------
-- nearby_opportunities: what is near, for anyone
-- --------------------------------------------------------------------------------------
call tests.act_as('anon');
select is(tests.opportunity_ids(public.nearby_opportunities(-3.03, 53.8205)), array[tests.id('opportunity_1')],
  'Open opportunities of active enterprises only (not the closed one, not the paused enterprise''s)');
select is((public.nearby_opportunities(-3.03, 53.8205) -> 0) - 'opportunity_id' - 'enterprise_id',
  jsonb_build_object('title', 'Bike mechanic helper', 'description', 'Learn to fix bikes with us on Saturday mornings.',
    'skills', '["repairs"]'::jsonb, 'min_age', 14, 'max_age', 18, 'commitment', 'weekly', 'paid', false,
    'enterprise_name', 'Beta Bikes & Bites', 'social_goal', 'Cheap meals and bike repairs, run with young people',
    'categories', '["food", "youth"]'::jsonb, 'contact', 'hello@betabikes.example', 'website', null,
    'lon', -3.0285, 'lat', 53.8205, 'distance_m', 98.5, 'straight_m', 98.5, 'route', 'streets', 'walking_minutes', 2),
  'Each result says what, who, where, how far in metres (along the streets, and as the crow flies) and in minutes on foot (80 m a minute)');
select is(public.nearby_opportunities(-3.03, 53.8205, 50), '[]'::jsonb, 'Nothing beyond the search radius');

reset role;
update public.enterprises set status = 'active' where id = tests.id('enterprise_2');
call tests.act_as('anon');
select is(tests.opportunity_ids(public.nearby_opportunities(-3.031, 53.8205)), array[tests.id('opportunity_2'), tests.id('opportunity_1')],
  'Nearest first');
select is(tests.opportunity_ids(public.nearby_opportunities(-3.031, 53.8205, max_results => 1)), array[tests.id('opportunity_2')],
  'max_results caps the list');
select is(tests.opportunity_ids(public.nearby_opportunities(-3.03, 53.8205, paid => true)), array[tests.id('opportunity_2')],
  'Filter: paid');
select is(tests.opportunity_ids(public.nearby_opportunities(-3.03, 53.8205, commitment => 'weekly')), array[tests.id('opportunity_1')],
  'Filter: commitment');
select is(tests.opportunity_ids(public.nearby_opportunities(-3.03, 53.8205, age => 15)), array[tests.id('opportunity_1')],
  'Filter: age 15 (the garden takes 16 and over)');
select is(tests.opportunity_ids(public.nearby_opportunities(-3.03, 53.8205, age => 40)), array[tests.id('opportunity_2')],
  'Filter: age 40 (bike helpers are 14 to 18)');
select is(tests.opportunity_ids(public.nearby_opportunities(-3.03, 53.8205, categories => array['green-space'])),
  array[tests.id('opportunity_2')], 'Filter: categories');

-- Bad input is refused, whether or not anything is near.
select throws_ok($$ select public.nearby_opportunities(null, 53.8205) $$,
  '22023', 'Coordinates must be finite numbers.', 'nearby_opportunities refuses a null longitude');
select throws_ok($$ select public.nearby_opportunities(-3.03, 'NaN') $$,
  '22023', 'Coordinates must be finite numbers.', 'nearby_opportunities refuses NaN');
select throws_ok($$ select public.nearby_opportunities(-3.03, 100) $$,
  '22023', 'Coordinates are out of range (longitude −180..180, latitude −90..90).', 'nearby_opportunities refuses a latitude out of range');
select throws_ok($$ select public.nearby_opportunities(-3.03, 53.8205, 0) $$,
  '22023', 'The search radius must be between 1 and 50000.', 'nearby_opportunities refuses a zero radius');
select throws_ok($$ select public.nearby_opportunities(-3.03, 53.8205, 'NaN') $$,
  '22023', 'The search radius must be between 1 and 50000.', 'nearby_opportunities refuses a NaN radius');
select throws_ok($$ select public.nearby_opportunities(-3.03, 53.8205, 1e9) $$,
  '22023', 'The search radius must be between 1 and 50000.', 'nearby_opportunities refuses a huge radius');
select throws_ok($$ select public.nearby_opportunities(-3.03, 53.8205, max_results => 0) $$,
  '22023', 'The number of results must be between 1 and 200.', 'nearby_opportunities refuses zero results');
select throws_ok($$ select public.nearby_opportunities(-3.03, 53.8205, max_results => 100000) $$,
  '22023', 'The number of results must be between 1 and 200.', 'nearby_opportunities refuses too many results');
select throws_ok($$ select public.nearby_opportunities(-3.03, 53.8205, commitment => 'daily') $$,
  '22023', 'Commitment must be one of: one-off, flexible, weekly, part-time.', 'nearby_opportunities refuses an unknown commitment');
select throws_ok($$ select public.nearby_opportunities(-3.03, 53.8205, age => 5) $$,
  '22023', 'Age must be between 10 and 120.', 'nearby_opportunities refuses an age out of range');
select throws_ok($$ select public.nearby_opportunities(-3.03, 53.8205, categories => array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'nearby_opportunities refuses an unknown category');
select throws_ok($$ select public.nearby_opportunities(-3.03, 53.8205, paid => 'maybe') $$,
  '22P02', 'invalid input syntax for type boolean: "maybe"', 'nearby_opportunities refuses paid that is not a boolean');
select throws_ok($$ select public.nearby_opportunities(-3.20, 53.70, 0) $$,
  '22023', 'The search radius must be between 1 and 50000.', 'nearby_opportunities refuses a bad radius where nothing is near');
select throws_ok($$ select public.nearby_opportunities(-3.20, 53.70, categories => array['unicorns']) $$,
  '22023', 'Unknown category: unicorns.', 'nearby_opportunities refuses an unknown category where nothing is near');

-- --------------------------------------------------------------------------------------
-- express_interest: "I'd like to join", for signed-in young people
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_a');
create temp table first_interest on commit drop as
  select public.express_interest(tests.id('opportunity_1'), ' Jo ', 'email', ' jo@example.test ', 15, 'I like bikes') as j;
select is((select j - 'id' - 'created_at' from first_interest),
  jsonb_build_object('opportunity_id', tests.id('opportunity_1'), 'display_name', 'Jo', 'reply_via', 'email',
    'reply_to', 'jo@example.test', 'age', 15, 'message', 'I like bikes'),
  'express_interest records the interest, trimmed');
select is(public.express_interest(tests.id('opportunity_1'), 'Jo', 'email', 'jo@example.test', 15, 'I like bikes a lot') ->> 'id',
  (select j ->> 'id' from first_interest), 'Saying it again updates the same interest');
select is(public.express_interest(tests.id('opportunity_1'), 'Jo', 'in-person', 'ignored@example.test', 15) -> 'reply_to',
  'null'::jsonb, 'A reply in person keeps no address');
select is(public.express_interest(tests.id('opportunity_1'), 'Jo', 'phone', '+44 7700 900123', 15) ->> 'reply_to',
  '+44 7700 900123', 'A phone number is accepted');
select is(public.express_interest(tests.id('opportunity_1'), 'Jo', 'in-person', null, 15, '   ') -> 'message',
  'null'::jsonb, 'A blank message is no message');
reset role;
select is((select count(*)::int from public.interests where user_id = tests.id('resident_a')), 1,
  'One interest per person per opportunity, however often they say it');

call tests.act_as('resident_a');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'in-person', null, 13) $$,
  '22023', 'This opportunity is for ages 14 to 18.', 'Too young for the opportunity');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'in-person', null, 19) $$,
  '22023', 'This opportunity is for ages 14 to 18.', 'Too old for the opportunity');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'in-person', null, null) $$,
  '22023', 'Please give your age (it is checked against who the opportunity suits).', 'An age is required');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'in-person', null, 9) $$,
  '22023', 'Age must be between 10 and 120.', 'An impossible age is refused as such');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'in-person', null, 'fifteen') $$,
  '22P02', 'invalid input syntax for type integer: "fifteen"', 'An age that is not a number is refused');
select throws_ok($$ select public.express_interest(tests.id('opportunity_closed'), 'Jo', 'in-person', null, 17) $$,
  '22023', 'This opportunity is no longer open.', 'A closed opportunity takes no interest');
reset role;
update public.enterprises set status = 'paused' where id = tests.id('enterprise_2');
call tests.act_as('resident_a');
select throws_ok($$ select public.express_interest(tests.id('opportunity_2'), 'Jo', 'in-person', null, 17) $$,
  '22023', 'This opportunity is no longer open.', 'A paused enterprise''s opportunity takes no interest');
select throws_ok($$ select public.express_interest(gen_random_uuid(), 'Jo', 'in-person', null, 15) $$,
  'PT404', 'That opportunity does not exist.', 'An unknown opportunity');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'pigeon', null, 15) $$,
  '22023', 'How to reply must be one of: email, phone, in-person.', 'An unknown way to reply');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', null, null, 15) $$,
  '22023', 'Choose how the project may reply: email, phone or in person.', 'No way to reply');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'email', '  ', 15) $$,
  '22023', 'Give the email address the project may reply to.', 'Email chosen but no address');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'phone', null, 15) $$,
  '22023', 'Give the phone number the project may reply to.', 'Phone chosen but no number');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'email', 'not-an-email', 15) $$,
  '22023', 'That email address does not look right.', 'A malformed email address');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'email', repeat('a', 250) || '@example.test', 15) $$,
  '22023', 'The address to reply to must be at most 200 characters.', 'A huge email address');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'phone', 'call me maybe', 15) $$,
  '22023', 'That phone number does not look right.', 'A malformed phone number');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), '', 'in-person', null, 15) $$,
  '22023', 'Your name or nickname cannot be empty.', 'An empty name');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), repeat('n', 41), 'in-person', null, 15) $$,
  '22023', 'Your name or nickname must be at most 40 characters.', 'A name over 40 characters');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), '<b>Jo</b>', 'in-person', null, 15) $$,
  '22023', 'Your name or nickname cannot contain HTML tags.', 'HTML in the name');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'in-person', null, 15, repeat('m', 501)) $$,
  '22023', 'The message must be at most 500 characters.', 'A message over 500 characters');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'in-person', null, 15, '<script>alert(1)</script>') $$,
  '22023', 'The message cannot contain HTML tags.', 'A script in the message');
call tests.act_as('anon');
select throws_ok($$ select public.express_interest(tests.id('opportunity_1'), 'Jo', 'in-person', null, 15) $$,
  '42501', 'permission denied for function express_interest', 'anon cannot express interest: sign in first');
reset role;
select results_eq($$ select display_name, reply_via, reply_to, age, message from public.interests where user_id = tests.id('resident_a') $$,
  $$ values ('Jo', 'in-person', null::text, 15, null::text) $$, 'The refused attempts changed nothing');
select is((select count(*)::int from public.interests), 2, 'No interest was added by a refused attempt');

-- --------------------------------------------------------------------------------------
-- Who sees an interest: the young person and the owner of that enterprise, no one else
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_b');
select results_eq($$ select id, title, enterprise_name, display_name, age from public.my_interests() $$,
  $$ values (tests.id('interest_b'), 'Bike mechanic helper', 'Beta Bikes & Bites', 'Sam', 16) $$,
  'my_interests: the young person sees their own interest, with what it is for');
select is_empty($$ select id from public.enterprise_interests() $$, 'enterprise_interests: a young person who owns nothing sees none');
call tests.act_as('owner');
select set_eq($$ select display_name, age from public.enterprise_interests() $$, $$ values ('Sam', 16), ('Jo', 15) $$,
  'enterprise_interests: the owner sees the interests in their opportunity');
select set_eq($$ select enterprise_id from public.enterprise_interests() $$, array[tests.id('enterprise_1')],
  'enterprise_interests: all of them in their own enterprise');
select is_empty($$ select id from public.my_interests() $$, 'my_interests: the owner has expressed none');
call tests.act_as('owner_2');
select is_empty($$ select id from public.enterprise_interests() $$, 'enterprise_interests: another owner sees nothing');
select is_empty($$ select id from public.interests $$, 'interests table: another owner sees nothing');
call tests.act_as('moderator');
select is_empty($$ select id from public.enterprise_interests() $$, 'enterprise_interests: a moderator sees nothing');
call tests.act_as('planner');
select is_empty($$ select id from public.enterprise_interests() $$, 'enterprise_interests: a planner sees nothing');
call tests.act_as('anon');
select throws_ok($$ select * from public.my_interests() $$, '42501', 'permission denied for function my_interests', 'anon: my_interests denied');
select throws_ok($$ select * from public.enterprise_interests() $$, '42501', 'permission denied for function enterprise_interests',
  'anon: enterprise_interests denied');

-- A second owner's opportunity gets an interest: each owner sees only their own.
reset role;
update public.enterprises set status = 'active' where id = tests.id('enterprise_2');
call tests.act_as('resident_b');
select is(public.express_interest(tests.id('opportunity_2'), 'Sam', 'email', 'sam@example.test', 17) ->> 'age', '17',
  'Resident B says they would like to join the garden too');
call tests.act_as('owner_2');
select results_eq($$ select title, display_name, reply_to from public.enterprise_interests() $$,
  $$ values ('Garden volunteer', 'Sam', 'sam@example.test') $$, 'The garden''s owner sees the interest in the garden only');
call tests.act_as('owner');
select is((select count(*)::int from public.enterprise_interests() where title = 'Garden volunteer'), 0,
  'The bike owner does not see the interest in the garden');
select is((select count(*)::int from public.interests), 2, 'The bike owner reads only the two interests in the bike opportunity');

-- --------------------------------------------------------------------------------------
-- withdraw_interest: only one's own
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_a');
select throws_ok($$ select public.withdraw_interest(tests.id('interest_b')) $$,
  'PT404', 'You have no such interest to withdraw.', 'Someone else''s interest cannot be withdrawn');
call tests.act_as('owner');
select throws_ok($$ select public.withdraw_interest(tests.id('interest_b')) $$,
  'PT404', 'You have no such interest to withdraw.', 'The owner cannot withdraw a young person''s interest');
select throws_ok($$ select public.withdraw_interest(null) $$,
  'PT404', 'You have no such interest to withdraw.', 'A missing id is refused');
select throws_ok($$ select public.withdraw_interest('not-a-uuid') $$,
  '22P02', 'invalid input syntax for type uuid: "not-a-uuid"', 'An id that is not a uuid is refused');
call tests.act_as('anon');
select throws_ok($$ select public.withdraw_interest(tests.id('interest_b')) $$,
  '42501', 'permission denied for function withdraw_interest', 'anon cannot withdraw');
reset role;
select is((select count(*)::int from public.interests where id = tests.id('interest_b')), 1, 'The refused withdrawals changed nothing');
call tests.act_as('resident_b');
select is(public.withdraw_interest(tests.id('interest_b')),
  jsonb_build_object('id', tests.id('interest_b'), 'withdrawn', true), 'The young person withdraws their interest');
select throws_ok($$ select public.withdraw_interest(tests.id('interest_b')) $$,
  'PT404', 'You have no such interest to withdraw.', 'Withdrawing twice says there is nothing to withdraw');
call tests.act_as('owner');
select is_empty($$ select id from public.enterprise_interests() where display_name = 'Sam' $$,
  'A withdrawn interest is gone for the owner too');

-- --------------------------------------------------------------------------------------
-- nearby_opportunities with no enterprises at all still checks its arguments
-- --------------------------------------------------------------------------------------
reset role;
delete from public.enterprises;
call tests.act_as('anon');
select is(public.nearby_opportunities(-3.03, 53.8205), '[]'::jsonb, 'No enterprises: an empty list');
select throws_ok($$ select public.nearby_opportunities(-3.03, 53.8205, -1) $$,
  '22023', 'The search radius must be between 1 and 50000.', 'No enterprises: a bad radius is still refused');
select throws_ok($$ select public.nearby_opportunities(-3.03, 'Infinity') $$,
  '22023', 'Coordinates must be finite numbers.', 'No enterprises: bad coordinates are still refused');

select * from finish();
rollback;
