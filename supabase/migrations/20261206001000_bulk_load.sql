-- A bulk load (the demo town's seed) pays for the tiles' versions and the briefs' clusters
-- once, not once per statement (issue 13: start-up times stay where they are or get
-- faster). The seed pins 400 needs, records 203 outcomes and adds 503 "me too"s one
-- statement at a time, and each statement bumped the tiles' versions and re-clustered
-- the briefs: loading it took 5.2 s on PGlite against 2.1 s before those caches, and a
-- cold start 16.9 s against 13.2 s.
--
-- A transaction that sets streetlevel.bulk_load = 'on' (set local) skips that upkeep and
-- ends with private.finish_bulk_load(), in the same transaction, which does it once: the
-- gap caches are flushed (when the load deferred them too, streetlevel.defer_gap_caches),
-- every tile layer's version moves (as a TRUNCATE's does) and the briefs' clusters are
-- built from scratch, from that coverage. Readers never see the skipped state: it commits
-- with its catch-up.

/** True inside a bulk load (see the header). */
create function private.bulk_loading()
returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce(current_setting('streetlevel.bulk_load', true), '') = 'on'
$$;

/** As in 20261203005000_import_trigger_costs.sql, skipped in a bulk load. */
create or replace function private.tile_rows_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
-- Row estimates over transition tables are guesses; JIT compiled this for 0.26 s per statement.
set jit = off
as $$
declare
  v_layers text[] := string_to_array(tg_argv[0], ',');
  v_rows text;
begin
  if private.bulk_loading() then
    return null;
  end if;
  if tg_op = 'TRUNCATE' then
    insert into private.tile_cells (layer, cx, cy, version)
    select l, -1, -1, nextval('private.tile_version_seq') from unnest(v_layers) l
    on conflict (layer, cx, cy) do update set version = excluded.version;
    return null;
  end if;
  v_rows := case tg_op
    when 'INSERT' then format('select n.%I as g from new_rows n', tg_argv[1])
    when 'DELETE' then format('select o.%I as g from old_rows o', tg_argv[1])
    else format('select x.g from new_rows n join old_rows o on o.id = n.id
                 cross join lateral (values (n.%1$I), (o.%1$I)) x(g)
                 where pg_catalog.row_to_json(n)::text is distinct from pg_catalog.row_to_json(o)::text', tg_argv[1])
  end;
  execute format(
    'with b as (
       select extensions.box2d(r.g::extensions.geometry) as b from (%s) r where r.g is not null
     ), k as (
       select least(32767, greatest(0, floor((extensions.st_xmin(b.b) + 180) / 360 * 32768)))::int as x0,
              least(32767, greatest(0, floor((extensions.st_xmax(b.b) + 180) / 360 * 32768)))::int as x1,
              least(32767, greatest(0, floor((1 - asinh(tan(radians(least(85.0511, greatest(-85.0511, extensions.st_ymax(b.b)))))) / pi()) / 2 * 32768)))::int as y0,
              least(32767, greatest(0, floor((1 - asinh(tan(radians(least(85.0511, greatest(-85.0511, extensions.st_ymin(b.b)))))) / pi()) / 2 * 32768)))::int as y1
       from b
     )
     insert into private.tile_cells (layer, cx, cy, version)
     select distinct l, x, y, $2 from k cross join generate_series(k.x0, k.x1) x cross join generate_series(k.y0, k.y1) y
     cross join unnest($1) l
     on conflict (layer, cx, cy) do update set version = excluded.version', v_rows)
  using v_layers, nextval('private.tile_version_seq');
  return null;
end
$$;

/** As in 20261204001000_brief_clusters_cache.sql, skipped in a bulk load. */
create or replace function private.briefs_touched(p_need_ids uuid[], p_radius_m float8 default null)
returns void
language plpgsql
set search_path = ''
set jit = off
as $$
declare
  v_lon0 float8;
  v_radius float8;
begin
  if coalesce(cardinality(p_need_ids), 0) = 0 or private.bulk_loading() then
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

/** As in 20261204001000_brief_clusters_cache.sql, skipped in a bulk load. */
create or replace function private.brief_origin_changed()
returns trigger
language plpgsql security definer
set search_path = ''
set jit = off
as $$
begin
  if private.bulk_loading() then
    return null;
  end if;
  perform private.lock_gap_caches();
  if private.brief_lon0() is distinct from (select p.lon0 from private.brief_plane p) then
    perform private.rebuild_all_brief_clusters();
  end if;
  return null;
end
$$;

/** The upkeep a bulk load skipped, once, before it commits. */
create function private.finish_bulk_load()
returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if not private.bulk_loading() then
    raise exception 'finish_bulk_load ends a bulk load: set streetlevel.bulk_load = ''on'' in this transaction first'
      using errcode = '55000';
  end if;
  -- The gap caches first (a load that deferred them): the briefs' clusters read their coverage.
  perform private.flush_gap_caches();
  -- Every layer the tile triggers of 20261202001000_vector_tiles.sql keep.
  insert into private.tile_cells (layer, cx, cy, version)
  select l, -1, -1, nextval('private.tile_version_seq')
  from unnest(array['streets', 'neighbourhoods', 'assets', 'enterprises', 'needs', 'places']) l
  on conflict (layer, cx, cy) do update set version = excluded.version;
  perform private.rebuild_all_brief_clusters();
end
$$;

revoke execute on all functions in schema private from public;
