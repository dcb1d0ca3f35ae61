-- Location privacy, the non-negotiable: a need's exact point is seen only by its author
-- and by moderators. Everyone else gets the street-level public point, whatever they
-- call: the need_private table (rls_matrix.test.sql), private.need_json (which anon and
-- authenticated may execute), need_detail, my_needs, map_needs, similar_needs, the replies of
-- support_need and unsupport_need (which run as the table owner, where RLS does not
-- apply), and every other read API, searched as text for the exact coordinates.
--
-- Exact points (_fixtures.sql): need_a (resident A) −3.050123, 53.820456;
-- need_b (resident B) −3.049877, 53.820789; need_hidden (resident A, hidden) −3.0502, 53.8203.
-- Every need on Alpha Road has the public point (−3.05, 53.8205).
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(72);

-- The fixture itself: the exact points are where the comments say, and differ from the public one.
select results_eq($$
  select round(extensions.st_x(p.exact_geom::extensions.geometry)::numeric, 6)::text || ' ' ||
         round(extensions.st_y(p.exact_geom::extensions.geometry)::numeric, 6)::text,
         extensions.st_astext(n.public_geom::extensions.geometry, 6)
  from public.need_private p join public.needs n on n.id = p.need_id
  order by n.created_at, p.exact_geom::text
$$, $$ values ('-3.050123 53.820456', 'POINT(-3.05 53.8205)'), ('-3.049877 53.820789', 'POINT(-3.05 53.8205)'),
              ('-3.050200 53.820300', 'POINT(-3.05 53.8205)') $$,
  'Fixture: three exact points, all published as the same street-level point');

-- anon
call tests.act_as('anon');
select is(private.need_json(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'anon: private.need_json of resident A''s need: gets no exact point');
select is(public.need_detail(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'anon: need_detail of resident A''s need: gets no exact point');
select is(private.need_json(tests.id('need_b')) -> 'exact_point', 'null'::jsonb, 'anon: private.need_json of resident B''s need: gets no exact point');
select is(public.need_detail(tests.id('need_b')) -> 'exact_point', 'null'::jsonb, 'anon: need_detail of resident B''s need: gets no exact point');
select is(private.need_json(tests.id('need_hidden')), null, 'anon: private.need_json of resident A''s hidden need: nothing at all');
select is(public.need_detail(tests.id('need_hidden')), null, 'anon: need_detail of resident A''s hidden need: nothing at all');
select is(public.similar_needs(-3.05, 53.8205, 'food') -> 0 -> 'exact_point', 'null'::jsonb, 'anon: similar_needs listing resident A''s need: gets no exact point');
select is(position('53.820456' in public.map_needs(-3.07, 53.80, -3.01, 53.84, null, array['open', 'acknowledged', 'adopted', 'met', 'closed'])::text)
       + position('53.820789' in public.map_needs(-3.07, 53.80, -3.01, 53.84)::text), 0,
  'anon: map_needs: public points only, never an exact one');

-- resident A
call tests.act_as('resident_a');
select is(private.need_json(tests.id('need_a')) -> 'exact_point', '[-3.050123, 53.820456]'::jsonb, 'resident A: private.need_json of resident A''s need: sees the exact point');
select is(public.need_detail(tests.id('need_a')) -> 'exact_point', '[-3.050123, 53.820456]'::jsonb, 'resident A: need_detail of resident A''s need: sees the exact point');
select is(private.need_json(tests.id('need_b')) -> 'exact_point', 'null'::jsonb, 'resident A: private.need_json of resident B''s need: gets no exact point');
select is(public.need_detail(tests.id('need_b')) -> 'exact_point', 'null'::jsonb, 'resident A: need_detail of resident B''s need: gets no exact point');
select is(private.need_json(tests.id('need_hidden')) -> 'exact_point', '[-3.0502, 53.8203]'::jsonb, 'resident A: private.need_json of resident A''s hidden need: sees the exact point');
select is(public.need_detail(tests.id('need_hidden')) -> 'exact_point', '[-3.0502, 53.8203]'::jsonb, 'resident A: need_detail of resident A''s hidden need: sees the exact point');
select is(public.similar_needs(-3.05, 53.8205, 'food') -> 0 -> 'exact_point', '[-3.050123, 53.820456]'::jsonb, 'resident A: similar_needs listing resident A''s need: sees the exact point');
select is(position('53.820456' in public.map_needs(-3.07, 53.80, -3.01, 53.84, null, array['open', 'acknowledged', 'adopted', 'met', 'closed'])::text)
       + position('53.820789' in public.map_needs(-3.07, 53.80, -3.01, 53.84)::text), 0,
  'resident A: map_needs: public points only, never an exact one');
select is(public.support_need(tests.id('need_b')) -> 'exact_point', 'null'::jsonb, 'resident A: support_need on resident B''s need replies with no exact point');
select is(position('53.820789' in public.my_needs()::text), 0, 'resident A: my_needs: no exact point of anyone else''s need');
select set_eq($$ select e -> 'exact_point' from jsonb_array_elements(public.my_needs()) e $$, array['[-3.050123, 53.820456]'::jsonb, '[-3.0502, 53.8203]'::jsonb],
  'resident A: my_needs: the exact points of their own needs');
select is((select position('53.820789' in api.t) from (select public.map_streets(-3.07, 53.80, -3.01, 53.84)::text || public.map_assets(-3.07, 53.80, -3.01, 53.84)::text || public.map_enterprises(-3.07, 53.80, -3.01, 53.84)::text || public.nearby_opportunities(-3.05, 53.8205)::text || public.similar_needs(-3.05, 53.8205, 'loneliness', 1000)::text || public.search_places('al')::text || public.search_places('be')::text || (select coalesce(jsonb_agg(g), '[]')::text from public.street_gaps() g) || (select coalesce(jsonb_agg(g), '[]')::text from public.neighbourhood_gaps() g) || (select coalesce(jsonb_agg(e), '[]')::text from (select id, need_id, from_status, to_status, actor_role, note, created_at from public.need_events) e) as t) api), 0,
  'resident A: no other read API carries an exact point they may not see');

-- resident B
call tests.act_as('resident_b');
select is(private.need_json(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'resident B: private.need_json of resident A''s need: gets no exact point');
select is(public.need_detail(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'resident B: need_detail of resident A''s need: gets no exact point');
select is(private.need_json(tests.id('need_b')) -> 'exact_point', '[-3.049877, 53.820789]'::jsonb, 'resident B: private.need_json of resident B''s need: sees the exact point');
select is(public.need_detail(tests.id('need_b')) -> 'exact_point', '[-3.049877, 53.820789]'::jsonb, 'resident B: need_detail of resident B''s need: sees the exact point');
select is(private.need_json(tests.id('need_hidden')), null, 'resident B: private.need_json of resident A''s hidden need: nothing at all');
select is(public.need_detail(tests.id('need_hidden')), null, 'resident B: need_detail of resident A''s hidden need: nothing at all');
select is(public.similar_needs(-3.05, 53.8205, 'food') -> 0 -> 'exact_point', 'null'::jsonb, 'resident B: similar_needs listing resident A''s need: gets no exact point');
select is(position('53.820456' in public.map_needs(-3.07, 53.80, -3.01, 53.84, null, array['open', 'acknowledged', 'adopted', 'met', 'closed'])::text)
       + position('53.820789' in public.map_needs(-3.07, 53.80, -3.01, 53.84)::text), 0,
  'resident B: map_needs: public points only, never an exact one');
select is(public.support_need(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'resident B: support_need on resident A''s need replies with no exact point');
select is(public.unsupport_need(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'resident B: unsupport_need on resident A''s need replies with no exact point');
select is(position('53.820456' in public.my_needs()::text) + position('53.8203' in public.my_needs()::text), 0, 'resident B: my_needs: no exact point of anyone else''s need');
select set_eq($$ select e -> 'exact_point' from jsonb_array_elements(public.my_needs()) e $$, array['[-3.049877, 53.820789]'::jsonb],
  'resident B: my_needs: the exact points of their own needs');
select is((select position('53.820456' in api.t) + position('53.8203' in api.t) from (select public.map_streets(-3.07, 53.80, -3.01, 53.84)::text || public.map_assets(-3.07, 53.80, -3.01, 53.84)::text || public.map_enterprises(-3.07, 53.80, -3.01, 53.84)::text || public.nearby_opportunities(-3.05, 53.8205)::text || public.similar_needs(-3.05, 53.8205, 'loneliness', 1000)::text || public.search_places('al')::text || public.search_places('be')::text || (select coalesce(jsonb_agg(g), '[]')::text from public.street_gaps() g) || (select coalesce(jsonb_agg(g), '[]')::text from public.neighbourhood_gaps() g) || (select coalesce(jsonb_agg(e), '[]')::text from (select id, need_id, from_status, to_status, actor_role, note, created_at from public.need_events) e) as t) api), 0,
  'resident B: no other read API carries an exact point they may not see');

-- enterprise owner
call tests.act_as('owner');
select is(private.need_json(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'enterprise owner: private.need_json of resident A''s need: gets no exact point');
select is(public.need_detail(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'enterprise owner: need_detail of resident A''s need: gets no exact point');
select is(private.need_json(tests.id('need_b')) -> 'exact_point', 'null'::jsonb, 'enterprise owner: private.need_json of resident B''s need: gets no exact point');
select is(public.need_detail(tests.id('need_b')) -> 'exact_point', 'null'::jsonb, 'enterprise owner: need_detail of resident B''s need: gets no exact point');
select is(private.need_json(tests.id('need_hidden')), null, 'enterprise owner: private.need_json of resident A''s hidden need: nothing at all');
select is(public.need_detail(tests.id('need_hidden')), null, 'enterprise owner: need_detail of resident A''s hidden need: nothing at all');
select is(public.similar_needs(-3.05, 53.8205, 'food') -> 0 -> 'exact_point', 'null'::jsonb, 'enterprise owner: similar_needs listing resident A''s need: gets no exact point');
select is(position('53.820456' in public.map_needs(-3.07, 53.80, -3.01, 53.84, null, array['open', 'acknowledged', 'adopted', 'met', 'closed'])::text)
       + position('53.820789' in public.map_needs(-3.07, 53.80, -3.01, 53.84)::text), 0,
  'enterprise owner: map_needs: public points only, never an exact one');
select is(public.support_need(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'enterprise owner: support_need on resident A''s need replies with no exact point');
select is(public.unsupport_need(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'enterprise owner: unsupport_need on resident A''s need replies with no exact point');
select is(public.support_need(tests.id('need_b')) -> 'exact_point', 'null'::jsonb, 'enterprise owner: support_need on resident B''s need replies with no exact point');
select is(position('53.820456' in public.my_needs()::text) + position('53.820789' in public.my_needs()::text) + position('53.8203' in public.my_needs()::text), 0, 'enterprise owner: my_needs: no exact point of anyone else''s need');
select is((select position('53.820456' in api.t) + position('53.820789' in api.t) + position('53.8203' in api.t) from (select public.map_streets(-3.07, 53.80, -3.01, 53.84)::text || public.map_assets(-3.07, 53.80, -3.01, 53.84)::text || public.map_enterprises(-3.07, 53.80, -3.01, 53.84)::text || public.nearby_opportunities(-3.05, 53.8205)::text || public.similar_needs(-3.05, 53.8205, 'loneliness', 1000)::text || public.search_places('al')::text || public.search_places('be')::text || (select coalesce(jsonb_agg(g), '[]')::text from public.street_gaps() g) || (select coalesce(jsonb_agg(g), '[]')::text from public.neighbourhood_gaps() g) || (select coalesce(jsonb_agg(e), '[]')::text from (select id, need_id, from_status, to_status, actor_role, note, created_at from public.need_events) e) as t) api), 0,
  'enterprise owner: no other read API carries an exact point they may not see');

-- planner
call tests.act_as('planner');
select is(private.need_json(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'planner: private.need_json of resident A''s need: gets no exact point');
select is(public.need_detail(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'planner: need_detail of resident A''s need: gets no exact point');
select is(private.need_json(tests.id('need_b')) -> 'exact_point', 'null'::jsonb, 'planner: private.need_json of resident B''s need: gets no exact point');
select is(public.need_detail(tests.id('need_b')) -> 'exact_point', 'null'::jsonb, 'planner: need_detail of resident B''s need: gets no exact point');
select is(private.need_json(tests.id('need_hidden')), null, 'planner: private.need_json of resident A''s hidden need: nothing at all');
select is(public.need_detail(tests.id('need_hidden')), null, 'planner: need_detail of resident A''s hidden need: nothing at all');
select is(public.similar_needs(-3.05, 53.8205, 'food') -> 0 -> 'exact_point', 'null'::jsonb, 'planner: similar_needs listing resident A''s need: gets no exact point');
select is(position('53.820456' in public.map_needs(-3.07, 53.80, -3.01, 53.84, null, array['open', 'acknowledged', 'adopted', 'met', 'closed'])::text)
       + position('53.820789' in public.map_needs(-3.07, 53.80, -3.01, 53.84)::text), 0,
  'planner: map_needs: public points only, never an exact one');
select is(public.support_need(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'planner: support_need on resident A''s need replies with no exact point');
select is(public.unsupport_need(tests.id('need_a')) -> 'exact_point', 'null'::jsonb, 'planner: unsupport_need on resident A''s need replies with no exact point');
select is(public.support_need(tests.id('need_b')) -> 'exact_point', 'null'::jsonb, 'planner: support_need on resident B''s need replies with no exact point');
select is(position('53.820456' in public.my_needs()::text) + position('53.820789' in public.my_needs()::text) + position('53.8203' in public.my_needs()::text), 0, 'planner: my_needs: no exact point of anyone else''s need');
select is((select position('53.820456' in api.t) + position('53.820789' in api.t) + position('53.8203' in api.t) from (select public.map_streets(-3.07, 53.80, -3.01, 53.84)::text || public.map_assets(-3.07, 53.80, -3.01, 53.84)::text || public.map_enterprises(-3.07, 53.80, -3.01, 53.84)::text || public.nearby_opportunities(-3.05, 53.8205)::text || public.similar_needs(-3.05, 53.8205, 'loneliness', 1000)::text || public.search_places('al')::text || public.search_places('be')::text || (select coalesce(jsonb_agg(g), '[]')::text from public.street_gaps() g) || (select coalesce(jsonb_agg(g), '[]')::text from public.neighbourhood_gaps() g) || (select coalesce(jsonb_agg(e), '[]')::text from (select id, need_id, from_status, to_status, actor_role, note, created_at from public.need_events) e) as t) api), 0,
  'planner: no other read API carries an exact point they may not see');

-- moderator
call tests.act_as('moderator');
select is(private.need_json(tests.id('need_a')) -> 'exact_point', '[-3.050123, 53.820456]'::jsonb, 'moderator: private.need_json of resident A''s need: sees the exact point');
select is(public.need_detail(tests.id('need_a')) -> 'exact_point', '[-3.050123, 53.820456]'::jsonb, 'moderator: need_detail of resident A''s need: sees the exact point');
select is(private.need_json(tests.id('need_b')) -> 'exact_point', '[-3.049877, 53.820789]'::jsonb, 'moderator: private.need_json of resident B''s need: sees the exact point');
select is(public.need_detail(tests.id('need_b')) -> 'exact_point', '[-3.049877, 53.820789]'::jsonb, 'moderator: need_detail of resident B''s need: sees the exact point');
select is(private.need_json(tests.id('need_hidden')) -> 'exact_point', '[-3.0502, 53.8203]'::jsonb, 'moderator: private.need_json of resident A''s hidden need: sees the exact point');
select is(public.need_detail(tests.id('need_hidden')) -> 'exact_point', '[-3.0502, 53.8203]'::jsonb, 'moderator: need_detail of resident A''s hidden need: sees the exact point');
select is(public.similar_needs(-3.05, 53.8205, 'food') -> 0 -> 'exact_point', '[-3.050123, 53.820456]'::jsonb, 'moderator: similar_needs listing resident A''s need: sees the exact point');
select is(position('53.820456' in public.map_needs(-3.07, 53.80, -3.01, 53.84, null, array['open', 'acknowledged', 'adopted', 'met', 'closed'])::text)
       + position('53.820789' in public.map_needs(-3.07, 53.80, -3.01, 53.84)::text), 0,
  'moderator: map_needs: public points only, never an exact one');
select is(public.support_need(tests.id('need_a')) -> 'exact_point', '[-3.050123, 53.820456]'::jsonb, 'moderator: support_need on resident A''s need replies with the exact point (a moderator)');
select is(public.unsupport_need(tests.id('need_a')) -> 'exact_point', '[-3.050123, 53.820456]'::jsonb, 'moderator: unsupport_need on resident A''s need replies with the exact point (a moderator)');
select is(public.support_need(tests.id('need_b')) -> 'exact_point', '[-3.049877, 53.820789]'::jsonb, 'moderator: support_need on resident B''s need replies with the exact point (a moderator)');
select is(position('53.820456' in public.my_needs()::text) + position('53.820789' in public.my_needs()::text) + position('53.8203' in public.my_needs()::text), 0, 'moderator: my_needs: no exact point of anyone else''s need');

select * from finish();
rollback;
