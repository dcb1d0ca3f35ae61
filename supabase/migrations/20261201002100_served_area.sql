-- The served area and the default view come from the data: the map opens on the town
-- that was imported (or the demo town), not on coordinates written into the app.

/**
 * The extent of the served area as [west, south, east, north]: the neighbourhoods', or
 * where there are none yet, the streets'; of one neighbourhood when one is given (the
 * planner's neighbourhood filter moves the map there). Null when there is no data.
 * Example: select area_extent();
 */
create function public.area_extent(neighbourhood uuid default null)
returns jsonb
language sql stable
set search_path = ''
as $$
  with box as (
    select coalesce(
      (select extensions.st_extent(n.geom::extensions.geometry) from public.neighbourhoods n
       where area_extent.neighbourhood is null or n.id = area_extent.neighbourhood),
      case when area_extent.neighbourhood is null
           then (select extensions.st_extent(s.geom::extensions.geometry) from public.streets s) end
    )::extensions.geometry as b
  )
  select case when b is null then null else jsonb_build_array(
    round(extensions.st_xmin(b)::numeric, 6), round(extensions.st_ymin(b)::numeric, 6),
    round(extensions.st_xmax(b)::numeric, 6), round(extensions.st_ymax(b)::numeric, 6)) end
  from box
$$;

revoke execute on function public.area_extent(uuid) from public;
grant execute on function public.area_extent(uuid) to anon, authenticated;
