-- API: map layers in a bounding box, as GeoJSON FeatureCollections. Plain invoker SQL
-- so row-level security applies; each layer is capped so no call returns the world.
-- Each function checks its arguments in a first statement of its own: a check inside
-- the query's WHERE runs only when some row reaches it, so a bad box or category would
-- pass unnoticed wherever nothing lies in view.

/** A validated bounding box as geography; refuses inverted, non-finite or huge boxes. */
create function private.bbox(p_min_lon float8, p_min_lat float8, p_max_lon float8, p_max_lat float8)
returns extensions.geography
language plpgsql immutable
set search_path = ''
as $$
begin
  perform private.make_point(p_min_lon, p_min_lat);
  perform private.make_point(p_max_lon, p_max_lat);
  if p_min_lon >= p_max_lon or p_min_lat >= p_max_lat then
    raise exception 'The bounding box must have min below max on both axes.' using errcode = '22023';
  end if;
  -- About 55 km across: a whole town, never a whole country.
  if p_max_lon - p_min_lon > 0.5 or p_max_lat - p_min_lat > 0.5 then
    raise exception 'The bounding box is too large; zoom in (at most 0.5° on each side).' using errcode = '22023';
  end if;
  return extensions.st_makeenvelope(p_min_lon, p_min_lat, p_max_lon, p_max_lat, 4326)::extensions.geography;
end
$$;
grant execute on function private.bbox(float8, float8, float8, float8) to anon, authenticated;

/** Wraps features as a FeatureCollection, saying whether the cap cut it short. */
create function private.feature_collection(p_features jsonb[], p_cap int)
returns jsonb
language sql immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(to_jsonb(p_features[1:p_cap]), '[]'::jsonb),
    'truncated', coalesce(cardinality(p_features), 0) > p_cap
  )
$$;
grant execute on function private.feature_collection(jsonb[], int) to anon, authenticated;

/** Street segments in view, with name, class and neighbourhood. */
create function public.map_streets(min_lon float8, min_lat float8, max_lon float8, max_lat float8)
returns jsonb
language sql stable
set search_path = ''
as $$
  select private.bbox(min_lon, min_lat, max_lon, max_lat);
  select private.feature_collection(array(
    select jsonb_build_object(
      'type', 'Feature', 'id', s.id,
      'geometry', extensions.st_asgeojson(s.geom, 6)::jsonb,
      'properties', jsonb_build_object('id', s.id, 'name', s.name, 'highway', s.highway,
                                       'neighbourhood_id', s.neighbourhood_id, 'source', s.source))
    from public.streets s
    where extensions.st_intersects(s.geom, (select private.bbox(min_lon, min_lat, max_lon, max_lat)))
    order by s.id
    limit 5001
  ), 5000)
$$;

/** Neighbourhood boundaries in view, with name and code. */
create function public.map_neighbourhoods(min_lon float8, min_lat float8, max_lon float8, max_lat float8)
returns jsonb
language sql stable
set search_path = ''
as $$
  select private.bbox(min_lon, min_lat, max_lon, max_lat);
  select private.feature_collection(array(
    select jsonb_build_object(
      'type', 'Feature', 'id', n.id,
      'geometry', extensions.st_asgeojson(n.geom, 6)::jsonb,
      'properties', jsonb_build_object('id', n.id, 'code', n.code, 'name', n.name, 'kind', n.kind))
    from public.neighbourhoods n
    where extensions.st_intersects(n.geom, (select private.bbox(min_lon, min_lat, max_lon, max_lat)))
    order by n.code
    limit 501
  ), 500)
$$;

/** Checks an optional category filter: null means all categories. */
create function private.category_filter(p_categories text[])
returns text[]
language plpgsql stable
set search_path = ''
as $$
begin
  if p_categories is not null then
    perform private.assert_known_categories(p_categories);
  end if;
  return p_categories;
end
$$;
grant execute on function private.category_filter(text[]) to anon, authenticated;

/**
 * Checks the statuses asked of the needs layer: at least one, each a status a need on
 * the map can have. Withdrawn needs have left the map (they stay in need_detail's history).
 */
create function private.status_filter(p_statuses text[])
returns text[]
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_statuses is null or cardinality(p_statuses) = 0 then
    raise exception 'Choose at least one status.' using errcode = '22023';
  end if;
  if exists (select 1 from unnest(p_statuses) s
             where s is null or s not in ('open', 'acknowledged', 'adopted', 'met', 'closed')) then
    raise exception 'Unknown status: %. Choose from open, acknowledged, adopted, met and closed.',
      (select string_agg(coalesce(s, 'null'), ', ') from unnest(p_statuses) s
       where s is null or s not in ('open', 'acknowledged', 'adopted', 'met', 'closed'))
      using errcode = '22023';
  end if;
  return p_statuses;
end
$$;
grant execute on function private.status_filter(text[]) to anon, authenticated;

/** Community assets in view, optionally only those serving some categories. */
create function public.map_assets(min_lon float8, min_lat float8, max_lon float8, max_lat float8,
                                  categories text[] default null)
returns jsonb
language sql stable
set search_path = ''
as $$
  select private.bbox(min_lon, min_lat, max_lon, max_lat), private.category_filter(map_assets.categories);
  select private.feature_collection(array(
    select jsonb_build_object(
      'type', 'Feature', 'id', a.id,
      'geometry', extensions.st_asgeojson(a.geom, 6)::jsonb,
      'properties', jsonb_build_object('id', a.id, 'name', a.name, 'categories', a.categories,
        'category', a.categories[1], 'address', a.address, 'opening_hours', a.opening_hours,
        'contact', a.contact, 'website', a.website, 'source', a.source, 'verified', a.verified))
    from public.assets a
    where extensions.st_intersects(a.geom, (select private.bbox(min_lon, min_lat, max_lon, max_lat)))
      and ((select private.category_filter(map_assets.categories)) is null
           or a.categories && map_assets.categories)
    order by a.name, a.id
    limit 2001
  ), 2000)
$$;

/** Social micro-enterprises in view (closed ones are left out). */
create function public.map_enterprises(min_lon float8, min_lat float8, max_lon float8, max_lat float8,
                                       categories text[] default null)
returns jsonb
language sql stable
set search_path = ''
as $$
  select private.bbox(min_lon, min_lat, max_lon, max_lat), private.category_filter(map_enterprises.categories);
  select private.feature_collection(array(
    select jsonb_build_object(
      'type', 'Feature', 'id', e.id,
      'geometry', extensions.st_asgeojson(e.geom, 6)::jsonb,
      'properties', jsonb_build_object('id', e.id, 'name', e.name, 'social_goal', e.social_goal,
        'categories', e.categories, 'category', e.categories[1], 'status', e.status,
        'contact', e.contact, 'website', e.website,
        'open_opportunities', (select count(*) from public.opportunities o
                               where o.enterprise_id = e.id and o.status = 'open')))
    from public.enterprises e
    where e.status <> 'closed'
      and extensions.st_intersects(e.geom, (select private.bbox(min_lon, min_lat, max_lon, max_lat)))
      and ((select private.category_filter(map_enterprises.categories)) is null
           or e.categories && map_enterprises.categories)
    order by e.name, e.id
    limit 2001
  ), 2000)
$$;

/**
 * Needs in view at their public street-level point, never the exact one. By default
 * the unmet ones (open, acknowledged, adopted); pass statuses to see met ones too.
 */
create function public.map_needs(min_lon float8, min_lat float8, max_lon float8, max_lat float8,
                                 categories text[] default null,
                                 statuses text[] default array['open', 'acknowledged', 'adopted'])
returns jsonb
language sql stable
set search_path = ''
as $$
  select private.bbox(min_lon, min_lat, max_lon, max_lat), private.category_filter(map_needs.categories),
         private.status_filter(map_needs.statuses);
  select private.feature_collection(array(
    select jsonb_build_object(
      'type', 'Feature', 'id', n.id,
      'geometry', extensions.st_asgeojson(n.public_geom, 6)::jsonb,
      'properties', jsonb_build_object('id', n.id, 'category', n.category, 'body', n.body,
        'status', n.status, 'street_id', n.street_id, 'street_name', s.name,
        'supporters', n.supporters_count, 'created_at', n.created_at))
    from public.needs n
    join public.streets s on s.id = n.street_id
    where extensions.st_intersects(n.public_geom, (select private.bbox(min_lon, min_lat, max_lon, max_lat)))
      and n.hidden_at is null
      and n.status = any (map_needs.statuses)
      and ((select private.category_filter(map_needs.categories)) is null
           or n.category = any (map_needs.categories))
    order by n.created_at desc, n.id
    limit 5001
  ), 5000)
$$;

/** The taxonomy with colours and icons, for legends, filters and forms. */
create function public.list_categories()
returns setof public.categories
language sql stable
set search_path = ''
as $$
  select * from public.categories order by sort_order
$$;

revoke execute on function public.map_streets(float8, float8, float8, float8),
  public.map_neighbourhoods(float8, float8, float8, float8),
  public.map_assets(float8, float8, float8, float8, text[]),
  public.map_enterprises(float8, float8, float8, float8, text[]),
  public.map_needs(float8, float8, float8, float8, text[], text[]),
  public.list_categories() from public;
grant execute on function public.map_streets(float8, float8, float8, float8),
  public.map_neighbourhoods(float8, float8, float8, float8),
  public.map_assets(float8, float8, float8, float8, text[]),
  public.map_enterprises(float8, float8, float8, float8, text[]),
  public.map_needs(float8, float8, float8, float8, text[], text[]),
  public.list_categories() to anon, authenticated;

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
