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
      select c.id, c.kind, c.name, c.geom::extensions.geometry as g
      from public.context_features c
      where c.geom operator(extensions.&&) v_box::extensions.geography
        and (c.kind <> 'landmark' or zoom >= 11)
    ), shaped as (
      select h.id, h.kind, h.name, h.g,
             case when extensions.st_dimension(h.g) = 2
                  -- Exterior rings counter-clockwise, holes clockwise (RFC 7946), as the map's fill expects.
                  then extensions.st_forcepolygonccw(extensions.st_collectionextract(extensions.st_makevalid(
                         extensions.st_simplifypreservetopology(
                           extensions.st_clipbybox2d(h.g, extensions.st_expand(v_box, v_tol * 4)), v_tol)), 3))
                  when extensions.st_dimension(h.g) = 1
                  then extensions.st_simplifypreservetopology(h.g, v_tol)
                  else h.g end as shown
      from hit h
      where extensions.st_dimension(h.g) <> 2 or extensions.st_area(h.g) >= 4 * v_tol * v_tol
    ), features as (
      select s.kind, s.name, s.id, s.shown as g, false as label from shaped s where not extensions.st_isempty(s.shown)
      union all
      -- Labels for named areas whose label point is in the box.
      select s.kind || '-label', s.name, s.id, extensions.st_pointonsurface(s.g), true
      from shaped s
      where s.name is not null and extensions.st_dimension(s.g) = 2
        and extensions.st_area(s.g) >= 400 * v_tol * v_tol
        and extensions.st_intersects(extensions.st_pointonsurface(s.g), v_box)
    )
    select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object(
      'type', 'Feature',
      'geometry', extensions.st_asgeojson(f.g, 6)::jsonb,
      'properties', jsonb_build_object('id', f.id, 'kind', f.kind, 'name', f.name))
      order by f.label, f.kind, f.id), '[]'::jsonb))
    from features f
  );
end
$$;

revoke execute on function public.map_context(float8, float8, float8, float8, float8) from public;
grant execute on function public.map_context(float8, float8, float8, float8, float8) to anon, authenticated;
