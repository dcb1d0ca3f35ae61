-- The gap caches' bulk build made cheap (issue 13: an import of whole Rutland no slower
-- than before the caches). Profiled on Postgres, the build of segment_supply and
-- group_supply (private.rebuild_supply, run by a first import's flush) spent:
--   * 40% in foreign-key checks: one row-level RI trigger per cached row and key, 100,000
--     calls for whole Rutland. The keys were there only for their cascades; statement-level
--     triggers below do the same deletes once per statement;
--   * a quarter on distances: st_dwithin for every street in a provider's box, then
--     st_distance again for those within R. Now one st_distance per candidate;
--   * sorts spilling to disk for the grouping (default work_mem).
-- Same rows as before: every R decided from the one distance, and within a millimetre
-- of R by st_dwithin itself, as 20261202001500 does for the smaller R.

alter table private.segment_supply
  drop constraint segment_supply_radius_m_fkey,
  drop constraint segment_supply_street_id_fkey;
alter table private.group_supply
  drop constraint group_supply_radius_m_fkey,
  drop constraint group_supply_group_id_fkey;
-- A removed R needs no cascade: the gap_radii trigger rebuilds every cache.

/** What the cascades did: supply of removed streets and streets as people know them goes. */
create function private.streets_gap_removed()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from private.segment_supply s where s.street_id in (select o.id from old_rows o);
  return null;
end
$$;

create function private.street_groups_gap_removed()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from private.group_supply g where g.group_id in (select o.id from old_rows o);
  return null;
end
$$;

create trigger streets_gap_cache_delete after delete on public.streets
  referencing old table as old_rows for each statement execute function private.streets_gap_removed();
create trigger street_groups_gap_cache_delete after delete on public.street_groups
  referencing old table as old_rows for each statement execute function private.street_groups_gap_removed();
-- TRUNCATE … CASCADE used to empty segment_supply with the streets.
create trigger streets_gap_cache_truncate after truncate on public.streets
  for each statement execute function private.refresh_gap_caches_trigger();

/**
 * segment_supply and group_supply from scratch in one pass, provider by provider: the
 * streets in the box st_dwithin's index would search for the largest cached R, the
 * distance to each computed once, and every R decided from it. A street as people know
 * it is within R when its nearest segment is (its lines are its segments' lines). Where
 * a distance lies within a millimetre of R, st_dwithin itself decides, on the segment or
 * on the whole street as the per-street functions do, so the result is exactly theirs.
 */
create or replace function private.rebuild_supply()
returns void
language plpgsql
set search_path = ''
set jit = off
-- The groupings (about 100,000 rows for whole Rutland) fit in memory instead of spilling.
set work_mem = '32MB'
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
    -- Each provider once per category it serves, joined on equalities.
    select distinct p.kind, p.id, c.category from providers p cross join unnest(p.categories) c(category)
  ), pairs as materialized (
    -- No geometries kept: the few pairs at a hair's breadth from R look them up again.
    select p.kind, p.id, s.id as street_id, s.group_id, s.d
    from providers p
    cross join lateral (
      select s.id, s.group_id, extensions.st_distance(p.geom, s.geom, false) as d
      from public.streets s
      where s.geom operator(extensions.&&) extensions._st_expand(p.geom, v_max)
      offset 0) s
    where s.d <= v_max + 0.001
  ), segments as (
    insert into private.segment_supply (radius_m, street_id, category, supply)
    select w.radius_m, w.street_id, pc.category, count(*)::int
    from (select r.radius_m, x.kind, x.id, x.street_id
          from pairs x join private.gap_radii r on x.d <= r.radius_m + 0.001
          where x.d < r.radius_m - 0.001
             or extensions.st_dwithin((select p.geom from providers p where p.kind = x.kind and p.id = x.id),
                                      (select s.geom from public.streets s where s.id = x.street_id),
                                      r.radius_m, false)) w
    join provider_categories pc on pc.kind = w.kind and pc.id = w.id
    group by w.radius_m, w.street_id, pc.category
  )
  insert into private.group_supply (radius_m, group_id, category, supply)
  select w.radius_m, w.group_id, pc.category, count(*)::int
  from (select r.radius_m, x.kind, x.id, x.group_id
        from (select x.kind, x.id, x.group_id, min(x.d) as d
              from pairs x where x.group_id is not null
              group by x.kind, x.id, x.group_id) x
        join private.gap_radii r on x.d <= r.radius_m + 0.001
        where x.d < r.radius_m - 0.001
           or extensions.st_dwithin((select p.geom from providers p where p.kind = x.kind and p.id = x.id),
                                    (select g.geom from public.street_groups g where g.id = x.group_id),
                                    r.radius_m, false)) w
  join provider_categories pc on pc.kind = w.kind and pc.id = w.id
  group by w.radius_m, w.group_id, pc.category;
end
$$;

revoke execute on all functions in schema private from public;
