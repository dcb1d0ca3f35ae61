-- The walking graph written without a foreign-key check per row (issue 13: an import of
-- whole Rutland no slower than before the gap caches; what the import saves elsewhere
-- pays for their build). Writing the graph of whole Rutland's 5,558 new streets (29,547
-- vertices and their edges) ran a row-level RI trigger per key and row, two per vertex
-- and three per edge: on Postgres, rewriting every street's vertices took 2.4 s with the
-- checks and 0.9 s without, and cutting the edges 0.9 s and 0.4 s.
--
-- The keys checked nothing the writers do not guarantee: private.walk_vertices_add and
-- private.walk_edges_cut take every node from private.walk_nodes (never deleted) and
-- every street from public.streets as they write. What the keys did besides, the
-- cascades when streets go, statement-level triggers below do once per statement, in
-- the same order as before (before streets_walk_graph_delete, which expects the removed
-- streets' vertices gone: same-event triggers fire in name order).
-- The graph is the same as before.

alter table private.walk_vertices
  drop constraint walk_vertices_street_id_fkey,
  drop constraint walk_vertices_node_fkey;
alter table private.walk_edges
  drop constraint walk_edges_street_id_fkey,
  drop constraint walk_edges_u_fkey,
  drop constraint walk_edges_v_fkey;

/** What the cascades did: the vertices and edges of removed streets go with them. */
create function private.streets_walk_removed()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from private.walk_vertices v where v.street_id in (select o.id from old_rows o);
  delete from private.walk_edges e where e.street_id in (select o.id from old_rows o);
  return null;
end
$$;

/** TRUNCATE … CASCADE on streets used to empty the two with them. */
create function private.streets_walk_truncated()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from private.walk_vertices;
  delete from private.walk_edges;
  return null;
end
$$;

create trigger streets_walk_cascade_delete after delete on public.streets
  referencing old table as old_rows for each statement execute function private.streets_walk_removed();
create trigger streets_walk_cascade_truncate after truncate on public.streets
  for each statement execute function private.streets_walk_truncated();

revoke execute on all functions in schema private from public;
