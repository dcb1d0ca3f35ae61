-- API: pin_need, support_need, unsupport_need, edit_need, withdraw_need, need_detail,
-- my_needs. Happy paths, every kind of bad input (refused with its SQLSTATE and a
-- sentence, and nothing changed), retries that must not duplicate, and rate limits.
-- Fixture: _fixtures.sql (resident A raised need_a and need_hidden, resident B need_b
-- and supports need_a; both are anonymous sign-ins).
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(90);

insert into tests.ids (label) values ('pin_b'), ('pin_b_long'), ('pin_limit_first'), ('pin_planner');

-- --------------------------------------------------------------------------------------
-- pin_need: the happy path
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_b');
create temp table first_pin on commit drop as
  select public.pin_need(tests.id('pin_b'), 'food', '  Nowhere to buy fresh food nearby  ', -3.0499, 53.8206) as j;
grant select on first_pin to anon, authenticated;

select is((select j ->> 'id' from first_pin)::uuid, tests.id('pin_b'), 'pin_need keeps the client-made id');
select is((select j ->> 'body' from first_pin), 'Nowhere to buy fresh food nearby', 'pin_need trims the text');
select is((select j - 'created_at' - 'status_changed_at' - 'id' - 'body' - 'neighbourhood_id' - 'street_id' from first_pin),
  jsonb_build_object('category', 'food', 'status', 'open', 'street_name', 'Alpha Road',
    'public_point', '[-3.05, 53.8205]'::jsonb, 'exact_point', '[-3.0499, 53.8206]'::jsonb,
    'is_mine', true, 'supported_by_me', false, 'supporters', 0, 'hidden', false),
  'pin_need returns the need: snapped to Alpha Road at its public point, with the exact point for its author');
select is((select (j ->> 'street_id')::uuid from first_pin), tests.id('street_alpha'), 'pin_need snaps to the nearest street');
select is((select (j ->> 'neighbourhood_id')::uuid from first_pin), tests.id('north'), 'pin_need records the street''s neighbourhood');
select is(public.pin_need(tests.id('pin_b_long'), 'food', repeat('x', 500), -3.0499, 53.8206) ->> 'body', repeat('x', 500),
  'pin_need accepts text of exactly 500 characters');

reset role;
select results_eq($$ select p.author_id, n.status from public.needs n join public.need_private p on p.need_id = n.id
                     where n.id = tests.id('pin_b') $$,
  $$ values (tests.id('resident_b'), 'open') $$, 'The pin is stored with its author, open');
select results_eq($$ select from_status, to_status, actor_role from public.need_events where need_id = tests.id('pin_b') $$,
  $$ values (null::text, 'open', 'author') $$, 'Pinning records one "open" event by the author');

-- --------------------------------------------------------------------------------------
-- pin_need: a retry with the same id returns the same need and duplicates nothing
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_b');
select is(public.pin_need(tests.id('pin_b'), 'food', '  Nowhere to buy fresh food nearby  ', -3.0499, 53.8206),
  (select j from first_pin), 'A retry with the same id returns exactly the same need');
select is(public.pin_need(tests.id('pin_b'), 'housing', 'A different text on the retry', -3.03, 53.8205) ->> 'body',
  'Nowhere to buy fresh food nearby', 'A retry with the same id but other fields still returns the first need');
reset role;
select is((select count(*)::int from public.needs where id = tests.id('pin_b')), 1, 'Retries left one need');
select is((select count(*)::int from public.need_events where need_id = tests.id('pin_b')), 1, 'Retries left one event');

call tests.act_as('resident_a');
select throws_ok($$ select public.pin_need(tests.id('pin_b'), 'food', 'Someone else''s id', -3.0499, 53.8206) $$,
  '23505', 'That need id is already in use.', 'Another person cannot reuse an id that is taken (and learns nothing about it)');

-- --------------------------------------------------------------------------------------
-- pin_need: bad input is refused and changes nothing
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_b');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need', null, 53.8206) $$,
  '22023', 'Coordinates must be finite numbers.', 'pin_need refuses a null longitude');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need', -3.0499, null) $$,
  '22023', 'Coordinates must be finite numbers.', 'pin_need refuses a null latitude');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need', 'NaN', 53.8206) $$,
  '22023', 'Coordinates must be finite numbers.', 'pin_need refuses NaN');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need', -3.0499, '-Infinity') $$,
  '22023', 'Coordinates must be finite numbers.', 'pin_need refuses infinity');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need', -3.0499, 91) $$,
  '22023', 'Coordinates are out of range (longitude −180..180, latitude −90..90).', 'pin_need refuses a latitude above 90');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need', -181, 53.8206) $$,
  '22023', 'Coordinates are out of range (longitude −180..180, latitude −90..90).', 'pin_need refuses a longitude below −180');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need', 1e308, 1e308) $$,
  '22023', 'Coordinates are out of range (longitude −180..180, latitude −90..90).', 'pin_need refuses huge coordinates');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need', -0.1276, 51.5072) $$,
  '22023', 'That place is outside the area Street Level covers.', 'pin_need refuses a place outside every neighbourhood');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need', -3.058, 53.812) $$,
  '22023', 'That place is more than 150 m from any street; pick a point on or near a street.',
  'pin_need refuses a place in the area but far from any street');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', '', -3.0499, 53.8206) $$,
  '22023', 'The description must be at least 3 characters.', 'pin_need refuses empty text');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', E'  \t\n ', -3.0499, 53.8206) $$,
  '22023', 'The description must be at least 3 characters.', 'pin_need refuses text that is only spaces');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', null, -3.0499, 53.8206) $$,
  '22023', 'The description must be at least 3 characters.', 'pin_need refuses null text');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', repeat('x', 501), -3.0499, 53.8206) $$,
  '22023', 'The description must be at most 500 characters.', 'pin_need refuses text over 500 characters');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', '<script>alert(1)</script>', -3.0499, 53.8206) $$,
  '22023', 'The description cannot contain HTML tags.', 'pin_need refuses a script tag');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'Look <img src=x onerror=alert(1)>', -3.0499, 53.8206) $$,
  '22023', 'The description cannot contain HTML tags.', 'pin_need refuses an HTML tag inside text');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', E'Bell\x07 rings', -3.0499, 53.8206) $$,
  '22023', 'The description contains control characters.', 'pin_need refuses control characters');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'unicorns', 'A need', -3.0499, 53.8206) $$,
  '22023', 'Unknown category: unicorns.', 'pin_need refuses an unknown category');
select throws_ok($$ select public.pin_need(gen_random_uuid(), null, 'A need', -3.0499, 53.8206) $$,
  '22023', 'Unknown category: none.', 'pin_need refuses a missing category');
select throws_ok($$ select public.pin_need(null, 'food', 'A need', -3.0499, 53.8206) $$,
  '22023', 'A need needs an id (made by the client, so retries never duplicate).', 'pin_need refuses a missing id');
select throws_ok($$ select public.pin_need('not-a-uuid', 'food', 'A need', -3.0499, 53.8206) $$,
  '22P02', 'invalid input syntax for type uuid: "not-a-uuid"', 'pin_need refuses an id that is not a uuid');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need', -3.0499, 'north') $$,
  '22P02', 'invalid input syntax for type double precision: "north"', 'pin_need refuses a latitude that is not a number');
call tests.act_as('anon');
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'food', 'A need from nobody', -3.0499, 53.8206) $$,
  '42501', 'permission denied for function pin_need', 'anon cannot pin: sign in first');
reset role;
select is((select count(*)::int from public.needs), 5, 'The refused pins changed nothing (3 fixture needs + 2 pins)');
select is((select count(*)::int from public.need_private), 5, 'The refused pins left no private rows either');

-- --------------------------------------------------------------------------------------
-- pin_need: rate limits (anonymous sign-ins 10 an hour, permanent accounts 30)
-- --------------------------------------------------------------------------------------
call tests.act_as('newcomer');
do $$
begin
  perform public.pin_need(tests.id('pin_limit_first'), 'transport', 'Pin number 1', -3.0501, 53.8204);
  for i in 2..10 loop
    perform public.pin_need(gen_random_uuid(), 'transport', 'Pin number ' || i, -3.0501, 53.8204);
  end loop;
end
$$;
select throws_ok($$ select public.pin_need(gen_random_uuid(), 'transport', 'Pin number 11', -3.0501, 53.8204) $$,
  'PT429', 'You have pinned 10 needs in the last hour; please wait before pinning more.',
  'An anonymous sign-in cannot pin an 11th need within the hour');
select is(public.pin_need(tests.id('pin_limit_first'), 'transport', 'Pin number 1', -3.0501, 53.8204) ->> 'body', 'Pin number 1',
  'At the limit, a retry of a pin that already landed still succeeds');
reset role;
select is((select count(*)::int from public.need_private where author_id = tests.id('newcomer')), 10,
  'The refused 11th pin left nothing behind');
update public.needs set created_at = now() - interval '61 minutes'
where id in (select need_id from public.need_private where author_id = tests.id('newcomer'));
call tests.act_as('newcomer');
select lives_ok($$ select public.pin_need(gen_random_uuid(), 'transport', 'A new hour', -3.0501, 53.8204) $$,
  'Pins older than an hour no longer count');

call tests.act_as('planner');
do $$
begin
  for i in 1..30 loop
    perform public.pin_need(gen_random_uuid(), 'transport', 'Planner pin ' || i, -3.0501, 53.8204);
  end loop;
end
$$;
select throws_ok($$ select public.pin_need(tests.id('pin_planner'), 'transport', 'Planner pin 31', -3.0501, 53.8204) $$,
  'PT429', 'You have pinned 30 needs in the last hour; please wait before pinning more.',
  'A permanent account may pin 30 an hour, not 31');

-- --------------------------------------------------------------------------------------
-- support_need / unsupport_need: "me too", counted once per person
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_a');
select is(public.support_need(tests.id('need_b')) -> 'supporters', '1'::jsonb, 'support_need counts a supporter');
select is(public.support_need(tests.id('need_b')) -> 'supporters', '1'::jsonb, 'Supporting again still counts once');
select is(public.need_detail(tests.id('need_b')) -> 'supported_by_me', 'true'::jsonb, 'The need shows the caller supports it');
call tests.act_as('resident_b');
select is(public.support_need(tests.id('need_a')) -> 'supporters', '1'::jsonb,
  'Resident B supported need_a in the fixture; asking again does not add a second support');
reset role;
select is((select count(*)::int from public.need_supports where need_id = tests.id('need_b')), 1, 'One support row per person');
select is((select supporters_count from public.needs where id = tests.id('need_b')), 1, 'supporters_count matches the support rows');

call tests.act_as('resident_b');
select throws_ok($$ select public.support_need(tests.id('need_b')) $$,
  '22023', 'You raised this need, so your voice is already counted.', 'An author cannot support their own need');
select throws_ok($$ select public.support_need(tests.id('need_hidden')) $$,
  'PT404', 'That need does not exist or has been removed.', 'A hidden need cannot be supported');
select throws_ok($$ select public.support_need(gen_random_uuid()) $$,
  'PT404', 'That need does not exist or has been removed.', 'An unknown need cannot be supported');
select throws_ok($$ select public.support_need(null) $$,
  'PT404', 'That need does not exist or has been removed.', 'A missing need id is refused');
select throws_ok($$ select public.support_need('not-a-uuid') $$,
  '22P02', 'invalid input syntax for type uuid: "not-a-uuid"', 'A need id that is not a uuid is refused');
call tests.act_as('anon');
select throws_ok($$ select public.support_need(tests.id('need_a')) $$,
  '42501', 'permission denied for function support_need', 'anon cannot support: sign in first');

call tests.act_as('resident_b');
select is(public.unsupport_need(tests.id('need_a')) -> 'supporters', '0'::jsonb, 'unsupport_need takes the support back');
select is(public.unsupport_need(tests.id('need_a')) -> 'supporters', '0'::jsonb, 'Taking it back twice changes nothing');
select throws_ok($$ select public.unsupport_need(tests.id('need_hidden')) $$,
  'PT404', 'That need does not exist or has been removed.', 'unsupport_need refuses a hidden need');
call tests.act_as('anon');
select throws_ok($$ select public.unsupport_need(tests.id('need_a')) $$,
  '42501', 'permission denied for function unsupport_need', 'anon cannot unsupport');

-- --------------------------------------------------------------------------------------
-- edit_need: the author edits an open need
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_a');
select is(public.edit_need(tests.id('need_a'), '  A food pantry on Alpha Road, please  ') ->> 'body',
  'A food pantry on Alpha Road, please', 'The author edits the text (trimmed)');
select is(public.edit_need(tests.id('need_a'), null, 'older-people') ->> 'category', 'older-people',
  'The author changes the category, keeping the text');
select is(public.edit_need(tests.id('need_a'), null, null) - 'status_changed_at' - 'created_at',
  public.need_detail(tests.id('need_a')) - 'history' - 'status_changed_at' - 'created_at',
  'An edit with nothing in it changes nothing');
select throws_ok($$ select public.edit_need(tests.id('need_a'), '') $$,
  '22023', 'The description must be at least 3 characters.', 'edit_need refuses empty text');
select throws_ok($$ select public.edit_need(tests.id('need_a'), repeat('y', 501)) $$,
  '22023', 'The description must be at most 500 characters.', 'edit_need refuses text over 500 characters');
select throws_ok($$ select public.edit_need(tests.id('need_a'), '<b>bold</b> claim') $$,
  '22023', 'The description cannot contain HTML tags.', 'edit_need refuses HTML');
select throws_ok($$ select public.edit_need(tests.id('need_a'), null, 'unicorns') $$,
  '22023', 'Unknown category: unicorns.', 'edit_need refuses an unknown category');
select throws_ok($$ select public.edit_need(gen_random_uuid(), 'A need') $$,
  'PT404', 'That need does not exist.', 'edit_need refuses an unknown need');
call tests.act_as('resident_b');
select throws_ok($$ select public.edit_need(tests.id('need_a'), 'Taken over by B') $$,
  '42501', 'Only the person who raised a need can change it.', 'Someone else cannot edit a need');
call tests.act_as('moderator');
select throws_ok($$ select public.edit_need(tests.id('need_a'), 'Rewritten by a moderator') $$,
  '42501', 'Only the person who raised a need can change it.', 'A moderator cannot edit a need either (they hide it)');
call tests.act_as('anon');
select throws_ok($$ select public.edit_need(tests.id('need_a'), 'Edited by nobody') $$,
  '42501', 'permission denied for function edit_need', 'anon cannot edit');
reset role;
select results_eq($$ select body, category from public.needs where id = tests.id('need_a') $$,
  $$ values ('A food pantry on Alpha Road, please', 'older-people') $$, 'The refused edits changed nothing');

-- --------------------------------------------------------------------------------------
-- withdraw_need: the author withdraws; it leaves the map but keeps its history
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_b');
select throws_ok($$ select public.withdraw_need(tests.id('need_a')) $$,
  '42501', 'Only the person who raised a need can change it.', 'Someone else cannot withdraw a need');
call tests.act_as('anon');
select throws_ok($$ select public.withdraw_need(tests.id('need_a')) $$,
  '42501', 'permission denied for function withdraw_need', 'anon cannot withdraw');
call tests.act_as('resident_a');
select throws_ok($$ select public.withdraw_need(tests.id('need_a'), '<script>x</script>') $$,
  '22023', 'The reason cannot contain HTML tags.', 'withdraw_need refuses HTML in the reason');
select throws_ok($$ select public.withdraw_need(tests.id('need_a'), repeat('r', 501)) $$,
  '22023', 'The reason must be at most 500 characters.', 'withdraw_need refuses a reason over 500 characters');
select throws_ok($$ select public.withdraw_need(tests.id('need_a'), '   ') $$,
  '22023', 'The reason cannot be empty.', 'withdraw_need refuses a blank reason');
select throws_ok($$ select public.withdraw_need(gen_random_uuid()) $$,
  'PT404', 'That need does not exist.', 'withdraw_need refuses an unknown need');
select is(public.need_detail(tests.id('need_a')) ->> 'status', 'open', 'The refused withdrawals changed nothing');
select is(public.withdraw_need(tests.id('need_a'), 'Sorted now, thanks') ->> 'status', 'withdrawn', 'The author withdraws their need');
select is((public.need_detail(tests.id('need_a')) -> 'history' -> -1) - 'at',
  '{"from": "open", "to": "withdrawn", "by": "author", "note": "Sorted now, thanks"}'::jsonb,
  'The withdrawal is in the history, by the author, with the reason');
select throws_ok($$ select public.withdraw_need(tests.id('need_a')) $$,
  '22023', 'This need is already withdrawn.', 'A need cannot be withdrawn twice');
select throws_ok($$ select public.edit_need(tests.id('need_a'), 'Edited after withdrawing') $$,
  '22023', 'Only open needs can be edited.', 'A withdrawn need cannot be edited');
select is(position(tests.id('need_a')::text in public.map_needs(-3.07, 53.80, -3.01, 53.84)::text), 0,
  'A withdrawn need leaves the map');
call tests.act_as('resident_b');
select throws_ok($$ select public.support_need(tests.id('need_a')) $$,
  '22023', 'This need is no longer open, so it cannot take more support.', 'A withdrawn need takes no more support');

-- --------------------------------------------------------------------------------------
-- need_detail and my_needs
-- --------------------------------------------------------------------------------------
call tests.act_as('anon');
select is(jsonb_path_query_array(public.need_detail(tests.id('need_a')), '$.history[*].to'), '["open", "withdrawn"]'::jsonb,
  'need_detail shows the status history to anyone');
select is(position(tests.id('resident_a')::text in public.need_detail(tests.id('need_a'))::text), 0,
  'need_detail never names who acted (a role, not an id)');
select is(public.need_detail(gen_random_uuid()), null, 'need_detail of an unknown need is null');
select is(public.need_detail(null), null, 'need_detail of no need is null');
select throws_ok($$ select public.my_needs() $$, '42501', 'permission denied for function my_needs', 'anon has no needs to list');
reset role;
update public.needs set created_at = now() - interval '2 days' where id = tests.id('need_b');
update public.needs set created_at = now() - interval '1 day' where id = tests.id('pin_b');
call tests.act_as('resident_b');
select is(jsonb_path_query_array(public.my_needs(), '$[*].id'),
  jsonb_build_array(tests.id('pin_b_long'), tests.id('pin_b'), tests.id('need_b')),
  'my_needs lists the caller''s own needs, newest first');
select is(jsonb_path_query_array(public.my_needs(), '$[*].is_mine'), '[true, true, true]'::jsonb, 'my_needs marks them all as mine');

select * from finish();
rollback;
