-- What an import pays for the triggers that keep the walking graph and the tiles'
-- versions (issue 13: "import of whole Rutland stays where it is or gets faster").
-- Measured on one Postgres import of whole Rutland: naming the streets (one update of
-- group_id on every segment) took 5.5 s, 3.7 s of it in the walking graph's trigger
-- comparing old and new lines with a nested loop over the transition tables; and the
-- tiles' trigger called private.tile_cells_of once per row (33,665 calls), a function
-- call Postgres cannot inline because it pins its search_path (costly on PGlite).
-- Same results: the same streets re-cut, the same cells bumped.

create or replace function private.streets_walk_graph()
returns trigger
language plpgsql
set search_path = ''
set jit = off
as $$
declare
  v_ids uuid[];
  v_touched uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.id) into v_ids from new_rows n;
  elsif tg_op = 'UPDATE' then
    -- Only streets whose line changed (placing a street in a neighbourhood does not).
    -- A set difference, not a join: transition tables have no statistics, and the join
    -- was planned as a nested loop (5,558 × 5,558 rows when an import names its streets).
    select array_agg(d.id) into v_ids
    from (select n.id, extensions.st_asbinary(n.geom) from new_rows n
          except
          select o.id, extensions.st_asbinary(o.geom) from old_rows o) d;
  else
    select array_agg(o.id) into v_ids from old_rows o;
  end if;
  if v_ids is null then
    return null;
  end if;
  -- Nodes the written streets had (deleted streets' vertices are gone with them already).
  select array_agg(distinct v.street_id) into v_touched
  from private.walk_vertices v
  where v.node in (select x.node from private.walk_vertices x where x.street_id = any (v_ids));
  if tg_op = 'DELETE' then
    select array_agg(distinct v.street_id) into v_touched
    from private.walk_vertices v join private.walk_nodes n on n.id = v.node
    join (select round(extensions.st_x(d.geom) * 1e7)::bigint as kx, round(extensions.st_y(d.geom) * 1e7)::bigint as ky
          from old_rows o, lateral extensions.st_dumppoints(o.geom::extensions.geometry) d) k
      on k.kx = n.kx and k.ky = n.ky;
  else
    perform private.walk_vertices_add(v_ids);
  end if;
  -- And the nodes they have now.
  v_touched := coalesce(v_touched, '{}') || coalesce((
    select array_agg(distinct v.street_id) from private.walk_vertices v
    where v.node in (select x.node from private.walk_vertices x where x.street_id = any (v_ids))), '{}');
  if tg_op <> 'DELETE' then
    v_touched := v_touched || v_ids;
  end if;
  perform private.walk_edges_cut(array(select distinct x from unnest(v_touched) x));
  return null;
end
$$;

/**
 * As in 20261202001000_vector_tiles.sql (bump the cells of the rows a statement inserted,
 * deleted or really changed), with the cells of each row's box computed in the query
 * itself: the same formulas as private.tile_cells_of, without a call per row.
 */
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
