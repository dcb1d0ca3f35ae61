-- The briefs' clustering from a cache (issue 13: ≤ 100 ms on Postgres, ≤ 300 ms on PGlite
-- on whole Rutland + 20,000 needs; computed on read it took 150 ms and 575 ms). Profiled
-- on Postgres, private.brief_members spent half its time in ST_ClusterDBSCAN over the
-- 17,000 uncovered needs and half sorting them for the seed of each cluster.
--
-- private.brief_clusters keeps, per cached R, every uncovered unmet need (as
-- 20261201004000 defines them; "uncovered": no need_coverage row for R, as
-- 20261202001500 reads it) with its cluster's brief id, so brief_members for a cached R
-- is a read. Same clusters, same ids: DBSCAN with minpoints 1 is the connected
-- components of the "within R" graph (planar points about the same origin lon0), and
-- the components of a graph are found again, exactly, by clustering any set of points
-- made of whole components. So a change re-clusters only what it can reach:
--   * a need that joins (pinned, reopened, restored, left uncovered by a provider that
--     went) merges with the clusters it has a need within R of: their union is a
--     component, and its id is that of its earliest need;
--   * a need that leaves (met, hidden, withdrawn, deleted, covered) or moves: the
--     clusters it was in, and those it reaches now, are clustered again from their
--     remaining needs (ST_ClusterDBSCAN over them alone);
--   * a change of "me too"s changes only the need's weight.
-- Upkeep follows the two tables that decide membership: needs (status, visibility,
-- category, point, support) and need_coverage (which every provider change, need move
-- and cache build writes, deferred or not), so every write path keeps it. A new origin
-- (neighbourhoods changed) or a new set of radii rebuilds it. Without neighbourhoods
-- the origin follows every need, and brief_members computes directly, as before.
--
-- Merging clusters does not commute as counts do: two pins at once, each merging from
-- what it saw, could leave one component under two ids. So upkeep holds the gap caches'
-- lock (private.lock_gap_caches, 20261203002100) until commit, and reads after taking
-- it: one write at a time re-clusters, and sees every committed one before it.

/** The origin (degrees of longitude) the cached planar points are about; null: no cache. */
create table private.brief_plane (
  only_row boolean primary key default true check (only_row),
  lon0 float8
);

/** Each uncovered unmet need's cluster per cached R, as private.brief_members defines it. */
create table private.brief_clusters (
  radius_m float8 not null,
  need_id uuid not null,
  category text not null,
  created_at timestamptz not null,
  weight int not null,
  -- The need's public point in planar metres about brief_plane.lon0 (brief_plane_point).
  plane extensions.geometry not null,
  brief_id text not null,
  primary key (radius_m, need_id)
);
create index brief_clusters_plane_idx on private.brief_clusters using gist (plane);
create index brief_clusters_brief_idx on private.brief_clusters (radius_m, brief_id);
create index brief_clusters_need_idx on private.brief_clusters (need_id);
revoke all on private.brief_plane, private.brief_clusters from public, anon, authenticated;

/** One need as the clustering sees it. */
create type private.brief_point as (need_id uuid, category text, created_at timestamptz, weight int,
                                    plane extensions.geometry);

/** The origin brief_members projects about when neighbourhoods are loaded (else null). */
create function private.brief_lon0()
returns float8
language sql stable
set search_path = ''
as $$
  select round(avg(extensions.st_x(extensions.st_centroid(nb.geom::extensions.geometry)))::numeric, 1)::float8
  from public.neighbourhoods nb
$$;

/**
 * The uncovered unmet needs for R (all, or those named), with their planar points: the
 * same filter and the same arithmetic as private.brief_members.
 */
create function private.brief_uncovered(p_radius_m float8, p_lon0 float8, p_need_ids uuid[])
returns setof private.brief_point
language plpgsql stable
set search_path = ''
as $$
begin
  -- plpgsql, not sql: called for every pin, and plpgsql keeps its plan. The needs named
  -- are looked up by key (an "ids is null or" would scan them all), all of them by a scan.
  return query
  select n.id, n.category, n.created_at, 1 + n.supporters_count,
         extensions.st_makepoint(
           6371008.771415 * cos(radians(extensions.st_y(n.public_geom::extensions.geometry)))
             * radians(extensions.st_x(n.public_geom::extensions.geometry) - p_lon0),
           6371008.771415 * radians(extensions.st_y(n.public_geom::extensions.geometry)))
  from public.needs n
  where n.id = any (p_need_ids)
    and n.hidden_at is null
    and (n.status in ('open', 'acknowledged', 'adopted') or (n.status = 'met' and n.met_confirmed_at is null))
    and not exists (select 1 from private.need_coverage c where c.radius_m = p_radius_m and c.need_id = n.id);
  if p_need_ids is not null then
    return;
  end if;
  return query
  select n.id, n.category, n.created_at, 1 + n.supporters_count,
         extensions.st_makepoint(
           6371008.771415 * cos(radians(extensions.st_y(n.public_geom::extensions.geometry)))
             * radians(extensions.st_x(n.public_geom::extensions.geometry) - p_lon0),
           6371008.771415 * radians(extensions.st_y(n.public_geom::extensions.geometry)))
  from public.needs n
  where n.hidden_at is null
    and (n.status in ('open', 'acknowledged', 'adopted') or (n.status = 'met' and n.met_confirmed_at is null))
    and not exists (select 1 from private.need_coverage c where c.radius_m = p_radius_m and c.need_id = n.id);
end
$$;

/** Clusters the given needs (whole components) and stores them with their briefs' ids. */
create function private.brief_clusters_insert(p_radius_m float8, p_members private.brief_point[])
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  insert into private.brief_clusters (radius_m, need_id, category, created_at, weight, plane, brief_id)
  select p_radius_m, k.need_id, k.category, k.created_at, k.weight, k.plane,
         k.category || '-' || (first_value(k.need_id) over (partition by k.category, k.cluster_no
                                                            order by k.created_at, k.need_id))::text
  from (select m.*, extensions.st_clusterdbscan(m.plane, eps => p_radius_m, minpoints => 1)
                      over (partition by m.category) as cluster_no
        from unnest(p_members) m) k;
end
$$;

/** The cache for one R from scratch. */
create function private.rebuild_brief_clusters(p_radius_m float8, p_lon0 float8)
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  delete from private.brief_clusters where radius_m = p_radius_m;
  perform private.brief_clusters_insert(p_radius_m,
    array(select u from private.brief_uncovered(p_radius_m, p_lon0, null) u));
end
$$;

/** The whole cache from scratch, about today's origin (none without neighbourhoods). */
create function private.rebuild_all_brief_clusters()
returns void
language plpgsql security definer
set search_path = ''
set jit = off
as $$
declare
  v_lon0 float8;
  v_radius float8;
begin
  perform private.lock_gap_caches();
  v_lon0 := private.brief_lon0();
  delete from private.brief_clusters;
  delete from private.brief_plane;
  insert into private.brief_plane (lon0) values (v_lon0);
  if v_lon0 is null then return; end if;
  for v_radius in select r.radius_m from private.gap_radii r loop
    perform private.rebuild_brief_clusters(v_radius, v_lon0);
  end loop;
end
$$;

/**
 * Brings the clusters of one R up to date for the needs named (whose membership, point,
 * category, age or support may have changed): see the header for why this is exact.
 */
create function private.recluster_briefs(p_radius_m float8, p_lon0 float8, p_need_ids uuid[])
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
declare
  v_fresh private.brief_point[] := array(select u from private.brief_uncovered(p_radius_m, p_lon0, p_need_ids) u);
  v_removed uuid[];
  v_added private.brief_point[];
  v_affected text[];
  v_new text;
begin
  -- Needs that stay, unmoved: only their weight may have changed.
  update private.brief_clusters b set weight = f.weight
  from unnest(v_fresh) f
  where b.radius_m = p_radius_m and b.need_id = f.need_id and b.weight <> f.weight;
  -- Needs that leave their cluster (gone, covered, moved, recategorised), and needs that join one.
  v_removed := array(
    select b.need_id from private.brief_clusters b
    where b.radius_m = p_radius_m and b.need_id = any (p_need_ids)
      and not exists (select 1 from unnest(v_fresh) f
                      where f.need_id = b.need_id and f.category = b.category and f.created_at = b.created_at
                        and extensions.st_x(f.plane) = extensions.st_x(b.plane)
                        and extensions.st_y(f.plane) = extensions.st_y(b.plane)));
  v_added := array(
    select f from unnest(v_fresh) f
    where not exists (select 1 from private.brief_clusters b
                      where b.radius_m = p_radius_m and b.need_id = f.need_id and b.category = f.category
                        and b.created_at = f.created_at
                        and extensions.st_x(f.plane) = extensions.st_x(b.plane)
                        and extensions.st_y(f.plane) = extensions.st_y(b.plane)));
  if cardinality(v_removed) = 0 and cardinality(v_added) = 0 then
    return;
  end if;

  if cardinality(v_removed) = 0 and cardinality(v_added) = 1 then
    -- One need joins (a pin): it and the clusters it reaches are one component, named by
    -- its earliest need (each cluster's earliest is its seed, the uuid ending its id).
    select x.category || '-' || x.need_id::text into v_new
    from (select f.category, f.need_id, f.created_at from unnest(v_added) f
          union all
          select b.category, b.need_id, b.created_at
          from private.brief_clusters b
          where b.radius_m = p_radius_m
            and b.need_id in (select right(c.brief_id, 36)::uuid
                              from unnest(v_added) f
                              join private.brief_clusters c
                                on c.radius_m = p_radius_m and c.category = f.category
                               and extensions.st_dwithin(c.plane, f.plane, p_radius_m))) x
    order by x.created_at, x.need_id
    limit 1;
    update private.brief_clusters b set brief_id = v_new
    from (select distinct c.brief_id from unnest(v_added) f
          join private.brief_clusters c
            on c.radius_m = p_radius_m and c.category = f.category
           and extensions.st_dwithin(c.plane, f.plane, p_radius_m)) near
    where b.radius_m = p_radius_m and b.brief_id = near.brief_id and b.brief_id <> v_new;
    insert into private.brief_clusters (radius_m, need_id, category, created_at, weight, plane, brief_id)
    select p_radius_m, f.need_id, f.category, f.created_at, f.weight, f.plane, v_new from unnest(v_added) f;
    return;
  end if;

  -- Otherwise: the clusters the leaving needs were in and those the joining needs reach,
  -- clustered again from their needs that remain, with the needs that join.
  v_affected := array(
    select b.brief_id from private.brief_clusters b
    where b.radius_m = p_radius_m and b.need_id = any (v_removed)
    union
    select c.brief_id from unnest(v_added) f
    join private.brief_clusters c
      on c.radius_m = p_radius_m and c.category = f.category
     and extensions.st_dwithin(c.plane, f.plane, p_radius_m));
  v_added := array(
    select row(b.need_id, b.category, b.created_at, b.weight, b.plane)::private.brief_point
    from private.brief_clusters b
    where b.radius_m = p_radius_m and b.brief_id = any (v_affected) and b.need_id <> all (v_removed)
  ) || v_added;
  delete from private.brief_clusters b
  where b.radius_m = p_radius_m and (b.brief_id = any (v_affected) or b.need_id = any (v_removed));
  perform private.brief_clusters_insert(p_radius_m, v_added);
end
$$;

/** The needs named changed (for one cached R, or all): their clusters follow. */
create function private.briefs_touched(p_need_ids uuid[], p_radius_m float8 default null)
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
declare
  v_lon0 float8;
  v_radius float8;
begin
  if coalesce(cardinality(p_need_ids), 0) = 0 then
    return;
  end if;
  perform private.lock_gap_caches();
  v_lon0 := (select p.lon0 from private.brief_plane p);
  if v_lon0 is null then
    return;
  end if;
  for v_radius in select r.radius_m from private.gap_radii r where p_radius_m is null or r.radius_m = p_radius_m loop
    -- Thousands at once (a rebuild of the coverage): one clustering of all costs less.
    if cardinality(p_need_ids) > 2000 then
      perform private.rebuild_brief_clusters(v_radius, v_lon0);
    else
      perform private.recluster_briefs(v_radius, v_lon0, p_need_ids);
    end if;
  end loop;
end
$$;

-- --------------------------------------------------------------------------------------
-- Upkeep: statement triggers with transition tables, like the other gap caches.
-- --------------------------------------------------------------------------------------

/** Needs pinned, deleted, or changed in what decides their cluster or weight. */
create function private.needs_briefs_changed()
returns trigger
language plpgsql security definer
set search_path = ''
set jit = off
as $$
declare
  v uuid[];
  v_ids uuid[];
  v_weights int[];
begin
  if tg_op = 'INSERT' then
    v := array(select n.id from new_rows n);
  elsif tg_op = 'DELETE' then
    v := array(select o.id from old_rows o);
  else
    -- A set difference, not a join: transition tables have no statistics (see
    -- 20261203005000). Any other column (a body, a street's name) changes nothing here.
    v := array(
      select d.id from (
        select n.id, n.hidden_at is null and (n.status in ('open', 'acknowledged', 'adopted')
                                              or (n.status = 'met' and n.met_confirmed_at is null)),
               n.category, n.created_at, extensions.st_asbinary(n.public_geom)
        from new_rows n
        except
        select o.id, o.hidden_at is null and (o.status in ('open', 'acknowledged', 'adopted')
                                              or (o.status = 'met' and o.met_confirmed_at is null)),
               o.category, o.created_at, extensions.st_asbinary(o.public_geom)
        from old_rows o) d
      union
      select o.id from old_rows o where o.id not in (select n.id from new_rows n));
    -- "Me too"s change a need's weight only (needs re-clustered below get theirs there).
    select array_agg(n.id), array_agg(1 + n.supporters_count) into v_ids, v_weights
    from (select n.id, n.supporters_count from new_rows n
          except
          select o.id, o.supporters_count from old_rows o) n
    where n.id <> all (v);
    if v_ids is not null then
      perform private.lock_gap_caches();
      update private.brief_clusters b set weight = x.weight
      from unnest(v_ids, v_weights) x(id, weight)
      where b.need_id = x.id and b.weight <> x.weight;
    end if;
  end if;
  perform private.briefs_touched(v);
  return null;
end
$$;

/** Takes the lock before the statement touches a row (see the header). */
create function private.needs_briefs_lock()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.lock_gap_caches();
  return null;
end
$$;

-- Before any row of the statement is locked: a write that holds the lock never waits
-- for a row that a write waiting for the lock holds.
create trigger needs_briefs_lock before insert or update or delete on public.needs
  for each statement execute function private.needs_briefs_lock();

-- Named to fire after the needs' other gap-cache triggers (alphabetical order): a pinned
-- need's coverage is then already there, and it is clustered once.
create trigger needs_then_briefs_insert after insert on public.needs
  referencing new table as new_rows for each statement execute function private.needs_briefs_changed();
create trigger needs_then_briefs_update after update on public.needs
  referencing old table as old_rows new table as new_rows for each statement execute function private.needs_briefs_changed();
create trigger needs_then_briefs_delete after delete on public.needs
  referencing old table as old_rows for each statement execute function private.needs_briefs_changed();

/** Needs that became covered (a row appears) or uncovered (it goes), per R. */
create function private.need_coverage_briefs_changed()
returns trigger
language plpgsql security definer
set search_path = ''
set jit = off
as $$
declare
  v record;
begin
  if tg_op = 'INSERT' then
    for v in select n.radius_m, array_agg(n.need_id) as ids from new_rows n group by n.radius_m loop
      perform private.briefs_touched(v.ids, v.radius_m);
    end loop;
  else
    for v in select o.radius_m, array_agg(o.need_id) as ids from old_rows o group by o.radius_m loop
      perform private.briefs_touched(v.ids, v.radius_m);
    end loop;
  end if;
  return null;
end
$$;

-- An update only changes the number of providers, never whether there is one: a row
-- brought to 0 is deleted straight after (and that delete is seen here).
create trigger need_coverage_briefs_insert after insert on private.need_coverage
  referencing new table as new_rows for each statement execute function private.need_coverage_briefs_changed();
create trigger need_coverage_briefs_delete after delete on private.need_coverage
  referencing old table as old_rows for each statement execute function private.need_coverage_briefs_changed();

/** A new origin (neighbourhoods changed) re-projects every point: rebuilt. */
create function private.brief_origin_changed()
returns trigger
language plpgsql security definer
set search_path = ''
set jit = off
as $$
begin
  perform private.lock_gap_caches();
  if private.brief_lon0() is distinct from (select p.lon0 from private.brief_plane p) then
    perform private.rebuild_all_brief_clusters();
  end if;
  return null;
end
$$;

create trigger neighbourhoods_briefs_origin after insert or update or delete on public.neighbourhoods
  for each statement execute function private.brief_origin_changed();
create trigger neighbourhoods_briefs_origin_truncate after truncate on public.neighbourhoods
  for each statement execute function private.brief_origin_changed();

create function private.brief_clusters_rebuild_trigger()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.rebuild_all_brief_clusters();
  return null;
end
$$;

-- Named to fire after gap_radii_changed, which rebuilds need_coverage for the new radii.
create trigger gap_radii_then_briefs after insert or update or delete on private.gap_radii
  for each statement execute function private.brief_clusters_rebuild_trigger();
create trigger needs_then_briefs_truncate after truncate on public.needs
  for each statement execute function private.brief_clusters_rebuild_trigger();
create trigger need_coverage_briefs_truncate after truncate on private.need_coverage
  for each statement execute function private.brief_clusters_rebuild_trigger();

select private.rebuild_all_brief_clusters();

-- --------------------------------------------------------------------------------------
-- brief_members: a read of the cache when it is current for R, as before otherwise.
-- --------------------------------------------------------------------------------------

/** Whether the cache is about today's origin (security definer to read it). */
create function private.brief_clusters_current()
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from private.brief_plane p where p.lon0 = private.brief_lon0())
$$;

/** The cached clusters of R (one category or all). */
create function private.cached_brief_members(p_radius_m float8, p_category text)
returns table (brief_id text, category text, need_id uuid, weight int)
language sql stable security definer
set search_path = ''
as $$
  select b.brief_id, b.category, b.need_id, b.weight
  from private.brief_clusters b
  where b.radius_m = p_radius_m and (p_category is null or b.category = p_category)
$$;

/**
 * The briefs' clustering (20261201004000): from private.brief_clusters for a cached R
 * while the caches are current (no notes pending) and the origin is the cache's; the
 * query of 20261202001500 otherwise, unchanged.
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
  if v_cached and private.brief_clusters_current() then
    return query select * from private.cached_brief_members(p_radius_m, p_category);
    return;
  end if;
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
grant execute on function private.brief_members(float8, text), private.brief_clusters_current(),
  private.cached_brief_members(float8, text)
  to anon, authenticated;
