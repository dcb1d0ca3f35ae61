-- Gaps at county scale: supply and demand per (street segment, category) kept up to date
-- as providers, streets and needs change, so a gap query is a join and a sort instead of
-- thousands of spatial look-ups. Same definitions as 20261127000900 (DESIGN.md):
--   demand(s,c) = open needs of c snapped to s, each counting 1 + its supporters
--   supply(s,c) = assets and active enterprises serving c within R metres of s
-- Supply depends on R, so it is cached for the planner's catchments (private.gap_radii);
-- any other R is computed exactly as before. Every cache is maintained by statement-level
-- triggers with transition tables (one pass per statement, so bulk imports stay fast) and
-- is exact: distances use the same st_dwithin(provider, target, R, false) test as the
-- uncached query, in the same argument order.

/** The catchments (metres) whose supply is cached; the planner offers these. */
create table private.gap_radii (
  radius_m float8 primary key check (radius_m between 50 and 5000)
);
insert into private.gap_radii (radius_m) values (200), (400), (800);
analyze private.gap_radii;

/** supply(s,c) per cached R; no row means 0. */
create table private.segment_supply (
  radius_m float8 not null references private.gap_radii (radius_m) on delete cascade,
  street_id uuid not null references public.streets (id) on delete cascade,
  category text not null,
  supply int not null, -- no check: an upsert checks the delta row before the conflict
  primary key (radius_m, street_id, category)
);
-- Rows brought down to 0 are deleted straight after each change; this finds them.
create index segment_supply_zero_idx on private.segment_supply (radius_m) where supply = 0;
create index segment_supply_street_idx on private.segment_supply (street_id);

/** demand(s,c) and the number of open needs behind it; no row means none. */
create table private.segment_demand (
  street_id uuid not null references public.streets (id) on delete cascade,
  category text not null,
  demand int not null,
  open_needs int not null,
  primary key (street_id, category)
);
create index segment_demand_zero_idx on private.segment_demand (street_id) where open_needs = 0;

/**
 * Providers of a need's category within R of its public point, per cached R, for every
 * need whatever its status (coverage in neighbourhood_gaps); no row means none.
 */
create table private.need_coverage (
  radius_m float8 not null references private.gap_radii (radius_m) on delete cascade,
  need_id uuid not null references public.needs (id) on delete cascade,
  providers int not null,
  primary key (radius_m, need_id)
);
create index need_coverage_zero_idx on private.need_coverage (radius_m) where providers = 0;
create index need_coverage_need_idx on private.need_coverage (need_id);

-- The API roles never read the caches directly: the gap functions below do.
revoke all on private.gap_radii, private.segment_supply, private.segment_demand, private.need_coverage
  from public, anon, authenticated;

/** One provider's contribution: +1 where it starts serving, -1 where it stops. */
create type private.provider_change as (geom extensions.geography, categories text[], delta int);

/** Applies provider changes to segment_supply and need_coverage for every cached R. */
create function private.apply_provider_changes(p_changes private.provider_change[])
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  if coalesce(cardinality(p_changes), 0) = 0 then return; end if;
  insert into private.segment_supply as t (radius_m, street_id, category, supply)
  select r.radius_m, s.id, c.category, sum(ch.delta)
  from unnest(p_changes) ch
  cross join private.gap_radii r
  cross join lateral (select s.id from public.streets s
                      where extensions.st_dwithin(ch.geom, s.geom, r.radius_m, false) offset 0) s
  cross join lateral (select distinct x from unnest(ch.categories) x) c(category)
  group by r.radius_m, s.id, c.category
  having sum(ch.delta) <> 0
  on conflict (radius_m, street_id, category) do update set supply = t.supply + excluded.supply;
  delete from private.segment_supply where supply = 0;

  insert into private.need_coverage as t (radius_m, need_id, providers)
  select r.radius_m, n.id, sum(ch.delta)
  from unnest(p_changes) ch
  cross join private.gap_radii r
  cross join lateral (select n.id from public.needs n
                      where extensions.st_dwithin(ch.geom, n.public_geom, r.radius_m, false)
                        and n.category = any (ch.categories) offset 0) n
  group by r.radius_m, n.id
  having sum(ch.delta) <> 0
  on conflict (radius_m, need_id) do update set providers = t.providers + excluded.providers;
  delete from private.need_coverage where providers = 0;
end
$$;

/** Keeps the caches right when assets are added, moved, recategorised or removed. */
create function private.assets_changed()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v private.provider_change[];
begin
  if tg_op = 'INSERT' then
    select array_agg(row(n.geom, n.categories, 1)::private.provider_change) into v from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(row(o.geom, o.categories, -1)::private.provider_change) into v from old_rows o;
  else
    select array_agg(x.c) into v from (
      select row(o.geom, o.categories, -1)::private.provider_change as c
      from old_rows o join new_rows n on n.id = o.id
      where extensions.st_asbinary(o.geom) is distinct from extensions.st_asbinary(n.geom)
         or o.categories is distinct from n.categories
      union all
      select row(n.geom, n.categories, 1)::private.provider_change
      from old_rows o join new_rows n on n.id = o.id
      where extensions.st_asbinary(o.geom) is distinct from extensions.st_asbinary(n.geom)
         or o.categories is distinct from n.categories
    ) x;
  end if;
  perform private.apply_provider_changes(v);
  return null;
end
$$;

/** The same for enterprises, which serve only while active. */
create function private.enterprises_changed()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v private.provider_change[];
begin
  if tg_op = 'INSERT' then
    select array_agg(row(n.geom, n.categories, 1)::private.provider_change) into v
    from new_rows n where n.status = 'active';
  elsif tg_op = 'DELETE' then
    select array_agg(row(o.geom, o.categories, -1)::private.provider_change) into v
    from old_rows o where o.status = 'active';
  else
    select array_agg(x.c) into v from (
      select row(o.geom, o.categories, -1)::private.provider_change as c, o.id
      from old_rows o where o.status = 'active'
      union all
      select row(n.geom, n.categories, 1)::private.provider_change, n.id
      from new_rows n where n.status = 'active'
    ) x
    where x.id in (
      select o.id from old_rows o join new_rows n on n.id = o.id
      where o.status is distinct from n.status
         or extensions.st_asbinary(o.geom) is distinct from extensions.st_asbinary(n.geom)
         or o.categories is distinct from n.categories);
  end if;
  perform private.apply_provider_changes(v);
  return null;
end
$$;

-- The providers that serve: every asset, and enterprises while active.
create view private.serving_providers with (security_barrier) as
  select a.geom, a.categories from public.assets a
  union all
  select e.geom, e.categories from public.enterprises e where e.status = 'active';
revoke all on private.serving_providers from public, anon, authenticated;

/**
 * Supply of the given streets (all cached R), from scratch, street by street: each
 * street probes the providers' GiST indexes. `offset 0` keeps the planner from
 * flattening the look-up into a join it would plan without the index.
 */
create function private.compute_street_supply(p_street_ids uuid[])
returns void
language sql
set search_path = ''
set jit = off
as $$
  insert into private.segment_supply (radius_m, street_id, category, supply)
  select r.radius_m, s.id, c.category, count(*)::int
  from unnest(p_street_ids) i(id)
  join public.streets s on s.id = i.id
  cross join private.gap_radii r
  cross join lateral (select p.categories from private.serving_providers p
                      where extensions.st_dwithin(p.geom, s.geom, r.radius_m, false) offset 0) p
  cross join lateral (select distinct x from unnest(p.categories) x) c(category)
  group by r.radius_m, s.id, c.category
$$;

/** New or moved streets get their supply; removed ones lose it by cascade. */
create function private.streets_changed()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.id) into v from new_rows n;
  else
    select array_agg(n.id) into v from old_rows o join new_rows n on n.id = o.id
    where extensions.st_asbinary(o.geom) is distinct from extensions.st_asbinary(n.geom);
    delete from private.segment_supply where street_id = any (v);
  end if;
  if v is not null then perform private.compute_street_supply(v); end if;
  return null;
end
$$;

/** Coverage of the given needs (all cached R), from scratch, need by need (as above). */
create function private.compute_need_coverage(p_need_ids uuid[])
returns void
language sql
set search_path = ''
set jit = off
as $$
  insert into private.need_coverage (radius_m, need_id, providers)
  select r.radius_m, n.id, count(*)::int
  from unnest(p_need_ids) i(id)
  join public.needs n on n.id = i.id
  cross join private.gap_radii r
  cross join lateral (select 1 from private.serving_providers p
                      where extensions.st_dwithin(p.geom, n.public_geom, r.radius_m, false)
                        and n.category = any (p.categories) offset 0) p
  group by r.radius_m, n.id
$$;

-- Needs change one at a time and often (a pin, a support, a status change, each fires
-- these), so their triggers work on the transition tables directly, in as few
-- statements as they can: the demo seed alone runs a thousand of them.
-- A need counts in demand while open, acknowledged or adopted, and not hidden.

create function private.needs_inserted()
returns trigger
language plpgsql security definer
set search_path = ''
set jit = off
as $$
begin
  with demand as (
    insert into private.segment_demand as t (street_id, category, demand, open_needs)
    select n.street_id, n.category, sum(1 + n.supporters_count), count(*)
    from new_rows n
    where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
    group by n.street_id, n.category
    on conflict (street_id, category) do update
      set demand = t.demand + excluded.demand, open_needs = t.open_needs + excluded.open_needs
  )
  insert into private.need_coverage (radius_m, need_id, providers)
  select r.radius_m, n.id, count(*)::int
  from new_rows n
  cross join private.gap_radii r
  cross join lateral (select 1 from private.serving_providers p
                      where extensions.st_dwithin(p.geom, n.public_geom, r.radius_m, false)
                        and n.category = any (p.categories) offset 0) p
  group by r.radius_m, n.id;
  return null;
end
$$;

create function private.needs_updated()
returns trigger
language plpgsql security definer
set search_path = ''
set jit = off
as $$
begin
  insert into private.segment_demand as t (street_id, category, demand, open_needs)
  select c.street_id, c.category, sum(c.demand), sum(c.open_needs)
  from (
    select o.street_id, o.category, -(1 + o.supporters_count) as demand, -1 as open_needs
    from old_rows o where o.status in ('open', 'acknowledged', 'adopted') and o.hidden_at is null
    union all
    select n.street_id, n.category, 1 + n.supporters_count, 1
    from new_rows n where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
  ) c
  group by c.street_id, c.category
  having sum(c.demand) <> 0 or sum(c.open_needs) <> 0
  on conflict (street_id, category) do update
    set demand = t.demand + excluded.demand, open_needs = t.open_needs + excluded.open_needs;
  delete from private.segment_demand where open_needs = 0;

  -- Coverage moves only with a need's point or category.
  if exists (select 1 from old_rows o join new_rows n on n.id = o.id
             where o.category is distinct from n.category
                or extensions.st_asbinary(o.public_geom) is distinct from extensions.st_asbinary(n.public_geom)) then
    perform private.recompute_need_coverage(array(
      select n.id from old_rows o join new_rows n on n.id = o.id
      where o.category is distinct from n.category
         or extensions.st_asbinary(o.public_geom) is distinct from extensions.st_asbinary(n.public_geom)));
  end if;
  return null;
end
$$;

create function private.needs_deleted()
returns trigger
language plpgsql security definer
set search_path = ''
set jit = off
as $$
begin
  insert into private.segment_demand as t (street_id, category, demand, open_needs)
  select o.street_id, o.category, -sum(1 + o.supporters_count), -count(*)
  from old_rows o
  where o.status in ('open', 'acknowledged', 'adopted') and o.hidden_at is null
  group by o.street_id, o.category
  on conflict (street_id, category) do update
    set demand = t.demand + excluded.demand, open_needs = t.open_needs + excluded.open_needs;
  delete from private.segment_demand where open_needs = 0;
  return null; -- need_coverage rows go by cascade
end
$$;

/** Coverage of needs whose point or category changed, from scratch. */
create function private.recompute_need_coverage(p_need_ids uuid[])
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  delete from private.need_coverage where need_id = any (p_need_ids);
  perform private.compute_need_coverage(p_need_ids);
end
$$;

/** Rebuilds every cache from the tables (after a TRUNCATE, or a new cached R). */
create function private.refresh_gap_caches()
returns void
language plpgsql security definer
set search_path = ''
set jit = off
as $$
begin
  delete from private.segment_supply;
  delete from private.segment_demand;
  delete from private.need_coverage;
  perform private.compute_street_supply(array(select s.id from public.streets s));
  insert into private.segment_demand (street_id, category, demand, open_needs)
  select n.street_id, n.category, sum(1 + n.supporters_count), count(*)
  from public.needs n
  where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
  group by n.street_id, n.category;
  perform private.compute_need_coverage(array(select n.id from public.needs n));
end
$$;

create function private.refresh_gap_caches_trigger()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.refresh_gap_caches();
  return null;
end
$$;

-- Transition tables allow one event per trigger, hence three triggers per table.
create trigger assets_gap_cache_insert after insert on public.assets
  referencing new table as new_rows for each statement execute function private.assets_changed();
create trigger assets_gap_cache_update after update on public.assets
  referencing old table as old_rows new table as new_rows for each statement execute function private.assets_changed();
create trigger assets_gap_cache_delete after delete on public.assets
  referencing old table as old_rows for each statement execute function private.assets_changed();

create trigger enterprises_gap_cache_insert after insert on public.enterprises
  referencing new table as new_rows for each statement execute function private.enterprises_changed();
create trigger enterprises_gap_cache_update after update on public.enterprises
  referencing old table as old_rows new table as new_rows for each statement execute function private.enterprises_changed();
create trigger enterprises_gap_cache_delete after delete on public.enterprises
  referencing old table as old_rows for each statement execute function private.enterprises_changed();

create trigger streets_gap_cache_insert after insert on public.streets
  referencing new table as new_rows for each statement execute function private.streets_changed();
create trigger streets_gap_cache_update after update on public.streets
  referencing old table as old_rows new table as new_rows for each statement execute function private.streets_changed();

create trigger needs_gap_cache_insert after insert on public.needs
  referencing new table as new_rows for each statement execute function private.needs_inserted();
create trigger needs_gap_cache_update after update on public.needs
  referencing old table as old_rows new table as new_rows for each statement execute function private.needs_updated();
create trigger needs_gap_cache_delete after delete on public.needs
  referencing old table as old_rows for each statement execute function private.needs_deleted();

create trigger assets_gap_cache_truncate after truncate on public.assets
  for each statement execute function private.refresh_gap_caches_trigger();
create trigger enterprises_gap_cache_truncate after truncate on public.enterprises
  for each statement execute function private.refresh_gap_caches_trigger();
create trigger needs_gap_cache_truncate after truncate on public.needs
  for each statement execute function private.refresh_gap_caches_trigger();
create trigger gap_radii_changed after insert or update or delete on private.gap_radii
  for each statement execute function private.refresh_gap_caches_trigger();

-- Whatever is already in the tables (a database migrated with data in it).
select private.refresh_gap_caches();

-- --------------------------------------------------------------------------------------
-- The gap functions, now reading the caches. Same signatures, same results.
-- --------------------------------------------------------------------------------------

/**
 * Gap by street segment and category, for streets with any open need: a join of the
 * caches for a cached R, the exact spatial query for any other. Security definer to read
 * the caches; like the policies on needs, it never counts a hidden need.
 */
create or replace function private.street_category_gaps(p_radius_m float8, p_categories text[])
returns table (street_id uuid, category text, demand int, supply int, gap float8)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
begin
  if exists (select 1 from private.gap_radii r where r.radius_m = p_radius_m) then
    return query
    select d.street_id, d.category, d.demand, coalesce(s.supply, 0),
           d.demand::float8 / (1 + coalesce(s.supply, 0))
    from private.segment_demand d
    left join private.segment_supply s
      on s.radius_m = p_radius_m and s.street_id = d.street_id and s.category = d.category
    where p_categories is null or d.category = any (p_categories);
    return;
  end if;
  return query
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
  ) sup;
end
$$;

/**
 * Open needs (not hidden) with a provider of their category within R of their public
 * point: from need_coverage for a cached R, exactly otherwise.
 */
create function private.covered_needs(p_radius_m float8, p_categories text[])
returns table (need_id uuid)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
begin
  if exists (select 1 from private.gap_radii r where r.radius_m = p_radius_m) then
    return query
    select c.need_id from private.need_coverage c where c.radius_m = p_radius_m;
    return;
  end if;
  return query
  select n.id from public.needs n
  where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
    and (p_categories is null or n.category = any (p_categories))
    and (exists (select 1 from public.assets a
                 where a.categories @> array[n.category]
                   and extensions.st_dwithin(a.geom, n.public_geom, p_radius_m, false))
         or exists (select 1 from public.enterprises e
                    where e.status = 'active' and e.categories @> array[n.category]
                      and extensions.st_dwithin(e.geom, n.public_geom, p_radius_m, false)));
end
$$;
grant execute on function private.covered_needs(float8, text[]) to anon, authenticated;

/** Streets ranked by gap (largest first), with their per-category breakdown. */
create or replace function public.street_gaps(
  radius_m float8 default 400, categories text[] default null,
  neighbourhood uuid default null, max_results int default 500
)
returns table (street_id uuid, street_name text, highway text, neighbourhood_id uuid, neighbourhood_name text,
               demand int, supply int, gap float8, by_category jsonb)
language plpgsql stable
set search_path = ''
set jit = off
as $$
#variable_conflict use_column
begin
  perform private.check_gap_params(street_gaps.radius_m, street_gaps.categories);
  perform private.check_range(street_gaps.max_results, 1, 5000, 'The number of results');
  -- Aggregated per street id first, then joined for names: grouping on the text
  -- columns too cost more than the whole cache join.
  return query
  select s.id, s.name, s.highway, s.neighbourhood_id, nb.name, a.demand, a.supply, a.gap, a.by_category
  from (
    select g.street_id, sum(g.demand)::int as demand, sum(g.supply)::int as supply, sum(g.gap) as gap,
           jsonb_agg(jsonb_build_object('category', g.category, 'demand', g.demand,
                                        'supply', g.supply, 'gap', g.gap)
                     order by g.gap desc, g.category) as by_category
    from private.street_category_gaps(street_gaps.radius_m, street_gaps.categories) g
    group by g.street_id
  ) a
  join public.streets s on s.id = a.street_id
  left join public.neighbourhoods nb on nb.id = s.neighbourhood_id
  where street_gaps.neighbourhood is null or s.neighbourhood_id = street_gaps.neighbourhood
  order by a.gap desc, s.name, s.id
  limit street_gaps.max_results;
end
$$;

/**
 * Per neighbourhood: demand, coverage (share of open needs with a provider of their
 * category within R of the need's public point), total gap, the top unmet categories,
 * and outcomes. As 20261127001600 defines them; aggregated once per neighbourhood
 * instead of once per neighbourhood and column.
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
  with params as (
    select neighbourhood_gaps.radius_m as r, neighbourhood_gaps.categories as cats
  ), covered as (
    select c.need_id from params p, private.covered_needs(p.r, p.cats) c
  ), open_needs as (
    select n.id, n.neighbourhood_id, n.category, 1 + n.supporters_count as weight,
           c.need_id is not null as covered
    from params p, public.needs n
    left join covered c on c.need_id = n.id
    where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
      and (p.cats is null or n.category = any (p.cats))
  ), per_neighbourhood as (
    select o.neighbourhood_id, count(*) as open_needs, sum(o.weight) as demand,
           count(*) filter (where o.covered) as covered_needs,
           avg(case when o.covered then 1.0 else 0.0 end) as coverage
    from open_needs o
    group by o.neighbourhood_id
  ), street_gap as (
    select s.neighbourhood_id, sum(g.gap) as gap
    from params p, private.street_category_gaps(p.r, p.cats) g
    join public.streets s on s.id = g.street_id
    group by s.neighbourhood_id
  ), unmet as (
    select o.neighbourhood_id, o.category, sum(o.weight) as demand,
           row_number() over (partition by o.neighbourhood_id order by sum(o.weight) desc, o.category) as rank
    from open_needs o where not o.covered
    group by o.neighbourhood_id, o.category
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
    from public.needs n, params p
    where n.hidden_at is null and n.status <> 'withdrawn'
      and (p.cats is null or n.category = any (p.cats))
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
  left join street_gap sg on sg.neighbourhood_id = nb.id
  left join top_unmet tu on tu.neighbourhood_id = nb.id
  left join outcomes oc on oc.neighbourhood_id = nb.id
  order by coalesce(sg.gap, 0) desc, nb.name
$$;

revoke execute on all functions in schema private from public;
grant execute on function private.street_category_gaps(float8, text[]), private.covered_needs(float8, text[])
  to anon, authenticated;
