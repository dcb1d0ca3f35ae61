-- Spin-out briefs: clusters of unmet need that nothing nearby answers, as the starting
-- point for a new micro-enterprise. Computed on read from the needs, assets and
-- enterprises (no cache to go stale); deterministic, so every engine gives the same
-- briefs with the same ids.
--
-- A need is in a brief when it is unmet (open, acknowledged, adopted, or marked met and
-- not yet confirmed: a claim keeps counting until its author confirms), visible, and
-- uncovered: no asset and no active enterprise of its category within R of its public
-- point (the same test as coverage in neighbourhood_gaps). Uncovered needs of one
-- category are linked when they are within R of each other (single linkage: DBSCAN with
-- minpoints 1 is exactly the connected components of the "within R" graph), and a
-- cluster whose demand (needs + "me too"s) reaches the threshold is a brief.
--
-- A brief's id is its category and its earliest need ('food-<uuid>'), so its URL stays
-- the same while that need is in it.

/**
 * Planar metres for single linkage: a local projection about (lon0, lat0) on the sphere
 * the rest of the schema measures on (use_spheroid => false). x uses each point's own
 * latitude, so the scale is right where the points are; the shear this leaves is
 * below 0.3 % of R across a county (under 1 m at 400 m), and none across a town. Plain
 * arithmetic, so PGlite and Postgres agree to the last bit.
 */
create function private.brief_plane_point(p_geom extensions.geography, p_lon0 float8)
returns extensions.geometry
language sql immutable
set search_path = ''
as $$
  select extensions.st_makepoint(
    6371008.771415 * cos(radians(extensions.st_y(p_geom::extensions.geometry)))
      * radians(extensions.st_x(p_geom::extensions.geometry) - p_lon0),
    6371008.771415 * radians(extensions.st_y(p_geom::extensions.geometry)))
$$;
grant execute on function private.brief_plane_point(extensions.geography, float8) to anon, authenticated;

/** Rejects a catchment or threshold that would make briefs meaningless or slow. */
create function private.check_brief_params(p_radius_m float8, p_min_demand int)
returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_radius_m is null or p_radius_m not between 50 and 2000 or p_radius_m = 'NaN' then
    raise exception 'The catchment must be between 50 and 2000 metres.' using errcode = '22023';
  end if;
  if p_min_demand is null or p_min_demand not between 1 and 1000 then
    raise exception 'The demand threshold must be between 1 and 1000.' using errcode = '22023';
  end if;
end
$$;
grant execute on function private.check_brief_params(float8, int) to anon, authenticated;

/**
 * Every cluster of uncovered unmet need (of one category, or all), whatever its demand:
 * one row per need with its cluster's key. Invoker SQL: it reads only public columns.
 */
create function private.brief_members(p_radius_m float8, p_category text)
returns table (brief_id text, category text, need_id uuid, weight int)
language sql stable
set search_path = ''
as $$
  with uncovered as (
    select n.id, n.category, n.public_geom, n.created_at, 1 + n.supporters_count as weight
    from public.needs n
    where n.hidden_at is null
      and (n.status in ('open', 'acknowledged', 'adopted') or (n.status = 'met' and n.met_confirmed_at is null))
      and (p_category is null or n.category = p_category)
      and not exists (select 1 from public.assets a
                      where a.categories @> array[n.category]
                        and extensions.st_dwithin(a.geom, n.public_geom, p_radius_m, false))
      and not exists (select 1 from public.enterprises e
                      where e.status = 'active' and e.categories @> array[n.category]
                        and extensions.st_dwithin(e.geom, n.public_geom, p_radius_m, false))
  ), origin as (
    -- The served area's middle, to a tenth of a degree: the same for every filter (the
    -- needs' middle if no neighbourhoods are loaded).
    select coalesce(
      (select round(avg(extensions.st_x(extensions.st_centroid(nb.geom::extensions.geometry)))::numeric, 1)
       from public.neighbourhoods nb),
      (select round(avg(extensions.st_x(n.public_geom::extensions.geometry))::numeric, 1) from public.needs n),
      0)::float8 as lon0
  ), clustered as (
    select u.*, extensions.st_clusterdbscan(private.brief_plane_point(u.public_geom, o.lon0),
                                            eps => p_radius_m, minpoints => 1)
                  over (partition by u.category) as cluster_no
    from uncovered u, origin o
  ), keyed as (
    select c.*, first_value(c.id) over (partition by c.category, c.cluster_no order by c.created_at, c.id) as seed
    from clustered c
  )
  select k.category || '-' || k.seed::text, k.category, k.id, k.weight from keyed k
$$;
grant execute on function private.brief_members(float8, text) to anon, authenticated;

/**
 * A brief's summary from its needs: demand, how long unmet, the trend (needs raised in
 * the last 30 days and the 30 before), its streets and neighbourhoods, and the middle of
 * its needs' public points (never an exact point).
 */
create function private.brief_summary(p_brief_id text, p_category text, p_need_ids uuid[])
returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  -- plpgsql, not sql: a list calls this once per brief, and plpgsql keeps its plan.
  return (
  select jsonb_build_object(
    'brief_id', p_brief_id, 'category', p_category,
    'category_label', (select c.label from public.categories c where c.slug = p_category),
    'needs', count(*), 'supporters', coalesce(sum(n.supporters_count), 0),
    'demand', coalesce(sum(1 + n.supporters_count), 0),
    'first_raised_at', min(n.created_at), 'last_raised_at', max(n.created_at),
    'days_unmet', floor(extract(epoch from now() - min(n.created_at)) / 86400)::int,
    'raised_last_30_days', count(*) filter (where n.created_at > now() - interval '30 days'),
    'raised_previous_30_days', count(*) filter (where n.created_at <= now() - interval '30 days'
                                                  and n.created_at > now() - interval '60 days'),
    'centre', jsonb_build_array(
      round(extensions.st_x(extensions.st_centroid(extensions.st_collect(n.public_geom::extensions.geometry)))::numeric, 5),
      round(extensions.st_y(extensions.st_centroid(extensions.st_collect(n.public_geom::extensions.geometry)))::numeric, 5)),
    -- The street with the most needs first: it names the brief.
    'streets', (select coalesce(jsonb_agg(q.name order by q.needs desc, q.name), '[]'::jsonb)
                from (select s.name, count(*) as needs
                      from public.needs x join public.streets s on s.id = x.street_id
                      where x.id = any (p_need_ids) and s.name is not null group by s.name) q),
    'neighbourhoods', (select coalesce(jsonb_agg(jsonb_build_object('id', nb.id, 'name', nb.name) order by nb.name, nb.id),
                                       '[]'::jsonb)
                       from public.neighbourhoods nb
                       where nb.id in (select x.neighbourhood_id from public.needs x where x.id = any (p_need_ids))))
  from public.needs n
  where n.id = any (p_need_ids));
end
$$;
grant execute on function private.brief_summary(text, text, uuid[]) to anon, authenticated;

-- The stage 'starting': a project started from a brief is on the map but is not yet
-- supply (gaps and briefs count only active enterprises as supply).
alter table public.enterprises drop constraint enterprises_status_check;
alter table public.enterprises add constraint enterprises_status_check
  check (status in ('starting', 'active', 'paused', 'closed'));

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
