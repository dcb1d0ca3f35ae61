-- Code health, no change in behaviour (issue 13): SQL written more than once is now
-- written once.
--
-- * Supply of streets and of streets as people know them (compute_street_supply and
--   compute_group_supply, 20261202001500) were copies of one body over two tables: they
--   now share private.place_supply, which reads either through private.supply_places.
--   Same pairs, same st_dwithin(provider, street, R, false) test, same two plans (each
--   branch of the view is pruned by its kind, and probes that table's own indexes).

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
