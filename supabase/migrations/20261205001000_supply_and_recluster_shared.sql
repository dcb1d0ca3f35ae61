-- Code health, no change in behaviour (issue 13): two pieces of SQL written more than once
-- are now written once.
--
-- * Supply of streets and of streets as people know them (compute_street_supply and
--   compute_group_supply, 20261202001500) were copies of one body over two tables: they
--   now share private.place_supply, which reads either through private.supply_places.
--   Same pairs, same st_dwithin(provider, street, R, false) test, same two plans (each
--   branch of the view is pruned by its kind, and probes that table's own indexes).
-- * private.recluster_briefs (20261204001000) found the clusters the joining needs reach
--   with the same join three times: once for a need that joins alone (twice there) and
--   once for needs that leave, move or join together. It finds them once, and both ways
--   of re-clustering use that set.

-- --------------------------------------------------------------------------------------
-- Supply: one body for streets and streets as people know them.
-- --------------------------------------------------------------------------------------

/** The places supply is counted for: streets (segments) and streets as people know them. */
create view private.supply_places as
  select 'street'::text as kind, s.id, s.geom from public.streets s
  union all
  select 'group'::text, g.id, g.geom from public.street_groups g;
revoke all on private.supply_places from public, anon, authenticated;

/**
 * Supply of the given places of one kind ('street' or 'group'), for every cached R, from
 * scratch, driven from whichever side is smaller: place by place (each probes the
 * providers' indexes) or provider by provider (each probes the places'). `offset 0`
 * keeps the planner from turning the lateral probes into one join over every pair.
 */
create function private.place_supply(p_kind text, p_ids uuid[])
returns table (radius_m float8, place_id uuid, category text, supply int)
language plpgsql stable
set search_path = ''
set jit = off
as $$
begin
  if cardinality(p_ids) > (select count(*) from private.serving_providers) then
    return query
    select r.radius_m, s.id, c.category, count(*)::int
    from private.serving_providers p
    cross join private.gap_radii r
    cross join lateral (select s.id from private.supply_places s
                        where s.kind = p_kind
                          and extensions.st_dwithin(p.geom, s.geom, r.radius_m, false) offset 0) s
    cross join lateral (select distinct x from unnest(p.categories) x) c(category)
    where s.id in (select unnest(p_ids))
    group by r.radius_m, s.id, c.category;
  else
    return query
    select r.radius_m, s.id, c.category, count(*)::int
    from unnest(p_ids) i(id)
    join private.supply_places s on s.kind = p_kind and s.id = i.id
    cross join private.gap_radii r
    cross join lateral (select p.categories from private.serving_providers p
                        where extensions.st_dwithin(p.geom, s.geom, r.radius_m, false) offset 0) p
    cross join lateral (select distinct x from unnest(p.categories) x) c(category)
    group by r.radius_m, s.id, c.category;
  end if;
end
$$;
revoke execute on function private.place_supply(text, uuid[]) from public;

/** Supply of the given streets (segments), as 20261202001500 computes it. */
create or replace function private.compute_street_supply(p_street_ids uuid[])
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  insert into private.segment_supply (radius_m, street_id, category, supply)
  select s.radius_m, s.place_id, s.category, s.supply from private.place_supply('street', p_street_ids) s;
end
$$;

/** Supply of the given streets as people know them, as 20261202001500 computes it. */
create or replace function private.compute_group_supply(p_group_ids uuid[])
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  insert into private.group_supply (radius_m, group_id, category, supply)
  select s.radius_m, s.place_id, s.category, s.supply from private.place_supply('group', p_group_ids) s;
end
$$;

-- --------------------------------------------------------------------------------------
-- Briefs: the clusters the joining needs reach, found once.
-- --------------------------------------------------------------------------------------

/**
 * Brings the clusters of one R up to date for the needs named (whose membership, point,
 * category, age or support may have changed): see 20261204001000 for why this is exact.
 */
create or replace function private.recluster_briefs(p_radius_m float8, p_lon0 float8, p_need_ids uuid[])
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
declare
  v_fresh private.brief_point[] := array(select u from private.brief_uncovered(p_radius_m, p_lon0, p_need_ids) u);
  v_removed uuid[];
  v_added private.brief_point[];
  v_reached text[];
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
  -- The clusters the joining needs reach: a need of theirs within R, of the same category.
  -- (The needs that leave are still in the cache here, so they may be among them.)
  v_reached := array(
    select distinct c.brief_id from unnest(v_added) f
    join private.brief_clusters c
      on c.radius_m = p_radius_m and c.category = f.category
     and extensions.st_dwithin(c.plane, f.plane, p_radius_m));

  if cardinality(v_removed) = 0 and cardinality(v_added) = 1 then
    -- One need joins (a pin): it and the clusters it reaches are one component, named by
    -- its earliest need (each cluster's earliest is its seed, the uuid ending its id).
    select x.category || '-' || x.need_id::text into v_new
    from (select f.category, f.need_id, f.created_at from unnest(v_added) f
          union all
          select b.category, b.need_id, b.created_at
          from private.brief_clusters b
          where b.radius_m = p_radius_m
            and b.need_id in (select right(r.brief_id, 36)::uuid from unnest(v_reached) r(brief_id))) x
    order by x.created_at, x.need_id
    limit 1;
    update private.brief_clusters b set brief_id = v_new
    where b.radius_m = p_radius_m and b.brief_id = any (v_reached) and b.brief_id <> v_new;
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
    select r.brief_id from unnest(v_reached) r(brief_id));
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
