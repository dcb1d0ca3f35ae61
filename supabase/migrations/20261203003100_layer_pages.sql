-- One map layer in a box, page by page (issue 13): what the planner's what-if reads,
-- since the map itself reads tiles and holds only what they draw. The same features and
-- properties as map_streets, map_neighbourhoods, map_assets, map_enterprises and map_needs
-- (so the browser's gap model gets the same input), but never cut short: ordered by id,
-- a page at most 5,000 features, and `next` (the last id) to ask for the following page
-- (null on the last). Plain invoker SQL, so row-level security applies.

/**
 * A page of one layer's features in a box, as a FeatureCollection with `next`.
 * Example: select map_layer_page('needs', -3.41, 54.09, -3.39, 54.11);
 *          select map_layer_page('needs', -3.41, 54.09, -3.39, 54.11, null, '<next>', 2000);
 */
create function public.map_layer_page(layer text, min_lon float8, min_lat float8, max_lon float8, max_lat float8,
                                      categories text[] default null, after uuid default null, page_size int default 2000)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_box extensions.geography := private.bbox(min_lon, min_lat, max_lon, max_lat);
  v_cats text[] := private.category_filter(map_layer_page.categories);
  v_after uuid := coalesce(map_layer_page.after, '00000000-0000-0000-0000-000000000000'::uuid);
  v_features jsonb[];
begin
  if page_size is null or page_size < 1 or page_size > 5000 then
    raise exception 'page_size must be between 1 and 5000.' using errcode = '22023';
  end if;
  if layer = 'streets' then
    v_features := array(
      select jsonb_build_object('type', 'Feature', 'id', s.id, 'geometry', extensions.st_asgeojson(s.geom, 6)::jsonb,
        'properties', jsonb_build_object('id', s.id, 'name', s.name, 'highway', s.highway,
                                         'neighbourhood_id', s.neighbourhood_id, 'source', s.source))
      from public.streets s
      where extensions.st_intersects(s.geom, v_box) and s.id > v_after
      order by s.id limit page_size);
  elsif layer = 'neighbourhoods' then
    v_features := array(
      select jsonb_build_object('type', 'Feature', 'id', n.id, 'geometry', extensions.st_asgeojson(n.geom, 6)::jsonb,
        'properties', jsonb_build_object('id', n.id, 'code', n.code, 'name', n.name, 'kind', n.kind))
      from public.neighbourhoods n
      where extensions.st_intersects(n.geom, v_box) and n.id > v_after
      order by n.id limit page_size);
  elsif layer = 'assets' then
    v_features := array(
      select jsonb_build_object('type', 'Feature', 'id', a.id, 'geometry', extensions.st_asgeojson(a.geom, 6)::jsonb,
        'properties', jsonb_build_object('id', a.id, 'name', a.name, 'categories', a.categories,
          'category', a.categories[1], 'address', a.address, 'opening_hours', a.opening_hours,
          'contact', a.contact, 'website', a.website, 'source', a.source, 'verified', a.verified))
      from public.assets a
      where extensions.st_intersects(a.geom, v_box) and a.id > v_after
        and (v_cats is null or a.categories && v_cats)
      order by a.id limit page_size);
  elsif layer = 'enterprises' then
    v_features := array(
      select jsonb_build_object('type', 'Feature', 'id', e.id, 'geometry', extensions.st_asgeojson(e.geom, 6)::jsonb,
        'properties', jsonb_build_object('id', e.id, 'name', e.name, 'social_goal', e.social_goal,
          'categories', e.categories, 'category', e.categories[1], 'status', e.status,
          'contact', e.contact, 'website', e.website,
          'open_opportunities', (select count(*) from public.opportunities o
                                 where o.enterprise_id = e.id and o.status = 'open')))
      from public.enterprises e
      where e.status <> 'closed' and extensions.st_intersects(e.geom, v_box) and e.id > v_after
        and (v_cats is null or e.categories && v_cats)
      order by e.id limit page_size);
  elsif layer = 'needs' then
    -- As map_needs by default: the unmet ones, at their public street-level point.
    v_features := array(
      select jsonb_build_object('type', 'Feature', 'id', n.id, 'geometry', extensions.st_asgeojson(n.public_geom, 6)::jsonb,
        'properties', jsonb_build_object('id', n.id, 'category', n.category, 'body', n.body,
          'status', n.status, 'street_id', n.street_id, 'street_name', s.name,
          'supporters', n.supporters_count, 'created_at', n.created_at))
      from public.needs n
      join public.streets s on s.id = n.street_id
      where extensions.st_intersects(n.public_geom, v_box) and n.id > v_after
        and n.hidden_at is null and n.status in ('open', 'acknowledged', 'adopted')
        and (v_cats is null or n.category = any (v_cats))
      order by n.id limit page_size);
  else
    raise exception 'Unknown layer: %. Choose from streets, neighbourhoods, assets, enterprises and needs.',
      coalesce(layer, 'null') using errcode = '22023';
  end if;
  return jsonb_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(to_jsonb(v_features), '[]'::jsonb),
    'next', case when cardinality(v_features) = page_size then v_features[page_size] -> 'id' end);
end
$$;

revoke execute on function public.map_layer_page(text, float8, float8, float8, float8, text[], uuid, int) from public;
grant execute on function public.map_layer_page(text, float8, float8, float8, float8, text[], uuid, int) to anon, authenticated;
