-- Outcomes count a need as met only once the met is confirmed (by its author, or
-- automatically after 14 days): "met, awaiting confirmation" is not yet an outcome.
-- Redefines neighbourhood_gaps from 20261127000900 now that needs carry met_at and
-- met_confirmed_at (20261127001100).

create or replace function public.neighbourhood_gaps(radius_m float8 default 400, categories text[] default null)
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
           count(*) filter (where n.status = 'met' and n.met_confirmed_at is not null) as met,
           percentile_cont(0.5) within group (order by extract(epoch from (n.met_at - n.created_at)) / 86400)
             filter (where n.status = 'met' and n.met_confirmed_at is not null) as median_days
    from public.needs n, params p
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


/**
 * A need its own author marks met is met, confirmed at once: there is nobody else whose
 * confirmation to wait for. This covers every path that records an author's 'met' event
 * (set_need_status, the demo seed), as mark_need_met already does for the author.
 */
create function private.confirm_author_met()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.needs n set met_confirmed_at = new.created_at
  where n.id = new.need_id and n.status = 'met' and n.met_confirmed_at is null;
  return null;
end
$$;
revoke execute on function private.confirm_author_met() from public;

create trigger need_events_confirm_author_met after insert on public.need_events
  for each row when (new.to_status = 'met' and new.actor_role = 'author')
  execute function private.confirm_author_met();
