-- Streets as people know them. A street is the connected segments of one name in one
-- settlement: "High Street, Oakham" is one street however many junctions cut it, and
-- the "Main Street" of Langham is not the "Main Street" of Barleythorpe even when both
-- lie in one LSOA. Settlements come from OpenStreetMap's place nodes (public.places).
-- The grouping is computed here, in SQL, so every engine (PGlite, Postgres, hosted
-- Supabase) gives the same answer, and it is recomputed whenever streets or places change.

/** Named places: towns, villages, hamlets and the suburbs of towns (OSM place=*). */
create table public.places (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  kind text not null check (kind in ('city', 'town', 'village', 'hamlet', 'suburb', 'quarter', 'neighbourhood', 'locality')),
  source text not null default 'local',
  source_id text,
  geom extensions.geography(Point, 4326) not null,
  created_at timestamptz not null default now(),
  unique (source, source_id)
);
alter table public.places enable row level security;

create index places_geom_idx on public.places using gist (geom);

create policy "Anyone can read places" on public.places
  for select to anon, authenticated using (true);

/**
 * Streets as people know them: one row per street (named: its connected segments of one
 * name in one settlement; unnamed: the segments of one OSM way), with the label people
 * would use ("footpath off High Street" for an unnamed path). Written only by
 * private.refresh_street_groups(); ids are derived from what defines the street, so
 * they survive recomputation and are the same on every engine.
 */
create table public.street_groups (
  id uuid primary key,
  name text,
  label text not null,
  settlement text,
  highway text not null,
  neighbourhood_id uuid references public.neighbourhoods (id) on delete set null,
  segments int not null,
  length_m float8 not null,
  geom extensions.geography(MultiLineString, 4326) not null
);
alter table public.street_groups enable row level security;

create index street_groups_geom_idx on public.street_groups using gist (geom);
create index street_groups_neighbourhood_idx on public.street_groups (neighbourhood_id);
create index street_groups_label_idx on public.street_groups (lower(label) text_pattern_ops);

create policy "Anyone can read streets as people know them" on public.street_groups
  for select to anon, authenticated using (true);

alter table public.streets add column group_id uuid references public.street_groups (id) on delete set null;
create index streets_group_idx on public.streets (group_id);

/** What an unnamed segment is called, by its highway class. */
create function private.unnamed_noun(p_highway text)
returns text
language sql immutable
set search_path = ''
as $$
  select case
    when p_highway in ('footway', 'path', 'steps', 'bridleway', 'pedestrian') then 'footpath'
    when p_highway = 'cycleway' then 'cycle path'
    when p_highway = 'track' then 'track'
    when p_highway = 'service' then 'service road'
    else 'road'
  end
$$;

/**
 * Recomputes street_groups and streets.group_id from the streets and places. Returns the
 * number of streets (groups). Deterministic: components by distance (segments whose ends
 * are within 20 m are connected), settlements by the nearest place weighted by its kind,
 * every tie broken by names and source ids, never by a random uuid.
 */
create function private.refresh_street_groups()
returns int
language plpgsql
set search_path = ''
as $$
declare
  v_lat0 float8;
  -- 20 m, in degrees of latitude: the tolerance for "connected" (OSM junctions share a
  -- node; 20 m also joins a street broken by a short unnamed link or a roundabout).
  v_eps float8 := 20 / 111320.0;
  v_count int;
begin
  select coalesce(avg(extensions.st_y(extensions.st_centroid(s.geom::extensions.geometry))), 0)
    into v_lat0 from public.streets s;

  -- Tell plpgsql_check (supabase db lint) the shape of the work tables made below.
  perform 'PRAGMA:TABLE: street_group_members (street_id uuid, group_id uuid)';
  perform 'PRAGMA:TABLE: street_group_rows (id uuid, name text, label text, settlement text)';
  create temp table if not exists street_group_members (
    street_id uuid primary key, group_id uuid not null
  ) on commit drop;
  create temp table if not exists street_group_rows (
    id uuid primary key, name text, label text not null, settlement text
  ) on commit drop;
  truncate street_group_members, street_group_rows;

  -- Named streets: connected components per name, then components of one name in one
  -- settlement merged (a street interrupted by a roundabout stays one street).
  with seg as (
    select s.id, s.name, lower(btrim(s.name)) as key, s.geom,
           coalesce(s.source || '/' || s.source_id, s.id::text) as skey,
           -- Longitude shrunk by cos(latitude), so distances in degrees are the same both ways.
           extensions.st_scale(s.geom::extensions.geometry, cos(radians(v_lat0)), 1) as g
    from public.streets s where s.name is not null
  ), comp as (
    select seg.*, extensions.st_clusterdbscan(seg.g, v_eps, 1) over (partition by seg.key) as c
    from seg
  ), comps as (
    select c.key, c.c, min(c.name) as name, min(c.skey) as first_key,
           extensions.st_centroid(extensions.st_collect(c.geom::extensions.geometry))::extensions.geography as centre
    from comp c group by c.key, c.c
  ), placed as (
    select cs.*, pl.place_key, pl.place_name
    from comps cs
    left join lateral (
      -- The nearest settlement, a town reaching three times and a village one and a half
      -- times as far as a hamlet (1.5 km); out in the country, the nearest named place
      -- within 10 km (so two pieces of a country road near one farm are one street).
      select p.source || '/' || coalesce(p.source_id, p.name) as place_key, p.name as place_name
      from public.places p
      cross join lateral (select case p.kind when 'city' then 4 when 'town' then 3 when 'village' then 1.5 else 1 end as w) k
      cross join lateral (select extensions.st_distance(p.geom, cs.centre, false) as d) dist
      where extensions.st_dwithin(p.geom, cs.centre, 10000, false)
      order by (p.kind in ('city', 'town', 'village', 'hamlet') and dist.d <= 1500 * k.w) desc,
               dist.d / k.w, p.name, p.source_id
      limit 1
    ) pl on true
  ), grouped as (
    select pc.*, md5('street|' || pc.key || '|' || coalesce(pc.place_key, pc.first_key))::uuid as gid
    from placed pc
  ), members as (
    insert into street_group_members (street_id, group_id)
    select c.id, g.gid from comp c join grouped g on g.key = c.key and g.c = c.c
    returning group_id
  )
  insert into street_group_rows (id, name, label, settlement)
  select g.gid, min(g.name), min(g.name), min(g.place_name)
  from grouped g group by g.gid;

  -- Unnamed segments: one street per OSM way (a way cut at junctions is still one path),
  -- labelled from the nearest named street within 30 m, or the nearest place.
  with seg as (
    select s.id, s.highway, s.geom,
           case when s.source_id ~ '^way/[0-9]+'
                then s.source || '/' || substring(s.source_id from '^way/[0-9]+')
                else coalesce(s.source || '/' || s.source_id, s.id::text) end as wkey
    from public.streets s where s.name is null
  ), ways as (
    select seg.wkey, md5('way|' || seg.wkey)::uuid as gid,
           (array_agg(seg.highway order by extensions.st_length(seg.geom, false) desc, seg.highway))[1] as highway,
           extensions.st_collect(seg.geom::extensions.geometry)::extensions.geography as geom
    from seg group by seg.wkey
  ), members as (
    insert into street_group_members (street_id, group_id)
    select seg.id, md5('way|' || seg.wkey)::uuid from seg
    returning group_id
  )
  insert into street_group_rows (id, name, label, settlement)
  select w.gid, null,
         case when off.name is not null then private.unnamed_noun(w.highway) || ' off ' || off.name
              when near.name is not null then private.unnamed_noun(w.highway) || ' near ' || near.name
              else 'unnamed ' || private.unnamed_noun(w.highway) end,
         near.name
  from ways w
  left join lateral (
    select s.name from public.streets s
    where s.name is not null and extensions.st_dwithin(s.geom, w.geom, 30, false)
    order by extensions.st_distance(s.geom, w.geom, false), s.name
    limit 1
  ) off on true
  left join lateral (
    select p.name from public.places p
    where p.kind in ('city', 'town', 'village', 'hamlet', 'suburb')
      and extensions.st_dwithin(p.geom, w.geom, 3000, false)
    order by extensions.st_distance(p.geom, w.geom, false), p.name, p.source_id
    limit 1
  ) near on true;

  -- Write: upsert the groups, point the segments at them, drop groups left empty.
  with agg as (
    select m.group_id,
           count(*)::int as segments,
           sum(extensions.st_length(s.geom, false)) as length_m,
           (array_agg(s.highway order by extensions.st_length(s.geom, false) desc, s.id))[1] as highway,
           (array_agg(s.neighbourhood_id order by extensions.st_length(s.geom, false) desc,
                      coalesce(s.source || '/' || s.source_id, s.id::text))
              filter (where s.neighbourhood_id is not null))[1] as neighbourhood_id,
           extensions.st_multi(extensions.st_collect(s.geom::extensions.geometry))::extensions.geography as geom
    from street_group_members m join public.streets s on s.id = m.street_id
    group by m.group_id
  )
  insert into public.street_groups as sg (id, name, label, settlement, highway, neighbourhood_id, segments, length_m, geom)
  select r.id, r.name, r.label, r.settlement, a.highway, a.neighbourhood_id, a.segments, a.length_m, a.geom
  from street_group_rows r join agg a on a.group_id = r.id
  on conflict (id) do update
    set name = excluded.name, label = excluded.label, settlement = excluded.settlement,
        highway = excluded.highway, neighbourhood_id = excluded.neighbourhood_id,
        segments = excluded.segments, length_m = excluded.length_m, geom = excluded.geom
    where (sg.name, sg.label, sg.settlement, sg.highway, sg.neighbourhood_id, sg.segments)
          is distinct from (excluded.name, excluded.label, excluded.settlement, excluded.highway,
                            excluded.neighbourhood_id, excluded.segments)
       or extensions.st_asbinary(sg.geom) is distinct from extensions.st_asbinary(excluded.geom);

  update public.streets s set group_id = m.group_id
  from street_group_members m
  where s.id = m.street_id and s.group_id is distinct from m.group_id;

  delete from public.street_groups g where not exists (select 1 from street_group_rows r where r.id = g.id);

  select count(*)::int into v_count from public.street_groups;
  return v_count;
end
$$;

/**
 * Keeps the grouping right on every write path. Bulk writers (the importer) set
 * streetlevel.defer_street_groups = 'on' for their transaction and call
 * private.refresh_street_groups() once at the end instead of once per batch.
 */
create function private.street_groups_changed()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- The API roles have no write policy on streets or places, so a statement of theirs
  -- changed nothing (an after-statement trigger fires even for zero rows).
  if current_user in ('anon', 'authenticated') then
    return null;
  end if;
  if coalesce(current_setting('streetlevel.defer_street_groups', true), '') <> 'on' then
    perform private.refresh_street_groups();
  end if;
  return null;
end
$$;

create trigger streets_regroup_insert after insert on public.streets
  for each statement execute function private.street_groups_changed();
create trigger streets_regroup_update after update of name, highway, geom, neighbourhood_id, source_id on public.streets
  for each statement execute function private.street_groups_changed();
create trigger streets_regroup_delete after delete on public.streets
  for each statement execute function private.street_groups_changed();
create trigger places_regroup after insert or update or delete on public.places
  for each statement execute function private.street_groups_changed();

/**
 * Snaps a point to a street within 150 m, preferring a named street: the nearest named
 * street within 40 m wins over a nearer unnamed footpath (people pin needs on their
 * street, and a path behind the houses is often nearer). Ties go to the lower source id,
 * never to a random uuid. Returns the street, the snap distance and the public point:
 * the middle of the 60 m stretch of that street the point falls in.
 */
create or replace function private.snap_to_street(p_point extensions.geography)
returns table (street_id uuid, neighbourhood_id uuid, distance_m float8, public_geom extensions.geography)
language sql stable
set search_path = ''
as $$
  with candidates as (
    select s.id, s.neighbourhood_id, s.geom, s.name,
           extensions.st_distance(s.geom, p_point, false) as distance_m,
           coalesce(s.source || '/' || s.source_id, s.id::text) as skey
    from public.streets s
    where extensions.st_dwithin(s.geom, p_point, 150, false)
  ), nearest as (
    select c.* from candidates c
    order by (c.name is not null and c.distance_m <= 40) desc, c.distance_m, c.skey
    limit 1
  ), stretch as (
    select nearest.*,
           greatest(1, floor(extensions.st_length(nearest.geom, false) / 60))::int as buckets,
           extensions.st_linelocatepoint(nearest.geom::extensions.geometry,
                                         p_point::extensions.geometry) as fraction
    from nearest
  )
  select id, neighbourhood_id, distance_m,
         extensions.st_lineinterpolatepoint(
           geom::extensions.geometry,
           (least(floor(fraction * buckets), buckets - 1) + 0.5) / buckets
         )::extensions.geography
  from stretch
$$;

/** Gap by street (as people know it) and category: demand summed over its segments,
 *  supply = distinct providers of the category within R of any of its segments (the
 *  distance to the street's collected lines is the least distance to any segment).
 *  p_group limits it to one street (its page). */
create function private.street_group_category_gaps(p_radius_m float8, p_categories text[], p_group uuid default null)
returns table (group_id uuid, category text, demand int, supply int, gap float8)
language sql stable
set search_path = ''
as $$
  with demand as (
    select s.group_id, n.category, sum(1 + n.supporters_count)::int as demand
    from public.needs n
    join public.streets s on s.id = n.street_id
    where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
      and s.group_id is not null and (p_group is null or s.group_id = p_group)
      and (p_categories is null or n.category = any (p_categories))
    group by s.group_id, n.category
  ), reached as materialized (
    -- Set-based and materialised (else the planner re-runs it per demand row): each
    -- street with demand against the providers near it, once.
    -- The box test first (cheap; R in degrees is overestimated, right up to 63° north),
    -- then the real distance on the sphere, like Turf.
    select g.id as group_id, 'asset' as kind, a.id, a.categories
    from public.street_groups g
    join public.assets a
      on a.geom::extensions.geometry operator(extensions.&&) extensions.st_expand(g.geom::extensions.geometry, p_radius_m / 50000)
     and extensions.st_dwithin(a.geom, g.geom, p_radius_m, false)
    where g.id in (select d.group_id from demand d)
    union all
    select g.id, 'enterprise', e.id, e.categories
    from public.street_groups g
    join public.enterprises e
      on e.geom::extensions.geometry operator(extensions.&&) extensions.st_expand(g.geom::extensions.geometry, p_radius_m / 50000)
     and extensions.st_dwithin(e.geom, g.geom, p_radius_m, false)
    where g.id in (select d.group_id from demand d) and e.status = 'active'
  ), supply as materialized (
    -- Joined on equalities only (a provider once per category it serves), so it hashes.
    select d.group_id, d.category, count(distinct (r.kind, r.id))::int as supply
    from demand d
    join (select x.group_id, x.kind, x.id, unnest(x.categories) as category from reached x) r
      on r.group_id = d.group_id and r.category = d.category
    group by d.group_id, d.category
  )
  select d.group_id, d.category, d.demand, coalesce(sp.supply, 0),
         d.demand::float8 / (1 + coalesce(sp.supply, 0)) as gap
  from demand d
  left join supply sp on sp.group_id = d.group_id and sp.category = d.category
$$;
grant execute on function private.street_group_category_gaps(float8, text[], uuid) to anon, authenticated;

/**
 * Streets (as people know them) ranked by gap, largest first, one row per street, with
 * how many streets have a gap in all (total_count) so a page of rows can say "1–100 of
 * 1,364". Ties: label, settlement, then the derived id. with_geometry adds each street's
 * lines as GeoJSON (for exports).
 * Example: select * from ranked_streets(400, array['food'], null, 100, 0);
 */
create function public.ranked_streets(
  radius_m float8 default 400, categories text[] default null, neighbourhood uuid default null,
  max_results int default 100, skip int default 0, with_geometry boolean default false
)
returns table (street_id uuid, street_name text, label text, settlement text, highway text,
               neighbourhood_id uuid, neighbourhood_name text, segments int, segment_ids uuid[],
               demand int, supply int, gap float8, by_category jsonb, bbox jsonb, geometry jsonb,
               total_count int)
language plpgsql stable
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.check_gap_params(ranked_streets.radius_m, ranked_streets.categories);
  perform private.check_range(ranked_streets.max_results, 1, 5000, 'The number of results');
  perform private.check_range(ranked_streets.skip, 0, 1000000, 'The rows to skip');
  return query
  with per_street as (
    select g.group_id, sum(g.demand)::int as demand, sum(g.supply)::int as supply, sum(g.gap) as gap,
           jsonb_agg(jsonb_build_object('category', g.category, 'demand', g.demand,
                                        'supply', g.supply, 'gap', g.gap)
                     order by g.gap desc, g.category) as by_category
    from private.street_group_category_gaps(ranked_streets.radius_m, ranked_streets.categories) g
    group by g.group_id
  ), ranked as (
    select sg.*, ps.demand, ps.supply, ps.gap, ps.by_category, count(*) over () as total
    from per_street ps
    join public.street_groups sg on sg.id = ps.group_id
    where ranked_streets.neighbourhood is null or sg.neighbourhood_id = ranked_streets.neighbourhood
    order by ps.gap desc, sg.label, sg.settlement nulls last, sg.id
    limit ranked_streets.max_results offset ranked_streets.skip
  )
  select r.id, r.name, r.label, r.settlement, r.highway, r.neighbourhood_id, nb.name, r.segments,
         array(select s.id from public.streets s where s.group_id = r.id
               order by coalesce(s.source || '/' || s.source_id, s.id::text)),
         r.demand, r.supply, r.gap, r.by_category,
         jsonb_build_array(
           round(extensions.st_xmin(r.geom::extensions.geometry)::numeric, 6), round(extensions.st_ymin(r.geom::extensions.geometry)::numeric, 6),
           round(extensions.st_xmax(r.geom::extensions.geometry)::numeric, 6), round(extensions.st_ymax(r.geom::extensions.geometry)::numeric, 6)),
         case when ranked_streets.with_geometry then extensions.st_asgeojson(r.geom::extensions.geometry, 6)::jsonb end,
         r.total::int
  from ranked r
  left join public.neighbourhoods nb on nb.id = r.neighbourhood_id
  order by r.gap desc, r.label, r.settlement nulls last, r.id;
end
$$;

/** The street a segment belongs to, or the street itself when given a street's id. */
create function private.street_group_of(p_id uuid)
returns uuid
language sql stable
set search_path = ''
as $$
  select coalesce((select g.id from public.street_groups g where g.id = p_id),
                  (select s.group_id from public.streets s where s.id = p_id))
$$;
grant execute on function private.street_group_of(uuid) to anon, authenticated;

/**
 * A street's page, answered for that street alone (whether or not it is in view): what
 * it is (name or label, settlement, neighbourhood, its segments), its gap by topic, the
 * needs raised on it at their public points, the providers within R, and the trend of
 * needs raised, adopted and met by month over the last twelve months. Takes a street's id or any
 * of its segments' ids.
 * Example: select street_page('…', 400);
 */
create function public.street_page(street uuid, radius_m float8 default 400, categories text[] default null)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_id uuid;
  v_result jsonb;
begin
  perform private.check_gap_params(street_page.radius_m, street_page.categories);
  v_id := private.street_group_of(street_page.street);
  if v_id is null then
    raise exception 'There is no such street.' using errcode = 'P0002';
  end if;
  select jsonb_build_object(
    'id', g.id, 'name', g.name, 'label', g.label, 'settlement', g.settlement, 'highway', g.highway,
    'neighbourhood', (select jsonb_build_object('id', nb.id, 'name', nb.name, 'code', nb.code)
                      from public.neighbourhoods nb where nb.id = g.neighbourhood_id),
    'length_m', round(g.length_m::numeric), 'radius_m', street_page.radius_m,
    'bbox', jsonb_build_array(
       round(extensions.st_xmin(g.geom::extensions.geometry)::numeric, 6), round(extensions.st_ymin(g.geom::extensions.geometry)::numeric, 6),
       round(extensions.st_xmax(g.geom::extensions.geometry)::numeric, 6), round(extensions.st_ymax(g.geom::extensions.geometry)::numeric, 6)),
    'segments', (select coalesce(jsonb_agg(jsonb_build_object(
                    'id', s.id, 'highway', s.highway, 'length_m', round(extensions.st_length(s.geom, false)::numeric),
                    'neighbourhood_id', s.neighbourhood_id,
                    'geometry', extensions.st_asgeojson(s.geom::extensions.geometry, 6)::jsonb)
                  order by coalesce(s.source || '/' || s.source_id, s.id::text)), '[]'::jsonb)
                 from public.streets s where s.group_id = g.id),
    'gap', (select jsonb_build_object(
              'demand', coalesce(sum(c.demand), 0), 'supply', coalesce(sum(c.supply), 0), 'gap', coalesce(sum(c.gap), 0),
              'by_category', coalesce(jsonb_agg(jsonb_build_object('category', c.category, 'demand', c.demand,
                                                                   'supply', c.supply, 'gap', c.gap)
                                                order by c.gap desc, c.category), '[]'::jsonb))
            from private.street_group_category_gaps(street_page.radius_m, street_page.categories, g.id) c),
    'needs', (select coalesce(jsonb_agg(private.need_json(n.id)
                 order by (n.status in ('open', 'acknowledged', 'adopted')) desc, n.created_at desc, n.id), '[]'::jsonb)
              from public.needs n join public.streets s on s.id = n.street_id
              where s.group_id = g.id and n.hidden_at is null and n.status <> 'withdrawn'
                and (street_page.categories is null or n.category = any (street_page.categories))),
    'providers', (select coalesce(jsonb_agg(p.j order by p.d, p.name, p.id), '[]'::jsonb) from (
                    select a.id, a.name, min(extensions.st_distance(a.geom, s.geom, false)) as d,
                           jsonb_build_object('layer', 'assets', 'id', a.id, 'name', a.name, 'categories', a.categories,
                             'distance_m', round(min(extensions.st_distance(a.geom, s.geom, false))::numeric),
                             'point', jsonb_build_array(round(extensions.st_x(a.geom::extensions.geometry)::numeric, 6),
                                                        round(extensions.st_y(a.geom::extensions.geometry)::numeric, 6))) as j
                    from public.streets s
                    join public.assets a on extensions.st_dwithin(a.geom, s.geom, street_page.radius_m, false)
                    where s.group_id = g.id
                    group by a.id
                    union all
                    select e.id, e.name, min(extensions.st_distance(e.geom, s.geom, false)),
                           jsonb_build_object('layer', 'enterprises', 'id', e.id, 'name', e.name, 'categories', e.categories,
                             'distance_m', round(min(extensions.st_distance(e.geom, s.geom, false))::numeric),
                             'point', jsonb_build_array(round(extensions.st_x(e.geom::extensions.geometry)::numeric, 6),
                                                        round(extensions.st_y(e.geom::extensions.geometry)::numeric, 6)))
                    from public.streets s
                    join public.enterprises e on extensions.st_dwithin(e.geom, s.geom, street_page.radius_m, false)
                    where s.group_id = g.id and e.status = 'active'
                    group by e.id) p),
    'trend', (select coalesce(jsonb_agg(jsonb_build_object('month', to_char(m.month, 'YYYY-MM'),
                 'raised', (select count(*) from public.needs n join public.streets s on s.id = n.street_id
                            where s.group_id = g.id and n.hidden_at is null and n.status <> 'withdrawn'
                              and date_trunc('month', n.created_at) = m.month),
                 'adopted', (select count(*) from public.need_events e join public.needs n on n.id = e.need_id
                             join public.streets s on s.id = n.street_id
                             where s.group_id = g.id and e.to_status = 'adopted' and n.hidden_at is null
                               and date_trunc('month', e.created_at) = m.month),
                 'met', (select count(*) from public.need_events e join public.needs n on n.id = e.need_id
                         join public.streets s on s.id = n.street_id
                         where s.group_id = g.id and e.to_status = 'met' and n.hidden_at is null
                           and date_trunc('month', e.created_at) = m.month))
                 order by m.month), '[]'::jsonb)
              from generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()),
                                   interval '1 month') as m(month)))
  into v_result
  from public.street_groups g where g.id = v_id;
  return v_result;
end
$$;

revoke execute on function public.ranked_streets(float8, text[], uuid, int, int, boolean),
  public.street_page(uuid, float8, text[]) from public;
grant execute on function public.ranked_streets(float8, text[], uuid, int, int, boolean),
  public.street_page(uuid, float8, text[]) to anon, authenticated;

-- Group what is there already (an existing town, or the demo seeded before this migration).
select private.refresh_street_groups();

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
