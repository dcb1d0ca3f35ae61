-- API: the outcome lifecycle and its figures. adopt_need, mark_need_met,
-- confirm_need_met, reopen_need, close_need, auto_confirm_met_needs, needs_due_recheck,
-- neighbourhood_outcomes, street_outcomes. Fixture: _fixtures.sql, plus need_c raised by
-- owner_2 (a permanent account) on Alpha Road.
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(62);

insert into tests.ids (label) values ('need_c');
do $$
begin
  perform private.record_need(tests.id('need_c'), tests.id('owner_2'), 'food', 'The corner shop closed down', -3.0501, 53.8206);
end
$$;

-- --------------------------------------------------------------------------------------
-- adopt_need
-- --------------------------------------------------------------------------------------
call tests.act_as('planner');
create temp table adoption on commit drop as
  select public.adopt_need(tests.id('need_a'), null, 'We can run a pantry on Fridays') as j;
select is((select j ->> 'status' from adoption), 'adopted', 'A permanent account adopts a need for themselves');
select is((select j -> 'adopted_by_me' from adoption), 'true'::jsonb, 'The reply says the caller is on it');
select is((select j -> 'adopted_by_enterprise' from adoption), 'null'::jsonb, 'No enterprise when adopting for oneself');
select is((select j -> 'exact_point' from adoption), 'null'::jsonb, 'The adopter is not told the need''s exact point');
select is((public.need_detail(tests.id('need_a')) -> 'history' -> -1) - 'at',
  '{"from": "open", "to": "adopted", "by": "adopter", "note": "We can run a pantry on Fridays"}'::jsonb,
  'The adoption is in the history, by role, with the note');
select is(public.adopt_need(tests.id('need_a'), null, 'We can run a pantry on Fridays') ->> 'status', 'adopted',
  'A retry of the same adoption returns the need');
reset role;
select is((select count(*)::int from public.need_events where need_id = tests.id('need_a') and to_status = 'adopted'), 1,
  'The retry recorded no second adoption');
select results_eq($$ select adopter_id, enterprise_id from public.need_adoptions where need_id = tests.id('need_a') $$,
  $$ values (tests.id('planner'), null::uuid) $$, 'The adopter is recorded, privately');

call tests.act_as('owner');
select is(public.adopt_need(tests.id('need_c'), tests.id('enterprise_1')) -> 'adopted_by_enterprise',
  jsonb_build_object('id', tests.id('enterprise_1'), 'name', 'Beta Bikes & Bites'), 'An owner adopts a need for their enterprise');
call tests.act_as('anon');
select is(public.need_detail(tests.id('need_c')) ->> 'status', 'adopted', 'Everyone sees the need is adopted');

call tests.act_as('moderator');
select throws_ok($$ select public.adopt_need(tests.id('need_a')) $$,
  '22023', 'Someone is already on this need.', 'A need someone is on cannot be adopted again');
select throws_ok($$ select public.adopt_need(tests.id('need_b'), null, '<b>on it</b>') $$,
  '22023', 'The note cannot contain HTML tags.', 'adopt_need refuses HTML in the note');
select throws_ok($$ select public.adopt_need(tests.id('need_b'), null, repeat('n', 501)) $$,
  '22023', 'The note must be at most 500 characters.', 'adopt_need refuses a note over 500 characters');
select throws_ok($$ select public.adopt_need(tests.id('need_hidden')) $$,
  'PT404', 'That need does not exist or has been removed.', 'adopt_need refuses a hidden need');
select throws_ok($$ select public.adopt_need(gen_random_uuid()) $$,
  'PT404', 'That need does not exist or has been removed.', 'adopt_need refuses an unknown need');
select throws_ok($$ select public.adopt_need(tests.id('need_b'), gen_random_uuid()) $$,
  'PT404', 'That enterprise does not exist.', 'adopt_need refuses an unknown enterprise');
select throws_ok($$ select public.adopt_need(tests.id('need_b'), tests.id('enterprise_1')) $$,
  '42501', 'Only the owner of an enterprise can adopt needs on its behalf.', 'Nobody adopts in the name of someone else''s enterprise');
call tests.act_as('owner_2');
select throws_ok($$ select public.adopt_need(tests.id('need_b'), tests.id('enterprise_2')) $$,
  '22023', 'Only an active enterprise can adopt needs; Gamma Garden Club is paused.', 'A paused enterprise cannot adopt');
call tests.act_as('resident_b');
select throws_ok($$ select public.adopt_need(tests.id('need_a')) $$,
  '42501', 'Adopting a need takes a full account: sign in with your e-mail first.', 'An anonymous sign-in cannot adopt');
reset role;
select is((select status from public.needs where id = tests.id('need_b')), 'open', 'The refused adoptions changed nothing');

-- --------------------------------------------------------------------------------------
-- mark_need_met, needs_due_recheck, confirm_need_met
-- --------------------------------------------------------------------------------------
call tests.act_as('owner');
select throws_ok($$ select public.mark_need_met(tests.id('need_a')) $$,
  '42501', 'Only whoever adopted this need, or the person who raised it, can mark it met.', 'Someone not on the need cannot mark it met');
call tests.act_as('planner');
select throws_ok($$ select public.mark_need_met(tests.id('need_a'), '<script>x</script>') $$,
  '22023', 'The note cannot contain HTML tags.', 'mark_need_met refuses HTML in the note');
create temp table marked on commit drop as select public.mark_need_met(tests.id('need_a'), 'Pantry runs every Friday now') as j;
select is((select j ->> 'status' from marked), 'met', 'The adopter marks the need met');
select is((select j -> 'awaiting_confirmation' from marked), 'true'::jsonb, 'It waits for its author''s confirmation');
select is((select j -> 'exact_point' from marked), 'null'::jsonb, 'Still no exact point for the adopter');
select throws_ok($$ select public.mark_need_met(tests.id('need_a')) $$,
  '22023', 'This need is already marked met.', 'A need cannot be marked met twice');
call tests.act_as('anon');
select is(position(tests.id('need_a')::text in public.map_needs(-3.07, 53.80, -3.01, 53.84)::text), 0,
  'A need marked met leaves the unmet layer at once');

call tests.act_as('resident_a');
select is(jsonb_path_query_array(public.needs_due_recheck(), '$[*].id'), jsonb_build_array(tests.id('need_a')),
  'needs_due_recheck asks the author about it');
select is(public.needs_due_recheck() -> 0 ->> 'prompt', 'confirm_met', 'as a confirmation');
select is((public.needs_due_recheck() -> 0 ->> 'auto_confirms_at')::timestamptz - (public.needs_due_recheck() -> 0 ->> 'met_at')::timestamptz,
  interval '14 days', 'and says it confirms itself after 14 days');
select throws_ok($$ select public.confirm_need_met(tests.id('need_a'), null) $$,
  '22023', 'Say whether the need is met (true) or not (false).', 'confirm_need_met needs a yes or a no');
select throws_ok($$ select public.confirm_need_met(tests.id('need_hidden')) $$,
  '22023', 'This need is open, not met, so there is nothing to confirm.', 'Nothing to confirm on a need that is not met');
select is(public.confirm_need_met(tests.id('need_a'), false) ->> 'status', 'adopted', '"Not yet": back to its adopter');
call tests.act_as('planner');
select is(public.mark_need_met(tests.id('need_a')) ->> 'status', 'met', 'The adopter marks it met again');
call tests.act_as('owner');
select throws_ok($$ select public.confirm_need_met(tests.id('need_a')) $$,
  '42501', 'Only the person who raised a need can change it.', 'Only the author confirms');
call tests.act_as('resident_a');
select is(public.confirm_need_met(tests.id('need_a')) -> 'awaiting_confirmation', 'false'::jsonb, 'The author confirms it is met');
select is((public.need_detail(tests.id('need_a')) -> 'history' -> -1) - 'at' - 'note',
  '{"from": "met", "to": "met_confirmed", "by": "author"}'::jsonb, 'The confirmation is in the history');
select is(public.needs_due_recheck(), '[]'::jsonb, 'Nothing left to answer');

call tests.act_as('resident_b');
select is(public.mark_need_met(tests.id('need_b'), 'Sorted by neighbours') -> 'awaiting_confirmation', 'false'::jsonb,
  'An author marking their own need met confirms it at once');

-- --------------------------------------------------------------------------------------
-- reopen_need and close_need
-- --------------------------------------------------------------------------------------
select throws_ok($$ select public.reopen_need(tests.id('need_b'), '') $$,
  '22023', 'The reason must be at least 3 characters.', 'reopen_need needs a reason');
select is(public.reopen_need(tests.id('need_b'), 'It came back.') ->> 'status', 'open', 'The author reopens a met need');
reset role;
select results_eq($$ select met_at, met_confirmed_at from public.needs where id = tests.id('need_b') $$,
  $$ values (null::timestamptz, null::timestamptz) $$, 'Reopening clears the met and confirmed times');
call tests.act_as('resident_b');
select throws_ok($$ select public.reopen_need(tests.id('need_b'), 'Again!') $$,
  '22023', 'This need is already open.', 'An open need cannot be reopened');
call tests.act_as('moderator');
select throws_ok($$ select public.close_need(tests.id('need_b'), 'x') $$,
  '22023', 'The reason must be at least 3 characters.', 'close_need needs a reason');
select is(public.close_need(tests.id('need_b'), 'A duplicate of another need.') ->> 'status', 'closed', 'A moderator closes a need');
select throws_ok($$ select public.close_need(tests.id('need_b'), 'Closing twice.') $$,
  '22023', 'This need is closed, so it cannot be closed.', 'A closed need cannot be closed again');
call tests.act_as('resident_b');
select is(public.reopen_need(tests.id('need_b'), 'It is not a duplicate.') ->> 'status', 'open', 'Its author reopens a closed need');

-- --------------------------------------------------------------------------------------
-- auto_confirm_met_needs: the service role's daily job
-- --------------------------------------------------------------------------------------
call tests.act_as('owner');
select is(public.mark_need_met(tests.id('need_c')) -> 'awaiting_confirmation', 'true'::jsonb, 'The owner marks need_c met');
reset role;
update public.needs set met_at = now() - interval '15 days' where id = tests.id('need_c');
do $$ begin perform set_config('request.jwt.claims', '{"role":"service_role"}', true); end $$;
set local role service_role;
select is(public.auto_confirm_met_needs(), 1, 'The job confirms a need marked met 15 days ago with no answer');
select is(public.auto_confirm_met_needs(), 0, 'Run again, it finds nothing left to do');
reset role;
select results_eq($$ select to_status, actor_role from public.need_events where need_id = tests.id('need_c') order by id desc limit 1 $$,
  $$ values ('met_confirmed', 'system') $$, 'It records the confirmation as the system''s');

-- --------------------------------------------------------------------------------------
-- neighbourhood_outcomes and street_outcomes
-- --------------------------------------------------------------------------------------
-- Northgate now: need_a met (confirmed), need_c met (confirmed), need_b open; need_hidden hidden.
call tests.act_as('anon');
select is(public.neighbourhood_outcomes(tests.id('north')) - 'by_month' - 'median_days_to_adoption' - 'median_days_to_met',
  jsonb_build_object('neighbourhood_id', tests.id('north'), 'code', 'T-NORTH', 'name', 'Northgate',
    'needs_raised', 3, 'needs_adopted', 2, 'needs_met', 2, 'needs_awaiting_confirmation', 0, 'needs_still_met', 0,
    'needs_unmet', 1, 'share_met', 2::float8 / 3),
  'neighbourhood_outcomes: raised, adopted, met, awaiting, still met, unmet and the share met');
select is(jsonb_array_length(public.neighbourhood_outcomes(tests.id('north')) -> 'by_month'), 12, 'with the last 12 months');
select is(public.neighbourhood_outcomes(tests.id('east')) -> 'needs_raised', '0'::jsonb, 'A neighbourhood with no needs has none');
select is(public.neighbourhood_outcomes() -> 'needs_raised', '3'::jsonb, 'With no neighbourhood: every need');
select is(public.street_outcomes(tests.id('street_alpha')) ->> 'street_name', 'Alpha Road', 'street_outcomes names the street');
select is(public.street_outcomes(tests.id('street_alpha')) -> 'needs_met', '2'::jsonb, 'and counts its needs met');
select throws_ok($$ select public.neighbourhood_outcomes(gen_random_uuid()) $$,
  'PT404', 'That neighbourhood does not exist.', 'neighbourhood_outcomes refuses an unknown neighbourhood');
select throws_ok($$ select public.street_outcomes(null) $$, '22023', 'Say which street.', 'street_outcomes needs a street');
select throws_ok($$ select public.street_outcomes(gen_random_uuid()) $$,
  'PT404', 'That street does not exist.', 'street_outcomes refuses an unknown street');
select throws_ok($$ select public.street_outcomes('Alpha Road') $$,
  '22P02', 'invalid input syntax for type uuid: "Alpha Road"', 'street_outcomes takes an id, not a name');

-- --------------------------------------------------------------------------------------
-- One person holds at most 50 needs adopted and not yet met
-- --------------------------------------------------------------------------------------
reset role;
create temp table bulk_needs on commit drop as select gen_random_uuid() as id, i from generate_series(1, 51) i;
grant select on bulk_needs to authenticated;
do $$
declare
  r record;
begin
  for r in select * from bulk_needs loop
    perform private.record_need(r.id, tests.id('resident_a'), 'transport', 'Bus shelter number ' || r.i, -3.0501, 53.8204);
  end loop;
end
$$;
call tests.act_as('planner');
do $$
declare
  r record;
begin
  for r in select * from bulk_needs where i <= 50 loop
    perform public.adopt_need(r.id);
  end loop;
end
$$;
select throws_ok($$ select public.adopt_need((select id from bulk_needs where i = 51)) $$,
  'PT429', 'You already have 50 needs adopted and not yet met; mark some met or let them go first.',
  'A 51st adoption is refused');

select * from finish();
rollback;
