-- API: the outcome lifecycle and its figures (20261201001600_trusted_outcomes.sql).
-- adopt_need (confirmed accounts, a daily rate, one open adoption per need),
-- mark_need_met (a claim that keeps the need in demand), confirm_need_met (the author
-- confirms, or says "not met": reopened, adopter released, a dispute against them),
-- undo_adoption, auto_confirm_met_needs (14 days after the author was told),
-- disputed_adopters (the moderators' queue), notifications and the mail outbox,
-- need_page, and the outcome figures with how each met was confirmed.
-- Fixture: _fixtures.sql, plus need_c raised by owner_2 (a confirmed account) on Alpha Road.
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(113);

insert into tests.ids (label) values ('need_c');
do $$
begin
  perform private.record_need(tests.id('need_c'), tests.id('owner_2'), 'food', 'The corner shop closed down', -3.0501, 53.8206);
end
$$;

/** How the demand functions count a need now: Alpha Road's demand, Northgate's open needs, the unmet map layer. */
create function tests.demand_of(p_need uuid)
returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'street_demand', (select demand from public.street_gaps(400) where street_id = tests.id('street_alpha')),
    'neighbourhood_open_needs', (select open_needs from public.neighbourhood_gaps(400) where neighbourhood_id = tests.id('north')),
    'on_map', position(p_need::text in public.map_needs(-3.07, 53.80, -3.01, 53.84)::text) > 0)
$$;
grant execute on function tests.demand_of(uuid) to anon, authenticated;

-- --------------------------------------------------------------------------------------
-- Who may adopt
-- --------------------------------------------------------------------------------------
call tests.act_as('resident_a');
select throws_ok($$ select public.adopt_need(tests.id('need_b')) $$,
  '42501', 'Sign in with an email account to adopt a need.', 'An anonymous sign-in cannot adopt');
call tests.act_as('unconfirmed');
select throws_ok($$ select public.adopt_need(tests.id('need_b')) $$,
  '42501', 'Confirm your e-mail address to adopt a need: open the link we mailed you.',
  'An account whose e-mail is not confirmed cannot adopt');
select is(public.need_page(tests.id('need_b')) -> 'may' -> 'adopt', 'false'::jsonb, 'need_page does not offer it adopting');
select is((select status from public.needs where id = tests.id('need_b')), 'open', 'The refused adoptions changed nothing');

call tests.act_as('planner');
select is(public.need_page(tests.id('need_a')) -> 'may' -> 'adopt', 'true'::jsonb, 'need_page offers a confirmed account adopting');
create temp table adoption on commit drop as
  select public.adopt_need(tests.id('need_a'), null, 'We can run a pantry on Fridays') as j;
select is((select j ->> 'status' from adoption), 'adopted', 'A confirmed account adopts a need for themselves');
select is((select j -> 'adopted_by_me' from adoption), 'true'::jsonb, 'The reply says the caller is on it');
select is((select j -> 'exact_point' from adoption), 'null'::jsonb, 'The adopter is not told the need''s exact point');
select is((public.need_detail(tests.id('need_a')) -> 'history' -> -1) - 'at',
  '{"from": "open", "to": "adopted", "by": "adopter", "note": "We can run a pantry on Fridays"}'::jsonb,
  'The adoption is in the history, by role, with the note');
select is(public.adopt_need(tests.id('need_a'), null, 'again') ->> 'status', 'adopted', 'A retry of the same adoption returns the need');
reset role;
select is((select count(*)::int from public.need_events where need_id = tests.id('need_a') and to_status = 'adopted'), 1,
  'The retry recorded no second adoption');
select results_eq($$ select adopter_id, enterprise_id from public.need_adoptions where need_id = tests.id('need_a') $$,
  $$ values (tests.id('planner'), null::uuid) $$, 'The adopter is recorded, privately');
select col_is_pk('public', 'need_adoptions', 'need_id', 'One open adoption per need: need_adoptions is keyed by the need');

call tests.act_as('owner');
select is(public.need_page(tests.id('need_c')) -> 'may' -> 'adopt_for',
  jsonb_build_array(jsonb_build_object('id', tests.id('enterprise_1'), 'name', 'Beta Bikes & Bites')),
  'need_page offers the owner adopting for their active enterprise');
select is(public.adopt_need(tests.id('need_c'), tests.id('enterprise_1')) -> 'adopted_by_enterprise',
  jsonb_build_object('id', tests.id('enterprise_1'), 'name', 'Beta Bikes & Bites'), 'An owner adopts a need for their enterprise');
select throws_ok($$ select public.adopt_need(tests.id('need_a')) $$,
  '22023', 'Someone is already on this need.', 'A need someone is on cannot be adopted again');
select throws_ok($$ select public.adopt_need(tests.id('need_b'), null, '<b>on it</b>') $$,
  '22023', 'The note cannot contain HTML tags.', 'adopt_need refuses HTML in the note');
select throws_ok($$ select public.adopt_need(tests.id('need_hidden')) $$,
  'PT404', 'That need does not exist or has been removed.', 'adopt_need refuses a hidden need');
select throws_ok($$ select public.adopt_need(gen_random_uuid()) $$,
  'PT404', 'That need does not exist or has been removed.', 'adopt_need refuses an unknown need');
select throws_ok($$ select public.adopt_need(tests.id('need_b'), gen_random_uuid()) $$,
  'PT404', 'That enterprise does not exist.', 'adopt_need refuses an unknown enterprise');
select throws_ok($$ select public.adopt_need(tests.id('need_b'), tests.id('enterprise_2')) $$,
  '42501', 'Only the owner of an enterprise can adopt needs on its behalf.', 'Nobody adopts in the name of someone else''s enterprise');
call tests.act_as('owner_2');
select throws_ok($$ select public.adopt_need(tests.id('need_b'), tests.id('enterprise_2')) $$,
  '22023', 'Only an active enterprise can adopt needs; Gamma Garden Club is paused.', 'A paused enterprise cannot adopt');
select throws_ok($$ select public.adopt_need(tests.id('need_c')) $$,
  '42501', 'You raised this need, so someone else has to adopt it; if it is sorted, mark it met.', 'Its author cannot adopt it');

-- --------------------------------------------------------------------------------------
-- "Met" by an adopter is a claim: the need stays in demand until its author confirms
-- --------------------------------------------------------------------------------------
call tests.act_as('anon');
create temp table before_claim on commit drop as select tests.demand_of(tests.id('need_a')) as d;
grant select on before_claim to anon, authenticated;
select is((select d -> 'on_map' from before_claim), 'true'::jsonb, 'An adopted need is on the unmet layer');

call tests.act_as('owner');
select throws_ok($$ select public.mark_need_met(tests.id('need_a')) $$,
  '42501', 'Only whoever adopted this need, or the person who raised it, can mark it met.', 'Someone not on the need cannot mark it met');
call tests.act_as('planner');
select is(public.need_page(tests.id('need_a')) -> 'may' -> 'mark_met', 'true'::jsonb, 'need_page offers the adopter "mark met"');
select throws_ok($$ select public.mark_need_met(tests.id('need_a'), '<script>x</script>') $$,
  '22023', 'The note cannot contain HTML tags.', 'mark_need_met refuses HTML in the note');
create temp table marked on commit drop as select public.mark_need_met(tests.id('need_a'), 'Pantry runs every Friday now') as j;
select is((select j ->> 'status' from marked), 'adopted', 'The adopter''s "met" keeps the need adopted');
select is((select j -> 'awaiting_confirmation' from marked), 'true'::jsonb, 'marked met, waiting for its author');
select throws_ok($$ select public.mark_need_met(tests.id('need_a')) $$,
  '22023', 'You have already marked this need met; it is waiting for the person who raised it.', 'A claim cannot be made twice');
call tests.act_as('anon');
select is(tests.demand_of(tests.id('need_a')), (select d from before_claim),
  'A claim leaves the street demand, the neighbourhood''s open needs and the unmet layer as they were');
select is((public.need_detail(tests.id('need_a')) -> 'history' -> -1) - 'at',
  '{"from": "adopted", "to": "met_claimed", "by": "adopter", "note": "Pantry runs every Friday now"}'::jsonb,
  'The claim is in the public history');

reset role;
select results_eq($$ select kind from public.notifications where user_id = tests.id('resident_a') and need_id = tests.id('need_a') $$,
  $$ values ('met_claimed') $$, 'The author is told in the app');
select is((select count(*)::int from private.mail_outbox), 0, 'No mail to an anonymous author (no address)');

call tests.act_as('resident_a');
select is(jsonb_path_query_array(public.needs_due_recheck(), '$[*].prompt'), '["confirm_met"]'::jsonb,
  'needs_due_recheck asks the author to confirm');
select is((public.needs_due_recheck() -> 0 ->> 'auto_confirms_at')::timestamptz, now() + interval '14 days',
  'and says when it counts as met without an answer: 14 days after they were told');
select is(public.my_notifications() -> 'unread', '1'::jsonb, 'my_notifications: one unread');
select ok(public.my_notifications() -> 'items' -> 0 ->> 'body' like '%says the need you raised%is met%', 'saying who says it is met');
select is(public.need_page(tests.id('need_a')) -> 'may' -> 'answer_claim', 'true'::jsonb, 'need_page asks the author to answer');
select is(public.mark_notifications_read(), 1, 'mark_notifications_read marks it read');
select is(public.my_notifications() -> 'unread', '0'::jsonb, 'and nothing is unread');
call tests.act_as('planner');
select is(public.my_notifications() -> 'items', '[]'::jsonb, 'Nobody else reads the author''s notifications');
select is(public.need_page(tests.id('need_a')) -> 'may' -> 'answer_claim', 'false'::jsonb, 'and only the author answers');
call tests.act_as('owner');
select throws_ok($$ select public.confirm_need_met(tests.id('need_a')) $$,
  '42501', 'Only the person who raised a need can change it.', 'Only the author confirms');

-- The author says yes: met, confirmed by the author.
call tests.act_as('resident_a');
select throws_ok($$ select public.confirm_need_met(tests.id('need_a'), null) $$,
  '22023', 'Say whether the need is met (true) or not (false).', 'confirm_need_met needs a yes or a no');
select throws_ok($$ select public.confirm_need_met(tests.id('need_hidden')) $$,
  '22023', 'This need is open, and nobody has marked it met, so there is nothing to confirm.', 'Nothing to confirm on an open need');
create temp table confirmed on commit drop as select public.confirm_need_met(tests.id('need_a')) as j;
select is((select j ->> 'status' from confirmed), 'met', 'The author confirms: met');
select is((select j ->> 'met_confirmed_by' from confirmed), 'author', 'confirmed by the author');
reset role;
select ok((select met_at = (select created_at from public.need_events where need_id = tests.id('need_a') and to_status = 'met_claimed')
           from public.needs where id = tests.id('need_a')), 'met_at is when the adopter said it was met');
call tests.act_as('anon');
select is(tests.demand_of(tests.id('need_a')) -> 'on_map', 'false'::jsonb, 'Only now does it leave the unmet layer');
select is((tests.demand_of(tests.id('need_a')) ->> 'street_demand')::int, (select (d ->> 'street_demand')::int from before_claim) - 2,
  'and the street demand (need_a weighed 1 + its supporter)');
call tests.act_as('resident_a');
select is(public.needs_due_recheck(), '[]'::jsonb, 'Nothing left to answer');

-- An author marking their own need met confirms it at once.
call tests.act_as('resident_b');
select is(public.mark_need_met(tests.id('need_b'), 'Sorted by neighbours') ->> 'met_confirmed_by', 'author',
  'An author marking their own need met: met, confirmed by them');
select is(public.reopen_need(tests.id('need_b'), 'It came back.') ->> 'status', 'open', 'The author reopens a met need');

-- --------------------------------------------------------------------------------------
-- "Not met": reopened, adopter released, a dispute against them; mail to an author with an address
-- --------------------------------------------------------------------------------------
call tests.act_as('owner');
select is(public.mark_need_met(tests.id('need_c'), 'We stock basics now') -> 'awaiting_confirmation', 'true'::jsonb,
  'The owner claims need_c met');
reset role;
select results_eq($$ select to_address from private.mail_outbox $$, $$ values ('owner_2@example.test'::text) $$,
  'An author with a confirmed address is mailed too');
call tests.act_as('owner_2');
select is(public.confirm_need_met(tests.id('need_c'), false) ->> 'status', 'open', '"Not met" reopens the need');
reset role;
select is_empty($$ select 1 from public.need_adoptions where need_id = tests.id('need_c') $$, 'and releases the adopter');
select results_eq($$ select adopter_id, enterprise_id from public.adoption_disputes where need_id = tests.id('need_c') $$,
  $$ values (tests.id('owner'), tests.id('enterprise_1')) $$, 'and counts against the adopter');
select results_eq($$ select kind from public.notifications where user_id = tests.id('owner') $$,
  $$ values ('met_disputed') $$, 'The adopter is told');
select is((select adopted_by_enterprise from public.needs where id = tests.id('need_c')), null, 'No enterprise is shown on it any more');

-- --------------------------------------------------------------------------------------
-- Undoing an adoption: the author, the adopter or a moderator
-- --------------------------------------------------------------------------------------
call tests.act_as('owner');
select is(public.adopt_need(tests.id('need_c'), tests.id('enterprise_1')) ->> 'status', 'adopted', 'The owner adopts need_c again');
call tests.act_as('planner');
select throws_ok($$ select public.undo_adoption(tests.id('need_c')) $$,
  '42501', 'Only the person who raised this need, whoever adopted it, or a moderator can undo its adoption.',
  'Someone else cannot undo an adoption');
call tests.act_as('owner_2');
select is(public.need_page(tests.id('need_c')) -> 'may' -> 'undo_adoption', 'true'::jsonb, 'need_page offers the author undoing it');
select is(public.undo_adoption(tests.id('need_c'), 'Nobody has been in touch.') ->> 'status', 'open', 'The author undoes the adoption');
select throws_ok($$ select public.undo_adoption(tests.id('need_c')) $$,
  '22023', 'This need is open, not adopted, so there is no adoption to undo.', 'An open need has no adoption to undo');
reset role;
select is((select count(*)::int from public.adoption_disputes where adopter_id = tests.id('owner')), 1, 'An undo is not a dispute');
select is((select note from public.need_events where need_id = tests.id('need_c') order by id desc limit 1),
  'Nobody has been in touch.', 'The reason is in the history');
call tests.act_as('owner');
select is(public.adopt_need(tests.id('need_c'), tests.id('enterprise_1')) ->> 'status', 'adopted', 'Adopted again');
call tests.act_as('moderator');
select is(public.undo_adoption(tests.id('need_c')) ->> 'status', 'open', 'A moderator undoes an adoption');
call tests.act_as('owner');
select is(public.adopt_need(tests.id('need_c'), tests.id('enterprise_1')) ->> 'status', 'adopted', 'Adopted once more');
select is(public.undo_adoption(tests.id('need_c'), 'We cannot after all.') ->> 'status', 'open', 'The adopter lets it go');

-- --------------------------------------------------------------------------------------
-- auto_confirm_met_needs: 14 days after the author was told, with no answer
-- --------------------------------------------------------------------------------------
call tests.act_as('owner');
select is(public.adopt_need(tests.id('need_c'), tests.id('enterprise_1')) ->> 'status', 'adopted', 'The owner adopts need_c for the last time today');
select is(public.mark_need_met(tests.id('need_c')) -> 'awaiting_confirmation', 'true'::jsonb, 'and claims it met');
reset role;
update public.needs set met_claimed_at = now() - interval '20 days' where id = tests.id('need_c');
do $$ begin perform set_config('request.jwt.claims', '{"role":"service_role"}', true); end $$;
set local role service_role;
select is(public.auto_confirm_met_needs(), 0, 'A claim made 20 days ago whose author was told today is not confirmed yet');
reset role;
update public.notifications set created_at = now() - interval '15 days' where need_id = tests.id('need_c') and kind = 'met_claimed';
do $$ begin perform set_config('request.jwt.claims', '{"role":"service_role"}', true); end $$;
set local role service_role;
select is(public.auto_confirm_met_needs(), 1, 'Told 15 days ago and no answer: confirmed');
select is(public.auto_confirm_met_needs(), 0, 'Run again, it finds nothing left to do');
reset role;
select results_eq($$ select status, met_confirmed_by from public.needs where id = tests.id('need_c') $$,
  $$ values ('met'::text, 'unchallenged'::text) $$, 'met, unchallenged after 14 days');
select results_eq($$ select to_status, actor_role from public.need_events where need_id = tests.id('need_c') order by id desc limit 1 $$,
  $$ values ('met', 'system') $$, 'The confirmation is the system''s');

-- --------------------------------------------------------------------------------------
-- The figures: how each met was confirmed, with the share of each
-- --------------------------------------------------------------------------------------
-- Northgate now: need_a met (by its author), need_c met (unchallenged), need_b open; need_hidden hidden.
call tests.act_as('anon');
select is(public.neighbourhood_outcomes(tests.id('north')) - 'by_month' - 'median_days_to_adoption' - 'median_days_to_met',
  jsonb_build_object('neighbourhood_id', tests.id('north'), 'code', 'T-NORTH', 'name', 'Northgate',
    'needs_raised', 3, 'needs_adopted', 2, 'needs_met', 2,
    'needs_met_confirmed_by_author', 1, 'needs_met_unchallenged', 1,
    'share_met_confirmed_by_author', 0.5, 'share_met_unchallenged', 0.5,
    'needs_awaiting_confirmation', 0, 'needs_disputed', 1, 'needs_still_met', 0,
    'needs_unmet', 1, 'share_met', 2::float8 / 3),
  'neighbourhood_outcomes: met split by how it was confirmed, with shares; awaiting and disputed claims');
select is(jsonb_array_length(public.neighbourhood_outcomes(tests.id('north')) -> 'by_month'), 12, 'with the last 12 months');
select is(public.neighbourhood_outcomes(tests.id('east')) -> 'share_met_unchallenged', 'null'::jsonb, 'No shares where nothing is met');
select is(public.neighbourhood_outcomes() -> 'needs_raised', '3'::jsonb, 'With no neighbourhood: every need');
select is(public.street_outcomes(tests.id('street_alpha')) ->> 'street_name', 'Alpha Road', 'street_outcomes names the street');
select is(public.street_outcomes(tests.id('street_alpha')) -> 'needs_met_unchallenged', '1'::jsonb, 'and splits its mets too');
select throws_ok($$ select public.neighbourhood_outcomes(gen_random_uuid()) $$,
  'PT404', 'That neighbourhood does not exist.', 'neighbourhood_outcomes refuses an unknown neighbourhood');
select throws_ok($$ select public.street_outcomes(null) $$, '22023', 'Say which street.', 'street_outcomes needs a street');
select throws_ok($$ select public.street_outcomes(gen_random_uuid()) $$,
  'PT404', 'That street does not exist.', 'street_outcomes refuses an unknown street');

-- --------------------------------------------------------------------------------------
-- The daily rate: 3 adoptions a day for a person, 10 for an enterprise
-- --------------------------------------------------------------------------------------
reset role;
create temp table bulk_needs on commit drop as select gen_random_uuid() as id, i from generate_series(1, 15) i;
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
-- The planner adopted need_a today: two more.
select is(public.adopt_need((select id from bulk_needs where i = 1)) ->> 'status', 'adopted', 'A person''s second adoption today');
select is(public.adopt_need((select id from bulk_needs where i = 2)) ->> 'status', 'adopted', 'and third');
select throws_ok($$ select public.adopt_need((select id from bulk_needs where i = 3)) $$,
  'PT429', 'You have adopted 3 needs in the last 24 hours, the most a person may; please come back tomorrow.',
  'A fourth in 24 hours is refused');
reset role;
update public.need_events set created_at = now() - interval '25 hours' where actor_id = tests.id('planner') and to_status = 'adopted';
call tests.act_as('planner');
select is(public.adopt_need((select id from bulk_needs where i = 3)) ->> 'status', 'adopted', 'A day later they may adopt again');
call tests.act_as('owner');
-- The owner adopted need_c five times today (a retry and the undone ones count: adopting is what is rated).
do $$
declare
  r record;
begin
  for r in select * from bulk_needs where i between 4 and 8 loop
    perform public.adopt_need(r.id, tests.id('enterprise_1'));
  end loop;
end
$$;
select throws_ok($$ select public.adopt_need((select id from bulk_needs where i = 9), tests.id('enterprise_1')) $$,
  'PT429', 'You have adopted 10 needs in the last 24 hours, the most an enterprise may; please come back tomorrow.',
  'An enterprise''s eleventh adoption in 24 hours is refused');
reset role;
select is((select count(*)::int from public.needs n where n.id in (select id from bulk_needs) and n.status = 'adopted'), 8,
  'Exactly the allowed adoptions landed');
select ok(exists (select 1 from pg_proc where proname = 'adopt_need' and prosrc like '%pg_advisory_xact_lock%''adopt_need:''%'),
  'adopt_need takes a per-user advisory lock, so the rate cannot be raced past');

-- --------------------------------------------------------------------------------------
-- Repeated disputes: the moderators' queue
-- --------------------------------------------------------------------------------------
-- The planner holds bulk 1–3 (and need_a, met); each is claimed and disputed.
call tests.act_as('planner');
select throws_ok($$ select public.disputed_adopters() $$, '42501', 'Only moderators can see disputed adopters.',
  'Only moderators read the queue');
do $$
declare
  r record;
begin
  for r in select * from bulk_needs where i between 1 and 3 loop
    perform public.mark_need_met(r.id);
  end loop;
end
$$;
call tests.act_as('moderator');
select is(public.disputed_adopters(), '[]'::jsonb, 'Claims not yet disputed put nobody in the queue');
call tests.act_as('resident_a');
select is(public.confirm_need_met((select id from bulk_needs where i = 1), false) ->> 'status', 'open', 'The author disputes one claim');
select is(public.confirm_need_met((select id from bulk_needs where i = 2), false) ->> 'status', 'open', 'a second');
call tests.act_as('moderator');
select is(public.disputed_adopters(), '[]'::jsonb, 'Two disputes in 30 days: not yet in the queue');
call tests.act_as('resident_a');
select is(public.confirm_need_met((select id from bulk_needs where i = 3), false) ->> 'status', 'open', 'and a third');
call tests.act_as('moderator');
select is(jsonb_path_query_array(public.disputed_adopters(), '$[*].adopter_id'), jsonb_build_array(tests.id('planner')),
  'Three disputes in 30 days put the adopter in the moderators'' queue');
select is(public.disputed_adopters() -> 0 -> 'disputes_30_days', '3'::jsonb, 'with how many');
select is(jsonb_array_length(public.disputed_adopters() -> 0 -> 'disputed_needs'), 3, 'and which needs');
reset role;
update public.need_events set created_at = now() - interval '25 hours' where actor_id = tests.id('planner') and to_status = 'adopted';
call tests.act_as('planner');
select throws_ok($$ select public.adopt_need((select id from bulk_needs where i = 10)) $$, '42501',
  'Several of your recent "met" claims were disputed by the people who raised them; a moderator will review them before you adopt more.',
  'An adopter in the queue cannot adopt more');
select is(public.need_page((select id from bulk_needs where i = 10)) -> 'may' -> 'adopt', 'false'::jsonb, 'and is not offered it');

-- --------------------------------------------------------------------------------------
-- Until confirmed: no enterprise listing, no interests received
-- --------------------------------------------------------------------------------------
call tests.act_as('unconfirmed');
select throws_ok($$ select public.list_enterprise('Fresh Co', 'Doing good nearby', array['food'], -3.03, 53.82, 'hi@example.test') $$,
  '42501', 'Confirm your e-mail address to list or run an enterprise: open the link we mailed you.',
  'An unconfirmed account cannot list an enterprise');
reset role;
update auth.users set email_confirmed_at = null where id = tests.id('owner');
call tests.act_as('owner');
select is_empty($$ select id from public.enterprise_interests() $$, 'An owner whose address is unconfirmed receives no interests');
select is(public.need_page(tests.id('need_b')) -> 'may', jsonb_build_object('adopt', false, 'adopt_for', '[]'::jsonb,
  'mark_met', false, 'answer_claim', false, 'undo_adoption', false, 'confirmed_account', false),
  'nor is offered adopting, even for their enterprise');
select throws_ok($$ select public.adopt_need(tests.id('need_b'), tests.id('enterprise_1')) $$,
  '42501', 'Confirm your e-mail address to adopt a need: open the link we mailed you.',
  'and cannot adopt for it');
reset role;
update auth.users set email_confirmed_at = now() where id = tests.id('owner');
call tests.act_as('owner');
select isnt_empty($$ select id from public.enterprise_interests() $$, 'Confirmed again, they receive them');

call tests.act_as('anon');
select is(public.need_page(tests.id('need_b')) -> 'may' -> 'adopt', 'false'::jsonb, 'need_page: a visitor is not offered adopting');
select is(public.need_page(tests.id('need_hidden')), null, 'need_page: a hidden need is not there for a visitor');

select * from finish();
rollback;
