-- API: vector tiles (map_tile over private.tile_features and private.tile_etag). Every bad
-- tile refused with a sentence; needs only at public points and counted below street
-- zoom; ETags from the data versions of the cells a tile covers, so a change makes only
-- the tiles around it stale; If-None-Match answered with response.status 304.
-- The fixture's needs all lie in tile 14/8053/5274 (and 12/2013/1318).
begin;
set local search_path = public, extensions;
\ir _fixtures.sql
select plan(52);

call tests.act_as('anon');

-- --------------------------------------------------------------------------------------
-- Bad input
-- --------------------------------------------------------------------------------------
select throws_ok($$ select public.map_tile('x', 1, 0, 0) $$, '22023',
  'Unknown layer: x. Choose from streets, neighbourhoods, assets, enterprises, needs and places.', 'an unknown layer is refused');
select throws_ok($$ select public.map_tile(null, 1, 0, 0) $$, '22023', null, 'a null layer is refused');
select throws_ok($$ select public.map_tile('needs', 23, 0, 0) $$, '22023', 'The zoom must be between 0 and 22.', 'zoom 23 is refused');
select throws_ok($$ select public.map_tile('needs', -1, 0, 0) $$, '22023', 'The zoom must be between 0 and 22.', 'a negative zoom is refused');
select throws_ok($$ select public.map_tile('needs', 3, 8, 0) $$, '22023', 'At zoom 3, x and y must be between 0 and 7.', 'x beyond the zoom is refused');
select throws_ok($$ select public.map_tile('needs', 3, 0, -1) $$, '22023', 'At zoom 3, x and y must be between 0 and 7.', 'a negative y is refused');
select throws_ok($$ select public.map_tile('needs', 3, 0, 0, array['nope']) $$, '22023', 'Unknown category: nope.', 'an unknown category is refused');
select throws_ok($$ select * from private.tile_features('needs', 99, 0, 0) $$, '22023', null, 'tile_features checks the tile too');
select throws_ok($$ select private.tile_etag('needs', 0, 1, 0, null) $$, '22023', null, 'tile_etag checks the tile too');

-- --------------------------------------------------------------------------------------
-- Features: public data only
-- --------------------------------------------------------------------------------------
select set_eq($$ select (props ->> 'id')::uuid from private.tile_features('needs', 14, 8053, 5274) $$,
  array[tests.id('need_a'), tests.id('need_b')], 'street zoom: the visible needs, one point each (not the hidden one)');
select is_empty($$
  select f.props ->> 'id' from private.tile_features('needs', 16, 32212, 21097) f
  join public.needs n on n.id = (f.props ->> 'id')::uuid
  where not extensions.st_equals(f.geom, private.to_tile_space(n.public_geom,
          extensions.st_xmin(extensions.st_tileenvelope(16, 32212, 21097)), extensions.st_ymax(extensions.st_tileenvelope(16, 32212, 21097)),
          4096 / (extensions.st_xmax(extensions.st_tileenvelope(16, 32212, 21097)) - extensions.st_xmin(extensions.st_tileenvelope(16, 32212, 21097))), 1))
$$, 'each need is at its public point, in tile pixels');
reset role;
select is_empty($$
  select f.props ->> 'id' from private.tile_features('needs', 16, 32212, 21097) f
  join public.need_private p on p.need_id = (f.props ->> 'id')::uuid
  where extensions.st_dwithin(f.geom, private.to_tile_space(p.exact_geom,
          extensions.st_xmin(extensions.st_tileenvelope(16, 32212, 21097)), extensions.st_ymax(extensions.st_tileenvelope(16, 32212, 21097)),
          4096 / (extensions.st_xmax(extensions.st_tileenvelope(16, 32212, 21097)) - extensions.st_xmin(extensions.st_tileenvelope(16, 32212, 21097))), 1), 4)
$$, 'no need is within 4 pixels (about 10 m) of its exact point');
call tests.act_as('anon');
select is((select array_agg(k order by k) from private.tile_features('needs', 14, 8053, 5274) f, jsonb_object_keys(f.props) k
           where f.props ->> 'id' = tests.id('need_a')::text),
  array['body', 'category', 'created_at', 'id', 'status', 'street_id', 'street_name', 'supporters'],
  'a need''s properties: public ones only (no author, no exact point)');
select is((select (props ->> 'supporters')::int from private.tile_features('needs', 14, 8053, 5274) where props ->> 'id' = tests.id('need_a')::text),
  1, 'a need carries its supporters');
select results_eq($$ select sum((props ->> 'count')::int)::int, sum((props ->> 'supporters')::int)::int, bool_and(props ? 'id')
                     from private.tile_features('needs', 12, 2013, 1318) $$,
  $$ values (2, 1, false) $$, 'below street zoom: counts per cell add up to the two visible needs, without ids');
select is((select count(*)::int from private.tile_features('needs', 12, 2013, 1318, array['loneliness'])), 1,
  'categories filter the counted needs too');
select is((select count(*)::int from private.tile_features('needs', 14, 8000, 5274)), 0, 'a tile elsewhere has no needs');
select is(public.map_tile('needs', 14, 8000, 5274)::bytea, ''::bytea, 'an empty tile is empty bytes, not null');
select ok(length(public.map_tile('streets', 14, 8053, 5274)) > 0, 'the streets tile is a vector tile');
select set_eq($$ select props ->> 'id' from private.tile_features('streets', 12, 2013, 1318) $$,
  $$ select id::text from public.streets $$, 'the streets tile holds the fixture''s streets');
select set_eq($$ select (props ->> 'id')::uuid from private.tile_features('enterprises', 12, 2013, 1318) $$,
  $$ select id from public.enterprises where status <> 'closed' $$, 'the enterprises tile leaves closed ones out');

-- Each feature in tile space and its id exactly as the reference helpers make them
-- (tile_features writes them out inline, for speed), at street zoom and at zoom < 5,
-- where every row is a candidate.
create temp table tiles_here on commit drop as
select z, x, y, st_xmin(st_tileenvelope(z, x, y)) as x0, st_ymax(st_tileenvelope(z, x, y)) as y1,
       4096 / (st_xmax(st_tileenvelope(z, x, y)) - st_xmin(st_tileenvelope(z, x, y))) as sc
from (values (14, 8053, 5274), (3, 3, 2)) v(z, x, y);
grant select on tiles_here to anon;
select is_empty($$
  select s.id from tiles_here t, private.tile_features('streets', t.z, t.x, t.y) f
  join public.streets s on s.id = (f.props ->> 'id')::uuid
  where f.fid <> private.tile_fid(s.id) or not st_equals(f.geom, private.to_tile_space(s.geom, t.x0, t.y1, t.sc, 2))
$$, 'streets: each line as to_tile_space makes it, with its tile_fid');
select is_empty($$
  select n.id from tiles_here t, private.tile_features('neighbourhoods', t.z, t.x, t.y) f
  join public.neighbourhoods n on n.id = (f.props ->> 'id')::uuid
  where f.props ->> 'label' is null
    and (f.fid <> private.tile_fid(n.id) or not st_equals(f.geom, private.to_tile_space(n.geom, t.x0, t.y1, t.sc, 3)))
$$, 'neighbourhoods: each polygon as to_tile_space makes it, with its tile_fid');
select is_empty($$
  select n.id from tiles_here t, private.tile_features('neighbourhoods', t.z, t.x, t.y) f
  join public.neighbourhoods n on n.id = (f.props ->> 'id')::uuid
  where f.props ->> 'label' = 'true'
    and (f.fid <> private.tile_fid(n.id)
         or not st_equals(f.geom, private.to_tile_space(st_pointonsurface(n.geom::geometry)::geography, t.x0, t.y1, t.sc, 1)))
$$, 'neighbourhoods: each label point as to_tile_space makes it, with its tile_fid');
select ok((select count(*) from tiles_here t, private.tile_features('neighbourhoods', t.z, t.x, t.y) f where f.props ->> 'label' = 'true') > 0,
  'those tiles hold label points');
select results_eq($$ select count(*)::int from tiles_here t, private.tile_features('streets', t.z, t.x, t.y) where t.z = 3 $$,
  $$ select count(*)::int from tiles_here t, public.streets s
     where t.z = 3 and private.to_tile_space(s.geom, t.x0, t.y1, t.sc, 2) is not null $$,
  'a tile of zoom < 5 takes every street in it');
select ok((select count(*) from tiles_here t, private.tile_features('streets', t.z, t.x, t.y) where t.z = 14) > 0
          and (select count(*) from tiles_here t, private.tile_features('neighbourhoods', t.z, t.x, t.y) where t.z = 3) > 0,
  'those tiles have streets and neighbourhoods');

-- --------------------------------------------------------------------------------------
-- ETags and versions
-- --------------------------------------------------------------------------------------
create temp table etags (name text primary key, etag text) on commit drop;
grant all on etags to anon, authenticated;
insert into etags values
  ('needs', private.tile_etag('needs', 14, 8053, 5274, null)),
  ('needs_far', private.tile_etag('needs', 14, 8000, 5274, null)),
  ('streets', private.tile_etag('streets', 14, 8053, 5274, null)),
  ('needs_low', private.tile_etag('needs', 12, 2013, 1318, null));
select matches((select etag from etags where name = 'needs'), '^"t1\.[0-9a-f]+\.[0-9]+"$', 'an ETag is the database''s token and a version');
select is(private.tile_etag('needs', 14, 8053, 5274, null), (select etag from etags where name = 'needs'), 'nothing changed: the same ETag');
select is(current_setting('response.headers')::jsonb,
  jsonb_build_array(jsonb_build_object('ETag', (select etag from etags where name = 'needs')), jsonb_build_object('Cache-Control', 'public, no-cache')),
  'map_tile sets PostgREST''s response headers: the ETag, and revalidate before reuse');

select set_config('request.headers', json_build_object('if-none-match', (select etag from etags where name = 'needs'))::text, true);
select is(public.map_tile('needs', 14, 8053, 5274)::bytea, ''::bytea, 'If-None-Match with the ETag: no tile is made');
select is(current_setting('response.status', true), '304', '… and the status is 304');
select set_config('request.headers', '{}', true);
select set_config('response.status', '', true);

-- A second supporter for need_a: its tile (and the z12 tile over it) go stale, nothing else.
reset role;
insert into public.need_supports (need_id, user_id) values (tests.id('need_a'), tests.id('planner'));
call tests.act_as('anon');
select isnt(private.tile_etag('needs', 14, 8053, 5274, null), (select etag from etags where name = 'needs'), 'a support makes its tile stale');
select isnt(private.tile_etag('needs', 12, 2013, 1318, null), (select etag from etags where name = 'needs_low'), '… and the low-zoom tile over it');
select results_eq($$ select private.tile_etag('needs', 14, 8000, 5274, null), private.tile_etag('streets', 14, 8053, 5274, null) $$,
  $$ select (select etag from etags where name = 'needs_far'), (select etag from etags where name = 'streets') $$,
  '… but not a tile elsewhere, nor the streets layer');

-- A street renamed: the needs along it carry its name, so their tiles go stale too.
reset role;
create temp table before_rename on commit drop as select private.tile_etag('needs', 14, 8053, 5274, null) as etag;
update public.streets set name = 'Alpha Avenue' where id = tests.id('street_alpha');
select isnt(private.tile_etag('needs', 14, 8053, 5274, null), (select etag from before_rename),
  'renaming a street makes the needs tiles along it stale');
call tests.act_as('anon');

-- --------------------------------------------------------------------------------------
-- Several layers in one tile
-- --------------------------------------------------------------------------------------
select throws_ok($$ select public.map_tile('streets,,needs', 14, 8053, 5274) $$, '22023',
  'The list of layers streets,,needs has an empty entry. Separate layers by single commas.', 'an empty entry in the list is refused');
select throws_ok($$ select public.map_tile('streets,needs,streets', 14, 8053, 5274) $$, '22023',
  'The list of layers streets,needs,streets names a layer twice.', 'a layer named twice is refused');
select throws_ok($$ select public.map_tile('streets,x', 14, 8053, 5274) $$, '22023',
  'Unknown layer: x. Choose from streets, neighbourhoods, assets, enterprises, needs and places.', 'an unknown layer in the list is refused');
select throws_ok($$ select public.map_tile('streets,neighbourhoods,assets,enterprises,needs,places,streets', 14, 8053, 5274) $$, '22023',
  'A tile holds at most 6 layers (streets, neighbourhoods, assets, enterprises, needs and places); 7 were named.', 'more layers than there are is refused');
select throws_ok($$ select public.map_tile('streets,needs', 23, 0, 0) $$, '22023', 'The zoom must be between 0 and 22.', 'a list checks the tile too');
select throws_ok($$ select public.map_tile('streets,needs', 3, 0, 0, array['nope']) $$, '22023', 'Unknown category: nope.', '… and its categories');
select is(public.map_tile('neighbourhoods,streets,assets,enterprises,needs', 14, 8053, 5274)::bytea,
  public.map_tile('neighbourhoods', 14, 8053, 5274)::bytea || public.map_tile('streets', 14, 8053, 5274)::bytea
    || public.map_tile('assets', 14, 8053, 5274)::bytea || public.map_tile('enterprises', 14, 8053, 5274)::bytea
    || public.map_tile('needs', 14, 8053, 5274)::bytea,
  'five layers: the single-layer tiles one after the other, in the order asked');
select ok(length(public.map_tile('streets', 14, 8053, 5274)) > 0 and length(public.map_tile('needs', 14, 8053, 5274)) > 0
          and public.map_tile('needs,streets', 14, 8053, 5274)::bytea = public.map_tile('needs', 14, 8053, 5274)::bytea || public.map_tile('streets', 14, 8053, 5274)::bytea
          and public.map_tile('needs,streets', 14, 8053, 5274)::bytea <> public.map_tile('streets,needs', 14, 8053, 5274)::bytea,
  'the order asked is the order of the layers');
select is(public.map_tile('streets,assets,needs', 12, 2013, 1318, array['loneliness'])::bytea,
  public.map_tile('streets', 12, 2013, 1318, array['loneliness'])::bytea || public.map_tile('assets', 12, 2013, 1318, array['loneliness'])::bytea
    || public.map_tile('needs', 12, 2013, 1318, array['loneliness'])::bytea,
  'categories filter each layer as they filter it alone');
select is(public.map_tile('needs,streets', 14, 8000, 5274)::bytea, public.map_tile('streets', 14, 8000, 5274)::bytea,
  'an empty layer adds no bytes');
insert into etags values ('list', private.tile_etag('streets,needs', 14, 8053, 5274, null));
select is((select etag from etags where name = 'list'),
  '"' || btrim(private.tile_etag('streets', 14, 8053, 5274, null), '"') || '+' || btrim(private.tile_etag('needs', 14, 8053, 5274, null), '"') || '"',
  'a list''s ETag: its layers'' ETags in order, joined by +');
select set_config('request.headers', json_build_object('if-none-match', (select etag from etags where name = 'list'))::text, true);
select is(public.map_tile('streets,needs', 14, 8053, 5274)::bytea, ''::bytea, 'If-None-Match with a list''s ETag: no tile is made');
select is(current_setting('response.status', true), '304', '… and the status is 304');
select set_config('response.status', '', true);
select set_config('request.headers', json_build_object('if-none-match', private.tile_etag('needs', 14, 8053, 5274, null))::text, true);
select set_config('response.status', '', true);
select ok(length(public.map_tile('streets,needs', 14, 8053, 5274)) > 0 and current_setting('response.status', true) = '',
  'one layer''s ETag does not stand for the list''s');
select set_config('request.headers', '{}', true);
reset role;
insert into public.need_supports (need_id, user_id) values (tests.id('need_b'), tests.id('planner'));
call tests.act_as('anon');
select ok(private.tile_etag('streets,needs', 14, 8053, 5274, null) <> (select etag from etags where name = 'list')
          and private.tile_etag('streets,needs', 14, 8053, 5274, null) like '"' || btrim(private.tile_etag('streets', 14, 8053, 5274, null), '"') || '+%',
  'a support makes the list''s tile stale, through its needs part only');

-- The cells are nobody's to read or write through the API.
select throws_ok($$ select * from private.tile_cells $$, '42501', null, 'anon cannot read the tile versions');

select * from finish();
rollback;
