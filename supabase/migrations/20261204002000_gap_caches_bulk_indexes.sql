-- The gap caches' bulk build without index upkeep row by row (issue 13: an import of
-- whole Rutland no slower than before the caches). Profiled after 20261203002000, the
-- supply build a first import runs after its commit (private.rebuild_supply, 50,000 rows
-- for whole Rutland) spent a third of its time keeping the two tables' four b-trees up
-- to date row by row (and logging each entry): 204 of 540 ms on Postgres, 510 of 1,230 ms
-- on PGlite. Emptied with TRUNCATE, filled with no index, and indexed afterwards, the same
-- rows cost 76 and 264 ms.
--
-- Same rows as before (the query is 20261203002000's); what changes is how they are
-- written. TRUNCATE fires no delete trigger, so street_gap_rows is brought up to date
-- here for the streets the insert trigger does not see (those left with no supply).
-- The build takes an exclusive lock on the two supply tables until its transaction
-- ends; readers never wait for it in practice: while an import's notes are pending the
-- gap functions answer from the tables (20261203002100), and writers that would touch
-- the caches queue on private.lock_gap_caches() first.

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
  truncate private.segment_supply, private.group_supply;
  -- Indexes are rebuilt once from the full tables below, under the same names.
  alter table private.segment_supply drop constraint segment_supply_pkey;
  alter table private.group_supply drop constraint group_supply_pkey;
  drop index private.segment_supply_street_idx;
  drop index private.segment_supply_zero_idx;
  drop index private.group_supply_group_idx;
  if v_max is not null then
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
  end if;
  -- As 20261201003000 and 20261202001500 made them.
  alter table private.segment_supply add constraint segment_supply_pkey primary key (radius_m, street_id, category);
  create index segment_supply_zero_idx on private.segment_supply (radius_m) where supply = 0;
  create index segment_supply_street_idx on private.segment_supply (street_id);
  alter table private.group_supply add constraint group_supply_pkey primary key (radius_m, group_id, category);
  create index group_supply_group_idx on private.group_supply (group_id);
  -- Streets with demand left with no supply row: the insert trigger saw the others.
  perform private.compute_street_gap_rows(array(
    select distinct d.street_id from private.segment_demand d
    where not exists (select 1 from private.segment_supply s where s.street_id = d.street_id)));
end
$$;

revoke execute on all functions in schema private from public;
