-- Context for a local reader: place names (towns, villages, hamlets, suburbs) from the
-- same OSM file, drawn in our own style, so Oakham and Uppingham are recognisable on the
-- map without a third-party basemap.

/**
 * Every named place as a GeoJSON FeatureCollection (a county has a few hundred): name,
 * kind and a rank for label size and the zoom it appears at (1 city/town … 4 locality).
 */
create function public.map_places()
returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object(
    'type', 'Feature',
    'geometry', extensions.st_asgeojson(p.geom::extensions.geometry, 6)::jsonb,
    'properties', jsonb_build_object('id', p.id, 'name', p.name, 'kind', p.kind,
      'rank', case when p.kind in ('city', 'town') then 1 when p.kind = 'village' then 2
                   when p.kind in ('hamlet', 'suburb', 'quarter') then 3 else 4 end))
    order by p.kind, p.name, p.source_id), '[]'::jsonb))
  from (select * from public.places order by name limit 5000) p
$$;

revoke execute on function public.map_places() from public;
grant execute on function public.map_places() to anon, authenticated;
