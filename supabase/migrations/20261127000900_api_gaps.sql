-- API: gaps, as DESIGN.md defines them. For street segment s and category c:
--   demand(s,c) = open needs of c snapped to s, each counting 1 + its supporters
--   supply(s,c) = assets and active enterprises serving c within R metres of s
--   gap(s,c)    = demand / (1 + supply); a street's gap is the sum over categories.
-- "Open" means not yet met: open, acknowledged or adopted, and not hidden.
-- Distances are on the sphere (use_spheroid => false), like Turf, so the browser's
-- what-if agrees with this function on the same data.

/** Gap by street segment and category, for streets with any open need. */
create function private.street_category_gaps(p_radius_m float8, p_categories text[])
returns table (street_id uuid, category text, demand int, supply int, gap float8)
language sql stable
set search_path = ''
as $$
  with demand as (
    select n.street_id, n.category, sum(1 + n.supporters_count)::int as demand
    from public.needs n
    where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
      and (p_categories is null or n.category = any (p_categories))
    group by n.street_id, n.category
  )
  select d.street_id, d.category, d.demand, sup.supply,
         d.demand::float8 / (1 + sup.supply) as gap
  from demand d
  join public.streets s on s.id = d.street_id
  cross join lateral (
    select ((select count(*) from public.assets a
             where a.categories @> array[d.category]
               and extensions.st_dwithin(a.geom, s.geom, p_radius_m, false))
          + (select count(*) from public.enterprises e
             where e.status = 'active' and e.categories @> array[d.category]
               and extensions.st_dwithin(e.geom, s.geom, p_radius_m, false)))::int as supply
  ) sup
$$;

/** Validates the shared gap parameters. */
create function private.check_gap_params(p_radius_m float8, p_categories text[])
returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_radius_m is null then
    raise exception 'The catchment distance is required.' using errcode = '22023';
  end if;
  perform private.check_range(p_radius_m, 50, 5000, 'The catchment distance (metres)');
  perform private.category_filter(p_categories);
end
$$;
grant execute on function private.check_gap_params(float8, text[]) to anon, authenticated;
grant execute on function private.street_category_gaps(float8, text[]) to anon, authenticated;

/**
 * Streets ranked by gap (largest first), with their per-category breakdown.
 * Example: select * from street_gaps(400, array['food']) limit 10;
 */
create function public.street_gaps(
  radius_m float8 default 400, categories text[] default null,
  neighbourhood uuid default null, max_results int default 500
)
returns table (street_id uuid, street_name text, highway text, neighbourhood_id uuid, neighbourhood_name text,
               demand int, supply int, gap float8, by_category jsonb)
language plpgsql stable
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.check_gap_params(street_gaps.radius_m, street_gaps.categories);
  perform private.check_range(street_gaps.max_results, 1, 5000, 'The number of results');
  return query
  select s.id, s.name, s.highway, s.neighbourhood_id, nb.name,
         sum(g.demand)::int, sum(g.supply)::int, sum(g.gap),
         jsonb_agg(jsonb_build_object('category', g.category, 'demand', g.demand,
                                      'supply', g.supply, 'gap', g.gap)
                   order by g.gap desc, g.category)
  from private.street_category_gaps(street_gaps.radius_m, street_gaps.categories) g
  join public.streets s on s.id = g.street_id
  left join public.neighbourhoods nb on nb.id = s.neighbourhood_id
  where street_gaps.neighbourhood is null or s.neighbourhood_id = street_gaps.neighbourhood
  group by s.id, s.name, s.highway, s.neighbourhood_id, nb.name
  order by sum(g.gap) desc, s.name, s.id
  limit street_gaps.max_results;
end
$$;

/**
 * Per neighbourhood: demand, coverage (share of open needs with a provider of their
 * category within R of the need's public point), total gap, the top unmet categories,
 * and outcomes (needs raised, met, share met, median days to met).
 */
create function public.neighbourhood_gaps(radius_m float8 default 400, categories text[] default null)
returns table (neighbourhood_id uuid, code text, name text, open_needs int, demand int,
               covered_needs int, coverage float8, gap float8, top_unmet jsonb,
               needs_raised int, needs_met int, share_met float8, median_days_to_met float8)
language sql stable
set search_path = ''
as $$
  -- Checked in a statement of its own: inside the query below the planner may drop a
  -- call whose result is unused, and bad arguments would pass unnoticed.
  select private.check_gap_params(neighbourhood_gaps.radius_m, neighbourhood_gaps.categories);
  with params as (
    select neighbourhood_gaps.radius_m as r, neighbourhood_gaps.categories as cats
  ), open_needs as (
    select n.id, n.neighbourhood_id, n.category, 1 + n.supporters_count as weight,
           exists (select 1 from public.assets a
                   where a.categories @> array[n.category]
                     and extensions.st_dwithin(a.geom, n.public_geom, p.r, false))
           or exists (select 1 from public.enterprises e
                      where e.status = 'active' and e.categories @> array[n.category]
                        and extensions.st_dwithin(e.geom, n.public_geom, p.r, false)) as covered
    from public.needs n, params p
    where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
      and (p.cats is null or n.category = any (p.cats))
  ), street_gap as (
    select s.neighbourhood_id, sum(g.gap) as gap
    from params p, private.street_category_gaps(p.r, p.cats) g
    join public.streets s on s.id = g.street_id
    group by s.neighbourhood_id
  ), unmet as (
    select o.neighbourhood_id, o.category, sum(o.weight) as demand
    from open_needs o where not o.covered
    group by o.neighbourhood_id, o.category
  ), outcomes as (
    select n.neighbourhood_id, count(*) as raised,
           count(*) filter (where n.status = 'met') as met,
           percentile_cont(0.5) within group (order by extract(epoch from (m.met_at - n.created_at)) / 86400)
             filter (where n.status = 'met') as median_days
    from public.needs n, params p
    left join lateral (select max(e.created_at) as met_at from public.need_events e
                       where e.need_id = n.id and e.to_status = 'met') m on true
    where n.hidden_at is null and n.status <> 'withdrawn'
      and (p.cats is null or n.category = any (p.cats))
    group by n.neighbourhood_id
  )
  select nb.id, nb.code, nb.name,
         coalesce((select count(*) from open_needs o where o.neighbourhood_id = nb.id), 0)::int,
         coalesce((select sum(o.weight) from open_needs o where o.neighbourhood_id = nb.id), 0)::int,
         coalesce((select count(*) from open_needs o where o.neighbourhood_id = nb.id and o.covered), 0)::int,
         (select avg(case when o.covered then 1.0 else 0.0 end) from open_needs o
          where o.neighbourhood_id = nb.id)::float8,
         coalesce(sg.gap, 0),
         coalesce((select jsonb_agg(jsonb_build_object('category', u.category, 'demand', u.demand)
                                    order by u.demand desc, u.category)
                   from (select * from unmet u where u.neighbourhood_id = nb.id
                         order by u.demand desc, u.category limit 3) u), '[]'::jsonb),
         coalesce(oc.raised, 0)::int, coalesce(oc.met, 0)::int,
         case when oc.raised > 0 then oc.met::float8 / oc.raised end,
         round(oc.median_days::numeric, 1)::float8
  from public.neighbourhoods nb
  left join street_gap sg on sg.neighbourhood_id = nb.id
  left join outcomes oc on oc.neighbourhood_id = nb.id
  order by coalesce(sg.gap, 0) desc, nb.name
$$;

revoke execute on function public.street_gaps(float8, text[], uuid, int),
  public.neighbourhood_gaps(float8, text[]) from public;
grant execute on function public.street_gaps(float8, text[], uuid, int),
  public.neighbourhood_gaps(float8, text[]) to anon, authenticated;

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
