-- Context for a local reader, from the same OSM file as the streets, drawn in our own
-- style without a third-party basemap: water (lakes, reservoirs, rivers), woods and
-- parks, railways, and named landmarks (churches, castles, museums, attractions), so
-- Oakham, Uppingham and Rutland Water are recognisable at county zoom.
-- Written only by the importer (source + source_id upserts); everyone reads.

create table public.context_features (
  id uuid primary key default gen_random_uuid(),
  -- water: areas; waterway: river and canal lines; wood, park: areas; railway: lines;
  -- landmark: named points (areas arrive at their centroid).
  kind text not null check (kind in ('water', 'waterway', 'wood', 'park', 'railway', 'landmark')),
  name text check (name is null or char_length(name) between 1 and 200),
  source text not null default 'local',
  source_id text not null,
  geom extensions.geography not null,
  created_at timestamptz not null default now(),
  unique (source, source_id)
);
alter table public.context_features enable row level security;

create index context_features_geom_idx on public.context_features using gist (geom);

-- Worked out once when a row is written, not on every map request: the planar area (in
-- square degrees, compared with the pixel size at a zoom; 0 for lines and points) and,
-- for a named area, the point its label goes at.
alter table public.context_features
  add column area float8 not null default 0,
  add column label_point extensions.geography(Point, 4326);
create index context_features_label_idx on public.context_features using gist (label_point);

create function private.context_feature_derived()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if extensions.st_dimension(new.geom::extensions.geometry) = 2 then
    new.area := extensions.st_area(new.geom::extensions.geometry);
    new.label_point := case when new.name is not null then extensions.st_pointonsurface(new.geom::extensions.geometry)::extensions.geography end;
  else
    new.area := 0;
    new.label_point := null;
  end if;
  return new;
end
$$;
create trigger context_features_derived before insert or update of geom, name on public.context_features
  for each row execute function private.context_feature_derived();

create policy "Anyone can read context features" on public.context_features
  for select to anon, authenticated using (true);
-- The importer writes as the migration role; the API roles only read.
revoke insert, update, delete, truncate, references, trigger on public.context_features from anon, authenticated;

/**
 * Context features in a bounding box as a GeoJSON FeatureCollection, simplified for the
 * zoom: geometry tolerance is one screen pixel at that zoom, areas smaller than about
 * 2×2 pixels are left out (they could not be seen), and landmarks come from zoom 11.
 * Nothing is cut at a row cap: everything that can be seen at the zoom is there. Areas
 * are clipped to the box; a named area also comes as a point (kind '<kind>-label') at a
 * point on its surface, so its label is placed once, not once per tile.
 * The box may be up to 4° on each side (a county and its surroundings at zoom 8).
 */
create function public.map_context(min_lon float8, min_lat float8, max_lon float8, max_lat float8, zoom float8)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_tol float8;
  v_box extensions.geometry;
begin
  perform private.make_point(min_lon, min_lat);
  perform private.make_point(max_lon, max_lat);
  if min_lon >= max_lon or min_lat >= max_lat then
    raise exception 'The bounding box must have min below max on both axes.' using errcode = '22023';
  end if;
  if max_lon - min_lon > 4 or max_lat - min_lat > 4 then
    raise exception 'The bounding box is too large for context; zoom in (at most 4° on each side).' using errcode = '22023';
  end if;
  perform private.check_range(zoom, 0, 22, 'The zoom');
  -- One pixel of a 512-pixel world tile at this zoom, in degrees.
  v_tol := 360.0 / (512 * power(2, floor(zoom)));
  v_box := extensions.st_makeenvelope(min_lon, min_lat, max_lon, max_lat, 4326);
  return (
    with hit as (
      select c.id, c.kind, c.name, c.area, c.label_point::extensions.geometry as label_point, c.geom::extensions.geometry as g
      from public.context_features c
      where c.geom operator(extensions.&&) v_box::extensions.geography
        and (c.kind <> 'landmark' or zoom >= 11)
        -- Areas under about 2×2 pixels could not be seen.
        and (c.area = 0 or c.area >= 4 * v_tol * v_tol)
    ), features as (
      select h.kind, h.name, h.id, false as label,
             case when h.area > 0
                  -- Exterior rings counter-clockwise, holes clockwise (RFC 7946), as the map's fill expects.
                  then extensions.st_forcepolygonccw(extensions.st_simplifypreservetopology(
                         extensions.st_clipbybox2d(h.g, extensions.st_expand(v_box, v_tol * 4)), v_tol))
                  when extensions.st_dimension(h.g) = 1 then extensions.st_simplifypreservetopology(h.g, v_tol)
                  else h.g end as g
      from hit h
      union all
      -- A label for each named area big enough to carry one, once, where it belongs.
      select h.kind || '-label', h.name, h.id, true, h.label_point
      from hit h
      where h.label_point is not null and h.area >= 400 * v_tol * v_tol
        and extensions.st_intersects(h.label_point, v_box)
    )
    select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object(
      'type', 'Feature',
      'geometry', extensions.st_asgeojson(f.g, 6)::jsonb,
      'properties', jsonb_build_object('id', f.id, 'kind', f.kind, 'name', f.name))
      order by f.label, f.kind, f.id), '[]'::jsonb))
    from features f
    where not extensions.st_isempty(f.g)
  );
end
$$;

revoke execute on function public.map_context(float8, float8, float8, float8, float8) from public;
grant execute on function public.map_context(float8, float8, float8, float8, float8) to anon, authenticated;

revoke execute on all functions in schema private from public;
