-- Walking distance along the street network for "join a project near me", and the
-- signed-in user's roles (so the app offers "Hide" only to moderators).
--
-- The network: the imported street segments themselves. Two segments meet where they
-- share a vertex (OSM ways share nodes at junctions; the importer keeps their
-- coordinates), so nodes are vertices keyed by their coordinates and edges are the
-- consecutive vertex pairs of each segment, weighed in metres on the sphere (as every
-- other distance here). Motorways are left out (no walking). No pgRouting: hosted
-- Supabase has it only as a deprecated extension, PGlite not at all; a bounded
-- Dijkstra in plpgsql over a few thousand nodes answers in milliseconds.

/** A street vertex's key in the graph: its coordinates in whole 1e-7 degrees (about 1 cm). */
create function private.node_key(g extensions.geometry)
returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select round(extensions.st_x(g) * 1e7)::bigint::text || ',' || round(extensions.st_y(g) * 1e7)::bigint::text
$$;

/**
 * Walking distances in metres from `origin` to each of `targets`, along the streets
 * within `bound_m` of the origin: off the network in a straight line to the nearest
 * point of the nearest street (at most 150 m), along the streets, and straight again
 * to the target. Null where there is no such route (no street near, not connected, or
 * longer than 3 × bound_m). Every leg is a straight line between real points, so a
 * route is never shorter than the straight line from origin to target; a target nearer
 * than the way to the street and back is walked to straight.
 */
create function private.walking_distances(origin extensions.geography, targets extensions.geography[], bound_m float8)
returns float8[]
language plpgsql stable
set search_path = ''
-- The planner's guess for st_dumppoints joins is huge, which would switch JIT on and
-- spend half a second compiling a query that runs in milliseconds.
set jit = off
as $$
declare
  v_keys jsonb;       -- node key ('lon,lat' to 7 places) -> node number
  v_n int;
  v_u int[];          -- directed edges, sorted by from-node: from, to, metres
  v_v int[];
  v_w float8[];
  v_first int[];      -- v_first[node]: index of its first edge in v_u/v_v/v_w (CSR)
  v_dist float8[];
  v_done boolean[];
  h_d float8[] := '{}';   -- binary min-heap of (distance, node), lazy deletion
  h_n int[] := '{}';
  h_size int := 0;
  v_result float8[] := '{}';
  v_origin record;
  v_target_nodes int[] := '{}';
  t_a int[]; t_b int[]; t_off float8[]; t_to_a float8[]; t_to_b float8[]; t_p extensions.geography[];
  v_left int;
  v_d float8; v_node int; ix int; jx int; kx int; nd float8; tmp_d float8; tmp_n int;
  v_limit float8;
begin
  if origin is null or targets is null or coalesce(array_length(targets, 1), 0) = 0 then
    return '{}';
  end if;
  bound_m := least(greatest(coalesce(bound_m, 0), 300), 8000);
  v_limit := 3 * bound_m;

  -- The graph within the bound.
  with pts as (
    select s.id, d.path[1] as i, d.geom as g
    from public.streets s, lateral extensions.st_dumppoints(s.geom::extensions.geometry) d
    where extensions.st_dwithin(s.geom, origin, bound_m, false)
      and s.highway not in ('motorway', 'motorway_link')
  ), keyed as (
    select id, i, g, private.node_key(g) as k
    from pts
  ), nodes as (
    select k, (row_number() over (order by k collate "C"))::int as nid from (select distinct k from keyed) x
  ), seg as (
    select na.nid as u, nb.nid as v,
           extensions.st_distance(a.g::extensions.geography, b.g::extensions.geography, false) as w
    from keyed a
    join keyed b on b.id = a.id and b.i = a.i + 1
    join nodes na on na.k = a.k
    join nodes nb on nb.k = b.k
    where na.nid <> nb.nid
  ), dir as (
    select u, v, w from seg union all select v, u, w from seg
  )
  select (select jsonb_object_agg(k, nid) from nodes),
         (select count(*)::int from nodes),
         (select array_agg(u order by u, v) from dir),
         (select array_agg(v order by u, v) from dir),
         (select array_agg(w order by u, v) from dir)
  into v_keys, v_n, v_u, v_v, v_w;
  if coalesce(v_n, 0) = 0 or v_u is null then
    return array_fill(null::float8, array[array_length(targets, 1)]);
  end if;

  v_first := array_fill(0, array[v_n + 1]);
  for ix in reverse array_length(v_u, 1)..1 loop
    v_first[v_u[ix]] := ix;
  end loop;
  v_first[v_n + 1] := array_length(v_u, 1) + 1;
  for ix in reverse v_n..1 loop
    if v_first[ix] = 0 then v_first[ix] := v_first[ix + 1]; end if;
  end loop;
  v_dist := array_fill('infinity'::float8, array[v_n]);
  v_done := array_fill(false, array[v_n]);

  -- Where the origin and every target join the network: one set-based query
  -- (element 1 is the origin, element ix + 1 the target ix).
  select array_agg(x.a order by x.n), array_agg(x.b order by x.n), array_agg(x.off_m order by x.n),
         array_agg(x.to_a order by x.n), array_agg(x.to_b order by x.n), array_agg(x.p order by x.n)
  into t_a, t_b, t_off, t_to_a, t_to_b, t_p
  from private.street_attachments(origin || targets, v_keys) x;
  select t_a[1] as a, t_b[1] as b, t_off[1] as off_m, t_to_a[1] as to_a, t_to_b[1] as to_b, t_p[1] as p
  into v_origin;
  t_a := t_a[2:]; t_b := t_b[2:]; t_off := t_off[2:]; t_to_a := t_to_a[2:]; t_to_b := t_to_b[2:]; t_p := t_p[2:];
  if v_origin.a is null or v_origin.b is null then
    return array_fill(null::float8, array[array_length(targets, 1)]);
  end if;
  foreach v_node in array array[v_origin.a, v_origin.b] loop
    nd := v_origin.off_m + case when v_node = v_origin.a then v_origin.to_a else v_origin.to_b end;
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
    if t_a[ix] is not null and t_b[ix] is not null then
      v_target_nodes := v_target_nodes || t_a[ix] || t_b[ix];
    end if;
  end loop;
  v_left := coalesce(array_length(v_target_nodes, 1), 0);

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
    if v_node = any (v_target_nodes) then
      v_left := v_left - (select count(*)::int from unnest(v_target_nodes) t where t = v_node);
    end if;
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
    if t_a[ix] is null or t_b[ix] is null then
      v_result := v_result || null::float8;
      continue;
    end if;
    nd := least(v_dist[t_a[ix]] + t_to_a[ix], v_dist[t_b[ix]] + t_to_b[ix]);
    -- Both on the same piece of street: along it directly.
    if t_a[ix] = v_origin.a and t_b[ix] = v_origin.b then
      nd := least(nd, v_origin.off_m + extensions.st_distance(v_origin.p, t_p[ix], false));
    end if;
    nd := nd + t_off[ix];
    -- Nearer than the way to the street and back (the same building, across a square):
    -- the straight line is the walk.
    if extensions.st_distance(origin, targets[ix], false) <= v_origin.off_m + t_off[ix] then
      nd := least(nd, extensions.st_distance(origin, targets[ix], false));
    end if;
    v_result := v_result || case when nd = 'infinity'::float8 or nd > v_limit then null::float8 else nd end;
  end loop;
  return v_result;
end;
$$;

/**
 * Where each of `pts` joins the street network (one row per point, n its position): the
 * nearest piece (two consecutive vertices a → b) of the nearest walkable street within
 * 150 m, found by a KNN walk of the streets' GiST index; off_m from the point to its
 * nearest point p on that piece, to_a / to_b from p to either end (node numbers from the
 * graph's key map). Nulls when no street is that near or the piece is outside the graph.
 */
create function private.street_attachments(pts extensions.geography[], node_keys jsonb)
returns table (n int, a int, b int, off_m float8, to_a float8, to_b float8, p extensions.geography)
language sql stable
set search_path = ''
set jit = off  -- as in walking_distances: the cost guess would JIT-compile a tiny query
as $$
  with t as (
    select u.n::int as n, u.g from unnest(pts) with ordinality u(g, n)
  ), near as (
    select t.n, t.g, st.geom
    from t
    left join lateral (
      select s.geom from public.streets s
      where s.highway not in ('motorway', 'motorway_link')
      order by s.geom operator(extensions.<->) t.g
      limit 1
    ) st on extensions.st_dwithin(st.geom, t.g, 150, false)
  ), piece as (
    select near.n, near.g, pc.ga, pc.gb, pc.cp
    from near
    left join lateral (
      select x.geom as ga, y.geom as gb,
             extensions.st_closestpoint(extensions.st_makeline(x.geom, y.geom), near.g::extensions.geometry) as cp
      from extensions.st_dumppoints(near.geom::extensions.geometry) x
      join extensions.st_dumppoints(near.geom::extensions.geometry) y on y.path[1] = x.path[1] + 1
      where not extensions.st_equals(x.geom, y.geom)
      order by extensions.st_distance(extensions.st_makeline(x.geom, y.geom)::extensions.geography, near.g, false),
               x.path[1]
      limit 1
    ) pc on true
  )
  select piece.n,
         (node_keys ->> private.node_key(ga))::int,
         (node_keys ->> private.node_key(gb))::int,
         extensions.st_distance(cp::extensions.geography, piece.g, false),
         extensions.st_distance(cp::extensions.geography, ga::extensions.geography, false),
         extensions.st_distance(cp::extensions.geography, gb::extensions.geography, false),
         cp::extensions.geography
  from piece
$$;

/**
 * Open opportunities of active enterprises near a point, nearest on foot first, as a
 * JSON array. distance_m is the walking distance along the streets (route 'streets'),
 * or the straight line where no route is found (route 'crow'); straight_m is always the
 * straight line. Routes are looked for up to 3 km away (about 40 minutes' walk); farther
 * results say "as the crow flies".
 */
create or replace function public.nearby_opportunities(
  lon float8, lat float8, radius_m float8 default 5000, categories text[] default null,
  paid boolean default null, commitment text default null, age int default null, max_results int default 50
)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_here extensions.geography := private.make_point(lon, lat);
  v_rows jsonb[];
  v_targets extensions.geography[];
  v_straight float8[];
  v_walk float8[];
  v_routable int[] := '{}';
  v_bound float8 := 0;
  v_out jsonb := '[]';
  i int;
begin
  with here as (
    select v_here as geom,
           private.category_filter(nearby_opportunities.categories) as categories,
           private.check_range(nearby_opportunities.radius_m, 1, 50000, 'The search radius') as radius_m,
           private.check_range(nearby_opportunities.max_results, 1, 200, 'The number of results')::int as max_results,
           private.check_choice(nearby_opportunities.commitment, array['one-off', 'flexible', 'weekly', 'part-time'],
                                'Commitment') as commitment,
           private.check_range(nearby_opportunities.age, 10, 120, 'Age')::int as age
  ), matches as (
    select o.*, e.name as enterprise_name, e.social_goal, e.categories as enterprise_categories,
           e.contact, e.website, e.geom as enterprise_geom,
           extensions.st_distance(e.geom, here.geom, false) as distance_m
    from here
    join public.enterprises e on extensions.st_dwithin(e.geom, here.geom, here.radius_m, false)
    join public.opportunities o on o.enterprise_id = e.id
    where e.status = 'active' and o.status = 'open'
      and (here.categories is null or e.categories && here.categories)
      and (nearby_opportunities.paid is null or o.paid = nearby_opportunities.paid)
      and (here.commitment is null or o.commitment = here.commitment)
      and (here.age is null or here.age between o.min_age and o.max_age)
    order by distance_m, o.title, o.id
    limit (select here.max_results from here)
  )
  select array_agg(jsonb_build_object(
           'opportunity_id', f.id, 'title', f.title, 'description', f.description, 'skills', f.skills,
           'min_age', f.min_age, 'max_age', f.max_age, 'commitment', f.commitment, 'paid', f.paid,
           'enterprise_id', f.enterprise_id, 'enterprise_name', f.enterprise_name, 'social_goal', f.social_goal,
           'categories', f.enterprise_categories, 'contact', f.contact, 'website', f.website,
           'lon', round(extensions.st_x(f.enterprise_geom::extensions.geometry)::numeric, 6),
           'lat', round(extensions.st_y(f.enterprise_geom::extensions.geometry)::numeric, 6)) order by f.distance_m, f.title, f.id),
         array_agg(f.enterprise_geom order by f.distance_m, f.title, f.id),
         array_agg(f.distance_m order by f.distance_m, f.title, f.id)
  into v_rows, v_targets, v_straight
  from matches f;
  if v_rows is null then
    return '[]';
  end if;

  -- Route the ones within 3 km; the network searched reaches a little past the farthest.
  for i in 1..array_length(v_rows, 1) loop
    if v_straight[i] <= 3000 then
      v_routable := v_routable || i;
      v_bound := greatest(v_bound, v_straight[i]);
    end if;
  end loop;
  v_walk := array_fill(null::float8, array[array_length(v_rows, 1)]);
  if array_length(v_routable, 1) > 0 then
    declare
      v_found float8[] := private.walking_distances(v_here,
        array(select v_targets[r] from unnest(v_routable) with ordinality u(r, n) order by n), v_bound * 1.5 + 300);
    begin
      for i in 1..array_length(v_routable, 1) loop
        v_walk[v_routable[i]] := v_found[i];
      end loop;
    end;
  end if;

  select coalesce(jsonb_agg(r.row || jsonb_build_object(
           'distance_m', round(r.distance::numeric, 1),
           'straight_m', round(r.straight::numeric, 1),
           'route', case when r.walk is null then 'crow' else 'streets' end,
           -- 80 m a minute: an unhurried 4.8 km/h.
           'walking_minutes', ceil(r.distance / 80)::int)
         order by r.distance, r.straight, r.n), '[]'::jsonb)
  into v_out
  from (
    select x.row, x.n, s.straight, w.walk, coalesce(w.walk, s.straight) as distance
    from unnest(v_rows) with ordinality x(row, n)
    join unnest(v_straight) with ordinality s(straight, n) using (n)
    join unnest(v_walk) with ordinality w(walk, n) using (n)
  ) r;
  return v_out;
end;
$$;

/** The signed-in caller's roles (moderator, planner, enterprise_owner); empty for anyone else. */
create function public.my_roles()
returns text[]
language sql stable
set search_path = ''
as $$
  -- has_role is the one test every rule uses (an unconfirmed account holds no role).
  select coalesce(array_agg(v.role order by v.role), '{}')
  from (values ('enterprise_owner'), ('moderator'), ('planner')) v(role)
  where private.has_role(v.role)
$$;

revoke execute on function private.node_key(extensions.geometry), private.walking_distances(extensions.geography, extensions.geography[], float8),
  private.street_attachments(extensions.geography[], jsonb), public.my_roles() from public;
grant execute on function private.node_key(extensions.geometry), private.walking_distances(extensions.geography, extensions.geography[], float8),
  private.street_attachments(extensions.geography[], jsonb) to anon, authenticated;
grant execute on function public.my_roles() to anon, authenticated;
