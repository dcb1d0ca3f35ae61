-- Several layers in one tile (issue 13): the map reads one source whose tiles carry its
-- five layers, so a first view costs one request and one parse per tile, not five.
--
-- map_tile's layer may be a comma-separated list of distinct layers
-- (layer=neighbourhoods,streets,assets,enterprises,needs). The tile is each layer's own
-- tile, in the order given, one after the other: an MVT is a sequence of layers, so the
-- concatenation is the tile, byte for byte what the single-layer tiles give (an empty
-- layer adds no bytes). Its ETag is made of the layers' ETags in order, joined by '+'
-- ("t1.<token>.<v1>+t1.<token>.<v2>+…"), so it changes when any of them does; one layer
-- alone keeps its ETag, bytes and errors as before.

/**
 * The layers a tile request names: one as it is (check_tile judges it, as before), or
 * a list of distinct known layers, each a separate word. Anything else is refused.
 */
create function private.tile_layers(p_layer text)
returns text[]
language plpgsql immutable
set search_path = ''
as $$
declare
  v_layers text[];
  v_layer text;
begin
  if p_layer is null or strpos(p_layer, ',') = 0 then
    return array[p_layer];
  end if;
  v_layers := string_to_array(p_layer, ',');
  if cardinality(v_layers) > 6 then
    raise exception 'A tile holds at most 6 layers (streets, neighbourhoods, assets, enterprises, needs and places); % were named.',
      cardinality(v_layers) using errcode = '22023';
  end if;
  foreach v_layer in array v_layers loop
    if v_layer = '' then
      raise exception 'The list of layers % has an empty entry. Separate layers by single commas.', p_layer using errcode = '22023';
    end if;
    if v_layer not in ('streets', 'neighbourhoods', 'assets', 'enterprises', 'needs', 'places') then
      raise exception 'Unknown layer: %. Choose from streets, neighbourhoods, assets, enterprises, needs and places.',
        v_layer using errcode = '22023';
    end if;
  end loop;
  if (select count(distinct l) from unnest(v_layers) l) < cardinality(v_layers) then
    raise exception 'The list of layers % names a layer twice.', p_layer using errcode = '22023';
  end if;
  return v_layers;
end
$$;

/**
 * A tile's ETag, of one layer as before or of a list of layers: its layers' ETags
 * ('"t1.<token>.<version>"') in order, joined by '+' inside one pair of quotes. Sets
 * PostgREST's response headers and, when If-None-Match names it, status 304, as before.
 */
create or replace function private.tile_etag(p_layer text, p_z int, p_x int, p_y int, p_categories text[])
returns text
language plpgsql stable
set search_path = ''
as $$
declare
  -- Web mercator: half the world's width, and the width of a z15 cell.
  c_half constant float8 := 20037508.342789244;
  c_cell constant float8 := 40075016.685578488 / 32768;
  v_layers text[] := private.tile_layers(p_layer);
  v_env extensions.geometry;
  v_pad float8;
  v_cx0 int;
  v_cx1 int;
  v_cy0 int;
  v_cy1 int;
  v_etag text;
  v_match text;
begin
  -- The list is known layers only, so the first one stands for all in the tile's checks.
  perform private.check_tile(v_layers[1], p_z, p_x, p_y, p_categories);
  v_env := extensions.st_tileenvelope(p_z, p_x, p_y);
  v_pad := (extensions.st_xmax(v_env) - extensions.st_xmin(v_env)) * 64 / 4096;
  v_cx0 := floor((extensions.st_xmin(v_env) - v_pad + c_half) / c_cell)::int;
  v_cx1 := floor((extensions.st_xmax(v_env) + v_pad + c_half) / c_cell)::int;
  v_cy0 := floor((c_half - extensions.st_ymax(v_env) - v_pad) / c_cell)::int;
  v_cy1 := floor((c_half - extensions.st_ymin(v_env) + v_pad) / c_cell)::int;
  select '"' || string_agg('t1.' || private.tile_cells_version(l.layer, v_cx0, v_cx1, v_cy0, v_cy1), '+' order by l.n) || '"'
  into v_etag
  from unnest(v_layers) with ordinality l(layer, n);
  perform set_config('response.headers',
    jsonb_build_array(jsonb_build_object('ETag', v_etag),
                      jsonb_build_object('Cache-Control', 'public, no-cache'))::text, true);
  v_match := current_setting('request.headers', true)::json ->> 'if-none-match';
  if v_match is not null and (btrim(v_match) = '*' or exists (
        select 1 from unnest(string_to_array(v_match, ',')) m
        where regexp_replace(btrim(m), '^W/', '') = v_etag)) then
    perform set_config('response.status', '304', true);
  end if;
  return v_etag;
end
$$;

/**
 * One or several layers of one tile as a Mapbox vector tile: each layer named as it is
 * asked (extent 4096), in the order given.
 * GET /rest/v1/rpc/map_tile?layer=streets,needs&z=14&x=8105&y=5302 with
 * Accept: application/vnd.mapbox-vector-tile. Carries an ETag and answers 304 (empty)
 * when If-None-Match names it; categories filters assets, enterprises and needs.
 * Example: select map_tile('neighbourhoods,streets,assets,enterprises,needs', 14, 8105, 5302);
 */
create or replace function public.map_tile(layer text, z int, x int, y int, categories text[] default null)
returns public."application/vnd.mapbox-vector-tile"
language plpgsql stable
set search_path = ''
as $$
declare
  v_layer text;
  v_part bytea;
  v_tile bytea := ''::bytea;
begin
  perform private.tile_etag(map_tile.layer, map_tile.z, map_tile.x, map_tile.y, map_tile.categories);
  if current_setting('response.status', true) = '304' then
    return ''::bytea;
  end if;
  foreach v_layer in array private.tile_layers(map_tile.layer) loop
    select extensions.st_asmvt(f, v_layer, 4096, 'geom', 'fid') into v_part
    from private.tile_features(v_layer, map_tile.z, map_tile.x, map_tile.y, map_tile.categories) f;
    v_tile := v_tile || coalesce(v_part, ''::bytea);
  end loop;
  return v_tile;
end
$$;

revoke execute on all functions in schema private from public;
grant execute on function private.tile_layers(text), private.tile_etag(text, int, int, int, text[]) to anon, authenticated;
