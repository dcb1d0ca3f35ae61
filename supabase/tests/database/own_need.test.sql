-- private.own_need (behind edit_need, withdraw_need and confirm_need_met): the caller is
-- taken first, so a request with no user in its JWT is refused as "Sign in first."
-- whether or not the need exists, then an unknown need, then someone else's.
-- Fixture: _fixtures.sql (resident A raised need_a; resident B did not).
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(7);

-- An `authenticated` request whose JWT names nobody (no `sub`).
select set_config('request.jwt.claims', '{"role":"authenticated"}', true);
set local role authenticated;

select throws_ok($$ select public.edit_need(tests.id('need_a'), 'Edited by nobody') $$,
  '42501', 'Sign in first.', 'Nobody signed in cannot edit a need');
select throws_ok($$ select public.withdraw_need(gen_random_uuid()) $$,
  '42501', 'Sign in first.', 'Nobody signed in is told to sign in before learning whether a need exists');

call tests.act_as('resident_b');
select throws_ok($$ select public.withdraw_need(gen_random_uuid()) $$,
  'PT404', 'That need does not exist.', 'A signed-in caller is told an unknown need does not exist');
select throws_ok($$ select public.edit_need(tests.id('need_a'), 'Edited by someone else') $$,
  '42501', 'Only the person who raised a need can change it.', 'Someone else cannot edit the need');

call tests.act_as('resident_a');
select is(public.edit_need(tests.id('need_a'), 'Edited by its author') ->> 'body', 'Edited by its author',
  'The author edits their own need');

reset role;
select is((select body from public.needs where id = tests.id('need_a')), 'Edited by its author',
  'Only the author''s edit landed');
select is((select count(*)::int from public.need_events where need_id = tests.id('need_a') and to_status = 'withdrawn'), 0,
  'No refused call withdrew anything');

select * from finish();
rollback;
