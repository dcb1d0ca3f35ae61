-- Walking routes, faster (issue 15): the street graph is built once, when streets are
-- imported or changed, instead of from the streets' vertices at every search.
--
--   private.walk_nodes     one row per distinct street vertex, keyed by its coordinates in
--                          whole 1e-7 degrees (as private.node_key: about 1 cm)
--   private.walk_vertices  every vertex of every street: its node, metres along the street
--   private.walk_edges     each street cut at its junctions (ends, shared vertices): the
--                          search's edges; a bend in the middle of one street is no node
--
-- Statement triggers on public.streets keep them true for any write (the importer's
-- upserts, the demo seed, an operator's edit). walking_distances then reads the edges of
-- the walkable streets within its bound: the graph of 20261201005000 with its bends
-- folded into edges, so the same routes (tests/bench/walking.bench.ts compares every
-- distance on the demo town) with about a quarter of the nodes, and none of the
-- per-call st_dumppoints, key and join work. The search is the same bounded Dijkstra,
-- stopping once every target is settled, with O(1) checks for "is this node a target".

create table private.walk_nodes (
  id int generated always as identity primary key,
  kx bigint not null,
  ky bigint not null,
  unique (kx, ky)
);

/** Every vertex of every street: its node, and how far along the street it is (metres). */
create table private.walk_vertices (
  street_id uuid not null references public.streets (id) on delete cascade,
  i int not null,       -- its position in the street's line, from 1
  node int not null references private.walk_nodes (id),
  cum float8 not null,  -- metres from the street's first vertex, along it
  primary key (street_id, i)
);
create index walk_vertices_node_idx on private.walk_vertices (node);

/**
 * The graph's edges: each street cut at its junctions (its ends, and any vertex another
 * street, or the street itself again, passes through). A vertex in the middle of one
 * street only is a bend, not a choice, so it is no node of the search: the graph has a
 * quarter of the vertices' nodes on the demo town, and the same shortest routes.
 */
create table private.walk_edges (
  street_id uuid not null references public.streets (id) on delete cascade,
  i0 int not null,      -- from vertex i0 to vertex i1 of the street
  i1 int not null,
  u int not null references private.walk_nodes (id),
  v int not null references private.walk_nodes (id),
  w float8 not null,    -- metres along the street, on the sphere
  primary key (street_id, i0)
);
revoke all on private.walk_nodes, private.walk_vertices, private.walk_edges from public, anon, authenticated;
-- The graph is the public streets' shape, nothing more: walking_distances (run by anyone
-- looking for projects) reads it as its caller.
grant select on private.walk_nodes, private.walk_vertices, private.walk_edges to anon, authenticated;

/** Records the vertices of these streets (their nodes first), replacing any recorded. */
create function private.walk_vertices_add(p_street_ids uuid[])
returns void
language sql
set search_path = ''
set jit = off
as $$
  delete from private.walk_vertices v where v.street_id = any (p_street_ids);
  insert into private.walk_nodes (kx, ky)
  select distinct round(extensions.st_x(d.geom) * 1e7)::bigint, round(extensions.st_y(d.geom) * 1e7)::bigint
  from public.streets s, lateral extensions.st_dumppoints(s.geom::extensions.geometry) d
  where s.id = any (p_street_ids)
  on conflict do nothing;
  with pts as (
    select s.id, d.path[1] as i, d.geom as g, n.id as node
    from public.streets s, lateral extensions.st_dumppoints(s.geom::extensions.geometry) d
    join private.walk_nodes n on n.kx = round(extensions.st_x(d.geom) * 1e7)::bigint
                             and n.ky = round(extensions.st_y(d.geom) * 1e7)::bigint
    where s.id = any (p_street_ids)
  ), legs as (
    -- The length of the piece ending at each vertex; none between two vertices of one node
    -- (as the graph of 20261201005000, which had no edge there).
    select p.id, p.i, p.node,
           case when prev.node is null or prev.node = p.node then 0
                else extensions.st_distance(prev.g::extensions.geography, p.g::extensions.geography, false) end as leg
    from pts p left join pts prev on prev.id = p.id and prev.i = p.i - 1
  )
  insert into private.walk_vertices (street_id, i, node, cum)
  select l.id, l.i, l.node, sum(l.leg) over (partition by l.id order by l.i)
  from legs l
$$;

/** Cuts these streets into edges at their junctions now, replacing any edges they had. */
create function private.walk_edges_cut(p_street_ids uuid[])
returns void
language sql
set search_path = ''
set jit = off
as $$
  delete from private.walk_edges e where e.street_id = any (p_street_ids);
  with v as (
    select x.street_id, x.i, x.node, x.cum,
           x.i = 1 or x.i = max(x.i) over (partition by x.street_id)
             or exists (select 1 from private.walk_vertices y
                        where y.node = x.node and (y.street_id <> x.street_id or y.i <> x.i)) as junction
    from private.walk_vertices x
    where x.street_id = any (p_street_ids)
      and exists (select 1 from public.streets s where s.id = x.street_id)
  ), j as (
    select v.street_id, v.i, v.node, v.cum,
           lead(v.i) over w as i1, lead(v.node) over w as node1, lead(v.cum) over w as cum1
    from v where v.junction
    window w as (partition by v.street_id order by v.i)
  )
  insert into private.walk_edges (street_id, i0, i1, u, v, w)
  select j.street_id, j.i, j.i1, j.node, j.node1, j.cum1 - j.cum from j where j.i1 is not null
$$;

/**
 * Keeps the graph true after a write to public.streets (statement level, with transition
 * tables): the streets written get their vertices again, and every street that shares a
 * node with them (before or after) is cut again, as its junctions may have changed.
 */
create function private.streets_walk_graph()
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
    select array_agg(n.id) into v_ids
    from new_rows n join old_rows o on o.id = n.id
    where extensions.st_asbinary(n.geom) is distinct from extensions.st_asbinary(o.geom);
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

create trigger streets_walk_graph_insert after insert on public.streets
  referencing new table as new_rows for each statement execute function private.streets_walk_graph();
create trigger streets_walk_graph_update after update on public.streets
  referencing old table as old_rows new table as new_rows for each statement execute function private.streets_walk_graph();
create trigger streets_walk_graph_delete after delete on public.streets
  referencing old table as old_rows for each statement execute function private.streets_walk_graph();

-- The streets already there.
select private.walk_vertices_add(array(select s.id from public.streets s));
select private.walk_edges_cut(array(select s.id from public.streets s));

/**
 * Where each of `pts` joins the street network (one row per point, n its position), as
 * street_attachments (20261201005000): the nearest piece (vertices i → i + 1) of the
 * nearest walkable street within 150 m, off_m from the point to its nearest point p on
 * it, to_a / to_b from p to either end of the piece. Then the edge that piece lies on:
 * a / b its end nodes (numbered by position in `node_ids`, the search's graph), to_u /
 * to_v from p along the street to them, and off_a / off_b how far along the edge the
 * piece starts and ends. Nulls when no street is that near.
 */
create function private.street_attachments_on(pts extensions.geography[], node_ids int[])
returns table (n int, street_id uuid, i int, i0 int, a int, b int, off_m float8, to_a float8, to_b float8,
               to_u float8, to_v float8, off_a float8, off_b float8, na int, nb int, p extensions.geography)
language sql stable
set search_path = ''
set jit = off
as $$
  with t as (
    select u.n::int as n, u.g from unnest(pts) with ordinality u(g, n)
  ), near as (
    select t.n, t.g, st.id, st.geom
    from t
    left join lateral (
      select s.id, s.geom from public.streets s
      where s.highway not in ('motorway', 'motorway_link')
      order by s.geom operator(extensions.<->) t.g
      limit 1
    ) st on extensions.st_dwithin(st.geom, t.g, 150, false)
  ), piece as (
    select near.n, near.g, near.id, pc.i, pc.ga, pc.gb, pc.cp
    from near
    left join lateral (
      select x.path[1] as i, x.geom as ga, y.geom as gb,
             extensions.st_closestpoint(extensions.st_makeline(x.geom, y.geom), near.g::extensions.geometry) as cp
      from extensions.st_dumppoints(near.geom::extensions.geometry) x
      join extensions.st_dumppoints(near.geom::extensions.geometry) y on y.path[1] = x.path[1] + 1
      where not extensions.st_equals(x.geom, y.geom)
      order by extensions.st_distance(extensions.st_makeline(x.geom, y.geom)::extensions.geography, near.g, false),
               x.path[1]
      limit 1
    ) pc on true
  ), measured as (
    select piece.*,
           extensions.st_distance(piece.cp::extensions.geography, piece.g, false) as off_m,
           extensions.st_distance(piece.cp::extensions.geography, piece.ga::extensions.geography, false) as to_a,
           extensions.st_distance(piece.cp::extensions.geography, piece.gb::extensions.geography, false) as to_b,
           e.i0, e.u, e.v, e.w,
           va.cum - v0.cum as off_a, vb.cum - v0.cum as off_b, va.node as na, vb.node as nb
    from piece
    left join private.walk_edges e on e.street_id = piece.id and e.i0 <= piece.i and e.i1 > piece.i
    left join private.walk_vertices v0 on v0.street_id = piece.id and v0.i = e.i0
    left join private.walk_vertices va on va.street_id = piece.id and va.i = piece.i
    left join private.walk_vertices vb on vb.street_id = piece.id and vb.i = piece.i + 1
  )
  select m.n, m.id, m.i, m.i0, array_position(node_ids, m.u), array_position(node_ids, m.v), m.off_m, m.to_a, m.to_b,
         m.off_a + m.to_a, (m.w - m.off_b) + m.to_b, m.off_a, m.off_b, m.na, m.nb, m.cp::extensions.geography
  from measured m
$$;

/**
 * Walking distances in metres from `origin` to each of `targets`: as 20261201005000 (the
 * same rules, the same routes), over the prebuilt graph of junctions. A point joins the
 * graph at both ends of the edge it lies on; two points on one edge may also walk along it.
 */
create or replace function private.walking_distances(origin extensions.geography, targets extensions.geography[], bound_m float8)
returns float8[]
language plpgsql stable
set search_path = ''
set jit = off
as $$
declare
  v_nodes int[];      -- graph node ids, sorted: a node's number is its position here
  v_n int;
  v_u int[];          -- directed edges, sorted by from-node: from, to, metres
  v_v int[];
  v_w float8[];
  v_first int[];      -- v_first[node]: index of its first edge in v_u/v_v/v_w (CSR)
  v_dist float8[];
  v_done boolean[];
  v_want int[];       -- v_want[node]: how many target ends are this node
  h_d float8[] := '{}';   -- binary min-heap of (distance, node), lazy deletion
  h_n int[] := '{}';
  h_size int := 0;
  v_result float8[] := '{}';
  o record;           -- where the origin joins
  t record;           -- where a target joins
  v_at jsonb;         -- every target's attachment, by position
  v_left int := 0;
  v_d float8; v_node int; ix int; jx int; kx int; nd float8; tmp_d float8; tmp_n int;
  v_limit float8;
begin
  if origin is null or targets is null or coalesce(array_length(targets, 1), 0) = 0 then
    return '{}';
  end if;
  bound_m := least(greatest(coalesce(bound_m, 0), 300), 8000);
  v_limit := 3 * bound_m;

  -- The graph within the bound: the edges of every walkable street that comes that near.
  -- (The streets first, as an array: the edges are then read by their key, whatever
  -- the planner guesses for st_dwithin.)
  with e as materialized (
    select e.u, e.v, e.w
    from private.walk_edges e
    where e.street_id = any (array(
      select s.id from public.streets s
      where extensions.st_dwithin(s.geom, origin, bound_m, false)
        and s.highway not in ('motorway', 'motorway_link')))
      and e.u <> e.v
  ), nodes as materialized (
    select x.g, (row_number() over (order by x.g))::int as nid
    from (select e.u as g from e union select e.v from e) x
  ), dir as (
    select nu.nid as u, nv.nid as v, e.w from e join nodes nu on nu.g = e.u join nodes nv on nv.g = e.v
    union all
    select nv.nid, nu.nid, e.w from e join nodes nu on nu.g = e.u join nodes nv on nv.g = e.v
  ), agg as (
    select array_agg(u order by u, v) as u, array_agg(v order by u, v) as v, array_agg(w order by u, v) as w from dir
  )
  select (select array_agg(g order by nid) from nodes), agg.u, agg.v, agg.w
  into v_nodes, v_u, v_v, v_w
  from agg;
  v_n := coalesce(array_length(v_nodes, 1), 0);

  -- Where the origin and every target join the network: one set-based query
  -- (element 1 is the origin, element ix + 1 the target ix).
  select jsonb_agg(to_jsonb(x) order by x.n) into v_at
  from private.street_attachments_on(origin || targets, coalesce(v_nodes, '{}')) x;
  select * into o from jsonb_to_record(v_at -> 0) as r(n int, street_id uuid, i int, i0 int, a int, b int,
    off_m float8, to_a float8, to_b float8, to_u float8, to_v float8, off_a float8, off_b float8, na int, nb int,
    p extensions.geography);
  if o.off_m is null then
    return array_fill(null::float8, array[array_length(targets, 1)]);
  end if;

  if v_n > 0 then
    -- CSR offsets: v_first[k] is 1 + the number of edges from nodes before k.
    select array_agg(1 + coalesce(c.before, 0)::int order by g.k) into v_first
    from generate_series(1, v_n + 1) g(k)
    left join (select x.u, sum(count(*)) over (order by x.u) as before from unnest(v_u) x(u) group by x.u) c
      on c.u = g.k - 1;
    for ix in 2..v_n + 1 loop  -- (a node without edges of its own: none here, but be safe)
      if v_first[ix] < v_first[ix - 1] then v_first[ix] := v_first[ix - 1]; end if;
    end loop;
    v_dist := array_fill('infinity'::float8, array[v_n]);
    v_done := array_fill(false, array[v_n]);
    v_want := array_fill(0, array[v_n]);

    foreach v_node in array array[o.a, o.b] loop
      continue when v_node is null;
      nd := o.off_m + case when v_node = o.a then o.to_u else o.to_v end;
      if nd < v_dist[v_node] then
        v_dist[v_node] := nd;
        h_size := h_size + 1; h_d[h_size] := nd; h_n[h_size] := v_node;
        ix := h_size;  -- sift up
        while ix > 1 and h_d[ix / 2] > h_d[ix] loop
          tmp_d := h_d[ix]; h_d[ix] := h_d[ix / 2]; h_d[ix / 2] := tmp_d;
          tmp_n := h_n[ix]; h_n[ix] := h_n[ix / 2]; h_n[ix / 2] := tmp_n;
          ix := ix / 2;
        end loop;
      end if;
    end loop;

    -- Stop once all the targets' nodes are settled.
    for ix in 1..array_length(targets, 1) loop
      foreach v_node in array array[(v_at -> ix ->> 'a')::int, (v_at -> ix ->> 'b')::int] loop
        continue when v_node is null;
        v_want[v_node] := v_want[v_node] + 1;
        v_left := v_left + 1;
      end loop;
    end loop;
  end if;

  while h_size > 0 and v_left > 0 loop
    v_d := h_d[1]; v_node := h_n[1];
    h_d[1] := h_d[h_size]; h_n[1] := h_n[h_size]; h_size := h_size - 1;
    ix := 1;  -- sift down
    loop
      jx := 2 * ix;
      exit when jx > h_size;
      if jx + 1 <= h_size and h_d[jx + 1] < h_d[jx] then jx := jx + 1; end if;
      exit when h_d[ix] <= h_d[jx];
      tmp_d := h_d[ix]; h_d[ix] := h_d[jx]; h_d[jx] := tmp_d;
      tmp_n := h_n[ix]; h_n[ix] := h_n[jx]; h_n[jx] := tmp_n;
      ix := jx;
    end loop;
    continue when v_done[v_node] or v_d > v_dist[v_node];
    exit when v_d > v_limit;
    v_done[v_node] := true;
    v_left := v_left - v_want[v_node];
    for kx in v_first[v_node]..v_first[v_node + 1] - 1 loop
      nd := v_d + v_w[kx];
      if nd < v_dist[v_v[kx]] then
        v_dist[v_v[kx]] := nd;
        h_size := h_size + 1; h_d[h_size] := nd; h_n[h_size] := v_v[kx];
        ix := h_size;
        while ix > 1 and h_d[ix / 2] > h_d[ix] loop
          tmp_d := h_d[ix]; h_d[ix] := h_d[ix / 2]; h_d[ix / 2] := tmp_d;
          tmp_n := h_n[ix]; h_n[ix] := h_n[ix / 2]; h_n[ix / 2] := tmp_n;
          ix := ix / 2;
        end loop;
      end if;
    end loop;
  end loop;

  for ix in 1..array_length(targets, 1) loop
    select * into t from jsonb_to_record(v_at -> ix) as r(n int, street_id uuid, i int, i0 int, a int, b int,
      off_m float8, to_a float8, to_b float8, to_u float8, to_v float8, off_a float8, off_b float8, na int, nb int,
      p extensions.geography);
    if t.off_m is null then
      v_result := v_result || null::float8;
      continue;
    end if;
    -- Through either end of its edge (least() passes over an end outside the graph).
    nd := least(v_dist[t.a] + t.to_u, v_dist[t.b] + t.to_v);
    if t.na = o.na and t.nb = o.nb then
      -- Both on the same piece of street: along it directly.
      nd := least(nd, o.off_m + extensions.st_distance(o.p, t.p, false));
    elsif t.street_id = o.street_id and t.i0 = o.i0 then
      -- On one edge, different pieces: along the street between them.
      nd := least(nd, o.off_m + case when o.i < t.i then o.to_b + (t.off_a - o.off_b) + t.to_a
                                     else o.to_a + (o.off_a - t.off_b) + t.to_b end);
    end if;
    nd := nd + t.off_m;
    -- Nearer than the way to the street and back (the same building, across a square):
    -- the straight line is the walk.
    if extensions.st_distance(origin, targets[ix], false) <= o.off_m + t.off_m then
      nd := least(nd, extensions.st_distance(origin, targets[ix], false));
    end if;
    v_result := v_result || case when nd is null or nd = 'infinity'::float8 or nd > v_limit then null::float8 else nd end;
  end loop;
  return v_result;
end;
$$;

-- The maintenance runs in the streets' triggers only; walking_distances (granted to the API
-- roles in 20261201005000) calls street_attachments_on.
revoke execute on function private.walk_vertices_add(uuid[]), private.walk_edges_cut(uuid[]), private.streets_walk_graph(),
  private.street_attachments_on(extensions.geography[], int[]) from public, anon, authenticated;
grant execute on function private.street_attachments_on(extensions.geography[], int[]) to anon, authenticated;
