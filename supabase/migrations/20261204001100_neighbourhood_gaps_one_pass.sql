-- neighbourhood_gaps in fewer passes (issue 13: ≤ 100 ms on Postgres on whole Rutland +
-- 20,000 needs; it took 110 ms). Profiled on Postgres (EXPLAIN ANALYZE, jit off), the
-- 20261201003000 form spent a third of its time materialising every open need with its
-- coverage (hashing the 20,000 needs to probe them with the covered ones: the row
-- estimates through its params CTE were off by twenty), a third summing street gaps
-- over 16,000 (street, category) rows, and the rest on outcomes.
-- Now, with the same results:
--   * open needs are counted per (neighbourhood, category) in one scan, each needs's
--     coverage looked up in need_coverage for a cached R (the exact test otherwise);
--     per neighbourhood they are sums of those, and coverage is the same numeric
--     division avg() does (a sum of 1.0s over a count);
--   * street gaps, for all categories and a cached R, are summed from street_gap_rows
--     (one row per street) instead of per category.
-- Security definer helpers read the caches; they count only visible needs, as every
-- role sees them.

/**
 * Open needs (visible) per neighbourhood and category: how many, their demand, how many
 * are covered (a provider of their category within R of their public point) as a count
 * and as avg()'s sum of 1.0s, and the demand of those uncovered.
 */
create function private.neighbourhood_need_stats(p_radius_m float8, p_categories text[])
returns table (neighbourhood_id uuid, category text, open_needs bigint, demand bigint, covered_needs bigint,
               covered_sum numeric, uncovered_needs bigint, uncovered_demand bigint)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
begin
  if exists (select 1 from private.gap_radii_public r where r.radius_m = p_radius_m) then
    return query
    select n.neighbourhood_id, n.category, count(*), sum(1 + n.supporters_count),
           count(c.need_id), sum(case when c.need_id is not null then 1.0 else 0.0 end),
           count(*) filter (where c.need_id is null), sum(1 + n.supporters_count) filter (where c.need_id is null)
    from public.needs n
    left join private.need_coverage c on c.radius_m = p_radius_m and c.need_id = n.id
    where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
      and (p_categories is null or n.category = any (p_categories))
    group by n.neighbourhood_id, n.category;
    return;
  end if;
  return query
  select o.neighbourhood_id, o.category, count(*), sum(o.weight),
         count(*) filter (where o.covered), sum(case when o.covered then 1.0 else 0.0 end),
         count(*) filter (where not o.covered), sum(o.weight) filter (where not o.covered)
  from (
    select n.neighbourhood_id, n.category, 1 + n.supporters_count as weight,
           exists (select 1 from public.assets a
                   where a.categories @> array[n.category]
                     and extensions.st_dwithin(a.geom, n.public_geom, p_radius_m, false))
           or exists (select 1 from public.enterprises e
                      where e.status = 'active' and e.categories @> array[n.category]
                        and extensions.st_dwithin(e.geom, n.public_geom, p_radius_m, false)) as covered
    from public.needs n
    where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
      and (p_categories is null or n.category = any (p_categories))
  ) o
  group by o.neighbourhood_id, o.category;
end
$$;

/** The sum of street gaps per neighbourhood (streets without one under null). */
create function private.neighbourhood_street_gaps(p_radius_m float8, p_categories text[])
returns table (neighbourhood_id uuid, gap float8)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
begin
  if p_categories is null and exists (select 1 from private.gap_radii_public r where r.radius_m = p_radius_m) then
    return query
    select s.neighbourhood_id, sum(g.gap)
    from private.street_gap_rows g
    join public.streets s on s.id = g.street_id
    where g.radius_m = p_radius_m
    group by s.neighbourhood_id;
    return;
  end if;
  return query
  select s.neighbourhood_id, sum(g.gap)
  from private.street_category_gaps(p_radius_m, p_categories) g
  join public.streets s on s.id = g.street_id
  group by s.neighbourhood_id;
end
$$;

revoke execute on all functions in schema private from public;
grant execute on function private.neighbourhood_need_stats(float8, text[]), private.neighbourhood_street_gaps(float8, text[])
  to anon, authenticated;

/**
 * Per neighbourhood: demand, coverage (share of open needs with a provider of their
 * category within R of the need's public point), total gap, the top unmet categories,
 * and outcomes; as 20261201003000 defines them.
 */
create or replace function public.neighbourhood_gaps(radius_m float8 default 400, categories text[] default null)
returns table (neighbourhood_id uuid, code text, name text, open_needs int, demand int,
               covered_needs int, coverage float8, gap float8, top_unmet jsonb,
               needs_raised int, needs_met int, share_met float8, median_days_to_met float8)
language sql stable
set search_path = ''
set jit = off
as $$
  -- Checked in a statement of its own: inside the query below the planner may drop a
  -- call whose result is unused, and bad arguments would pass unnoticed.
  select private.check_gap_params(neighbourhood_gaps.radius_m, neighbourhood_gaps.categories);
  with stats as materialized (
    select * from private.neighbourhood_need_stats(neighbourhood_gaps.radius_m, neighbourhood_gaps.categories)
  ), per_neighbourhood as (
    select s.neighbourhood_id, sum(s.open_needs) as open_needs, sum(s.demand) as demand,
           sum(s.covered_needs) as covered_needs, sum(s.covered_sum) / sum(s.open_needs) as coverage
    from stats s
    group by s.neighbourhood_id
  ), unmet as (
    select s.neighbourhood_id, s.category, s.uncovered_demand as demand,
           row_number() over (partition by s.neighbourhood_id order by s.uncovered_demand desc, s.category) as rank
    from stats s where s.uncovered_needs > 0
  ), top_unmet as (
    select u.neighbourhood_id,
           jsonb_agg(jsonb_build_object('category', u.category, 'demand', u.demand)
                     order by u.demand desc, u.category) as top
    from unmet u where u.rank <= 3
    group by u.neighbourhood_id
  ), outcomes as (
    select n.neighbourhood_id, count(*) as raised,
           count(*) filter (where n.status = 'met' and n.met_confirmed_at is not null) as met,
           percentile_cont(0.5) within group (order by extract(epoch from (n.met_at - n.created_at)) / 86400)
             filter (where n.status = 'met' and n.met_confirmed_at is not null) as median_days
    from public.needs n
    where n.hidden_at is null and n.status <> 'withdrawn'
      and (neighbourhood_gaps.categories is null or n.category = any (neighbourhood_gaps.categories))
    group by n.neighbourhood_id
  )
  select nb.id, nb.code, nb.name,
         coalesce(pn.open_needs, 0)::int, coalesce(pn.demand, 0)::int, coalesce(pn.covered_needs, 0)::int,
         pn.coverage::float8,
         coalesce(sg.gap, 0),
         coalesce(tu.top, '[]'::jsonb),
         coalesce(oc.raised, 0)::int, coalesce(oc.met, 0)::int,
         case when oc.raised > 0 then oc.met::float8 / oc.raised end,
         round(oc.median_days::numeric, 1)::float8
  from public.neighbourhoods nb
  left join per_neighbourhood pn on pn.neighbourhood_id = nb.id
  left join private.neighbourhood_street_gaps(neighbourhood_gaps.radius_m, neighbourhood_gaps.categories) sg
    on sg.neighbourhood_id = nb.id
  left join top_unmet tu on tu.neighbourhood_id = nb.id
  left join outcomes oc on oc.neighbourhood_id = nb.id
  order by coalesce(sg.gap, 0) desc, nb.name
$$;
