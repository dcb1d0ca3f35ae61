-- Every map layer from tiles (issue 13): the assets', enterprises' and neighbourhoods'
-- tiles carry what the map's details, list and search show, so the map reads those layers
-- from tiles alone, with no GeoJSON per view and no cap.
--
-- Additive only: these properties and features (in private.tile_features as
-- 20261203001000_faster_tiles.sql defines it) come on top of what
-- 20261202001000_vector_tiles.sql put in the tiles; nothing there is renamed or dropped.
--   assets         + address, opening_hours, contact, website, source
--   enterprises    + social_goal, contact, website, open_opportunities
--   neighbourhoods + one label point per neighbourhood (label = true)
-- An enterprise's open_opportunities comes from public.opportunities, so a change there
-- makes the tiles around its enterprise stale too.

/**
 * After a statement on public.opportunities: bump the enterprises' cells of the
 * enterprises whose opportunities it inserted, deleted or changed (their tiles carry
 * open_opportunities). Definer: the API roles cannot write private tables.
 */
create function private.tile_opportunities_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_rows text := case tg_op
    when 'INSERT' then 'select n.enterprise_id from new_rows n'
    when 'DELETE' then 'select o.enterprise_id from old_rows o'
    else 'select n.enterprise_id from new_rows n union select o.enterprise_id from old_rows o'
  end;
begin
  execute format(
    'insert into private.tile_cells (layer, cx, cy, version)
     select distinct ''enterprises'', c.cx, c.cy, $1
     from public.enterprises e cross join lateral private.tile_cells_of(e.geom) c
     where e.id in (%s)
     on conflict (layer, cx, cy) do update set version = excluded.version', v_rows)
  using nextval('private.tile_version_seq');
  return null;
end
$$;

create trigger tiles_insert after insert on public.opportunities referencing new table as new_rows
  for each statement execute function private.tile_opportunities_changed();
create trigger tiles_update after update on public.opportunities referencing old table as old_rows new table as new_rows
  for each statement execute function private.tile_opportunities_changed();
create trigger tiles_delete after delete on public.opportunities referencing old table as old_rows
  for each statement execute function private.tile_opportunities_changed();

-- What was cached before these properties existed is stale: bump every tile of the changed layers.
insert into private.tile_cells (layer, cx, cy, version)
select l, -1, -1, nextval('private.tile_version_seq') from unnest(array['assets', 'enterprises', 'neighbourhoods']) l
on conflict (layer, cx, cy) do update set version = excluded.version;

revoke execute on all functions in schema private from public;
grant execute on function private.tile_features(text, int, int, int, text[]) to anon, authenticated;
