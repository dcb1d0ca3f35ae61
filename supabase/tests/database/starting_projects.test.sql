-- A project just starting from a brief acts as a project (issue 14): it adopts needs at
-- the enterprise rate under every trust rule, each need's author is told (in the app,
-- and by mail to a confirmed address), and its roles are found and taken up at once.
--
-- Three childcare needs 200 m apart along lat 53.812, south of the fixture streets, with
-- no childcare provider anywhere: one brief. Raised by owner_2 (confirmed e-mail),
-- resident_a (anonymous: no mail) and planner (confirmed).
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(26);

create function tests.kid_need(p_label text, p_author text, p_lon float8)
returns void
language plpgsql
as $$
declare
  v_id uuid;
begin
  insert into tests.ids (label) values (p_label) returning id into v_id;
  -- kid_1 is the earliest, so the brief is keyed by it.
  insert into public.needs (id, category, body, street_id, neighbourhood_id, public_geom, created_at)
  values (v_id, 'childcare', 'A playgroup near ' || p_label, tests.id('street_alpha'), tests.id('north'),
          extensions.st_setsrid(extensions.st_makepoint(p_lon, 53.812), 4326)::extensions.geography,
          now() - make_interval(days => 10 - right(p_label, 1)::int));
  insert into public.need_private (need_id, author_id, exact_geom, snap_distance_m)
  values (v_id, tests.id(p_author), tests.north_of(p_lon, 53.812, -20), 20);
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor_role)
  values (v_id, null, 'open', tests.id(p_author), 'author');
end
$$;
select tests.kid_need('kid_1', 'owner_2', -3.0450);
select tests.kid_need('kid_2', 'resident_a', -3.0420);
select tests.kid_need('kid_3', 'planner', -3.0390);

call tests.act_as('owner');
create temporary table project as
  select (public.start_project_from_brief('childcare-' || tests.id('kid_1'), 'Little Steps',
            'A parent-run playgroup for these streets', 'hello@littlesteps.example') ->> 'project_id')::uuid as id;
grant select on project to anon, authenticated;
select is((select status from public.enterprises where id = (select id from project)), 'starting', 'The project is starting');

-- --------------------------------------------------------------------------------------
-- Adopting as the project, not as a person
-- --------------------------------------------------------------------------------------
call tests.act_as('planner');
select throws_ok($$ select public.adopt_need(tests.id('kid_1'), (select id from project)) $$, '42501', null,
  'Someone outside the project cannot adopt for it');
call tests.act_as('owner');
select is(public.adopt_need(tests.id('kid_1'), (select id from project)) -> 'adopted_by_enterprise' ->> 'name', 'Little Steps',
  'adopt_need: the founder adopts a need for the starting project directly');
reset role;
select results_eq($$ select a.adopter_id, a.enterprise_id from public.need_adoptions a where a.need_id = tests.id('kid_1') $$,
  $$ values (tests.id('owner'), (select id from project)) $$, 'The adoption is the project''s from the start');
select is((select actor_role from public.need_events where need_id = tests.id('kid_1') and to_status = 'adopted'), 'enterprise',
  'It counts at the enterprise rate');
select results_eq($$ select kind from public.notifications where user_id = tests.id('owner_2') and need_id = tests.id('kid_1') $$,
  $$ values ('adopted'::text) $$, 'The need''s author is told in the app');
select ok((select body from public.notifications where user_id = tests.id('owner_2')) like 'Little Steps, a project%adopted the need you raised%',
  'The notice names the project');
select results_eq($$ select to_address, need_id from private.mail_outbox where need_id = tests.id('kid_1') $$,
  $$ values ('owner_2@example.test'::text, tests.id('kid_1')) $$, 'and by mail, to their confirmed address, about that need');
call tests.act_as('owner');
select is(public.adopt_need(tests.id('kid_1'), (select id from project)) -> 'adopted_by_enterprise' ->> 'name', 'Little Steps',
  'A retry returns the need');
reset role;
select is((select count(*)::int from public.notifications where need_id = tests.id('kid_1')), 1, 'and tells nobody twice');

-- The trust rules still hold for a project.
call tests.act_as('moderator');
select throws_ok($$ select public.adopt_need(tests.id('kid_1')) $$, '22023', 'Someone is already on this need.',
  'One open adoption per need');
reset role;
insert into public.need_events (need_id, from_status, to_status, actor_id, actor_role)
select tests.id('need_b'), 'open', 'adopted', tests.id('owner'), 'enterprise' from generate_series(1, 9);
call tests.act_as('owner');
select throws_ok($$ select public.adopt_need(tests.id('kid_2'), (select id from project)) $$, 'PT429', null,
  'The enterprise daily rate (10) applies to a starting project');
reset role;
delete from public.need_events where need_id = tests.id('need_b') and actor_id = tests.id('owner') and to_status = 'adopted';

-- The brief's "adopt the open needs" goes the same way.
call tests.act_as('owner');
select is(public.adopt_brief_needs((select id from project)) -> 'adopted',
  jsonb_build_array(tests.id('kid_2'), tests.id('kid_3')), 'adopt_brief_needs adopts the other two');
reset role;
select is((select count(*)::int from public.need_adoptions a
           where a.need_id in (tests.id('kid_2'), tests.id('kid_3')) and a.enterprise_id = (select id from project)), 2,
  'both as the project');
select results_eq($$ select n.user_id, n.kind from public.notifications n
                     where n.need_id in (tests.id('kid_2'), tests.id('kid_3')) order by n.user_id::text $$,
  $$ select x.id, 'adopted'::text from tests.ids x where x.label in ('resident_a', 'planner') order by x.id::text $$,
  'Each author is told');
select results_eq($$ select to_address from private.mail_outbox where need_id in (tests.id('kid_2'), tests.id('kid_3')) $$,
  $$ values ('planner@example.test'::text) $$, 'by mail only where the address is confirmed (not the anonymous author)');

-- --------------------------------------------------------------------------------------
-- Its roles, found and taken up while it is starting
-- --------------------------------------------------------------------------------------
call tests.act_as('owner');
create temporary table role as
  select (public.add_opportunity((select id from project), 'Playgroup helper', 'Help set up on Saturdays.',
            14, 25, 'weekly', false) ->> 'opportunity_id')::uuid as id;
grant select on role to anon, authenticated;
call tests.act_as('anon');
select is((select r -> 'project_starting' from jsonb_array_elements(public.nearby_opportunities(-3.0420, 53.812)) r
           where (r ->> 'opportunity_id')::uuid = (select id from role)), 'true'::jsonb,
  'nearby_opportunities finds a starting project''s role, and says it is starting');
select is(public.opportunity_detail((select id from role)) -> 'open', 'true'::jsonb, 'opportunity_detail: open');
select is(public.opportunity_detail((select id from role)) ->> 'enterprise_status', 'starting',
  'opportunity_detail: a project just starting');
call tests.act_as('newcomer');
select is(public.express_interest((select id from role), 'Kit', 'in-person', null, 16) ->> 'display_name', 'Kit',
  'express_interest: a young person joins a starting project''s role');
call tests.act_as('anon');
select ok(not exists (select 1 from jsonb_array_elements(public.nearby_opportunities(-3.0420, 53.812)) r
                      where r ->> 'enterprise_name' = 'Gamma Garden Club'),
  'A paused enterprise''s roles are still not offered');

-- Planners' figures per neighbourhood: the brief is still open (a starting project is not
-- supply), the project counts as started, and none of its needs is met yet.
select is((select jsonb_build_array(x -> 'briefs_open', x -> 'projects_started', x -> 'needs_met_by_projects')
           from jsonb_array_elements(public.brief_outcomes_by_neighbourhood()) x where x ->> 'code' = 'T-NORTH'),
  '[1, 1, 0]'::jsonb, 'brief_outcomes_by_neighbourhood: Northgate has 1 brief open, 1 project started, 0 needs met by it');
select is((select jsonb_build_array(x -> 'briefs_open', x -> 'projects_started')
           from jsonb_array_elements(public.brief_outcomes_by_neighbourhood()) x where x ->> 'code' = 'T-EAST'),
  '[0, 0]'::jsonb, 'and Eastfield, where none of its needs is, none');

-- Abandoned: its enterprise closes, so it neither adopts nor recruits.
call tests.act_as('owner');
select is(public.set_project_stage((select id from project), 'abandoned') ->> 'stage', 'abandoned', 'The founder abandons it');
select throws_ok($$ select public.adopt_need(tests.id('kid_1'), (select id from project)) $$, '22023', null,
  'An abandoned project cannot adopt');
call tests.act_as('anon');
select is(public.opportunity_detail((select id from role)) -> 'open', 'false'::jsonb, 'and its roles are closed');

select * from finish();
rollback;
