-- The rest of the gap queries on caches (issue 13), same results as before:
--   * street_gaps (all categories, cached R): one precomputed row per street, so the
--     query is a join and a sort (private.street_gap_rows, kept from segment_demand and
--     segment_supply by triggers on those two caches);
--   * ranked_streets / street_page: supply per (street as people know it, category) in
--     private.group_supply (distinct providers within R of any of its segments), demand
--     summed from segment_demand;
--   * the briefs' clustering: "uncovered" read from need_coverage for a cached R, and the
--     planar point computed inline (private.brief_plane_point cannot be inlined: it has
--     a search_path, and called 20,000 times it cost more than the clustering).
-- Any other R is computed exactly as before.
--
-- Bulk writers (the importer) may set streetlevel.defer_gap_caches = 'on' for their
-- transaction: the cache triggers then only note what changed (private.gap_cache_pending),
-- and private.flush_gap_caches() brings every cache up to date set-based, once. A
-- deferred constraint trigger runs that flush at commit whatever the writer does, so a
-- cache is never stale after commit, whoever sets the setting.

/** supply(group, c) per cached R: distinct serving providers within R of any segment. */
create table private.group_supply (
  radius_m float8 not null references private.gap_radii (radius_m) on delete cascade,
  group_id uuid not null references public.street_groups (id) on delete cascade,
  category text not null,
  supply int not null,
  primary key (radius_m, group_id, category)
);
create index group_supply_group_idx on private.group_supply (group_id);

/** street_gaps' row per (cached R, street with demand), all categories. */
create table private.street_gap_rows (
  radius_m float8 not null references private.gap_radii (radius_m) on delete cascade,
  street_id uuid not null references public.streets (id) on delete cascade,
  demand int not null,
  supply int not null,
  gap float8 not null,
  by_category jsonb not null,
  primary key (radius_m, street_id)
);
create index street_gap_rows_street_idx on private.street_gap_rows (street_id);

/** What a deferring transaction changed: kind 'street' | 'group' | 'demand' | 'need' | 'provider'. */
create table private.gap_cache_pending (
  kind text not null,
  id uuid,
  change private.provider_change
);
/** One row per deferring transaction; its deferred trigger flushes at commit. */
create table private.gap_cache_deferred (
  txid bigint primary key
);
revoke all on private.group_supply, private.street_gap_rows, private.gap_cache_pending, private.gap_cache_deferred
  from public, anon, authenticated;

/** True when this transaction defers cache upkeep; makes sure the flush at commit is queued. */
create function private.gap_caches_deferred()
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  if coalesce(current_setting('streetlevel.defer_gap_caches', true), '') <> 'on' then
    return false;
  end if;
  insert into private.gap_cache_deferred (txid) values (txid_current()) on conflict do nothing;
  return true;
end
$$;

-- --------------------------------------------------------------------------------------
-- street_gap_rows: recomputed for the streets whose demand or supply rows changed.
-- --------------------------------------------------------------------------------------

create function private.compute_street_gap_rows(p_street_ids uuid[])
returns void
language sql
set search_path = ''
set jit = off
as $$
  delete from private.street_gap_rows where street_id = any (p_street_ids);
  insert into private.street_gap_rows (radius_m, street_id, demand, supply, gap, by_category)
  select g.radius_m, g.street_id, sum(g.demand)::int, sum(g.supply)::int, sum(g.gap order by g.category),
         jsonb_agg(jsonb_build_object('category', g.category, 'demand', g.demand, 'supply', g.supply, 'gap', g.gap)
                   order by g.gap desc, g.category)
  from (
    select r.radius_m, d.street_id, d.category, d.demand, coalesce(s.supply, 0) as supply,
           d.demand::float8 / (1 + coalesce(s.supply, 0)) as gap
    from private.segment_demand d
    cross join private.gap_radii r
    left join private.segment_supply s
      on s.radius_m = r.radius_m and s.street_id = d.street_id and s.category = d.category
    where d.street_id in (select unnest(p_street_ids)) and d.open_needs > 0
  ) g
  join public.streets st on st.id = g.street_id
  group by g.radius_m, g.street_id
$$;

create function private.segment_cache_changed()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.street_id) into v from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.street_id) into v from old_rows o;
  else
    select array_agg(distinct x.street_id) into v
    from (select n.street_id from new_rows n union all select o.street_id from old_rows o) x;
  end if;
  if v is not null then perform private.compute_street_gap_rows(v); end if;
  return null;
end
$$;

create trigger segment_demand_rows_insert after insert on private.segment_demand
  referencing new table as new_rows for each statement execute function private.segment_cache_changed();
create trigger segment_demand_rows_update after update on private.segment_demand
  referencing old table as old_rows new table as new_rows for each statement execute function private.segment_cache_changed();
create trigger segment_demand_rows_delete after delete on private.segment_demand
  referencing old table as old_rows for each statement execute function private.segment_cache_changed();
create trigger segment_supply_rows_insert after insert on private.segment_supply
  referencing new table as new_rows for each statement execute function private.segment_cache_changed();
create trigger segment_supply_rows_update after update on private.segment_supply
  referencing old table as old_rows new table as new_rows for each statement execute function private.segment_cache_changed();
create trigger segment_supply_rows_delete after delete on private.segment_supply
  referencing old table as old_rows for each statement execute function private.segment_cache_changed();

-- --------------------------------------------------------------------------------------
-- Supply from scratch, driven from whichever side is smaller: street by street (each
-- probes the providers' indexes) or provider by provider (each probes the streets').
-- Both count the same pairs with the same st_dwithin(provider, street, R, false) test.
-- --------------------------------------------------------------------------------------

create or replace function private.compute_street_supply(p_street_ids uuid[])
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  if cardinality(p_street_ids) > (select count(*) from private.serving_providers) then
    insert into private.segment_supply (radius_m, street_id, category, supply)
    select r.radius_m, s.id, c.category, count(*)::int
    from private.serving_providers p
    cross join private.gap_radii r
    cross join lateral (select s.id from public.streets s
                        where extensions.st_dwithin(p.geom, s.geom, r.radius_m, false) offset 0) s
    cross join lateral (select distinct x from unnest(p.categories) x) c(category)
    where s.id in (select unnest(p_street_ids))
    group by r.radius_m, s.id, c.category;
  else
    insert into private.segment_supply (radius_m, street_id, category, supply)
    select r.radius_m, s.id, c.category, count(*)::int
    from unnest(p_street_ids) i(id)
    join public.streets s on s.id = i.id
    cross join private.gap_radii r
    cross join lateral (select p.categories from private.serving_providers p
                        where extensions.st_dwithin(p.geom, s.geom, r.radius_m, false) offset 0) p
    cross join lateral (select distinct x from unnest(p.categories) x) c(category)
    group by r.radius_m, s.id, c.category;
  end if;
end
$$;

create function private.compute_group_supply(p_group_ids uuid[])
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  if cardinality(p_group_ids) > (select count(*) from private.serving_providers) then
    insert into private.group_supply (radius_m, group_id, category, supply)
    select r.radius_m, g.id, c.category, count(*)::int
    from private.serving_providers p
    cross join private.gap_radii r
    cross join lateral (select g.id from public.street_groups g
                        where extensions.st_dwithin(p.geom, g.geom, r.radius_m, false) offset 0) g
    cross join lateral (select distinct x from unnest(p.categories) x) c(category)
    where g.id in (select unnest(p_group_ids))
    group by r.radius_m, g.id, c.category;
  else
    insert into private.group_supply (radius_m, group_id, category, supply)
    select r.radius_m, g.id, c.category, count(*)::int
    from unnest(p_group_ids) i(id)
    join public.street_groups g on g.id = i.id
    cross join private.gap_radii r
    cross join lateral (select p.categories from private.serving_providers p
                        where extensions.st_dwithin(p.geom, g.geom, r.radius_m, false) offset 0) p
    cross join lateral (select distinct x from unnest(p.categories) x) c(category)
    group by r.radius_m, g.id, c.category;
  end if;
end
$$;

/**
 * segment_supply and group_supply from scratch in one pass, provider by provider: the
 * streets within the largest cached R of each provider, the distance to each computed
 * once, and each smaller R decided from it. A street as people know it is within R when
 * its nearest segment is (its lines are its segments' lines). Where a distance lies
 * within a millimetre of R, st_dwithin itself decides, on the segment or on the whole
 * street as the per-street functions do, so the result is exactly theirs.
 */
create function private.rebuild_supply()
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
declare
  v_max float8 := (select max(r.radius_m) from private.gap_radii r);
begin
  delete from private.segment_supply;
  delete from private.group_supply;
  if v_max is null then return; end if;
  with providers as (
    select 'asset' as kind, a.id, a.geom, a.categories from public.assets a
    union all
    select 'enterprise', e.id, e.geom, e.categories from public.enterprises e where e.status = 'active'
  ), provider_categories as materialized (
    -- Each provider once per category it serves, joined on equalities (a per-row
    -- "distinct unnest" over every pair cost more than the distances).
    select distinct p.kind, p.id, c.category from providers p cross join unnest(p.categories) c(category)
  ), pairs as materialized (
    -- No geometries kept: the few pairs at a hair's breadth from R look them up again.
    select p.kind, p.id, s.id as street_id, s.group_id,
           extensions.st_distance(p.geom, s.geom, false) as d
    from providers p
    cross join lateral (select s.id, s.group_id, s.geom from public.streets s
                        where extensions.st_dwithin(p.geom, s.geom, v_max, false) offset 0) s
  ), segments as (
    insert into private.segment_supply (radius_m, street_id, category, supply)
    select w.radius_m, w.street_id, pc.category, count(*)::int
    from (select r.radius_m, x.kind, x.id, x.street_id
          from pairs x cross join private.gap_radii r
          where x.d < r.radius_m - 0.001
             or (x.d <= r.radius_m + 0.001
                 and extensions.st_dwithin((select p.geom from providers p where p.kind = x.kind and p.id = x.id),
                                           (select s.geom from public.streets s where s.id = x.street_id),
                                           r.radius_m, false))) w
    join provider_categories pc on pc.kind = w.kind and pc.id = w.id
    group by w.radius_m, w.street_id, pc.category
  )
  insert into private.group_supply (radius_m, group_id, category, supply)
  select w.radius_m, w.group_id, pc.category, count(*)::int
  from (select r.radius_m, x.kind, x.id, x.group_id
        from (select x.kind, x.id, x.group_id, min(x.d) as d
              from pairs x where x.group_id is not null
              group by x.kind, x.id, x.group_id) x
        cross join private.gap_radii r
        where x.d < r.radius_m - 0.001
           or (x.d <= r.radius_m + 0.001
               and extensions.st_dwithin((select p.geom from providers p where p.kind = x.kind and p.id = x.id),
                                         (select g.geom from public.street_groups g where g.id = x.group_id),
                                         r.radius_m, false))) w
  join provider_categories pc on pc.kind = w.kind and pc.id = w.id
  group by w.radius_m, w.group_id, pc.category;
end
$$;

/** Provider changes applied to every supply cache (the work of apply_provider_changes). */
create function private.apply_provider_deltas(p_changes private.provider_change[], p_supply boolean default true)
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  if coalesce(cardinality(p_changes), 0) = 0 then return; end if;
  if p_supply then
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

  insert into private.group_supply as t (radius_m, group_id, category, supply)
  select r.radius_m, g.id, c.category, sum(ch.delta)
  from unnest(p_changes) ch
  cross join private.gap_radii r
  cross join lateral (select g.id from public.street_groups g
                      where extensions.st_dwithin(ch.geom, g.geom, r.radius_m, false) offset 0) g
  cross join lateral (select distinct x from unnest(ch.categories) x) c(category)
  group by r.radius_m, g.id, c.category
  having sum(ch.delta) <> 0
  on conflict (radius_m, group_id, category) do update set supply = t.supply + excluded.supply;
  delete from private.group_supply where supply = 0;
  end if;

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

/** Called by the provider triggers: applies the changes now, or notes them. */
create or replace function private.apply_provider_changes(p_changes private.provider_change[])
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  if coalesce(cardinality(p_changes), 0) = 0 then return; end if;
  if private.gap_caches_deferred() then
    insert into private.gap_cache_pending (kind, change) select 'provider', c from unnest(p_changes) c;
    return;
  end if;
  perform private.apply_provider_deltas(p_changes, true);
end
$$;

create or replace function private.streets_changed()
returns trigger
language plpgsql security definer
set search_path = ''
-- old_rows and new_rows have no statistics: joined by a nested loop, 5,000 updated
-- streets (the importer regrouping them) cost 25 million comparisons.
set enable_nestloop = off
as $$
declare
  v uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.id) into v from new_rows n;
  else
    select array_agg(n.id) into v from old_rows o join new_rows n on n.id = o.id
    where extensions.st_asbinary(o.geom) is distinct from extensions.st_asbinary(n.geom);
  end if;
  if v is null then return null; end if;
  if private.gap_caches_deferred() then
    insert into private.gap_cache_pending (kind, id) select 'street', x from unnest(v) x;
    return null;
  end if;
  delete from private.segment_supply where street_id = any (v);
  perform private.compute_street_supply(v);
  return null;
end
$$;

/** New or reshaped streets as people know them get their supply; removed ones lose it by cascade. */
create function private.street_groups_gap_changed()
returns trigger
language plpgsql security definer
set search_path = ''
-- old_rows and new_rows have no statistics: joined by a nested loop, 5,000 updated
-- streets (the importer regrouping them) cost 25 million comparisons.
set enable_nestloop = off
as $$
declare
  v uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.id) into v from new_rows n;
  else
    -- Regrouping collects a street's segments in no fixed order: the same lines in
    -- another order are the same street to every distance, so they keep their supply.
    select array_agg(n.id) into v from old_rows o join new_rows n on n.id = o.id
    where extensions.st_asbinary(o.geom) is distinct from extensions.st_asbinary(n.geom)
      and array(select extensions.st_asbinary(d.geom) from extensions.st_dump(o.geom::extensions.geometry) d order by 1)
          is distinct from
          array(select extensions.st_asbinary(d.geom) from extensions.st_dump(n.geom::extensions.geometry) d order by 1);
  end if;
  if v is null then return null; end if;
  if private.gap_caches_deferred() then
    insert into private.gap_cache_pending (kind, id) select 'group', x from unnest(v) x;
    return null;
  end if;
  delete from private.group_supply where group_id = any (v);
  perform private.compute_group_supply(v);
  return null;
end
$$;

create trigger street_groups_gap_cache_insert after insert on public.street_groups
  referencing new table as new_rows for each statement execute function private.street_groups_gap_changed();
create trigger street_groups_gap_cache_update after update on public.street_groups
  referencing old table as old_rows new table as new_rows for each statement execute function private.street_groups_gap_changed();

-- The needs triggers: unchanged unless deferring, when they note the streets whose
-- demand and the needs whose coverage must be recomputed.

create or replace function private.needs_inserted()
returns trigger
language plpgsql security definer
set search_path = ''
set jit = off
as $$
begin
  if private.gap_caches_deferred() then
    insert into private.gap_cache_pending (kind, id)
    select 'demand', n.street_id from new_rows n union all select 'need', n.id from new_rows n;
    return null;
  end if;
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

create or replace function private.needs_updated()
returns trigger
language plpgsql security definer
set search_path = ''
set jit = off
as $$
begin
  if private.gap_caches_deferred() then
    insert into private.gap_cache_pending (kind, id)
    select 'demand', o.street_id from old_rows o union all select 'demand', n.street_id from new_rows n
    union all
    select 'need', n.id from old_rows o join new_rows n on n.id = o.id
    where o.category is distinct from n.category
       or extensions.st_asbinary(o.public_geom) is distinct from extensions.st_asbinary(n.public_geom);
    return null;
  end if;
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

create or replace function private.needs_deleted()
returns trigger
language plpgsql security definer
set search_path = ''
set jit = off
as $$
begin
  if private.gap_caches_deferred() then
    insert into private.gap_cache_pending (kind, id) select 'demand', o.street_id from old_rows o;
    return null;
  end if;
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

/** demand(s, c) of the given streets, from scratch. */
create function private.compute_street_demand(p_street_ids uuid[])
returns void
language sql
set search_path = ''
set jit = off
as $$
  delete from private.segment_demand where street_id = any (p_street_ids);
  insert into private.segment_demand (street_id, category, demand, open_needs)
  select n.street_id, n.category, sum(1 + n.supporters_count), count(*)
  from public.needs n
  where n.street_id in (select unnest(p_street_ids))
    and n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
  group by n.street_id, n.category
$$;

/**
 * Brings every cache up to date with what this transaction noted while deferring: the
 * provider deltas first, then the streets, streets as people know them, demand and
 * coverage noted as changed, from scratch (whatever the deltas did to them).
 * Idempotent; the importer calls it before committing, the deferred trigger at commit.
 */
create function private.flush_gap_caches()
returns void
language plpgsql security definer
set search_path = ''
set jit = off
as $$
declare
  v_ids uuid[];
  v_changes private.provider_change[];
begin
  if not exists (select 1 from private.gap_cache_pending) then return; end if;
  v_changes := array(select p.change from private.gap_cache_pending p where p.kind = 'provider');
  if cardinality(v_changes) > 0 and cardinality(v_changes) >= (select count(*) from private.serving_providers) then
    -- About as many changes as providers (a first import): supply from scratch costs no
    -- more than the deltas, and makes the streets noted below complete already.
    perform private.rebuild_supply();
    perform private.apply_provider_deltas(v_changes, false);
  else
    perform private.apply_provider_deltas(v_changes, true);
    v_ids := array(select distinct p.id from private.gap_cache_pending p where p.kind = 'street');
    if cardinality(v_ids) > 0 then
      delete from private.segment_supply where street_id = any (v_ids);
      perform private.compute_street_supply(v_ids);
    end if;
    v_ids := array(select distinct p.id from private.gap_cache_pending p where p.kind = 'group');
    if cardinality(v_ids) > 0 then
      delete from private.group_supply where group_id = any (v_ids);
      perform private.compute_group_supply(v_ids);
    end if;
  end if;
  v_ids := array(select distinct p.id from private.gap_cache_pending p where p.kind = 'demand' and p.id is not null);
  if cardinality(v_ids) > 0 then perform private.compute_street_demand(v_ids); end if;
  v_ids := array(select distinct p.id from private.gap_cache_pending p where p.kind = 'need');
  if cardinality(v_ids) > 0 then perform private.recompute_need_coverage(v_ids); end if;
  delete from private.gap_cache_pending;
end
$$;

create function private.gap_caches_commit()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.flush_gap_caches();
  delete from private.gap_cache_deferred where txid = txid_current();
  return null;
end
$$;

create constraint trigger gap_caches_flush_at_commit after insert on private.gap_cache_deferred
  deferrable initially deferred for each row execute function private.gap_caches_commit();

/** Rebuilds every cache from the tables (after a TRUNCATE, or a new cached R). */
create or replace function private.refresh_gap_caches()
returns void
language plpgsql security definer
set search_path = ''
set jit = off
as $$
begin
  delete from private.gap_cache_pending;
  delete from private.segment_demand;
  delete from private.need_coverage;
  perform private.rebuild_supply();
  insert into private.segment_demand (street_id, category, demand, open_needs)
  select n.street_id, n.category, sum(1 + n.supporters_count), count(*)
  from public.needs n
  where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
  group by n.street_id, n.category;
  perform private.compute_need_coverage(array(select n.id from public.needs n));
end
$$;

create trigger street_groups_gap_cache_truncate after truncate on public.street_groups
  for each statement execute function private.refresh_gap_caches_trigger();

select private.refresh_gap_caches();

-- --------------------------------------------------------------------------------------
-- The functions, reading the new caches. Same signatures, same results.
-- --------------------------------------------------------------------------------------

/** street_gaps' rows for a cached R, all categories (security definer to read the cache). */
create function private.cached_street_gaps(p_radius_m float8)
returns table (street_id uuid, demand int, supply int, gap float8, by_category jsonb)
language sql stable security definer
set search_path = ''
as $$
  select r.street_id, r.demand, r.supply, r.gap, r.by_category
  from private.street_gap_rows r where r.radius_m = p_radius_m
$$;

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
  if street_gaps.categories is null
     and exists (select 1 from private.gap_radii_public r where r.radius_m = street_gaps.radius_m) then
    return query
    select s.id, s.name, s.highway, s.neighbourhood_id, nb.name, a.demand, a.supply, a.gap, a.by_category
    from private.cached_street_gaps(street_gaps.radius_m) a
    join public.streets s on s.id = a.street_id
    left join public.neighbourhoods nb on nb.id = s.neighbourhood_id
    where street_gaps.neighbourhood is null or s.neighbourhood_id = street_gaps.neighbourhood
    order by round(a.gap::numeric, 9) desc, s.name, s.id
    limit street_gaps.max_results;
    return;
  end if;
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
  order by round(a.gap::numeric, 9) desc, s.name, s.id
  limit street_gaps.max_results;
end
$$;

/** The cached catchments, for invoker functions (the radii are no secret). */
create view private.gap_radii_public with (security_barrier) as select r.radius_m from private.gap_radii r;
grant select on private.gap_radii_public to anon, authenticated;

/** Gap by street (as people know it) and category: from the caches for a cached R. */
create or replace function private.street_group_category_gaps(p_radius_m float8, p_categories text[], p_group uuid default null)
returns table (group_id uuid, category text, demand int, supply int, gap float8)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
begin
  if exists (select 1 from private.gap_radii r where r.radius_m = p_radius_m) then
    return query
    with demand as (
      select s.group_id, d.category, sum(d.demand)::int as demand
      from private.segment_demand d
      join public.streets s on s.id = d.street_id
      where d.open_needs > 0 and s.group_id is not null and (p_group is null or s.group_id = p_group)
        and (p_categories is null or d.category = any (p_categories))
      group by s.group_id, d.category
    )
    select d.group_id, d.category, d.demand, coalesce(g.supply, 0),
           d.demand::float8 / (1 + coalesce(g.supply, 0))
    from demand d
    left join private.group_supply g
      on g.radius_m = p_radius_m and g.group_id = d.group_id and g.category = d.category;
    return;
  end if;
  return query
  with demand as (
    select s.group_id, n.category, sum(1 + n.supporters_count)::int as demand
    from public.needs n
    join public.streets s on s.id = n.street_id
    where n.status in ('open', 'acknowledged', 'adopted') and n.hidden_at is null
      and s.group_id is not null and (p_group is null or s.group_id = p_group)
      and (p_categories is null or n.category = any (p_categories))
    group by s.group_id, n.category
  ), reached as materialized (
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
    select d.group_id, d.category, count(distinct (r.kind, r.id))::int as supply
    from demand d
    join (select x.group_id, x.kind, x.id, unnest(x.categories) as category from reached x) r
      on r.group_id = d.group_id and r.category = d.category
    group by d.group_id, d.category
  )
  select d.group_id, d.category, d.demand, coalesce(sp.supply, 0),
         d.demand::float8 / (1 + coalesce(sp.supply, 0)) as gap
  from demand d
  left join supply sp on sp.group_id = d.group_id and sp.category = d.category;
end
$$;

/**
 * The briefs' clustering (20261201004000), with "uncovered" read from need_coverage for
 * a cached R (private.covered_needs returns every need with coverage there, whatever
 * its status) and the planar point inline (same arithmetic as brief_plane_point).
 */
create or replace function private.brief_members(p_radius_m float8, p_category text)
returns table (brief_id text, category text, need_id uuid, weight int)
language plpgsql stable
set search_path = ''
set jit = off
as $$
#variable_conflict use_column
declare
  v_cached boolean := exists (select 1 from private.gap_radii_public r where r.radius_m = p_radius_m);
begin
  return query
  with covered as materialized (
    select c.need_id from private.covered_needs(p_radius_m, null) c where v_cached
  ), unmet as (
    select n.id, n.category, n.public_geom, n.created_at, 1 + n.supporters_count as weight
    from public.needs n
    where n.hidden_at is null
      and (n.status in ('open', 'acknowledged', 'adopted') or (n.status = 'met' and n.met_confirmed_at is null))
      and (p_category is null or n.category = p_category)
  ), uncovered as (
    select u.* from unmet u
    where v_cached and not exists (select 1 from covered c where c.need_id = u.id)
    union all
    select u.* from unmet u
    where not v_cached
      and not exists (select 1 from public.assets a
                      where a.categories @> array[u.category]
                        and extensions.st_dwithin(a.geom, u.public_geom, p_radius_m, false))
      and not exists (select 1 from public.enterprises e
                      where e.status = 'active' and e.categories @> array[u.category]
                        and extensions.st_dwithin(e.geom, u.public_geom, p_radius_m, false))
  ), origin as (
    select coalesce(
      (select round(avg(extensions.st_x(extensions.st_centroid(nb.geom::extensions.geometry)))::numeric, 1)
       from public.neighbourhoods nb),
      (select round(avg(extensions.st_x(n.public_geom::extensions.geometry))::numeric, 1) from public.needs n),
      0)::float8 as lon0
  ), clustered as (
    select u.*, extensions.st_clusterdbscan(
             extensions.st_makepoint(
               6371008.771415 * cos(radians(extensions.st_y(u.public_geom::extensions.geometry)))
                 * radians(extensions.st_x(u.public_geom::extensions.geometry) - o.lon0),
               6371008.771415 * radians(extensions.st_y(u.public_geom::extensions.geometry))),
             eps => p_radius_m, minpoints => 1) over (partition by u.category) as cluster_no
    from uncovered u, origin o
  ), keyed as (
    select c.*, first_value(c.id) over (partition by c.category, c.cluster_no order by c.created_at, c.id) as seed
    from clustered c
  )
  select k.category || '-' || k.seed::text, k.category, k.id, k.weight from keyed k;
end
$$;

revoke execute on all functions in schema private from public;
grant execute on function private.street_group_category_gaps(float8, text[], uuid), private.brief_members(float8, text),
  private.cached_street_gaps(float8)
  to anon, authenticated;

/**
 * ranked_streets as 20261201002000 defines it, with each street's by_category built only
 * for the page of streets returned (building it for every street cost more than the
 * rest of the query): totals for all, rank, cut, then the breakdown of the page.
 * Gaps are ranked to 1e-9: a sum of fractions depends on the order it is added in, in
 * its last bit, and equal gaps must fall to the tie-breakers, not to that order.
 */
create or replace function public.ranked_streets(
  radius_m float8 default 400, categories text[] default null, neighbourhood uuid default null,
  max_results int default 100, skip int default 0, with_geometry boolean default false
)
returns table (street_id uuid, street_name text, label text, settlement text, highway text,
               neighbourhood_id uuid, neighbourhood_name text, segments int, segment_ids uuid[],
               demand int, supply int, gap float8, by_category jsonb, bbox jsonb, geometry jsonb,
               total_count int)
language plpgsql stable
set search_path = ''
set jit = off
as $$
#variable_conflict use_column
begin
  perform private.check_gap_params(ranked_streets.radius_m, ranked_streets.categories);
  perform private.check_range(ranked_streets.max_results, 1, 5000, 'The number of results');
  perform private.check_range(ranked_streets.skip, 0, 1000000, 'The rows to skip');
  return query
  with cats as materialized (
    select g.group_id, g.category, g.demand, g.supply, g.gap
    from private.street_group_category_gaps(ranked_streets.radius_m, ranked_streets.categories) g
  ), per_street as (
    select c.group_id, sum(c.demand)::int as demand, sum(c.supply)::int as supply, sum(c.gap) as gap
    from cats c
    group by c.group_id
  ), ranked as materialized (
    select sg.*, ps.demand, ps.supply, ps.gap, count(*) over () as total
    from per_street ps
    join public.street_groups sg on sg.id = ps.group_id
    where ranked_streets.neighbourhood is null or sg.neighbourhood_id = ranked_streets.neighbourhood
    order by round(ps.gap::numeric, 9) desc, sg.label, sg.settlement nulls last, sg.id
    limit ranked_streets.max_results offset ranked_streets.skip
  ), page_categories as (
    select c.group_id,
           jsonb_agg(jsonb_build_object('category', c.category, 'demand', c.demand,
                                        'supply', c.supply, 'gap', c.gap)
                     order by c.gap desc, c.category) as by_category
    from cats c
    where c.group_id in (select r.id from ranked r)
    group by c.group_id
  )
  select r.id, r.name, r.label, r.settlement, r.highway, r.neighbourhood_id, nb.name, r.segments,
         array(select s.id from public.streets s where s.group_id = r.id
               order by coalesce(s.source || '/' || s.source_id, s.id::text)),
         r.demand, r.supply, r.gap, pc.by_category,
         jsonb_build_array(
           round(extensions.st_xmin(r.geom::extensions.geometry)::numeric, 6), round(extensions.st_ymin(r.geom::extensions.geometry)::numeric, 6),
           round(extensions.st_xmax(r.geom::extensions.geometry)::numeric, 6), round(extensions.st_ymax(r.geom::extensions.geometry)::numeric, 6)),
         case when ranked_streets.with_geometry then extensions.st_asgeojson(r.geom::extensions.geometry, 6)::jsonb end,
         r.total::int
  from ranked r
  join page_categories pc on pc.group_id = r.id
  left join public.neighbourhoods nb on nb.id = r.neighbourhood_id
  order by round(r.gap::numeric, 9) desc, r.label, r.settlement nulls last, r.id;
end
$$;
