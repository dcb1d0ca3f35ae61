-- The gap caches built right after an import commits, as a step of its own (issue 13:
-- an import of whole Rutland no slower than before the caches). Even made cheap
-- (20261203002000), building supply for every segment and street within 800 m of every
-- provider costs a first import a few hundred milliseconds on Postgres and seconds on
-- PGlite. So the importer may set streetlevel.defer_gap_caches = 'after_commit': the
-- cache triggers note what changed (private.gap_cache_pending) and the notes are
-- committed with the data; the importer then runs private.flush_gap_caches() in a
-- transaction of its own. ('on' still flushes at commit, as 20261202001500 does.)
--
-- While notes are pending the caches are not current, and every gap function answers
-- with its direct query, exactly as for an R that is not cached: private.gap_radii_public,
-- the radii a gap function may read from the caches, is empty then. Nothing is ever
-- stale, only slower until the build. If the importer dies between its commit and the
-- build, the next import, or the next write that touches a cache (it notes too while
-- notes are pending, and flushes them all at its commit), builds them.
--
-- One transaction at a time notes or flushes (a transaction-level advisory lock), so
-- a flush sees every committed note and no note arrives while it runs.

/** Serialises noting and flushing until the end of the transaction. */
create function private.lock_gap_caches()
returns void
language sql
set search_path = ''
as $$
  select pg_advisory_xact_lock(7201312030021)
$$;

/**
 * True when this transaction notes cache upkeep instead of doing it: it defers ('on':
 * flushed at its commit; 'after_commit': by the importer afterwards), or notes are
 * pending already (applied on top of them, a change would count twice; flushed at its
 * commit with them).
 */
create or replace function private.gap_caches_deferred()
returns boolean
language plpgsql
set search_path = ''
as $$
declare
  v_mode text := coalesce(current_setting('streetlevel.defer_gap_caches', true), '');
begin
  if v_mode = 'after_commit' then
    perform private.lock_gap_caches();
    return true;
  end if;
  if v_mode <> 'on' and not exists (select 1 from private.gap_cache_pending) then
    return false;
  end if;
  perform private.lock_gap_caches();
  insert into private.gap_cache_deferred (txid) values (txid_current()) on conflict do nothing;
  return true;
end
$$;

/** The cached catchments a gap function may read the caches for: none while notes are pending. */
create or replace view private.gap_radii_public with (security_barrier) as
  select r.radius_m from private.gap_radii r
  where not exists (select 1 from private.gap_cache_pending);

-- The gap functions that read the caches directly, as before, but asking
-- gap_radii_public whether they may (street_gaps and brief_members already do).
create or replace function private.street_category_gaps(p_radius_m float8, p_categories text[])
returns table (street_id uuid, category text, demand int, supply int, gap float8)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
begin
  if exists (select 1 from private.gap_radii_public r where r.radius_m = p_radius_m) then
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

create or replace function private.covered_needs(p_radius_m float8, p_categories text[])
returns table (need_id uuid)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
begin
  if exists (select 1 from private.gap_radii_public r where r.radius_m = p_radius_m) then
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

create or replace function private.street_group_category_gaps(p_radius_m float8, p_categories text[], p_group uuid default null)
returns table (group_id uuid, category text, demand int, supply int, gap float8)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
begin
  if exists (select 1 from private.gap_radii_public r where r.radius_m = p_radius_m) then
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
 * Brings every cache up to date with every note committed (an import's, after its
 * commit) and this transaction's own, as 20261202001500 does. Idempotent; the importer
 * calls it right after committing, the deferred trigger at the commit of a transaction
 * that noted.
 */
create or replace function private.flush_gap_caches()
returns void
language plpgsql security definer
set search_path = ''
set jit = off
as $$
declare
  v_ids uuid[];
  v_changes private.provider_change[];
begin
  perform private.lock_gap_caches();
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

/** Rebuilds every cache from the tables (after a TRUNCATE, or a new cached R). */
create or replace function private.refresh_gap_caches()
returns void
language plpgsql security definer
set search_path = ''
set jit = off
as $$
begin
  perform private.lock_gap_caches();
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

revoke execute on all functions in schema private from public;
grant execute on function private.street_category_gaps(float8, text[]), private.covered_needs(float8, text[]),
  private.street_group_category_gaps(float8, text[], uuid)
  to anon, authenticated;
