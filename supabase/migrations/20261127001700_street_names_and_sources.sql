-- Gaps per street name within a neighbourhood (a street's segments summed, as planners
-- talk about "Fairholme Road", not segment 3 of it), and the data sources on the map,
-- for the About panel's attribution.

/**
 * Street names ranked by gap within each neighbourhood: the sum over a name's segments
 * of demand, supply and gap (DESIGN.md's street gap, added up by name).
 * Example: select * from street_name_gaps(400, array['food']) limit 10;
 */
create function public.street_name_gaps(
  radius_m float8 default 400, categories text[] default null,
  neighbourhood uuid default null, max_results int default 500
)
returns table (street_name text, neighbourhood_id uuid, neighbourhood_name text, segments int,
               demand int, supply int, gap float8, by_category jsonb)
language plpgsql stable
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.check_gap_params(street_name_gaps.radius_m, street_name_gaps.categories);
  perform private.check_range(street_name_gaps.max_results, 1, 5000, 'The number of results');
  return query
  with per_category as (
    select s.name, s.neighbourhood_id, g.category, count(*)::int as segments,
           sum(g.demand)::int as demand, sum(g.supply)::int as supply, sum(g.gap) as gap
    from private.street_category_gaps(street_name_gaps.radius_m, street_name_gaps.categories) g
    join public.streets s on s.id = g.street_id
    where s.name is not null
      and (street_name_gaps.neighbourhood is null or s.neighbourhood_id = street_name_gaps.neighbourhood)
    group by s.name, s.neighbourhood_id, g.category
  )
  select pc.name, pc.neighbourhood_id, nb.name,
         (select count(*)::int from public.streets s2
          where s2.name = pc.name and s2.neighbourhood_id is not distinct from pc.neighbourhood_id),
         sum(pc.demand)::int, sum(pc.supply)::int, sum(pc.gap),
         jsonb_agg(jsonb_build_object('category', pc.category, 'demand', pc.demand,
                                      'supply', pc.supply, 'gap', pc.gap)
                   order by pc.gap desc, pc.category)
  from per_category pc
  left join public.neighbourhoods nb on nb.id = pc.neighbourhood_id
  group by pc.name, pc.neighbourhood_id, nb.name
  order by sum(pc.gap) desc, pc.name, nb.name
  limit street_name_gaps.max_results;
end
$$;

/** Which sources the map's data comes from, with how many rows of each layer. */
create function public.data_sources()
returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('source', x.source, 'layer', x.layer, 'rows', x.n)
                            order by x.source, x.layer), '[]'::jsonb)
  from (
    select source, 'streets' as layer, count(*) as n from public.streets group by source
    union all select source, 'neighbourhoods', count(*) from public.neighbourhoods group by source
    union all select source, 'assets', count(*) from public.assets group by source
    union all select source, 'enterprises', count(*) from public.enterprises group by source
  ) x
$$;

revoke execute on function public.street_name_gaps(float8, text[], uuid, int), public.data_sources() from public;
grant execute on function public.street_name_gaps(float8, text[], uuid, int), public.data_sources() to anon, authenticated;
revoke execute on all functions in schema private from public;
