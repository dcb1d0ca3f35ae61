-- Search finds streets as people know them (public.street_groups): one row per street
-- (connected segments of one name in one settlement), never one per name and
-- neighbourhood, so a street across two LSOAs is one hit and two villages' Main Streets
-- are two, each with its settlement. The hit's id is the street's first segment (what
-- the map selects and the street page opens from); its bbox is the whole street's.

create or replace function public.search_places(query text, max_results int default 10)
returns jsonb
language sql stable
set search_path = ''
as $$
  with q as (
    select '%' || replace(replace(replace(lower(private.clean_text(search_places.query, 'The search', 2, 100)),
                                          '\', '\\'), '%', '\%'), '_', '\_') || '%' as pattern,
           private.check_range(search_places.max_results, 1, 50, 'The number of results')::int as cap
  ), groups as materialized (
    -- The matching streets first: a few dozen rows, whatever the size of the town.
    select g.* from q, public.street_groups g where g.name is not null and lower(g.name) like q.pattern
  ), hits as (
    select 'street' as kind,
           -- The first segment by OSM id (array_agg, so the planner reads the group_id index
           -- rather than walking the (source, source_id) index for each street).
           (select (array_agg(s.id::text order by s.source, s.source_id, s.id))[1] from public.streets s where s.group_id = g.id) as id,
           g.name,
           nullif(concat_ws(' · ', g.settlement, nb.name), '') as context,
           extensions.st_centroid(g.geom::extensions.geometry) as point,
           extensions.st_envelope(g.geom::extensions.geometry) as extent,
           g.id::text as tiebreak
    from groups g left join public.neighbourhoods nb on nb.id = g.neighbourhood_id
    union all
    select 'neighbourhood', n.id::text, n.name, n.code,
           extensions.st_pointonsurface(n.geom::extensions.geometry),
           extensions.st_envelope(n.geom::extensions.geometry), n.code
    from q, public.neighbourhoods n where lower(n.name) like q.pattern
    union all
    select 'asset', a.id::text, a.name, a.address, a.geom::extensions.geometry, null, a.id::text
    from q, public.assets a where lower(a.name) like q.pattern
    union all
    select 'enterprise', e.id::text, e.name, e.social_goal, e.geom::extensions.geometry, null, e.id::text
    from q, public.enterprises e where e.status <> 'closed' and lower(e.name) like q.pattern
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'kind', h.kind, 'id', h.id, 'name', h.name, 'context', h.context,
           'point', jsonb_build_array(round(extensions.st_x(h.point)::numeric, 6), round(extensions.st_y(h.point)::numeric, 6)),
           'bbox', case when h.extent is not null then jsonb_build_array(
              round(extensions.st_xmin(h.extent)::numeric, 6), round(extensions.st_ymin(h.extent)::numeric, 6),
              round(extensions.st_xmax(h.extent)::numeric, 6), round(extensions.st_ymax(h.extent)::numeric, 6)) end)
         order by h.starts desc, h.name, h.kind, h.context, h.tiebreak), '[]'::jsonb)
  from (select hits.*, lower(hits.name) like ltrim(q.pattern, '%') as starts
        from hits, q where hits.id is not null
        order by starts desc, hits.name, hits.kind, hits.context, hits.tiebreak limit (select cap from q)) h
$$;
