-- private.tile_features, the same features made 10–30× faster (issue 13: a street-zoom
-- tile the cache does not hold yet took 3–25 ms of SQL on PGlite, now 0.2–0.9). Three causes:
--
-- Planning. plpgsql planned the tile's query afresh at every call (a custom plan: the
-- generic one could not use the index behind "no box or in the box"), several
-- milliseconds for a few rows. Now every candidate condition is a plain "in the box"
-- (tiles of zoom < 5, which take every row, get a box that every row is in), and the
-- function asks for the generic plan, made once per session.
--
-- Row security. For anon, needs are readable where hidden_at is null, and a policy's
-- condition must be checked before any operator that is not leakproof (PostGIS's && is
-- not): so no index could find a tile's needs, and each tile read all 20,000 of them
-- (~25 ms). The function is now a definer: it reads what every caller may read (the
-- other layers are readable by anyone; needs it filters itself, visible ones only, as
-- it always did, so the tile stays the same for every caller), and its box finds it.
--
-- Helpers per row. A SQL function with its own search_path (every function here pins
-- one) is never inlined: each call of private.to_tile_space and private.tile_fid went
-- through the function manager and a GUC change, and the planner evaluated the lateral
-- subquery around it twice (filter and output). Here both are written out in the query,
-- the same PostGIS calls in the same order, so every geometry and id is what they give
-- (to_tile_space stays as the reference: supabase/tests/database/api_tiles.test.sql
-- compares the two), fenced with OFFSET 0 so each row's geometry is made once.
--
-- It also carries what the map's details, list and search show of assets, enterprises
-- and neighbourhoods (20261203003000_layer_tiles.sql keeps those tiles fresh), each
-- candidate with its own dimension, since a neighbourhood's label point is a point.

/**
 * The features of one layer in one tile, in tile space, with their properties: what
 * map_tile encodes, and what the embedded backend encodes when its PostGIS has no MVT.
 * Only public data: the same tile for every caller.
 *   streets        id, name, highway, group_id, neighbourhood_id, source
 *   neighbourhoods id, name, code, kind; and one point per neighbourhood (ST_PointOnSurface)
 *                  with the same properties and label = true, in the one tile that holds it
 *   assets         id, name, category (the first), categories (comma-separated), verified,
 *                  address, opening_hours, contact, website, source (absent when null)
 *   enterprises    id, name, category, categories, status (closed ones are left out),
 *                  social_goal, contact, website (absent when null), open_opportunities
 *   needs z ≥ 14   id, category, status, supporters, street_id, street_name, body (its first 140
 *                  characters), created_at (UTC, ISO 8601); open, acknowledged, adopted; not hidden
 *   needs z < 14   count, supporters, demand (count + supporters), category (the commonest), one
 *                  point per cell of 512 units that has needs, counting each need in exactly one tile
 *   places         id, name, kind, rank (1 city/town … 4 locality)
 */
create or replace function private.tile_features(p_layer text, p_z int, p_x int, p_y int, p_categories text[] default null)
returns table (fid bigint, geom extensions.geometry, props jsonb)
language plpgsql stable
security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  v_env extensions.geometry;
  v_x0 float8;
  v_y1 float8;
  v_scale float8;
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
  -- continent) take every row: a town's data, and a box that no polygon can hold; so
  -- their box is six points on the axes, whose (geocentric) box is the whole sphere's.
  if p_z >= 5 then
    v_box := extensions.st_segmentize(extensions.st_transform(extensions.st_expand(v_env, 64 / v_scale), 4326), 1)::extensions.geography;
    v_inner := extensions.st_segmentize(extensions.st_transform(v_env, 4326), 1)::extensions.geography;
  else
    v_box := 'SRID=4326;MULTIPOINT(0 90, 0 -90, 0 0, 90 0, 180 0, -90 0)'::extensions.geography;
    v_inner := v_box;
  end if;

  if p_layer = 'needs' and p_z < 14 then
    -- Counts per cell of 512 units (an eighth of the tile: 64 screen pixels as MapLibre
    -- draws a tile 512 pixels wide) of the tile itself, not its buffer, so a need is
    -- counted in one tile of each zoom and the counts of a tile add up to the needs in it.
    return query
    with pts as (
      select n.category, n.supporters_count, extensions.st_x(p.pt) as px, extensions.st_y(p.pt) as py
      from public.needs n
      cross join lateral (select extensions.st_affine(extensions.st_transform(n.public_geom::extensions.geometry, 3857),
                                   v_scale, 0, 0, -v_scale, -v_x0 * v_scale, v_y1 * v_scale) as pt offset 0) p
      where n.hidden_at is null and n.status in ('open', 'acknowledged', 'adopted')
        and n.public_geom operator(extensions.&&) v_inner
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
    return;
  end if;

  -- Every other layer: its candidate rows (id, geography, properties), then each in tile
  -- space exactly as private.to_tile_space makes it, and its id as private.tile_fid does.
  return query
  with candidates as (
    select s.id, s.geom as g,
           jsonb_strip_nulls(jsonb_build_object('id', s.id, 'name', s.name, 'highway', s.highway,
                                                'group_id', s.group_id, 'neighbourhood_id', s.neighbourhood_id,
                                                'source', s.source)) as props, 2 as dim
    from public.streets s
    where p_layer = 'streets' and s.geom operator(extensions.&&) v_box
    union all
    -- Neighbourhoods are geometry: as geography, as to_tile_space took them.
    select n.id, n.geom::extensions.geography,
           jsonb_build_object('id', n.id, 'name', n.name, 'code', n.code, 'kind', n.kind), 3
    from public.neighbourhoods n
    where p_layer = 'neighbourhoods' and n.geom operator(extensions.&&) v_box
    union all
    -- The label point: one per neighbourhood, so a name is not repeated in every tile.
    select n.id, extensions.st_pointonsurface(n.geom::extensions.geometry)::extensions.geography,
           jsonb_build_object('id', n.id, 'name', n.name, 'code', n.code, 'kind', n.kind, 'label', true), 1
    from public.neighbourhoods n
    where p_layer = 'neighbourhoods' and n.geom operator(extensions.&&) v_box
    union all
    select a.id, a.geom,
           jsonb_strip_nulls(jsonb_build_object('id', a.id, 'name', a.name, 'category', a.categories[1],
                              'categories', array_to_string(a.categories, ','), 'verified', a.verified,
                              'address', a.address, 'opening_hours', a.opening_hours, 'contact', a.contact,
                              'website', a.website, 'source', a.source)), 1
    from public.assets a
    where p_layer = 'assets' and a.geom operator(extensions.&&) v_box
      and (p_categories is null or a.categories && p_categories)
    union all
    select e.id, e.geom,
           jsonb_strip_nulls(jsonb_build_object('id', e.id, 'name', e.name, 'category', e.categories[1],
                              'categories', array_to_string(e.categories, ','), 'status', e.status,
                              'social_goal', e.social_goal, 'contact', e.contact, 'website', e.website,
                              'open_opportunities', (select count(*)::int from public.opportunities o
                                                     where o.enterprise_id = e.id and o.status = 'open'))), 1
    from public.enterprises e
    where p_layer = 'enterprises' and e.status <> 'closed' and e.geom operator(extensions.&&) v_box
      and (p_categories is null or e.categories && p_categories)
    union all
    select p.id, p.geom,
           jsonb_build_object('id', p.id, 'name', p.name, 'kind', p.kind,
             'rank', case when p.kind in ('city', 'town') then 1 when p.kind = 'village' then 2
                          when p.kind in ('hamlet', 'suburb', 'quarter') then 3 else 4 end), 1
    from public.places p
    where p_layer = 'places' and p.geom operator(extensions.&&) v_box
    union all
    select n.id, n.public_geom,
           jsonb_strip_nulls(jsonb_build_object('id', n.id, 'category', n.category, 'status', n.status,
             'supporters', n.supporters_count, 'street_id', n.street_id, 'street_name', st.name,
             'body', left(n.body, 140),
             'created_at', to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))), 1
    from public.needs n
    join public.streets st on st.id = n.street_id
    where p_layer = 'needs' and n.hidden_at is null and n.status in ('open', 'acknowledged', 'adopted')
      and n.public_geom operator(extensions.&&) v_box
      and (p_categories is null or n.category = any (p_categories))
  )
  select ('x' || substr(replace(c.id::text, '-', ''), 1, 13))::bit(52)::bigint, t.g, c.props
  from candidates c
  cross join lateral (
    select case when s.g is null or extensions.st_isempty(s.g) then null
                when c.dim = 3 then case when extensions.st_area(s.g) > 0 then extensions.st_forcepolygonccw(s.g) end
                else s.g end as g
    from (select extensions.st_snaptogrid(extensions.st_collectionextract(extensions.st_clipbybox2d(
            extensions.st_affine(extensions.st_transform(c.g::extensions.geometry, 3857),
                                 v_scale, 0, 0, -v_scale, -v_x0 * v_scale, v_y1 * v_scale),
            extensions.st_makeenvelope(-64, -64, 4160, 4160)), c.dim), 1) as g offset 0) s
    offset 0) t
  where t.g is not null;
end
$$;

/**
 * The same ETag versions, from a plan kept per session: as a SQL function (not inlined,
 * being a definer) its query was planned at every tile.
 */
create or replace function private.tile_cells_version(p_layer text, p_cx0 int, p_cx1 int, p_cy0 int, p_cy1 int)
returns text
language plpgsql stable
security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
begin
  return (
    select e.token || '.' || coalesce((
      select max(c.version) from private.tile_cells c
      where c.layer = p_layer
        and ((c.cx = -1 and c.cy = -1) or (c.cx between p_cx0 and p_cx1 and c.cy between p_cy0 and p_cy1))), 0)
    from private.tile_epoch e);
end
$$;
