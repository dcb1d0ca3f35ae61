-- Map layers as Mapbox vector tiles (issue 13), so the map never asks for "everything in
-- a box" and never gets a truncated answer: streets, neighbourhoods, assets, enterprises,
-- needs and places, each one layer per tile z/x/y (extent 4096, buffer 64).
--
-- Needs show only their public street-level point: one point per visible unmet need
-- from zoom 14 (street zoom), and below it counts per cell (an eighth of the tile across)
-- at the mean of the public points in it. Exact points (need_private) are never read here.
--
-- public.map_tile is what hosted Supabase serves: PostgREST sends a function returning
-- the domain "application/vnd.mapbox-vector-tile" as that media type. PGlite's PostGIS
-- is built without protobuf-c, so the embedded backend reads the same features from
-- private.tile_features and encodes them itself (src/server/tiles).
--
-- Caching: every write to a source table bumps the version of the z15 cells its rows
-- touch (before and after the change); a tile's ETag is the highest version among the
-- cells its buffered envelope covers, so a pin makes only the tiles around it stale.

/** A tile as PostgREST serves it: raw bytes with this Content-Type. */
create domain public."application/vnd.mapbox-vector-tile" as bytea;

/** Bumped by every change that can alter a tile, and read for ETags. */
create sequence private.tile_version_seq;

/**
 * The last version of each layer's z15 cells (cx, cy in 0..32767; a cell is about 700 m
 * across in England). The row (-1, -1) is the whole layer: bumped by a TRUNCATE, it is
 * part of every tile's version.
 */
create table private.tile_cells (
  layer text not null,
  cx int not null,
  cy int not null,
  version bigint not null,
  primary key (layer, cx, cy)
);

/**
 * Made once per database, part of every ETag: a database made afresh (a reseed) starts
 * its versions again from 1, and a browser must not take its old tiles for the new ones.
 */
create table private.tile_epoch (
  one boolean primary key default true check (one),
  token text not null
);
insert into private.tile_epoch (token) values (substr(md5(gen_random_uuid()::text), 1, 10));

/** The z15 cells (web mercator) covering a geography's bounding box. */
create function private.tile_cells_of(p_geom extensions.geography)
returns table (cx int, cy int)
language sql immutable
set search_path = ''
as $$
  with b as (select extensions.box2d(p_geom::extensions.geometry) as b),
  k as (
    select least(32767, greatest(0, floor((extensions.st_xmin(b.b) + 180) / 360 * 32768)))::int as x0,
           least(32767, greatest(0, floor((extensions.st_xmax(b.b) + 180) / 360 * 32768)))::int as x1,
           -- y grows southwards: the north edge gives the first row.
           least(32767, greatest(0, floor((1 - asinh(tan(radians(least(85.0511, greatest(-85.0511, extensions.st_ymax(b.b)))))) / pi()) / 2 * 32768)))::int as y0,
           least(32767, greatest(0, floor((1 - asinh(tan(radians(least(85.0511, greatest(-85.0511, extensions.st_ymin(b.b)))))) / pi()) / 2 * 32768)))::int as y1
    from b
  )
  select x, y from k, generate_series(k.x0, k.x1) x, generate_series(k.y0, k.y1) y
$$;

/**
 * After a statement on a source table: bump the cells of the rows it inserted, deleted
 * or really changed (an update that left a row as it was bumps nothing). tg_argv: the
 * layers (comma-separated: a street's name is also in the needs layer) and the
 * geography column. Definer: the API roles cannot write private tables.
 */
create function private.tile_rows_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_layers text[] := string_to_array(tg_argv[0], ',');
  v_rows text;
begin
  if tg_op = 'TRUNCATE' then
    insert into private.tile_cells (layer, cx, cy, version)
    select l, -1, -1, nextval('private.tile_version_seq') from unnest(v_layers) l
    on conflict (layer, cx, cy) do update set version = excluded.version;
    return null;
  end if;
  v_rows := case tg_op
    when 'INSERT' then format('select n.%I as g from new_rows n', tg_argv[1])
    when 'DELETE' then format('select o.%I as g from old_rows o', tg_argv[1])
    else format('select x.g from new_rows n join old_rows o on o.id = n.id
                 cross join lateral (values (n.%1$I), (o.%1$I)) x(g)
                 where pg_catalog.row_to_json(n)::text is distinct from pg_catalog.row_to_json(o)::text', tg_argv[1])
  end;
  execute format(
    'insert into private.tile_cells (layer, cx, cy, version)
     select distinct l, c.cx, c.cy, $2 from (%s) r cross join lateral private.tile_cells_of(r.g) c
     cross join unnest($1) l
     on conflict (layer, cx, cy) do update set version = excluded.version', v_rows)
  using v_layers, nextval('private.tile_version_seq');
  return null;
end
$$;

do $$
declare
  t record;
begin
  for t in select * from (values ('streets', 'streets,needs', 'geom'), ('neighbourhoods', 'neighbourhoods', 'geom'),
                                 ('assets', 'assets', 'geom'), ('enterprises', 'enterprises', 'geom'),
                                 ('needs', 'needs', 'public_geom'), ('places', 'places', 'geom')) v(tbl, layer, col)
  loop
    execute format('create trigger tiles_insert after insert on public.%I referencing new table as new_rows
                    for each statement execute function private.tile_rows_changed(%L, %L)', t.tbl, t.layer, t.col);
    execute format('create trigger tiles_update after update on public.%I referencing old table as old_rows new table as new_rows
                    for each statement execute function private.tile_rows_changed(%L, %L)', t.tbl, t.layer, t.col);
    execute format('create trigger tiles_delete after delete on public.%I referencing old table as old_rows
                    for each statement execute function private.tile_rows_changed(%L, %L)', t.tbl, t.layer, t.col);
    execute format('create trigger tiles_truncate after truncate on public.%I
                    for each statement execute function private.tile_rows_changed(%L, %L)', t.tbl, t.layer, t.col);
  end loop;
end
$$;

/**
 * The highest version among a layer's z15 cells in a range (and of the whole layer),
 * with this database's token. Definer: the cells table is not the API roles' to read.
 */
create function private.tile_cells_version(p_layer text, p_cx0 int, p_cx1 int, p_cy0 int, p_cy1 int)
returns text
language sql stable
security definer
set search_path = ''
as $$
  select e.token || '.' || coalesce((
    select max(c.version) from private.tile_cells c
    where c.layer = p_layer
      and ((c.cx = -1 and c.cy = -1) or (c.cx between p_cx0 and p_cx1 and c.cy between p_cy0 and p_cy1))), 0)
  from private.tile_epoch e
$$;

/** Refuses a tile that does not exist, a layer we do not have or an unknown category. */
create function private.check_tile(p_layer text, p_z int, p_x int, p_y int, p_categories text[])
returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_layer is null or p_layer not in ('streets', 'neighbourhoods', 'assets', 'enterprises', 'needs', 'places') then
    raise exception 'Unknown layer: %. Choose from streets, neighbourhoods, assets, enterprises, needs and places.',
      coalesce(p_layer, 'null') using errcode = '22023';
  end if;
  if p_z is null or p_z < 0 or p_z > 22 then
    raise exception 'The zoom must be between 0 and 22.' using errcode = '22023';
  end if;
  if p_x is null or p_y is null or p_x < 0 or p_y < 0 or p_x >= (1 << p_z) or p_y >= (1 << p_z) then
    raise exception 'At zoom %, x and y must be between 0 and %.', p_z, (1 << p_z) - 1 using errcode = '22023';
  end if;
  perform private.category_filter(p_categories);
end
$$;

/**
 * A tile's ETag: this database's token and the highest version among the layer's cells
 * that the tile (with its buffer) covers. Also sets PostgREST's response headers (ETag,
 * and Cache-Control so browsers keep the tile but ask again) and, when the request's
 * If-None-Match already names this ETag, response.status 304.
 */
create function private.tile_etag(p_layer text, p_z int, p_x int, p_y int, p_categories text[])
returns text
language plpgsql stable
set search_path = ''
as $$
declare
  -- Web mercator: half the world's width, and the width of a z15 cell.
  c_half constant float8 := 20037508.342789244;
  c_cell constant float8 := 40075016.685578488 / 32768;
  v_env extensions.geometry;
  v_pad float8;
  v_etag text;
  v_match text;
begin
  perform private.check_tile(p_layer, p_z, p_x, p_y, p_categories);
  v_env := extensions.st_tileenvelope(p_z, p_x, p_y);
  v_pad := (extensions.st_xmax(v_env) - extensions.st_xmin(v_env)) * 64 / 4096;
  v_etag := format('"t1.%s"', private.tile_cells_version(p_layer,
    floor((extensions.st_xmin(v_env) - v_pad + c_half) / c_cell)::int,
    floor((extensions.st_xmax(v_env) + v_pad + c_half) / c_cell)::int,
    floor((c_half - extensions.st_ymax(v_env) - v_pad) / c_cell)::int,
    floor((c_half - extensions.st_ymin(v_env) + v_pad) / c_cell)::int));
  perform set_config('response.headers',
    jsonb_build_array(jsonb_build_object('ETag', v_etag),
                      jsonb_build_object('Cache-Control', 'public, no-cache'))::text, true);
  v_match := current_setting('request.headers', true)::json ->> 'if-none-match';
  if v_match is not null and (btrim(v_match) = '*' or exists (
        select 1 from unnest(string_to_array(v_match, ',')) m
        where regexp_replace(btrim(m), '^W/', '') = v_etag)) then
    perform set_config('response.status', '304', true);
  end if;
  return v_etag;
end
$$;

/**
 * A feature's integer id for the tile (MVT ids are unsigned integers; ours are uuids):
 * the uuid's first 52 bits, exact in JavaScript numbers. The uuid itself is the `id` property.
 */
create function private.tile_fid(p_id uuid)
returns bigint
language sql immutable
set search_path = ''
as $$
  select ('x' || substr(replace(p_id::text, '-', ''), 1, 13))::bit(52)::bigint
$$;

/**
 * A geography in tile space: web mercator scaled to 0..4096 with y down, clipped to the
 * tile and its 64-pixel buffer, snapped to whole pixels, polygons outer ring first with
 * positive area (MVT's winding). Null when nothing of it is left.
 */
create function private.to_tile_space(p_geom extensions.geography, p_x0 float8, p_y1 float8, p_scale float8, p_dim int)
returns extensions.geometry
language sql immutable
set search_path = ''
as $$
  select case when g is null or extensions.st_isempty(g) then null
              when p_dim = 3 then case when extensions.st_area(g) > 0 then extensions.st_forcepolygonccw(g) end
              else g end
  from (select extensions.st_snaptogrid(extensions.st_collectionextract(extensions.st_clipbybox2d(
          extensions.st_affine(extensions.st_transform(p_geom::extensions.geometry, 3857),
                               p_scale, 0, 0, -p_scale, -p_x0 * p_scale, p_y1 * p_scale),
          extensions.st_makeenvelope(-64, -64, 4160, 4160)), p_dim), 1) as g) t
$$;

/**
 * The features of one layer in one tile, in tile space, with their properties: what
 * map_tile encodes, and what the embedded backend encodes when its PostGIS has no MVT.
 * Only public data: the same tile for every caller.
 *   streets        id, name, highway, group_id, neighbourhood_id, source
 *   neighbourhoods id, name, code, kind
 *   assets         id, name, category (the first), categories (comma-separated), verified
 *   enterprises    id, name, category, categories, status (closed ones are left out)
 *   needs z ≥ 14   id, category, status, supporters, street_id, street_name, body (its first 140
 *                  characters), created_at (UTC, ISO 8601); open, acknowledged, adopted; not hidden
 *   needs z < 14   count, supporters, demand (count + supporters), category (the commonest), one
 *                  point per cell of 512 units that has needs, counting each need in exactly one tile
 *   places         id, name, kind, rank (1 city/town … 4 locality)
 */
create function private.tile_features(p_layer text, p_z int, p_x int, p_y int, p_categories text[] default null)
returns table (fid bigint, geom extensions.geometry, props jsonb)
language plpgsql stable
set search_path = ''
as $$
declare
  v_env extensions.geometry;
  v_x0 float8;
  v_y1 float8;
  v_scale float8;
  v_ll extensions.geometry;
  v_box extensions.geography;
  v_inner extensions.geography;
begin
  perform private.check_tile(p_layer, p_z, p_x, p_y, p_categories);
  v_env := extensions.st_tileenvelope(p_z, p_x, p_y);
  v_x0 := extensions.st_xmin(v_env);
  v_y1 := extensions.st_ymax(v_env);
  v_scale := 4096 / (extensions.st_xmax(v_env) - extensions.st_xmin(v_env));
  -- The candidates' box, in lon/lat: the tile and its buffer, edges cut in 1° pieces so
  -- the geodesic edges of the geography stay on the parallels. Tiles of zoom < 5 (a
  -- continent) take every row: a town's data, and a box that no geography can hold.
  if p_z >= 5 then
    v_ll := extensions.st_transform(extensions.st_expand(v_env, 64 / v_scale), 4326);
    v_box := extensions.st_segmentize(v_ll, 1)::extensions.geography;
    v_inner := extensions.st_segmentize(extensions.st_transform(v_env, 4326), 1)::extensions.geography;
  end if;

  if p_layer = 'streets' then
    return query
    select private.tile_fid(s.id), t.g,
           jsonb_strip_nulls(jsonb_build_object('id', s.id, 'name', s.name, 'highway', s.highway,
                                                'group_id', s.group_id, 'neighbourhood_id', s.neighbourhood_id,
                                                'source', s.source))
    from public.streets s
    cross join lateral (select private.to_tile_space(s.geom, v_x0, v_y1, v_scale, 2) as g) t
    where (v_box is null or s.geom operator(extensions.&&) v_box) and t.g is not null;
  elsif p_layer = 'neighbourhoods' then
    return query
    select private.tile_fid(n.id), t.g,
           jsonb_build_object('id', n.id, 'name', n.name, 'code', n.code, 'kind', n.kind)
    from public.neighbourhoods n
    cross join lateral (select private.to_tile_space(n.geom, v_x0, v_y1, v_scale, 3) as g) t
    where (v_box is null or n.geom operator(extensions.&&) v_box) and t.g is not null;
  elsif p_layer = 'assets' then
    return query
    select private.tile_fid(a.id), t.g,
           jsonb_build_object('id', a.id, 'name', a.name, 'category', a.categories[1],
                              'categories', array_to_string(a.categories, ','), 'verified', a.verified)
    from public.assets a
    cross join lateral (select private.to_tile_space(a.geom, v_x0, v_y1, v_scale, 1) as g) t
    where (v_box is null or a.geom operator(extensions.&&) v_box) and t.g is not null
      and (p_categories is null or a.categories && p_categories);
  elsif p_layer = 'enterprises' then
    return query
    select private.tile_fid(e.id), t.g,
           jsonb_build_object('id', e.id, 'name', e.name, 'category', e.categories[1],
                              'categories', array_to_string(e.categories, ','), 'status', e.status)
    from public.enterprises e
    cross join lateral (select private.to_tile_space(e.geom, v_x0, v_y1, v_scale, 1) as g) t
    where e.status <> 'closed'
      and (v_box is null or e.geom operator(extensions.&&) v_box) and t.g is not null
      and (p_categories is null or e.categories && p_categories);
  elsif p_layer = 'places' then
    return query
    select private.tile_fid(p.id), t.g,
           jsonb_build_object('id', p.id, 'name', p.name, 'kind', p.kind,
             'rank', case when p.kind in ('city', 'town') then 1 when p.kind = 'village' then 2
                          when p.kind in ('hamlet', 'suburb', 'quarter') then 3 else 4 end)
    from public.places p
    cross join lateral (select private.to_tile_space(p.geom, v_x0, v_y1, v_scale, 1) as g) t
    where (v_box is null or p.geom operator(extensions.&&) v_box) and t.g is not null;
  elsif p_z >= 14 then
    return query
    select private.tile_fid(n.id), t.g,
           jsonb_strip_nulls(jsonb_build_object('id', n.id, 'category', n.category, 'status', n.status,
             'supporters', n.supporters_count, 'street_id', n.street_id, 'street_name', st.name,
             'body', left(n.body, 140),
             'created_at', to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))
    from public.needs n
    join public.streets st on st.id = n.street_id
    cross join lateral (select private.to_tile_space(n.public_geom, v_x0, v_y1, v_scale, 1) as g) t
    where n.hidden_at is null and n.status in ('open', 'acknowledged', 'adopted')
      and (v_box is null or n.public_geom operator(extensions.&&) v_box) and t.g is not null
      and (p_categories is null or n.category = any (p_categories));
  else
    -- Counts per cell of 512 units (an eighth of the tile: 64 screen pixels as MapLibre
    -- draws a tile 512 pixels wide) of the tile itself, not its buffer, so a need is
    -- counted in one tile of each zoom and the counts of a tile add up to the needs in it.
    return query
    with pts as (
      select n.category, n.supporters_count, extensions.st_x(p.pt) as px, extensions.st_y(p.pt) as py
      from public.needs n
      cross join lateral (select extensions.st_affine(extensions.st_transform(n.public_geom::extensions.geometry, 3857),
                                   v_scale, 0, 0, -v_scale, -v_x0 * v_scale, v_y1 * v_scale) as pt) p
      where n.hidden_at is null and n.status in ('open', 'acknowledged', 'adopted')
        and (v_inner is null or n.public_geom operator(extensions.&&) v_inner)
        and (p_categories is null or n.category = any (p_categories))
    ), cells as (
      select floor(pts.px / 512)::int as cx, floor(pts.py / 512)::int as cy, count(*)::int as n,
             sum(pts.supporters_count)::int as supporters, avg(pts.px) as mx, avg(pts.py) as my,
             mode() within group (order by pts.category) as category
      from pts
      where pts.px >= 0 and pts.px < 4096 and pts.py >= 0 and pts.py < 4096
      group by 1, 2
    )
    select (c.cy * 8 + c.cx)::bigint,
           extensions.st_makepoint(round(c.mx), round(c.my)),
           jsonb_build_object('count', c.n, 'supporters', c.supporters, 'demand', c.n + c.supporters,
                              'category', c.category)
    from cells c;
  end if;
end
$$;

/**
 * One layer of one tile as a Mapbox vector tile (layer name = the layer; extent 4096).
 * GET /rest/v1/rpc/map_tile?layer=needs&z=14&x=8105&y=5302 with
 * Accept: application/vnd.mapbox-vector-tile. Carries an ETag and answers 304 (empty)
 * when If-None-Match names it; categories filters assets, enterprises and needs.
 * Example: select map_tile('streets', 14, 8105, 5302);
 */
create function public.map_tile(layer text, z int, x int, y int, categories text[] default null)
returns public."application/vnd.mapbox-vector-tile"
language plpgsql stable
set search_path = ''
as $$
declare
  v_tile bytea;
begin
  perform private.tile_etag(map_tile.layer, map_tile.z, map_tile.x, map_tile.y, map_tile.categories);
  if current_setting('response.status', true) = '304' then
    return ''::bytea;
  end if;
  select extensions.st_asmvt(f, map_tile.layer, 4096, 'geom', 'fid') into v_tile
  from private.tile_features(map_tile.layer, map_tile.z, map_tile.x, map_tile.y, map_tile.categories) f;
  return coalesce(v_tile, ''::bytea);
end
$$;

grant execute on function private.tile_cells_version(text, int, int, int, int),
  private.check_tile(text, int, int, int, text[]),
  private.tile_etag(text, int, int, int, text[]),
  private.tile_fid(uuid),
  private.to_tile_space(extensions.geography, float8, float8, float8, int),
  private.tile_features(text, int, int, int, text[]) to anon, authenticated;
revoke execute on function public.map_tile(text, int, int, int, text[]) from public;
grant execute on function public.map_tile(text, int, int, int, text[]) to anon, authenticated;

-- Every row already there is version 1 of its cells.
insert into private.tile_cells (layer, cx, cy, version)
select distinct r.layer, c.cx, c.cy, 1
from (select 'streets' as layer, geom from public.streets
      union all select 'neighbourhoods', geom::extensions.geography from public.neighbourhoods
      union all select 'assets', geom from public.assets
      union all select 'enterprises', geom from public.enterprises
      union all select 'needs', public_geom from public.needs
      union all select 'places', geom from public.places) r
cross join lateral private.tile_cells_of(r.geom) c;
select setval('private.tile_version_seq', 1);

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
