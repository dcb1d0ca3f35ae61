-- Spin-out briefs: clustering on hand-made needs with known answers, privacy, and the
-- life of a project started from a brief (start, adopt, co-founders, met, confirmed,
-- active, abandoned) with its outcome figures.
--
-- Hand-made needs (public points set exactly, on the sphere the schema measures on),
-- along the parallel lat 53.812, south of the fixture streets:
--   childcare  k_a (−3.0430, Northgate, 40 days old) ─300 m─ k_b (Eastfield, 20 days)
--              ─390 m─ k_c (5 days) ─410 m─ k_e:  one brief {k_a, k_b, k_c} spanning both
--              neighbourhoods, and k_e alone (410 m > R = 400 m)
--   digital    d_in  (−3.0550, 53.8140) with an asset 397 m north: covered, in no brief
--              d_out (−3.0450, 53.8140) with an asset 403 m north and a paused enterprise
--              100 m east: uncovered (paused is not supply), supported twice: demand 3
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(69);

/** A point `metres` due east of (lon, lat) along its parallel, exact on PostGIS's sphere. */
create function tests.east_lon(p_lon float8, p_lat float8, p_metres float8)
returns float8
language sql immutable
as $$ select p_lon + degrees(p_metres / (6371008.771415 * cos(radians(p_lat)))) $$;

/** A need with an exact public point (the exact point 20 m south of it), aged in days. */
create function tests.brief_need(p_label text, p_author text, p_category text, p_lon float8, p_lat float8,
                                 p_neighbourhood text, p_days_old int)
returns void
language plpgsql
as $$
declare
  v_id uuid;
begin
  insert into tests.ids (label) values (p_label) returning id into v_id;
  insert into public.needs (id, category, body, street_id, neighbourhood_id, public_geom, created_at, status_changed_at)
  values (v_id, p_category, 'We need ' || p_category || ' near ' || p_label, tests.id('street_alpha'),
          tests.id(p_neighbourhood), extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326)::extensions.geography,
          now() - make_interval(days => p_days_old), now() - make_interval(days => p_days_old));
  insert into public.need_private (need_id, author_id, exact_geom, snap_distance_m)
  values (v_id, tests.id(p_author), tests.north_of(p_lon, p_lat, -20), 20);
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor_role, created_at)
  values (v_id, null, 'open', tests.id(p_author), 'author', now() - make_interval(days => p_days_old));
end
$$;

select tests.brief_need('k_a', 'resident_a', 'childcare', -3.0430, 53.812, 'north', 40);
select tests.brief_need('k_b', 'resident_b', 'childcare', tests.east_lon(-3.0430, 53.812, 300), 53.812, 'east', 20);
select tests.brief_need('k_c', 'owner', 'childcare', tests.east_lon(-3.0430, 53.812, 690), 53.812, 'east', 5);
select tests.brief_need('k_e', 'resident_a', 'childcare', tests.east_lon(-3.0430, 53.812, 1100), 53.812, 'east', 3);
select tests.brief_need('d_in', 'resident_a', 'digital', -3.0550, 53.814, 'north', 10);
select tests.brief_need('d_out', 'resident_b', 'digital', -3.0450, 53.814, 'north', 12);
insert into public.need_supports (need_id, user_id) values
  (tests.id('d_out'), tests.id('resident_a')), (tests.id('d_out'), tests.id('newcomer'));
insert into public.assets (name, categories, source, geom) values
  ('Digital Hub', array['digital'], 'test', tests.north_of(-3.0550, 53.814, 397)),
  ('Far Digital Hub', array['digital'], 'test', tests.north_of(-3.0450, 53.814, 403)),
  ('St Anne''s Church Hall', array['loneliness'], 'test', tests.north_of(-3.0400, 53.812, 150));
insert into public.enterprises (owner_id, name, social_goal, categories, status, geom) values
  (tests.id('owner_2'), 'Paused Bytes', 'Computer help, on a break', array['digital'], 'paused',
   extensions.st_setsrid(extensions.st_makepoint(tests.east_lon(-3.0450, 53.814, 100), 53.814), 4326)::extensions.geography),
  (tests.id('owner_2'), 'Toddler Time', 'A parent-run playgroup in another town', array['childcare'], 'active',
   'SRID=4326;POINT(-3.0450 53.8250)');

-- --------------------------------------------------------------------------------------
-- Clustering
-- --------------------------------------------------------------------------------------
call tests.act_as('anon');
select is((select count(*)::int from private.brief_members(400, 'childcare') m where m.brief_id = 'childcare-' || tests.id('k_a')),
  3, 'k_a, k_b (300 m) and k_c (390 m further) form one cluster, keyed by its earliest need');
select isnt((select m.brief_id from private.brief_members(400, 'childcare') m where m.need_id = tests.id('k_e')),
  'childcare-' || tests.id('k_a'), 'A need 410 m from the nearest one (R = 400 m) is a cluster of its own');
select is((select count(*)::int from private.brief_members(400, 'digital') m where m.need_id = tests.id('d_in')),
  0, 'A need with a provider of its category 397 m away (R − 3 m) is covered: in no brief');
select is((select count(*)::int from private.brief_members(400, 'digital') m where m.need_id = tests.id('d_out')),
  1, 'A need whose nearest provider is 403 m away (R + 3 m) is uncovered, and a paused enterprise 100 m away is not supply');
select is((select count(*)::int from private.brief_members(400, null) m where m.need_id = tests.id('need_a')),
  0, 'The fixture food need (a food bank 356 m away) is covered');
select is((select count(*)::int from private.brief_members(700, 'childcare') m where m.brief_id = 'childcare-' || tests.id('k_a')),
  4, 'With a 700 m catchment the 410 m gap closes: all four childcare needs in one cluster');

select is(jsonb_path_query_array(public.list_briefs(), '$[*].brief_id'),
  jsonb_build_array('childcare-' || tests.id('k_a'), 'digital-' || tests.id('d_out')),
  'list_briefs: the briefs at or above demand 3, by demand then age (k_e, demand 1, and need_b are below)');
select is(public.list_briefs() -> 0 -> 'demand', '3'::jsonb, 'list_briefs: demand counts needs and "me too"s');
select is(public.list_briefs() -> 0 -> 'days_unmet', '40'::jsonb, 'list_briefs: unmet since its earliest need, 40 days');
select is(public.list_briefs() -> 0 -> 'raised_last_30_days', '2'::jsonb, 'list_briefs: trend: two needs in the last 30 days');
select is(public.list_briefs() -> 0 -> 'raised_previous_30_days', '1'::jsonb, 'list_briefs: trend: one in the 30 before');
select is(jsonb_path_query_array(public.list_briefs() -> 0 -> 'neighbourhoods', '$[*].name'), '["Eastfield", "Northgate"]'::jsonb,
  'list_briefs: a cluster that spans two neighbourhoods names both');
select is(jsonb_path_query_array(public.list_briefs(neighbourhood => tests.id('east')), '$[*].brief_id'),
  jsonb_build_array('childcare-' || tests.id('k_a')), 'list_briefs: the neighbourhood filter finds a spanning brief from its other side');
select is(jsonb_path_query_array(public.list_briefs(neighbourhood => tests.id('north')), '$[*].brief_id'),
  jsonb_build_array('childcare-' || tests.id('k_a'), 'digital-' || tests.id('d_out')), 'list_briefs: and from its first side');
select is(jsonb_path_query_array(public.list_briefs(category => 'digital'), '$[*].brief_id'),
  jsonb_build_array('digital-' || tests.id('d_out')), 'list_briefs: filtered by category, with the same id');
select is(jsonb_path_query_array(public.list_briefs(min_demand => 1, sort => 'unmet'), '$[*].brief_id'),
  jsonb_build_array('childcare-' || tests.id('k_a'), 'digital-' || tests.id('d_out'), 'childcare-' || tests.id('k_e'),
                    'loneliness-' || tests.id('need_b')),
  'list_briefs: ranked by how long unmet, oldest first (40, 12, 3 and 0 days)');
select throws_ok($$ select public.list_briefs(radius_m => 10) $$, '22023', 'The catchment must be between 50 and 2000 metres.',
  'list_briefs: a silly catchment is refused');
select throws_ok($$ select public.list_briefs(sort => 'loudest') $$, '22023', null, 'list_briefs: an unknown order is refused');
select throws_ok($$ select public.list_briefs(category => 'unicorns') $$, '22023', 'Unknown category: unicorns.',
  'list_briefs: an unknown category is refused');

-- --------------------------------------------------------------------------------------
-- The brief page, and privacy
-- --------------------------------------------------------------------------------------
select is(public.brief_detail('childcare-' || tests.id('k_a')) -> 'needs', '3'::jsonb, 'brief_detail: its three needs');
select is(jsonb_path_query_array(public.brief_detail('childcare-' || tests.id('k_a')) -> 'hosts', '$[*].name'),
  '["St Anne''s Church Hall"]'::jsonb, 'brief_detail: a church hall nearby could host it');
select is(jsonb_path_query_array(public.brief_detail('childcare-' || tests.id('k_a')) -> 'models', '$[*].name'),
  '["Toddler Time"]'::jsonb, 'brief_detail: an active enterprise elsewhere in the category is a model');
select is(public.brief_detail('childcare-' || tests.id('k_a')) -> 'open', 'true'::jsonb, 'brief_detail: open');
select is(public.brief_detail('childcare-00000000-0000-4000-8000-000000000000'), null, 'brief_detail: an unknown brief is null');
select throws_ok($$ select public.brief_detail('food; drop table needs') $$, '22023', null, 'brief_detail: a malformed id is refused');

select ok(not exists (
    select 1 from public.need_private p, lateral (select public.brief_detail('childcare-' || tests.id('k_a'))::text as t) b
    where b.t like '%' || round(extensions.st_y(p.exact_geom::extensions.geometry)::numeric, 5)::text || '%'
       or b.t like '%' || round(extensions.st_y(p.exact_geom::extensions.geometry)::numeric, 4)::text || '%'
       or b.t like '%' || p.author_id::text || '%'),
  'brief_detail: no exact point (to 4 or 5 decimals) and no author id');
select ok(public.list_briefs()::text not like '%' || tests.id('resident_a')::text || '%',
  'list_briefs: no author id');

-- Young people's interest near the brief: withheld below 5, a count at 5, never a name.
reset role;
insert into public.opportunities (id, enterprise_id, title, description, min_age, max_age, commitment)
select gen_random_uuid(), e.id, 'Playgroup helper', 'Help at the Saturday playgroup.', 14, 25, 'weekly'
from public.enterprises e where e.name = 'Toddler Time';
insert into tests.ids (label, is_anonymous) select 'young_' || g, true from generate_series(1, 5) g;
insert into auth.users (id, aud, role, is_anonymous)
select i.id, 'authenticated', 'authenticated', true from tests.ids i where i.label like 'young\_%';
insert into public.interests (opportunity_id, user_id, display_name, reply_via, age)
select o.id, tests.id('young_' || g), 'Youngster' || g, 'in-person', 15 + g
from public.opportunities o, generate_series(1, 4) g where o.title = 'Playgroup helper';
call tests.act_as('anon');
select is(public.brief_detail('childcare-' || tests.id('k_a')) -> 'young_people_interested', 'null'::jsonb,
  'brief_detail: four young people interested is withheld (fewer than 5)');
reset role;
insert into public.interests (opportunity_id, user_id, display_name, reply_via, age)
select o.id, tests.id('young_5'), 'Youngster5', 'in-person', 17 from public.opportunities o where o.title = 'Playgroup helper';
call tests.act_as('anon');
select is(public.brief_detail('childcare-' || tests.id('k_a')) -> 'young_people_interested', '5'::jsonb,
  'brief_detail: five young people interested is shown as a count');
select ok(public.brief_detail('childcare-' || tests.id('k_a'))::text !~ 'Youngster'
          and public.brief_detail('childcare-' || tests.id('k_a'))::text not like '%' || tests.id('young_1')::text || '%',
  'brief_detail: never a young person''s name or id');

-- --------------------------------------------------------------------------------------
-- Starting a project
-- --------------------------------------------------------------------------------------
call tests.act_as('anon');
select throws_ok($$ select public.start_project_from_brief('childcare-' || tests.id('k_a'), 'X', 'Y', 'Z') $$, '42501', null,
  'anon: start_project_from_brief: execute denied');
call tests.act_as('resident_a');
select throws_ok($$ select public.start_project_from_brief('childcare-' || tests.id('k_a'), 'Little Steps', 'Playgroup', 'hi@x.test') $$,
  '42501', null, 'An anonymous sign-in cannot start a project (a confirmed account is needed)');
call tests.act_as('owner');
select throws_ok($$ select public.start_project_from_brief('childcare-00000000-0000-4000-8000-000000000000', 'Little Steps', 'A playgroup', 'hi@x.test') $$,
  'PT404', null, 'A brief that is not open cannot be started');
create temporary table project as
  select (public.start_project_from_brief('childcare-' || tests.id('k_a'), 'Little Steps',
            'A parent-run playgroup for these streets', 'hello@littlesteps.example') ->> 'project_id')::uuid as id;
grant select on project to anon, authenticated;
select is(public.project_detail((select id from project)) ->> 'stage', 'starting', 'The project starts in stage starting');
select is((select status from public.enterprises where id = (select id from project)), 'starting',
  'Its enterprise is in status starting');
select ok(exists (select 1 from jsonb_array_elements(public.map_enterprises(-3.07, 53.80, -3.01, 53.84) -> 'features') f
                  where (f ->> 'id')::uuid = (select id from project) and f -> 'properties' ->> 'status' = 'starting'),
  'The starting project is on the map');
select is(jsonb_path_query_array(public.list_briefs(), '$[0].projects[*].name'), '["Little Steps"]'::jsonb,
  'The brief stays open (a starting project is not supply) and names its project');
select throws_ok($$ select public.start_project_from_brief('childcare-' || tests.id('k_a'), 'Little Steps 2', 'Again', 'hi@x.test') $$,
  '22023', 'You have already started a project from this brief.', 'One project per founder per brief');

-- Adopting the cluster's needs, through adopt_need's rules.
select is(jsonb_array_length(public.adopt_brief_needs((select id from project)) -> 'adopted'), 2,
  'The founder adopts the two needs raised by others');
select is(public.adopt_brief_needs((select id from project)) -> 'skipped' -> 0 ->> 'reason',
  'You raised this need, so someone else has to adopt it; if it is sorted, mark it met.',
  'The founder''s own need is refused by adopt_need''s rule, and reported');
select is((select count(*)::int from public.needs where adopted_by_enterprise = (select id from project)), 2,
  'Both adopted needs name the project');
call tests.act_as('resident_a');
select is(public.need_projects(tests.id('k_a')) -> 0 ->> 'name', 'Little Steps', 'The author sees a project is on their need');
select ok((public.need_detail(tests.id('k_a')) -> 'history' -> -1 ->> 'note') like '%Little Steps%',
  'The need''s history tells its author which project adopted it');
select throws_ok($$ select public.adopt_brief_needs((select id from project)) $$, '42501', null,
  'Someone outside the project cannot adopt for it');

-- Co-founders by invitation link.
call tests.act_as('owner');
create temporary table invite as select public.invite_cofounder((select id from project)) ->> 'token' as token;
grant select on invite to anon, authenticated;
call tests.act_as('resident_b');
select throws_ok($$ select public.join_project((select token from invite)) $$, '42501', null,
  'An anonymous sign-in cannot join as a co-founder');
call tests.act_as('planner');
select throws_ok($$ select public.join_project(repeat('0', 64)) $$, 'PT404', null, 'A wrong invitation token is refused');
select is(public.join_project((select token from invite)) -> 'is_member', 'true'::jsonb, 'The planner joins with the link');
select is(public.project_detail((select id from project)) -> 'cofounders', '1'::jsonb, 'The project has one co-founder');
select is(jsonb_array_length(public.adopt_brief_needs((select id from project), array[tests.id('k_c')]) -> 'adopted'), 1,
  'A co-founder adopts the need the founder raised');

-- Met, confirmed, and the outcome figures.
call tests.act_as('owner');
select isnt(public.mark_need_met(tests.id('k_a')), null, 'The founder marks a need met');
select is(public.project_detail((select id from project)) -> 'outcomes' -> 'needs_awaiting_confirmation', '1'::jsonb,
  'It waits for its author''s confirmation');
select is(public.project_detail((select id from project)) -> 'outcomes' -> 'needs_met', '0'::jsonb,
  'Not an outcome until its author confirms');
call tests.act_as('resident_a');
select is(public.confirm_need_met(tests.id('k_a')) ->> 'met_confirmed_at' is not null, true, 'The author confirms');
select is(public.project_detail((select id from project)) -> 'outcomes' -> 'needs_met_by_projects', '1'::jsonb,
  'Project outcomes: one need met by the project, confirmed');
select is(public.project_detail((select id from project)) -> 'outcomes' -> 'median_days_to_first_met', '0'::jsonb,
  'Project outcomes: the first need met on the day it started');
select is(public.brief_detail('childcare-' || tests.id('k_a')) -> 'outcomes' -> 'demand_at_start', '3'::jsonb,
  'Brief outcomes: demand 3 when the project started');
select is(public.brief_detail('childcare-' || tests.id('k_a')) -> 'outcomes' -> 'demand_now', '2'::jsonb,
  'Brief outcomes: demand 2 now, though its earliest need left the cluster');
select is(public.brief_detail('childcare-' || tests.id('k_a')) ->> 'current_brief_id', 'childcare-' || tests.id('k_b'),
  'The brief''s old URL still answers, pointing at the cluster''s id now');
select is((select (x ->> 'needs_met_by_projects')::int from jsonb_array_elements(public.brief_outcomes_by_neighbourhood()) x
           where x ->> 'code' = 'T-NORTH'), 1, 'Per neighbourhood: Northgate counts the need the project met');

-- Abandoned: adoptions released. Active: the project becomes supply.
call tests.act_as('planner');
select throws_ok($$ select public.set_project_stage((select id from project), 'abandoned') $$, '42501', null,
  'Only the founder changes the stage');
call tests.act_as('owner');
select is(public.set_project_stage((select id from project), 'abandoned') ->> 'stage', 'abandoned', 'The founder abandons it');
select is((select array_agg(status order by status) from public.needs where id in (tests.id('k_b'), tests.id('k_c'))),
  array['open', 'open'], 'Its adopted needs are open again');
call tests.act_as('owner_2');
select is(public.set_project_stage((public.start_project_from_brief('digital-' || tests.id('d_out'), 'Byte Club',
            'Computer help at the hall', 'bytes@example.test') ->> 'project_id')::uuid, 'active') ->> 'status', 'active',
  'Another founder starts a project and makes it active');
select is(jsonb_path_query_array(public.list_briefs(category => 'digital'), '$[*].brief_id'), '[]'::jsonb,
  'An active project is supply: the brief it answers is no longer listed');

-- --------------------------------------------------------------------------------------
-- The tables: read through the API only as their policies say, never written directly
-- --------------------------------------------------------------------------------------
call tests.act_as('owner');
select throws_ok($$ insert into public.brief_projects (enterprise_id, brief_id, category, radius_m, demand_at_start, needs_at_start)
                    values (tests.id('enterprise_1'), 'food-' || tests.id('need_a'), 'food', 400, 1, 1) $$,
  '42501', null, 'brief_projects cannot be written directly');
select throws_ok($$ select founder_id from public.brief_projects $$, '42501', null, 'Nobody reads who founded a project');
select throws_ok($$ select * from public.project_invitations $$, '42501', null, 'Invitations are not readable');
call tests.act_as('planner');
select is((select count(*)::int from public.project_cofounders), 1, 'A co-founder reads their own membership');
call tests.act_as('owner_2');
select is((select count(*)::int from public.project_cofounders), 0, 'Nobody else reads it');

select * from finish();
rollback;
